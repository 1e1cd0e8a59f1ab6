# Benchmark and size study for panel_unitroot() (run by hand, not a test).
#
#   Rscript inst/bench/unitroot.R            # full run (several minutes)
#   COAGG_BENCH_QUICK=1 Rscript inst/bench/unitroot.R   # small sizes, to validate
#
# Prints a markdown section for inst/bench/RESULTS.md: timings (median of
# several runs) of LLC + IPS + ADF-Fisher against plm::purtest on the same
# simulated panels, measured in the same run; where plm fails or returns NA;
# and the size of each test under the null. All data are simulated.

suppressPackageStartupMessages({
  library(coagg)
  have_plm <- requireNamespace("plm", quietly = TRUE)
})

quick <- nzchar(Sys.getenv("COAGG_BENCH_QUICK"))
reps <- if (quick) 3L else 5L
sizes <- if (quick) c(200L, 2000L) else c(2000L, 20000L)
plm_max_n <- if (quick) 2000L else as.integer(Sys.getenv("COAGG_BENCH_PLM_MAX", "20000"))
size_reps <- if (quick) 50L else 2000L
T <- 30L

sim_rw <- function(N, T, seed) {          # simulated driftless random walks
  set.seed(seed)
  data.frame(id = rep(seq_len(N), each = T), time = rep(seq_len(T), N),
             y = as.vector(apply(matrix(rnorm(N * T), T, N), 2, cumsum)))
}
q <- function(expr) suppressWarnings(expr)
med_time <- function(f, n) {
  f()   # warm-up (lazy loading, first allocations), not timed
  t <- vapply(seq_len(n), function(i) system.time(f())[["elapsed"]], 0)
  c(median = stats::median(t), min = min(t))
}
cpu <- tryCatch({
  l <- grep("^model name", readLines("/proc/cpuinfo"), value = TRUE)[1]
  trimws(sub(".*:", "", l))
}, error = function(e) NA_character_, warning = function(w) NA_character_)

cat("## Panel unit-root tests (`panel_unitroot()`)\n\n")
cat(sprintf("%s; plm %s; %s, %s (%d cores).\n\n",
            R.version.string, if (have_plm) format(utils::packageVersion("plm")) else "not installed",
            Sys.info()[["machine"]], if (is.na(cpu)) "CPU unknown" else cpu,
            parallel::detectCores()))
cat(sprintf(paste0("Simulated driftless random walks, T = %d, individual intercepts, lag order by SIC ",
                   "with maximum lag 7 (EViews' rule at T = 30; plm: `pmax = 7`). Tests: LLC + IPS + ",
                   "ADF-Fisher (plm: three `purtest()` calls, `levinlin`, `ips`, `madwu`). coagg: one ",
                   "`panel_unitroot()` call on the levels. Median of %d runs (plm: of %d at the largest ",
                   "size); one untimed warm-up run each.\n\n"), T, reps, if (quick) reps else 1L))

cat("| N units | obs | coagg, convention \"plm\" (s) | coagg, \"eviews\" (s) | plm::purtest (s) | plm / coagg | max rel. diff. of statistics |\n")
cat("|---:|---:|---:|---:|---:|---:|---:|\n")
for (N in sizes) {
  d <- sim_rw(N, T, seed = N)
  ours_plm <- function() q(panel_unitroot(d, "y", index = c("id", "time"),
                                          tests = c("llc", "ips", "fisher_adf"), lags = "sic",
                                          maxlag = 7, difference = 0, convention = "plm",
                                          majority = 1))
  ours_ev <- function() q(panel_unitroot(d, "y", index = c("id", "time"),
                                         tests = c("llc", "ips", "fisher_adf"), lags = "sic",
                                         difference = 0, majority = 1))
  t_plm_conv <- med_time(ours_plm, reps)
  t_ev <- med_time(ours_ev, reps)
  tp <- c(median = NA_real_); dif <- ""
  if (have_plm && N <= plm_max_n) {
    pdf <- plm::pdata.frame(d, index = c("id", "time"))
    run_plm <- function() lapply(c("levinlin", "ips", "madwu"), function(tt)
      q(plm::purtest(pdf$y, test = tt, exo = "intercept", lags = "SIC", pmax = 7)))
    big <- N == max(sizes) && !quick
    ref <- run_plm()          # also plm's warm-up
    tp <- if (big) c(median = system.time(run_plm())[["elapsed"]]) else med_time(run_plm, reps)
    res <- ours_plm()
    ps <- vapply(ref, function(r) unname(r$statistic$statistic), 0)
    ok <- is.finite(ps)
    dif <- paste0(format(signif(max(abs(res$statistic[ok] - ps[ok]) / abs(ps[ok])), 2)),
                  if (any(!ok)) sprintf(" (plm returns NA for %s)",
                                        paste(c("LLC", "IPS", "ADF-Fisher")[!ok], collapse = ", ")))
  }
  cat(sprintf("| %s | %s | %.3f | %.3f | %s | %s | %s |\n", format(N, big.mark = ","),
              format(N * T, big.mark = ","), t_plm_conv[["median"]], t_ev[["median"]],
              if (is.na(tp[["median"]])) "not run" else sprintf("%.2f", tp[["median"]]),
              if (is.na(tp[["median"]])) "" else sprintf("%.0fx", tp[["median"]] / t_plm_conv[["median"]]),
              dif))
}

cat("\n### Unbalanced panels (eviews convention; the same simulated panels, 10% of units ending 3 periods early, 5% with a one-period gap)\n\n")
cat(paste0("Tests: LLC, IPS, ADF-Fisher, PP-Fisher, Breitung, Harris-Tzavalis, Hadri: three kernel calls ",
           "(each unit's own periods; each unit's longest run, for Breitung and Hadri; the balanced ",
           "sub-panel, for Harris-Tzavalis). Median of ", reps, " runs.\n\n"))
cat("| N units | obs | balanced panel (s) | unbalanced panel (s) | ratio |\n|---:|---:|---:|---:|---:|\n")
for (N in sizes) {
  d <- sim_rw(N, T, seed = N)
  set.seed(N + 1)
  ids <- seq_len(N)
  short <- sample(ids, round(0.10 * N))
  gap <- sample(setdiff(ids, short), round(0.05 * N))
  du <- d[!(d$id %in% short & d$time > T - 3) & !(d$id %in% gap & d$time == T %/% 2), ]
  all7 <- c("llc", "ips", "fisher_adf", "fisher_pp", "breitung", "ht", "hadri")
  run <- function(x) function() q(panel_unitroot(x, "y", index = c("id", "time"), tests = all7,
                                                 lags = "sic", difference = 0, majority = 1))
  tb <- med_time(run(d), reps)
  tu <- med_time(run(du), reps)
  cat(sprintf("| %s | %s | %.3f | %.3f | %.2f |\n", format(N, big.mark = ","),
              format(nrow(du), big.mark = ","), tb[["median"]], tu[["median"]],
              tu[["median"]] / tb[["median"]]))
}

if (have_plm) {
  cat("\n### Where plm fails or returns NA (11 units x 6 periods, as the reference study; simulated)\n\n")
  set.seed(11)
  d6 <- data.frame(id = rep(1:11, each = 6), time = rep(2011:2016, 11))
  d6$y <- ave(rnorm(66), d6$id, FUN = cumsum)
  cases <- list(
    "T = 6, plm defaults (`lags = \"SIC\"`, `pmax = 10`)" = list(d = d6, lags = "SIC", pmax = 10),
    "T = 6, `lags = 0`" = list(d = d6, lags = 0, pmax = 10),
    "T = 6, `lags = 0`, one constant unit" = list(d = within(d6, y[id == 3] <- 1), lags = 0, pmax = 10),
    "T = 6, `lags = 0`, one observation missing" = list(d = d6[-5, ], lags = 0, pmax = 10))
  cat("| case | plm levinlin | plm ips | plm madwu | coagg (LLC / IPS / ADF-Fisher) |\n|---|---|---|---|---|\n")
  for (nm in names(cases)) {
    cs <- cases[[nm]]
    pdf <- plm::pdata.frame(cs$d, index = c("id", "time"))
    pr <- vapply(c("levinlin", "ips", "madwu"), function(tt) {
      r <- tryCatch(q(plm::purtest(pdf$y, test = tt, exo = "intercept", lags = cs$lags,
                                   pmax = cs$pmax)),
                    error = function(e) paste("error:", conditionMessage(e)))
      if (is.character(r)) r else format(signif(unname(r$statistic$statistic), 4))
    }, "")
    ours <- q(panel_unitroot(cs$d, "y", index = c("id", "time"),
                             tests = c("llc", "ips", "fisher_adf"), difference = 0,
                             lags = if (is.character(cs$lags)) "sic" else cs$lags,
                             maxlag = cs$pmax, convention = "plm", majority = 1))
    cat(sprintf("| %s | %s | %s | %s | %s (%d note%s, %d unit%s dropped) |\n", nm, pr[1], pr[2], pr[3],
                paste(format(signif(ours$statistic, 4)), collapse = " / "),
                length(attr(ours, "notes")), if (length(attr(ours, "notes")) == 1) "" else "s",
                nrow(attr(ours, "dropped")), if (nrow(attr(ours, "dropped")) == 1) "" else "s"))
  }
}

cat(sprintf(paste0("\n### Size under the null (N = 200, T = 30, lags 0, intercept, %d replications, ",
                   "5%% level; simulated random walks, seed 1)\n\n"), size_reps))
set.seed(1)
N <- 200L
id <- rep(seq_len(N), each = T); tt <- rep(seq_len(T), N)
lab <- c("IPS", "ADF-Fisher", "PP-Fisher (Newey-West bandwidth)", "PP-Fisher (bandwidth 0)",
         "Breitung", "Harris-Tzavalis", "LLC, Newey-West bandwidth (eviews)",
         "LLC, floor(3.21 T~^(1/3)) (stata)", "LLC, round(3.21 T^(1/3))",
         "LLC, convention plm, dfcor = TRUE (as plm)", "ADF-Fisher, convention plm, dfcor = TRUE (as plm madwu)")
rej <- matrix(NA, size_reps, length(lab))
for (r in seq_len(size_reps)) {
  d <- data.frame(id = id, t = tt, y = as.vector(apply(matrix(rnorm(N * T), T, N), 2, cumsum)))
  a <- q(panel_unitroot(d, "y", index = c("id", "t"), lags = 0, difference = 0, majority = 1,
                        tests = c("llc", "ips", "fisher_adf", "fisher_pp", "breitung", "ht")))
  b <- q(panel_unitroot(d, "y", index = c("id", "t"), tests = "fisher_pp", lags = 0,
                        bandwidth = 0, difference = 0, majority = 1))
  c1 <- q(panel_unitroot(d, "y", index = c("id", "t"), tests = "llc", lags = 0, difference = 0,
                         majority = 1, bandwidth = "llc"))
  c2 <- q(panel_unitroot(d, "y", index = c("id", "t"), tests = "llc", lags = 0, difference = 0,
                         majority = 1, bandwidth = "plm"))
  c3 <- q(panel_unitroot(d, "y", index = c("id", "t"), tests = c("llc", "fisher_adf"), lags = 0,
                         difference = 0, majority = 1, convention = "plm", dfcor = TRUE))
  p <- stats::setNames(a$p_value, a$test)
  rej[r, ] <- c(p[c("ips", "fisher_adf", "fisher_pp")], b$p_value, p[c("breitung", "ht", "llc")],
                c1$p_value, c2$p_value, c3$p_value) < 0.05
}
cat("| test | rejection rate at 5% |\n|---|---:|\n")
cat(sprintf("| %s | %.3f |\n", lab, colMeans(rej)), sep = "")
cat("\n")
