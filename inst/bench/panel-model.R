# Benchmark: random-effects GLS with panel_re() against plm(model = "random")
# and against a single lm.fit() on the same design, with peak memory and a
# breakdown of where panel_re() spends its time; and fixed effects, one-way
# and two-way, with panel_fe() against fixest::feols(y ~ x | id) and
# feols(y ~ x | id + time) on the same data.
#
# Run from the package root (coagg and plm installed; fixest installed from
# CRAN into a library of its own, for this benchmark only - it is not a
# dependency of coagg):
#   Rscript -e 'install.packages("fixest", lib = "/work/lib-bench")'   # once
#   COAGG_BENCH_LIB=/work/lib-bench Rscript inst/bench/panel-model.R    # full size
#   COAGG_BENCH_SMALL=1 COAGG_BENCH_LIB=/work/lib-bench Rscript inst/bench/panel-model.R
# (N = 20,000 and 200,000 units x 10 periods, K = 10; SMALL: 2,000 and
# 20,000, a quick check of the script). COAGG_BENCH_PLM_LARGE=1 also times
# plm at the large size (slow). Without fixest the fixed-effects section
# says so and times panel_fe() alone. The data are simulated (labelled as
# such in the output). The script prints a markdown section for
# inst/bench/RESULTS.md; it writes no file.

bench_lib <- Sys.getenv("COAGG_BENCH_LIB")
if (nzchar(bench_lib)) .libPaths(c(bench_lib, .libPaths()))
suppressPackageStartupMessages({
  library(coagg)
  library(plm)
})
have_fixest <- requireNamespace("fixest", quietly = TRUE)

small <- nzchar(Sys.getenv("COAGG_BENCH_SMALL"))
plm_large <- nzchar(Sys.getenv("COAGG_BENCH_PLM_LARGE"))
reps <- if (small) 5L else 7L
T_len <- 10L
K <- 10L
sizes <- if (small) c(2000L, 20000L) else c(20000L, 200000L)

simulate_panel <- function(N, T_len, K, seed = 1) {
  set.seed(seed)
  n <- N * T_len
  d <- data.frame(id = rep(seq_len(N), each = T_len), time = rep(seq_len(T_len), N))
  a <- rep(stats::rnorm(N), each = T_len)
  b <- seq(0.1, 1, length.out = K)
  y <- a + stats::rnorm(n)
  for (j in seq_len(K)) {
    x <- stats::rnorm(n) + 0.3 * a
    d[[paste0("x", j)]] <- x
    y <- y + b[j] * x
  }
  d$y <- y
  d
}

# median elapsed seconds over `reps` runs (no forced gc between runs, the
# same for every contender)
time_median <- function(expr, reps) {
  e <- substitute(expr)
  pf <- parent.frame()
  eval(e, pf) # warm-up
  t <- vapply(seq_len(reps), function(i) system.time(eval(e, pf), gcFirst = FALSE)[["elapsed"]], 0)
  stats::median(t)
}

# peak memory allocated by one evaluation, from gc()'s "max used" (MB)
peak_mb <- function(expr) {
  e <- substitute(expr)
  pf <- parent.frame()
  invisible(gc(reset = TRUE))
  before <- sum(gc()[, 2L])
  res <- eval(e, pf)
  after <- sum(gc()[, 6L])
  rm(res)
  after - before
}

# Peak resident memory of a fresh R process that simulates the data and
# fits panel_re(), minus that of one that only simulates the data (MB), from
# /usr/bin/time -v; NA when /usr/bin/time is not available.
rss_peak_mb <- function(N, T_len, K) {
  if (!file.exists("/usr/bin/time")) return(NA_real_)
  src <- deparse(simulate_panel)
  run <- function(fit) {
    code <- c("suppressPackageStartupMessages(library(coagg))",
              paste("simulate_panel <-", paste(src, collapse = "\n")),
              sprintf("d <- simulate_panel(%d, %d, %d)", N, T_len, K),
              sprintf("f <- y ~ %s", paste0("x", seq_len(K), collapse = " + ")),
              if (fit) "m <- panel_re(f, d, index = c('id', 'time'))")
    file <- tempfile(fileext = ".R")
    writeLines(code, file)
    out <- suppressWarnings(system2("/usr/bin/time", c("-v", file.path(R.home("bin"), "Rscript"), file),
                                    stdout = TRUE, stderr = TRUE))
    line <- grep("Maximum resident set size", out, value = TRUE)
    if (!length(line)) return(NA_real_)
    as.numeric(sub(".*: *", "", line)) / 1024
  }
  run(TRUE) - run(FALSE)
}

fmt <- function(x, d = 3) formatC(x, digits = d, format = "fg", flag = "#")

rows <- list()
profiles <- list()
for (N in sizes) {
  d <- simulate_panel(N, T_len, K)
  f <- stats::as.formula(paste("y ~", paste0("x", seq_len(K), collapse = " + ")))
  n <- nrow(d)
  df_mb <- as.numeric(utils::object.size(d)) / 2^20
  # memory first, on a fresh heap (gc()'s "max used" also counts garbage not
  # yet collected, so it is measured before plm has grown the heap)
  mem <- peak_mb(panel_re(f, d, index = c("id", "time")))
  rss <- rss_peak_mb(N, T_len, K)
  X <- stats::model.matrix(f, d)
  yv <- d$y

  t_re <- time_median(panel_re(f, d, index = c("id", "time")), reps)
  t_lm <- time_median(stats::lm.fit(X, yv), reps)
  run_plm <- N <= 20000L || plm_large
  t_plm <- if (run_plm) {
    time_median(plm::plm(f, d, index = c("id", "time"), model = "random"), if (N > 20000L) 3L else 5L)
  } else NA_real_

  # agreement with plm on this data
  agree <- NA_real_
  if (run_plm) {
    m <- panel_re(f, d, index = c("id", "time"), convention = "plm")
    p <- plm::plm(f, d, index = c("id", "time"), model = "random")
    agree <- max(abs(coef(m) - coef(p)) / abs(coef(p)))
  }

  # where the time goes: validation, model frame, design, C kernel
  pidx <- function() coagg:::check_panel_index(d, c("id", "time"), na_action = "omit")
  t_idx <- time_median(pidx(), reps)
  t_mf <- time_median(coagg:::panel_model_frame(f, d), reps)
  mf <- coagg:::panel_model_frame(f, d)
  t_design <- time_median(coagg:::panel_design(attr(mf, "terms"), mf), reps)
  des <- coagg:::panel_design(attr(mf, "terms"), mf)
  codes <- pidx()$id_code
  t_c <- time_median(coagg:::panel_kernel(yv, des, codes, integer(), "random", N, T_len,
                                          balanced = TRUE, icol = 0L,
                                          re_method = "swamy-arora"), reps)
  t_mm <- time_median(stats::model.matrix(f, d), reps)

  rows[[length(rows) + 1L]] <- data.frame(
    N = N, T = T_len, rows = n, K = K, df_mb = df_mb, panel_re = t_re, plm = t_plm,
    lm_fit = t_lm, speedup_plm = t_plm / t_re, ratio_lm = t_re / t_lm,
    peak_mb = mem, peak_ratio = mem / df_mb, rss_mb = rss, agree = agree)
  profiles[[length(profiles) + 1L]] <- data.frame(
    N = N, index_checks = t_idx, model_frame = t_mf, design = t_design, c_kernel = t_c,
    total = t_re, model_matrix_if_used = t_mm)
  rm(d, X, yv, mf, des)
  invisible(gc())
}
res <- do.call(rbind, rows)
prof <- do.call(rbind, profiles)

cpu <- tryCatch({
  l <- readLines("/proc/cpuinfo")
  sub(".*: ", "", l[grep("^model name", l)][1L])
}, error = function(e) NA_character_, warning = function(e) NA_character_)
ncore <- tryCatch(parallel::detectCores(), error = function(e) NA_integer_)

cat("## Panel regression: panel_re() (random-effects GLS)\n\n")
cat(sprintf("Simulated balanced panels (%s), T = %d, K = %d regressors plus an intercept,",
            if (small) "SMALL validation run" else "full size", T_len, K),
    "Swamy-Arora components, EViews convention. Median elapsed seconds of",
    sprintf("%d runs (plm: %s); the contenders run in the same R session on the same data.\n\n",
            reps, if (small) "5" else "5 at N = 20,000, 3 at N = 200,000"))
cat("| N x T (rows) | data frame MB | panel_re() s | plm(random) s | lm.fit() s | plm / panel_re | panel_re / lm.fit | peak MB, gc (x data frame) | peak RSS MB (x data frame) | max rel. diff. vs plm |\n")
cat("|---|---|---|---|---|---|---|---|---|---|\n")
for (i in seq_len(nrow(res))) {
  r <- res[i, ]
  cat(sprintf("| %s x %d (%s) | %s | %s | %s | %s | %s | %s | %s (%sx) | %s | %s |\n",
              format(r$N, big.mark = ","), r$T, format(r$rows, big.mark = ","),
              fmt(r$df_mb), fmt(r$panel_re), if (is.na(r$plm)) "not run" else fmt(r$plm),
              fmt(r$lm_fit), if (is.na(r$speedup_plm)) "-" else paste0(fmt(r$speedup_plm), "x"),
              paste0(fmt(r$ratio_lm), "x"), fmt(r$peak_mb), fmt(r$peak_ratio, 2),
              if (is.na(r$rss_mb)) "-" else sprintf("%s (%sx)", fmt(r$rss_mb), fmt(r$rss_mb / r$df_mb, 2)),
              if (is.na(r$agree)) "-" else format(r$agree, digits = 2)))
}
cat("\nGoals: plm / panel_re >= 30x; panel_re / lm.fit <= 3x; peak memory <= 3x the data frame.\n")
cat("Peak memory: gc() \"max used\" during one panel_re() call minus what was in use before it",
    "(this counts garbage not yet collected, so it is an upper bound on live memory); peak RSS:",
    "/usr/bin/time -v maximum resident set size of a fresh R process that simulates the data and",
    "fits, minus that of one that only simulates the data.\n\n")
cat("Where panel_re() spends its time (median s):\n\n")
cat("| N | index checks | model frame | design columns | C kernel (one .Call) | panel_re() total | model.matrix() (not used for plain numeric regressors) |\n")
cat("|---|---|---|---|---|---|---|\n")
for (i in seq_len(nrow(prof))) {
  p <- prof[i, ]
  cat(sprintf("| %s | %s | %s | %s | %s | %s | %s |\n", format(p$N, big.mark = ","),
              fmt(p$index_checks), fmt(p$model_frame), fmt(p$design), fmt(p$c_kernel),
              fmt(p$total), fmt(p$model_matrix_if_used)))
}

# ---------------------------------------------------------------------------
# Fixed effects: panel_fe() one-way and two-way against fixest::feols()
# ---------------------------------------------------------------------------
fe_rows <- list()
for (N in sizes) {
  d <- simulate_panel(N, T_len, K)
  d$y <- d$y + rep(stats::rnorm(T_len), N)            # period effects, for the two-way model
  xs <- paste0("x", seq_len(K), collapse = " + ")
  f <- stats::as.formula(paste("y ~", xs))
  for (eff in c("individual", "twoways")) {
    t_ours <- time_median(panel_fe(f, d, index = c("id", "time"), effect = eff), reps)
    m <- panel_fe(f, d, index = c("id", "time"), effect = eff, convention = "plm")
    t_fx <- NA_real_
    agree <- NA_real_
    if (have_fixest) {
      ff <- stats::as.formula(paste("y ~", xs, "|", if (eff == "twoways") "id + time" else "id"))
      t_fx <- time_median(fixest::feols(ff, d, notes = FALSE), reps)
      fx <- fixest::feols(ff, d, notes = FALSE)
      agree <- max(abs(coef(m) - stats::coef(fx)[names(coef(m))]) / abs(coef(m)))
    }
    fe_rows[[length(fe_rows) + 1L]] <- data.frame(N = N, effect = eff, panel_fe = t_ours,
                                                  feols = t_fx, ratio = t_ours / t_fx,
                                                  agree = agree)
  }
  rm(d)
  invisible(gc())
}
fe_res <- do.call(rbind, fe_rows)
cat("\n## Panel regression: panel_fe() (fixed effects, one-way and two-way)\n\n")
cat(sprintf(paste("Simulated balanced panels, T = %d, K = %d regressors, unit and period effects.",
                  "Median elapsed seconds of %d runs in the same R session on the same data;",
                  "fixest %s with %s thread(s) (its default on this machine). Two-way fixed",
                  "effects on a balanced panel are one pass (y - unit mean - period mean + overall mean).\n\n"),
            T_len, K, reps,
            if (have_fixest) as.character(utils::packageVersion("fixest")) else "(not installed)",
            if (have_fixest) format(fixest::getFixest_nthreads()) else "-"))
cat("| N x T (rows) | effects | panel_fe() s | feols() s | panel_fe / feols | max rel. diff. of the coefficients |\n")
cat("|---|---|---|---|---|---|\n")
for (i in seq_len(nrow(fe_res))) {
  r <- fe_res[i, ]
  cat(sprintf("| %s x %d (%s) | %s | %s | %s | %s | %s |\n", format(r$N, big.mark = ","), T_len,
              format(r$N * T_len, big.mark = ","), r$effect, fmt(r$panel_fe),
              if (is.na(r$feols)) "not run" else fmt(r$feols),
              if (is.na(r$ratio)) "-" else paste0(fmt(r$ratio), "x"),
              if (is.na(r$agree)) "-" else format(r$agree, digits = 2)))
}
cat("\nGoal: panel_fe / feols <= 1 for one-way and two-way fixed effects.\n")
cat(sprintf("\n%s; plm %s; coagg %s; %s (%s cores); BLAS: %s.\n",
            R.version.string, as.character(utils::packageVersion("plm")),
            as.character(utils::packageVersion("coagg")), cpu, ncore,
            basename(extSoftVersion()[["BLAS"]])))
