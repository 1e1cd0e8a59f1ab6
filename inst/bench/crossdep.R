# Benchmark and size study for cd_test() and CIPS (run by hand, not a test).
#
#   Rscript inst/bench/crossdep.R                        # full run (a few minutes)
#   COAGG_BENCH_QUICK=1 Rscript inst/bench/crossdep.R    # small sizes, to validate
#
# Prints a markdown section for inst/bench/RESULTS.md: timings (median of
# several runs) of CD + LM + scaled LM against plm::pcdtest() and of CIPS
# against plm::cipstest() on the same simulated panels, measured in the same
# run, with the largest relative difference of the statistics; and the size
# of the tests under the null at the reference study's N = 11, T = 6. All
# data are simulated.

suppressPackageStartupMessages({
  library(coagg)
  have_plm <- requireNamespace("plm", quietly = TRUE)
})

quick <- nzchar(Sys.getenv("COAGG_BENCH_QUICK"))
reps <- if (quick) 3L else 5L
N <- if (quick) 300L else 2000L
T <- 30L
size_reps <- if (quick) 200L else 2000L

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
rel <- function(a, b) max(abs(a - b) / abs(b))

# simulated panel: one common factor with loadings around 0.3, random walks
# for CIPS
sim <- function(N, T, seed) {
  set.seed(seed)
  f <- rnorm(T)
  lam <- runif(N, 0, 0.6)
  e <- matrix(rnorm(N * T), T, N) + outer(f, lam)
  data.frame(id = rep(seq_len(N), each = T), time = rep(seq_len(T), N),
             y = as.vector(e), rw = as.vector(apply(e, 2, cumsum)))
}

cat("## Cross-sectional dependence (`cd_test()`) and CIPS (`panel_unitroot(tests = \"cips\")`)\n\n")
cat(sprintf("%s; plm %s; %s, %s (%d cores); BLAS: %s.\n\n", R.version.string,
            if (have_plm) format(utils::packageVersion("plm")) else "not installed",
            Sys.info()[["machine"]], if (is.na(cpu)) "CPU unknown" else cpu,
            parallel::detectCores(), basename(extSoftVersion()[["BLAS"]])))

d <- sim(N, T, seed = 1)
pairs <- N * (N - 1) / 2

cat(sprintf(paste0("### A. CD, LM and scaled LM, N = %s units x T = %d (%s pairs), balanced\n\n",
                   "coagg: one `cd_test(d, \"y\", tests = c(\"cd\", \"lm\", \"sclm\"))` call",
                   " (correlations of standardised columns by BLAS dsyrk/dgemm in blocks). plm:",
                   " `pcdtest()` of the `pseries`, one call per test (it computes one test",
                   " per call). Median of %d runs (plm: of %d).\n\n"),
            format(N, big.mark = ","), T, format(pairs, big.mark = ","), reps,
            if (quick) reps else 3L))
ours <- function() q(cd_test(d, "y", index = c("id", "time"), tests = c("cd", "lm", "sclm")))
ours_cd <- function() q(cd_test(d, "y", index = c("id", "time"), tests = "cd"))
t_ours <- med_time(ours, reps)
t_ours_cd <- med_time(ours_cd, reps)
cat("| task | coagg (s) | plm (s) | plm / coagg | max rel. diff. of statistics |\n")
cat("|---|---:|---:|---:|---:|\n")
if (have_plm) {
  pd <- plm::pdata.frame(d, index = c("id", "time"))
  run_plm <- function() lapply(c("cd", "lm", "sclm"), function(tt) plm::pcdtest(pd$y, test = tt))
  run_plm_cd <- function() plm::pcdtest(pd$y, test = "cd")
  tp <- med_time(run_plm, if (quick) reps else 3L)
  tp_cd <- med_time(run_plm_cd, if (quick) reps else 3L)
  ref <- vapply(run_plm(), function(h) unname(h$statistic), 0)
  cat(sprintf("| CD + LM + scaled LM | %.3f | %.2f | %.0fx | %.1e |\n", t_ours[["median"]],
              tp[["median"]], tp[["median"]] / t_ours[["median"]], rel(ours()$statistic, ref)))
  cat(sprintf("| CD alone | %.3f | %.2f | %.0fx | %.1e |\n", t_ours_cd[["median"]],
              tp_cd[["median"]], tp_cd[["median"]] / t_ours_cd[["median"]],
              rel(ours_cd()$statistic, unname(run_plm_cd()$statistic))))
} else {
  cat(sprintf("| CD + LM + scaled LM | %.3f | not run | | |\n", t_ours[["median"]]))
}
# an unbalanced panel of the same size: pairwise overlaps (no BLAS)
set.seed(2)
du <- d[!(d$id %in% sample(N, N %/% 10) & d$time > T - 3), ]
t_unb <- med_time(function() q(cd_test(du, "y", index = c("id", "time"),
                                       tests = c("cd", "lm", "sclm"))), reps)
cat(sprintf("| same, unbalanced (10%% of units end 3 periods early; pairwise overlaps) | %.3f | | | |\n",
            t_unb[["median"]]))

cat(sprintf(paste0("\n### B. CIPS, N = %s x T = %d random walks, intercepts, 1 lag\n\n",
                   "coagg: `panel_unitroot(d, \"rw\", tests = \"cips\", lags = 1, difference = 0,",
                   " convention = \"plm\")` (one kernel call: the ADF and CADF regressions of every",
                   " unit). plm: `cipstest(x, lags = 1, type = \"drift\")` (one lm() per unit). Median",
                   " of %d runs (plm: of %d).\n\n"), format(N, big.mark = ","), T, reps,
            if (quick) reps else 3L))
ours_cips <- function() q(panel_unitroot(d, "rw", index = c("id", "time"), tests = "cips",
                                         lags = 1, difference = 0, convention = "plm",
                                         majority = 1))
t_cips <- med_time(ours_cips, reps)
cat("| task | coagg (s) | plm (s) | plm / coagg | rel. diff. of CIPS |\n|---|---:|---:|---:|---:|\n")
if (have_plm) {
  # plm stops in its critical-value look-up beyond N = 200 ("subscript out
  # of bounds"), after all its regressions: timed to that error at N, and
  # compared at N = 200, the largest N it can look up
  pd <- plm::pdata.frame(d, index = c("id", "time"))
  run_pc <- function() tryCatch(q(plm::cipstest(pd$rw, lags = 1, type = "drift", model = "cmg")),
                                error = function(e) e)
  tpc <- med_time(run_pc, if (quick) reps else 3L)
  failed <- inherits(run_pc(), "error")
  d200 <- d[d$id <= 200L, ]
  pd200 <- plm::pdata.frame(d200, index = c("id", "time"))
  ours200 <- q(panel_unitroot(d200, "rw", index = c("id", "time"), tests = "cips", lags = 1,
                              difference = 0, convention = "plm", majority = 1))
  ref200 <- q(plm::cipstest(pd200$rw, lags = 1, type = "drift", model = "cmg"))
  cat(sprintf("| CIPS | %.3f | %.2f%s | %.0fx | %.1e (at N = 200) |\n", t_cips[["median"]],
              tpc[["median"]], if (failed) " (to its error in the table look-up)" else "",
              tpc[["median"]] / t_cips[["median"]],
              rel(ours200$statistic, unname(ref200$statistic))))
} else {
  cat(sprintf("| CIPS | %.3f | not run | | |\n", t_cips[["median"]]))
}

cat(sprintf(paste0("\n### C. Size under the null at N = 11, T = 6 (%d replications, 5%% level; ",
                   "independent normal units; seed 20240611)\n\n"), size_reps))
cat(paste0("Rejection rates of a true null of no cross-sectional dependence. The variable ",
           "itself; residuals of per-unit OLS of `y ~ x` (y = a_i + 0.5 x + e); within residuals ",
           "of the fixed-effects regression. Monte Carlo s.e. about ",
           sprintf("%.4f", sqrt(0.05 * 0.95 / size_reps)), " at 0.05.\n\n"))
set.seed(20240611)
id <- rep(1:11, each = 6); tt <- rep(1:6, 11)
rej <- matrix(NA, size_reps, 10)
for (r in seq_len(size_reps)) {
  dd <- data.frame(id = id, t = tt, x = rnorm(66))
  dd$y <- rep(rnorm(11), each = 6) + 0.5 * dd$x + rnorm(66)
  a <- q(cd_test(dd, "y", index = c("id", "t"), tests = c("cd", "lm", "sclm")))
  b <- q(cd_test(dd, y ~ x, index = c("id", "t"), tests = c("cd", "lm", "sclm")))
  w <- q(cd_test(panel_fe(y ~ x, dd, index = c("id", "t")),
                 tests = c("cd", "lm", "sclm", "bcsclm")))
  rej[r, ] <- c(a$p_value, b$p_value, w$p_value) < 0.05
}
lab <- c("variable: CD", "variable: LM", "variable: scaled LM",
         "per-unit OLS residuals: CD", "per-unit OLS residuals: LM",
         "per-unit OLS residuals: scaled LM", "within residuals: CD", "within residuals: LM",
         "within residuals: scaled LM", "within residuals: bias-corrected scaled LM (BFK)")
cat("| series and test | rejection rate at 5% |\n|---|---:|\n")
cat(sprintf("| %s | %.3f |\n", lab, colMeans(rej)), sep = "")
cat("\n")
