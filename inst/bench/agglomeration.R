# Benchmark of the agglomeration engine (eg_index, eg_coagg_matrix,
# location_quotient), run by hand, never by the tests. Prints a markdown
# section for inst/bench/RESULTS.md.
#
#   Rscript inst/bench/agglomeration.R          # full sizes (several minutes)
#   Rscript inst/bench/agglomeration.R small    # quick run at small sizes
#
# Needs coagg installed; the comparison with REAT needs REAT (install it for
# the benchmark only, e.g. into a separate library on R_LIBS). All data are
# SIMULATED (seeded), sized as the issues ask:
#   A. 3,000 regions x 1,000 industries = 3 million long cell rows with
#      enterprise counts -> eg_index() (goal < 1 s) and the full 1,000 x
#      1,000 pairwise matrix (goal < 2 s and <= 1.5 x crossprod() of the
#      centred share matrix; the result is a data frame of 499,500 pairs);
#   B. 10 million firm rows, 300 regions x 500 industries, integer and
#      character codes -> eg_index() with exact H (goal < 3 s, peak memory
#      < 2 x the input);
#   C. REAT on 11 regions x 20 industries x 5,000 firms: per-industry
#      indices (ellison.a2) and all pairs (ellison.c2), values side by side;
#   D. a wide sparse panel: 3,100 regions x 1,000 industries x 20 years
#      with 15% of the cells present (9.3 million rows, as a county x
#      6-digit-industry panel) -> eg_index() (goal < 2 s, peak extra memory
#      < 1.5 x the input), rows in period order and shuffled;
#   E. the adversarial shape: 2,600 rows whose region, industry and period
#      codes all run over 1..1,300 (goal: well under a second);
#   F. Ctrl-C: eg_coagg_matrix() on 2,000 regions x 6,000 industries in a
#      forked R process, interrupted (SIGINT) after a few seconds: the time
#      until it returns.
suppressPackageStartupMessages(library(coagg))
args <- commandArgs(trailingOnly = TRUE)
small <- length(args) && args[1L] == "small"
runs <- 5L
ns <- asNamespace("coagg")

# Median over n measurements of the elapsed time of expr. Fast expressions
# are repeated inside each measurement (so that one lasts >= min_time) and
# the time divided, since system.time() resolves milliseconds only. The
# breakdowns of large calls use min_time = 0: single calls, each on fresh
# memory as in real use, so that the parts add up to the whole.
median_time <- function(expr, n = runs, min_time = 0.1) {
  e <- substitute(expr)
  env <- parent.frame()
  first <- system.time(eval(e, env))[["elapsed"]]
  reps <- if (first >= min_time) 1L else
    as.integer(min(1e4, ceiling(min_time / max(first, 1e-4))))
  t <- vapply(seq_len(n), function(i) {
    invisible(gc(FALSE))
    system.time(for (r in seq_len(reps)) eval(e, env))[["elapsed"]] / reps
  }, 0)
  stats::median(t)
}

proc_mb <- function(key) {
  f <- "/proc/self/status"
  if (!file.exists(f)) return(NA_real_)
  l <- grep(paste0("^", key, ":"), readLines(f), value = TRUE)
  as.numeric(gsub("[^0-9]", "", l)) / 1024
}

# Peak resident memory added by evaluating expr (Linux: VmHWM after resetting
# it through /proc/self/clear_refs); NA elsewhere.
peak_extra_mb <- function(expr) {
  invisible(gc(FALSE))
  base <- proc_mb("VmRSS")
  ok <- tryCatch({
    writeLines("5", "/proc/self/clear_refs")
    TRUE
  }, error = function(e) FALSE, warning = function(w) FALSE)
  force(expr)
  if (!ok) return(NA_real_)
  proc_mb("VmHWM") - base
}

# Where the time of repeated calls goes, from R's sampling profiler: shares
# of validation and coding (eg_data and the argument checks), the one .Call
# (the self time of the exported function, which is the C engine), and the
# rest (result table, notes; garbage collection is shared out by the
# profiler to whatever was running).
time_shares <- function(expr, fun, n = runs) {
  e <- substitute(expr)
  env <- parent.frame()
  f <- tempfile()
  utils::Rprof(f, interval = 0.002)
  for (i in seq_len(n)) eval(e, env)
  utils::Rprof(NULL)
  s <- utils::summaryRprof(f)
  unlink(f)
  tot <- s$by.total
  get <- function(tab, nm, col) {
    k <- paste0('"', nm, '"')
    if (k %in% rownames(tab)) tab[k, col] else 0
  }
  all <- get(tot, fun, "total.time")
  valid <- get(tot, "eg_data", "total.time") + get(tot, "eg_reference", "total.time") +
    get(tot, "eg_herfindahl", "total.time")
  engine <- get(s$by.self, fun, "self.time")
  c(validation = valid, engine = engine, rest = max(0, all - valid - engine)) / all
}

fmt <- function(x, d = 3) formatC(x, digits = d, format = "fg", flag = "#")
pct <- function(x) sprintf("%.0f%%", 100 * x)
out <- character()
say <- function(...) out <<- c(out, paste0(...))

cpu <- tryCatch(sub(".*: ", "", grep("model name", readLines("/proc/cpuinfo"), value = TRUE)[1L]),
                error = function(e) NA_character_)
say("## Agglomeration indices (`eg_index()`, `eg_coagg_matrix()`)")
say("")
say(sprintf("%s, %s; %s, %d cores; BLAS: %s; coagg %s%s.",
            R.version.string, format(Sys.Date()), if (is.na(cpu)) "CPU unknown" else cpu,
            parallel::detectCores(), basename(extSoftVersion()[["BLAS"]]),
            utils::packageVersion("coagg"),
            if (requireNamespace("REAT", quietly = TRUE))
              sprintf(", REAT %s", utils::packageVersion("REAT")) else ""))
say(sprintf(paste("Median of %d runs unless stated (calls shorter than 0.1 s are repeated",
                  "within each run and averaged); all data simulated (seeded). %s"), runs,
            if (small) "**Small sizes (validation run), not the issue's sizes.**" else ""))
say("")

# ---------------------------------------------------------------------------
# A. 3,000 regions x 1,000 industries
# ---------------------------------------------------------------------------
nr <- if (small) 300L else 3000L
ni <- if (small) 100L else 1000L
set.seed(1)
cells <- data.frame(region = rep(seq_len(nr), times = ni),
                    industry = rep(seq_len(ni), each = nr))
cells$n_firms <- stats::rpois(nrow(cells), 3)
cells$emp <- cells$n_firms * stats::rpois(nrow(cells), 20)

t_index <- median_time(eg_index(cells, "region", "industry", "emp", n_firms = "n_firms"))
sh_index <- time_shares(eg_index(cells, "region", "industry", "emp", n_firms = "n_firms"),
                        "eg_index", n = max(runs, ceiling(2 / t_index)))
E <- matrix(as.double(cells$emp), nr, ni)
x <- rowSums(E) / sum(E)
D <- sweep(E, 2, colSums(E), "/") - x
# the pair matrix and crossprod() alternate within each run, so that load
# from other processes on a shared machine hits both alike; the ratio is
# the median of the per-run ratios
tp <- tc <- tm <- numeric(runs)
for (r in seq_len(runs)) {
  invisible(gc(FALSE))
  tp[r] <- system.time(m <- eg_coagg_matrix(cells, "region", "industry", "emp"))[["elapsed"]]
  invisible(gc(FALSE))
  tc[r] <- system.time(crossprod(D))[["elapsed"]]
  tm[r] <- system.time(as.matrix(m))[["elapsed"]]
}
t_asmatrix <- stats::median(tm)
mb_pairs <- as.numeric(utils::object.size(m)) / 2^20
t_pairs <- stats::median(tp)
t_cross <- stats::median(tc)
ratio_pairs <- if (all(tc > 0)) stats::median(tp / tc) else NA_real_ # small sizes
sh_pairs <- time_shares(eg_coagg_matrix(cells, "region", "industry", "emp"), "eg_coagg_matrix",
                        n = max(runs, ceiling(2 / t_pairs)))
m <- eg_coagg_matrix(cells, "region", "industry", "emp")
cp <- crossprod(D) / (1 - sum(x^2))
maxdiff <- max(abs(as.matrix(m)[upper.tri(cp)] - cp[upper.tri(cp)]))
rm(E, D, cp, m)

say(sprintf("### A. %s regions x %s industries (%s long rows, enterprise counts)",
            format(nr, big.mark = ","), format(ni, big.mark = ","),
            format(nrow(cells), big.mark = ",")))
say("")
say("| task | seconds | goal |")
say("|---|---:|---|")
say(sprintf("| `eg_index()` (H from counts) | %s | < 1 s |", fmt(t_index)))
say(sprintf(paste("| - shares (profiler): validation and coding in R %s, C engine %s,",
                  "result table and rest %s | | |"),
            pct(sh_index[["validation"]]), pct(sh_index[["engine"]]), pct(sh_index[["rest"]])))
say(sprintf("| `eg_coagg_matrix()`, all %s pairs (a long data frame, %s MB) | %s | < 2 s |",
            format(ni * (ni - 1) / 2, big.mark = ","), fmt(mb_pairs), fmt(t_pairs)))
say(sprintf(paste("| - shares (profiler): validation and coding in R %s, C engine (aggregation,",
                  "centring, BLAS dsyrk / dgemm by column blocks) %s, result table and rest",
                  "%s | | |"),
            pct(sh_pairs[["validation"]]), pct(sh_pairs[["engine"]]), pct(sh_pairs[["rest"]])))
say(sprintf("| `as.matrix()` of the result (the %s x %s matrix) | %s | |",
            format(ni, big.mark = ","), format(ni, big.mark = ","), fmt(t_asmatrix)))
say(sprintf("| `crossprod()` of the centred share matrix, same run | %s | |", fmt(t_cross)))
say(sprintf("| ratio `eg_coagg_matrix()` / `crossprod()` (median of per-run ratios) | %s | <= 1.5 |",
            fmt(ratio_pairs)))
say("")
say(sprintf("Pair matrix vs `crossprod()` in plain R: max abs difference %s.",
            format(maxdiff, digits = 2)))
say("")
rm(cells)
invisible(gc(FALSE))

# ---------------------------------------------------------------------------
# B. 10 million firm rows, exact H
# ---------------------------------------------------------------------------
n <- if (small) 1e6 else 1e7
set.seed(2)
firms <- data.frame(region = sample.int(300L, n, TRUE), industry = sample.int(500L, n, TRUE),
                    firm = sample.int(n), emp = as.integer(ceiling(stats::rlnorm(n, 2, 1.2))))
say(sprintf("### B. %s firm rows, 300 regions x 500 industries, exact H",
            format(n, big.mark = ",")))
say("")
say(paste("| codes | input MB | `eg_index()` s | validation | C engine | rest |",
          "peak extra MB (fresh / this session) | peak / input (fresh / this session) | goal |"))
say("|---|---:|---:|---:|---:|---:|---:|---:|---|")
# The extra resident memory (MB) of one call in a fresh R process that runs
# `setup` (making `d`), a small warm-up call, then `call` on `d`: the peak a
# user who loads the data and calls the function sees. In this long session
# R's garbage collector runs less often (its trigger has grown), so
# temporaries stay resident longer.
fresh_peak <- function(setup, call, warm) {
  code <- c(
    "proc_mb <- function(key) {",
    "  l <- grep(paste0('^', key, ':'), readLines('/proc/self/status'), value = TRUE)",
    "  as.numeric(gsub('[^0-9]', '', l)) / 1024",
    "}",
    "suppressPackageStartupMessages(library(coagg))",
    setup,
    sprintf("w <- suppressWarnings(%s)", warm),
    "invisible(gc())",
    "base <- proc_mb('VmRSS')",
    "writeLines('5', '/proc/self/clear_refs')",
    sprintf("e <- suppressWarnings(%s)", call),
    "cat(proc_mb('VmHWM') - base, '\\n')")
  f <- tempfile(fileext = ".R")
  writeLines(code, f)
  on.exit(unlink(f))
  out <- tryCatch(system2(file.path(R.home("bin"), "Rscript"), f, stdout = TRUE,
                          env = paste0("R_LIBS=", paste(.libPaths(), collapse = ":"))),
                  error = function(e) NA_character_, warning = function(w) NA_character_)
  suppressWarnings(as.numeric(utils::tail(out, 1L)))
}
fresh_peak_firms <- function(n, character_codes) {
  fresh_peak(c(sprintf("n <- %d; set.seed(2)", as.integer(n)),
               paste("d <- data.frame(region = sample.int(300L, n, TRUE),",
                     "industry = sample.int(500L, n, TRUE), firm = sample.int(n),",
                     "emp = as.integer(ceiling(stats::rlnorm(n, 2, 1.2))))"),
               if (character_codes) paste("d$region <- sprintf('R%03d', d$region);",
                                          "d$industry <- sprintf('I%03d', d$industry)")),
             "eg_index(d, 'region', 'industry', 'emp', firm_id = 'firm')",
             "eg_index(d[1:1000, ], 'region', 'industry', 'emp', firm_id = 'firm')")
}
bench_firms <- function(df, label) {
  insz <- as.numeric(utils::object.size(df)) / 2^20
  peak <- peak_extra_mb(eg_index(df, "region", "industry", "emp", firm_id = "firm"))
  fresh <- fresh_peak_firms(nrow(df), label == "character")
  t <- median_time(eg_index(df, "region", "industry", "emp", firm_id = "firm"))
  sh <- time_shares(eg_index(df, "region", "industry", "emp", firm_id = "firm"), "eg_index",
                    n = max(runs, ceiling(2 / t)))
  say(sprintf("| %s | %s | %s | %s | %s | %s | %s / %s | %s / %s | < 3 s, < 2 x input |", label,
              fmt(insz, 4), fmt(t), pct(sh[["validation"]]), pct(sh[["engine"]]),
              pct(sh[["rest"]]), fmt(fresh, 4), fmt(peak, 4), fmt((insz + fresh) / insz),
              fmt((insz + peak) / insz)))
}
bench_firms(firms, "integer")
firms$region <- sprintf("R%03d", firms$region)
firms$industry <- sprintf("I%03d", firms$industry)
invisible(gc(FALSE))
bench_firms(firms, "character")
say("")
say(paste("Validation / C engine / rest: shares of the time (R's sampling profiler).",
          "Peak extra MB: resident memory added during one call (Linux VmHWM after",
          "resetting it), in a fresh R process that only loads the data and in this",
          "benchmark session; peak / input = (input + peak extra) / input. R's match()",
          "makes a temporary copy of a character key column (8 bytes a row),",
          "which stays resident until the next garbage collection: with character",
          "codes the peak therefore depends on how large the session's heap has grown."))
say("")
rm(firms)
invisible(gc(FALSE))

# ---------------------------------------------------------------------------
# C. REAT
# ---------------------------------------------------------------------------
if (requireNamespace("REAT", quietly = TRUE)) {
  set.seed(3)
  nf <- if (small) 1000L else 5000L
  nind <- if (small) 8L else 20L
  sim <- data.frame(region = sample(sprintf("R%02d", 1:11), nf, TRUE,
                                    prob = stats::runif(11, 0.3, 1)),
                    industry = sprintf("I%02d", sample.int(nind, nf, TRUE)),
                    firm = seq_len(nf),
                    emp = ceiling(stats::rlnorm(nf, 3, 1.3)))
  # regions as industries' location draws: make some industries concentrated
  conc <- sim$industry %in% sprintf("I%02d", 1:3)
  sim$region[conc] <- sample(c("R01", "R02"), sum(conc), TRUE)
  ours_a <- function() eg_index(sim, "region", "industry", "emp", firm_id = "firm")
  reat_a <- function() REAT::ellison.a2(sim$emp, sim$industry, sim$region,
                                        print.results = FALSE)
  ours_c <- function() eg_coagg_matrix(sim, "region", "industry", "emp", firm_id = "firm")
  reat_c <- function() REAT::ellison.c2(sim$emp, sim$industry, sim$region,
                                        print.results = FALSE)
  t_oa <- median_time(ours_a())
  t_ra <- median_time(reat_a())
  t_oc <- median_time(ours_c())
  reat_runs <- if (small) runs else as.integer(Sys.getenv("BENCH_REAT_C2_RUNS", runs))
  t_rc <- median_time(reat_c(), reat_runs)
  a <- ours_a()
  ra <- reat_a()
  rel_a <- max(abs(a$estimate - ra[a$industry, "Gamma i"]) / abs(a$estimate))
  rel_z <- max(abs(a$statistic - ra[a$industry, "z Gi"]) / abs(a$statistic))
  mc <- ours_c()
  rc <- reat_c()
  # plain-R EGK pair index with the same (sample) shares, for the record
  E <- unclass(table(sim$region, sim$industry))
  E[] <- 0
  agg <- stats::aggregate(emp ~ region + industry, sim, sum)
  E[cbind(agg$region, agg$industry)] <- agg$emp
  xs <- rowSums(E) / sum(E)
  S <- sweep(E, 2, colSums(E), "/") - xs
  plain <- crossprod(S) / (1 - sum(xs^2))
  pairs <- utils::combn(colnames(E), 2)
  reat_pair <- rc[paste0(pairs[2, ], "-", pairs[1, ]), 1]
  ours_pair <- as.matrix(mc)[cbind(pairs[1, ], pairs[2, ])]
  plain_pair <- plain[cbind(pairs[1, ], pairs[2, ])]
  say(sprintf("### C. Against REAT: 11 regions x %d industries x %s firms", nind,
              format(nf, big.mark = ",")))
  say("")
  say("| task | REAT s | coagg s | REAT / coagg | goal |")
  say("|---|---:|---:|---:|---|")
  say(sprintf("| per-industry gamma, G, H, z (`ellison.a2` / `eg_index`) | %s | %s | %s | >= 100 |",
              fmt(t_ra), fmt(t_oa), fmt(t_ra / t_oa, 4)))
  say(sprintf("| all pairs (`ellison.c2` / `eg_coagg_matrix`) | %s | %s | %s | >= 1,000 |",
              fmt(t_rc), fmt(t_oc), fmt(t_rc / t_oc, 5)))
  say("")
  say(sprintf("REAT `ellison.c2`: median of %d runs.", reat_runs))
  say(sprintf(paste("Per-industry values agree (REAT's convention, x from the sample): max",
                    "relative difference %s in gamma, %s in z."),
              format(rel_a, digits = 2), format(rel_z, digits = 2)))
  say("")
  say(sprintf(paste("REAT's `ellison.c2` is wrong: it lists each of the %d pairs twice and its",
                    "values are not the Ellison-Glaeser co-agglomeration index. First pairs",
                    "(x from the sample in all three columns):"), ncol(pairs)))
  say("")
  say("| pair | REAT `ellison.c2` | coagg | plain R (EGK formula) |")
  say("|---|---:|---:|---:|")
  for (k in seq_len(min(6L, ncol(pairs)))) {
    say(sprintf("| %s - %s | %s | %s | %s |", pairs[1, k], pairs[2, k], fmt(reat_pair[k], 5),
                fmt(ours_pair[k], 5), fmt(plain_pair[k], 5)))
  }
  say(sprintf("| all %d pairs: max abs difference from plain R | %s | %s | |", ncol(pairs),
              format(max(abs(reat_pair - plain_pair)), digits = 3),
              format(max(abs(ours_pair - plain_pair)), digits = 3)))
  say("")
  # the known-answer group of eg-cases.md (case 2)
  fk <- file.path("tests", "testthat", "fixtures", "fk2014_firms.csv") # run from the sources
  if (file.exists(fk)) {
    f <- utils::read.csv(fk, stringsAsFactors = FALSE)
    r <- unique(f[c("region", "emp_region")])
    g <- eg_coagg_matrix(f, "region", "industry", "emp_firm", firm_id = "firm",
                         reference = stats::setNames(r$emp_region, r$region),
                         groups = list(all = unique(f$industry)))
    rg <- REAT::ellison.c(f$emp_firm, f$industry, f$region, e_j = f$emp_region)
    say(sprintf(paste("Four-industry group of the textbook case (Farhauer and Kroell):",
                      "known answer 0.0890366517; coagg %s; REAT `ellison.c` %s."),
                format(attr(g, "groups")$estimate, digits = 10), format(rg, digits = 6)))
    say("")
  }
} else {
  say("### C. Against REAT: skipped (REAT is not installed)")
  say("")
}
# ---------------------------------------------------------------------------
# D. A wide sparse panel: 3,100 regions x 1,000 industries x 20 years, 15%
# ---------------------------------------------------------------------------
wide_code <- c(
  "wide_panel <- function(nr, ni, nt, fill = 0.15) {",
  "  nr <- as.integer(nr); ni <- as.integer(ni); nt <- as.integer(nt) # integer codes",
  "  set.seed(4)",
  "  k <- round(fill * nr * ni)",
  "  cell <- unlist(lapply(seq_len(nt), function(t) sort(sample.int(nr * ni, k))))",
  "  n <- length(cell)",
  "  data.frame(region = (cell - 1L) %% nr + 1L, industry = (cell - 1L) %/% nr + 1L,",
  "             year = rep(2000L + seq_len(nt), each = k), n_firms = stats::rpois(n, 3) + 1L,",
  "             employment = stats::rpois(n, 20) + 1L)",
  "}")
eval(parse(text = wide_code))
wnr <- if (small) 310L else 3100L
wni <- if (small) 100L else 1000L
wnt <- 20L
wide <- wide_panel(wnr, wni, wnt)
shuffled <- wide[sample.int(nrow(wide)), ]
rownames(shuffled) <- NULL
# (periods with an industry of a single firm are noted: suppressed here)
wide_call <- function(df) suppressWarnings(eg_index(df, "region", "industry", "employment",
                                                    n_firms = "n_firms", time = "year"))
# the same call in a fresh R process (see B)
fresh_peak_wide <- function(shuffle) {
  fresh_peak(c(wide_code, sprintf("d <- wide_panel(%d, %d, %d)", wnr, wni, wnt),
               if (shuffle) "set.seed(5); d <- d[sample.int(nrow(d)), ]; rownames(d) <- NULL"),
             "eg_index(d, 'region', 'industry', 'employment', n_firms = 'n_firms', time = 'year')",
             paste("eg_index(d[1:1000, ], 'region', 'industry', 'employment',",
                   "n_firms = 'n_firms', time = 'year')"))
}
in_mb <- as.numeric(utils::object.size(wide)) / 2^20
say(sprintf(paste("### D. Wide sparse panel: %s regions x %s industries x %d years, 15%% of the",
                  "cells present (%s rows, enterprise counts)"),
            format(wnr, big.mark = ","), format(wni, big.mark = ","), wnt,
            format(nrow(wide), big.mark = ",")))
say("")
say(paste("| row order | input MB | `eg_index()` s | validation | C engine | rest |",
          "peak extra MB (fresh / this session) | peak extra / input (fresh / this session) |",
          "goal |"))
say("|---|---:|---:|---:|---:|---:|---:|---:|---|")
for (ord in c("by period", "shuffled")) {
  df <- if (ord == "by period") wide else shuffled
  peak <- peak_extra_mb(wide_call(df))
  fresh <- fresh_peak_wide(ord == "shuffled")
  t <- median_time(wide_call(df), min_time = 0)
  sh <- time_shares(wide_call(df), "eg_index", n = 3L)
  say(sprintf("| %s | %s | %s | %s | %s | %s | %s / %s | %s / %s | < 2 s, < 1.5 x |", ord,
              fmt(in_mb, 4), fmt(t), pct(sh[["validation"]]), pct(sh[["engine"]]),
              pct(sh[["rest"]]), fmt(fresh, 4), fmt(peak, 4), fmt(fresh / in_mb),
              fmt(peak / in_mb)))
}
say("")
say(paste("Peak extra: resident memory added during one call (as in B), as a multiple of the",
          "input data frame. Rows in period order need no per-row memory; shuffled rows are",
          "put in period order first (4 bytes a row)."))
say("")
rm(wide, shuffled, df)
invisible(gc(FALSE))

# ---------------------------------------------------------------------------
# E. The adversarial shape: every key over 1..1,300, 2,600 rows
# ---------------------------------------------------------------------------
k <- 1300L
tk <- rep(seq_len(k), each = 2L)
set.seed(6)
adv <- data.frame(region = (tk + rep(0:1, k) - 1L) %% k + 1L,
                  industry = (tk + rep(c(0L, 5L), k) - 1L) %% k + 1L,
                  year = tk, n_firms = stats::rpois(2L * k, 3) + 2L,
                  employment = stats::rpois(2L * k, 50) + 10L)
q <- function(expr) suppressWarnings(expr)
t_ai <- median_time(q(eg_index(adv, "region", "industry", "employment", n_firms = "n_firms",
                               time = "year")))
t_am <- median_time(q(eg_coagg_matrix(adv, "region", "industry", "employment", time = "year")))
t_al <- median_time(q(location_quotient(adv, "region", "industry", "employment",
                                        time = "year")))
peak_adv <- peak_extra_mb(q(eg_index(adv, "region", "industry", "employment",
                                     n_firms = "n_firms", time = "year")))
say("### E. Adversarial shape: 2,600 rows, region, industry and period codes all over 1..1,300")
say("")
say("| task | seconds | goal |")
say("|---|---:|---|")
say(sprintf("| `eg_index()` (H from counts) | %s | well under 1 s |", fmt(t_ai)))
say(sprintf("| `eg_coagg_matrix()` | %s | |", fmt(t_am)))
say(sprintf("| `location_quotient()` | %s | |", fmt(t_al)))
say("")
say(sprintf(paste("Peak extra memory of `eg_index()`: %s MB (a dense region x industry x period",
                  "array would need %s GB)."), fmt(peak_adv, 3),
            fmt(2 * 8 * as.double(k)^3 / 2^30, 3)))
say("")

# ---------------------------------------------------------------------------
# F. Ctrl-C during the pairwise matrix
# ---------------------------------------------------------------------------
if (.Platform$OS.type == "unix") {
  fnr <- if (small) 500L else 2000L
  fni <- if (small) 2000L else 6000L
  set.seed(7)
  pm <- data.frame(region = sample.int(fnr, 20L * fni, TRUE),
                   industry = rep(seq_len(fni), each = 20L))
  pm <- pm[!duplicated(pm), ]
  pm$employment <- stats::rpois(nrow(pm), 20) + 1L
  wait <- if (small) 1 else 3
  latency <- vapply(seq_len(3L), function(i) {
    started <- tempfile()
    job <- parallel::mcparallel({
      invisible(gc()) # the forked child's copy-on-write of the heap, first
      writeLines("started", started)
      r <- tryCatch({
        eg_coagg_matrix(pm, "region", "industry", "employment")
        "finished"
      }, interrupt = function(e) "interrupted")
      list(r, Sys.time())
    }, silent = TRUE)
    while (!file.exists(started)) Sys.sleep(0.05)
    Sys.sleep(wait)
    sent <- Sys.time()
    tools::pskill(job$pid, tools::SIGINT)
    res <- parallel::mccollect(job, wait = TRUE)[[1L]]
    if (!is.list(res) || !identical(res[[1L]], "interrupted")) return(NA_real_)
    as.double(res[[2L]] - sent, units = "secs")
  }, 0)
  t_full <- system.time(eg_coagg_matrix(pm, "region", "industry", "employment"))[["elapsed"]]
  say(sprintf("### F. Ctrl-C: `eg_coagg_matrix()` on %s regions x %s industries",
              format(fnr, big.mark = ","), format(fni, big.mark = ",")))
  say("")
  say("| measure | seconds | goal |")
  say("|---|---:|---|")
  say(sprintf("| full run, not interrupted (%s pairs) | %s | |",
              format(fni * (fni - 1) / 2, big.mark = ","), fmt(t_full)))
  say(sprintf(paste("| latency: SIGINT %g s after the call starts (forked R process) until it",
                    "returns, median of 3 (%s) | %s | < 0.5 s |"), wait,
              paste(fmt(latency), collapse = ", "), fmt(stats::median(latency))))
  say("")
  say(paste("The products run in blocks of columns (about 4e8 floating-point operations each)",
            "with R_CheckUserInterrupt() between blocks; every other loop of the engine checks",
            "about every 4 million elements. NA: the call was not interrupted."))
  say("")
  rm(pm)
}
cat(out, sep = "\n")
