# Small calls that together reach every .Call entry point of coagg (the
# routines registered in src/init.c) through the exported functions, with
# their main options, plus a direct call of C_unitroot_tables (called once
# per session, then cached).
# Used by .ci/valgrind (run under valgrind) and .ci/gctorture (each .Call
# recorded here is replayed under gctorture). All data are simulated.
#
# callcases_run() runs the cases with every .Call of the package recorded:
# list(calls = list of list(name, symbol, args, result), cases = number of
# cases run). callcases_entry_points() lists the routines of src/init.c and
# checks them against the DLL's registration table.

callcases_entry_points <- function(init_c) {
  src <- readLines(init_c, warn = FALSE)
  m <- regmatches(src, regexpr("CALLDEF\\((C_[A-Za-z0-9_]+)", src))
  from_src <- sort(sub("CALLDEF\\(", "", m))
  registered <- sort(names(getDLLRegisteredRoutines("coagg")$.Call))
  if (!identical(from_src, registered)) {
    stop(sprintf("src/init.c lists %s but the DLL registers %s",
                 paste(from_src, collapse = ", "), paste(registered, collapse = ", ")))
  }
  from_src
}

callcases_data <- function() {
  set.seed(20240601)
  cells <- expand.grid(region = paste0("R", 1:5), industry = paste0("I", 1:4),
                       year = 2001:2002, stringsAsFactors = FALSE)
  cells$employment <- round(stats::rlnorm(nrow(cells), 5, 1))
  cells$firms <- stats::rpois(nrow(cells), 3) + 1
  firms <- data.frame(region = paste0("R", sample.int(4, 40, TRUE)),
                      industry = paste0("I", sample.int(3, 40, TRUE)), firm = 1:40,
                      employment = round(stats::rlnorm(40, 3, 1)), stringsAsFactors = FALSE)
  N <- 6; T <- 24
  panel <- data.frame(id = rep(sprintf("u%02d", 1:N), each = T), year = rep(1991:(1990 + T), N))
  u <- rep(stats::rnorm(N), each = T)
  panel$x1 <- stats::rnorm(N * T) + u
  panel$x2 <- stats::rnorm(N * T)
  panel$y <- 1 + 0.5 * panel$x1 - 0.2 * panel$x2 + u + stats::rnorm(N * T)
  panel$rw <- stats::ave(stats::rnorm(N * T), panel$id, FUN = cumsum)
  panel$ar <- stats::ave(stats::rnorm(N * T), panel$id,
                         FUN = function(e) as.numeric(stats::filter(e, 0.5, method = "recursive")))
  unbal <- panel[-c(3, 10, 11, 40, 41, 42, 100), ]   # unbalanced, with gaps
  totals <- expand.grid(region = paste0("R", 1:5), year = 2001:2002, stringsAsFactors = FALSE)
  totals$total <- round(stats::runif(nrow(totals), 2e3, 5e3))
  k <- 60L # region, industry and period codes over the same range, two rows a period
  wide <- data.frame(region = c(seq_len(k), seq_len(k) %% k + 1L), industry = rep(seq_len(k), 2L),
                     year = rep(seq_len(k), 2L), employment = round(stats::rlnorm(2L * k, 3, 1)))
  # the firm rows summed per cell (cell sums: the engine's mode 3)
  key <- paste(firms$region, firms$industry)
  sums <- firms[!duplicated(key), c("region", "industry")]
  k2 <- key[!duplicated(key)]
  sums$employment <- as.vector(tapply(firms$employment, key, sum)[k2])
  sums$emp_sq <- as.vector(tapply(firms$employment^2, key, sum)[k2])
  sums$emp_4th <- as.vector(tapply(firms$employment^4, key, sum)[k2])
  sums$n <- as.vector(tapply(firms$employment > 0, key, sum)[k2])
  list(cells = cells, firms = firms, panel = panel, unbal = unbal, totals = totals, wide = wide,
       sums = sums)
}

# The cases: functions of (f, d), f the (recording) exported functions.
callcases_list <- function() {
  list(
    # agglomeration: C_eg_index, C_eg_pairs, C_location_quotient
    function(f, d) f$eg_index(d$cells, "region", "industry", "employment", n_firms = "firms",
                              time = "year"),
    function(f, d) f$eg_index(d$firms, "region", "industry", "employment", firm_id = "firm",
                              reference = "mean_share"),
    function(f, d) f$eg_index(d$cells[d$cells$year == 2001, ], "region", "industry", "employment",
                              n_firms = "firms", herfindahl = "inverse_n",
                              reference = c(R1 = 900, R2 = 800, R3 = 700, R4 = 1200, R5 = 950)),
    function(f, d) f$eg_index(d$cells[d$cells$year == 2001, ], "region", "industry", "employment",
                              herfindahl = c(I1 = 0.1, I2 = 0.2, I3 = 0.05, I4 = 0.3)),
    function(f, d) f$eg_coagg(d$cells, "region", "industry", "employment", n_firms = "firms",
                              time = "year", pair = list(a = c("I1", "I2"), b = "I3")),
    function(f, d) f$eg_coagg(d$firms, "region", "industry", "employment", firm_id = "firm",
                              pair = list(a = "I1", b = c("I2", "I3")),
                              per_region = "decomposition", combine = "ratio_plus_sum"),
    function(f, d) f$eg_coagg(d$cells, "region", "industry", "employment", time = "year",
                              pair = list(a = "I1", b = "I4"), per_region = "location_quotient"),
    function(f, d) f$eg_coagg_matrix(d$cells, "region", "industry", "employment",
                                     n_firms = "firms", time = "year",
                                     groups = list(g = c("I1", "I2", "I3"))),
    function(f, d) f$eg_coagg_matrix(d$firms, "region", "industry", "employment", firm_id = "firm",
                                     industries = c("I3", "I1")),
    function(f, d) f$eg_index(d$sums, "region", "industry", "employment", n_firms = "n",
                              employment_sq = "emp_sq", employment_4th = "emp_4th"),
    function(f, d) f$eg_coagg_matrix(d$sums, "region", "industry", "employment", n_firms = "n",
                                     employment_sq = "emp_sq", employment_4th = "emp_4th",
                                     groups = list(g = c("I1", "I2", "I3"))),
    function(f, d) f$location_quotient(d$cells, "region", "industry", "employment", time = "year"),
    function(f, d) f$location_quotient(d$firms, "region", "industry", "employment",
                                       firm_id = "firm",
                                       reference = c(R1 = 1e4, R2 = 1e4, R3 = 2e4, R4 = 5e3)),
    # a region absent from a period (missing, then zero), missing values
    # omitted, supplied H by period, and the wide sparse shape
    function(f, d) f$eg_index(d$cells[!(d$cells$region == "R2" & d$cells$year == 2002), ],
                              "region", "industry", "employment", n_firms = "firms",
                              time = "year", reference = d$totals),
    function(f, d) f$eg_coagg_matrix(d$cells[!(d$cells$region == "R2" & d$cells$year == 2002), ],
                                     "region", "industry", "employment", time = "year",
                                     reference = d$totals, absent_regions = "zero"),
    function(f, d) f$eg_index(transform(d$cells, employment = replace(employment, 3, NA)),
                              "region", "industry", "employment", time = "year",
                              herfindahl = data.frame(industry = rep(paste0("I", 1:4), 2),
                                                      year = rep(2001:2002, each = 4),
                                                      herfindahl = 0.1),
                              na_action = "omit"),
    function(f, d) f$location_quotient(d$wide, "region", "industry", "employment",
                                       time = "year"),
    function(f, d) f$eg_coagg_matrix(d$wide, "region", "industry", "employment",
                                     time = "year"),
    # MacKinnon: C_mackinnon_p, C_mackinnon_q
    function(f, d) f$mackinnon_p(c(-6, -4.26, -3, -2, 0, 2, NA, -Inf), n = 29),
    function(f, d) f$mackinnon_p(c(-3.5, -1), n = Inf, exo = "trend"),
    function(f, d) f$mackinnon_p(-2.5, n = c(50), exo = "quadratic"),
    function(f, d) f$mackinnon_p(-1.5, exo = "none"),
    function(f, d) f$mackinnon_crit(n = 29),
    function(f, d) f$mackinnon_crit(c(1e-4, 0.5, 0.9999), n = 100, exo = "trend",
                                    method = "invert"),
    # panel unit roots: C_panel_unitroot
    function(f, d) f$panel_unitroot(d$panel, c("rw", "ar"), index = c("id", "year"),
                                    tests = c("llc", "ips", "fisher_adf", "fisher_pp", "choi_adf",
                                              "choi_pp", "breitung", "ht", "hadri", "hadri_het")),
    function(f, d) f$panel_unitroot(d$panel, "rw", index = c("id", "year"), exo = "trend",
                                    lags = "aic", convention = "plm",
                                    tests = c("llc", "ips", "breitung", "ht", "hadri")),
    function(f, d) f$panel_unitroot(d$panel, "ar", index = c("id", "year"), exo = "none",
                                    lags = 1, tests = c("llc", "fisher_adf", "fisher_pp", "ht",
                                                        "breitung"), convention = "stata"),
    function(f, d) f$panel_unitroot(d$unbal, c("rw", "y"), index = c("id", "year"), lags = "hq",
                                    bandwidth = 2, small_t = "extrapolate"),
    function(f, d) f$panel_unitroot(d$panel[d$panel$year <= 1996, ], "ar", index = c("id", "year"),
                                    lags = c(0, 1, 0, 1, 0, 1), tests = c("ips", "ht", "llc")),
    # unbalanced with gaps under "eviews": one call on each unit's own periods,
    # one on each unit's longest run (Breitung, Hadri), one on the balanced
    # sub-panel (Harris-Tzavalis); variables as a formula; a missing key set aside
    function(f, d) f$panel_unitroot(d$unbal, ~ rw + I(y - ave(y, year)),
                                    tests = c("llc", "ips", "fisher_pp", "breitung", "hadri",
                                              "hadri_het", "ht"), lags = "sic"),
    function(f, d) f$panel_unitroot(transform(d$unbal, id = replace(id, 5L, NA)), "rw",
                                    index = c("id", "year"), exo = "trend", lags = 1,
                                    tests = c("llc", "breitung", "hadri", "ht"),
                                    convention = "stata"),
    function(f, d) f$as_htest(f$panel_unitroot(d$panel, "rw", index = c("id", "year"),
                                               tests = c("llc", "fisher_adf"), difference = 0)),
    # panel models: C_panel_fit
    function(f, d) f$panel_re(y ~ x1 + x2, d$panel, index = c("id", "year")),
    function(f, d) f$panel_re(y ~ x1 + x2, d$unbal, index = c("id", "year"),
                              re_method = "wallace-hussain", convention = "plm", vcov = "cluster"),
    function(f, d) f$panel_re(y ~ x1, d$unbal, index = c("id", "year"), re_method = "amemiya",
                              convention = "stata"),
    function(f, d) f$panel_re(y ~ x1 + factor(year > 2000), d$panel, index = c("id", "year"),
                              re_method = "nerlove"),
    function(f, d) f$panel_fe(y ~ x1 + x2, d$unbal, index = c("id", "year"), vcov = "cluster"),
    function(f, d) f$panel_fe(y ~ x1 + x2, d$panel, index = c("id", "year"), effect = "twoways"),
    function(f, d) f$panel_fe(y ~ x1 + x2, d$unbal, index = c("id", "year"), effect = "twoways",
                              vcov = "cluster"),
    function(f, d) f$panel_pooled(y ~ x1 + offset(x2), d$panel, index = c("id", "year"),
                                  vcov = "cluster", convention = "stata"),
    function(f, d) f$random_effects(f$panel_re(y ~ x1, d$unbal, index = c("id", "year"))),
    function(f, d) f$hausman_test(y ~ x1 + x2, data = d$panel, index = c("id", "year")),
    function(f, d) f$hausman_test(f$panel_re(y ~ x1 + x2, d$unbal, index = c("id", "year"),
                                             convention = "plm"),
                                  f$panel_fe(y ~ x1 + x2, d$unbal, index = c("id", "year"))),
    function(f, d) f$hausman_test(NULL, f$panel_re(y ~ x1 + x2, d$unbal, index = c("id", "year")),
                                  type = "robust"),
    function(f, d) f$hausman_test(NULL, f$panel_re(y ~ x1, d$panel, index = c("id", "year")),
                                  type = "robust", robust_vcov = "classical"),
    # cross-sectional dependence: C_cd_test (balanced: BLAS blocks, PUY's
    # terms; unbalanced: pairwise overlaps; model residuals). cd_test() is
    # an S3 generic, whose dispatch finds the namespace's own methods, so
    # the recorded copies of the methods are called by name.
    function(f, d) f$cd_test.data.frame(d$panel, c("rw", "y"), index = c("id", "year"),
                                        tests = c("cd", "lm", "sclm", "bcsclm", "rho",
                                                  "absrho")),
    function(f, d) f$cd_test.data.frame(d$panel, y ~ x1 + x2, index = c("id", "year"),
                                        tests = c("cd", "lm", "lm_adj")),
    function(f, d) f$cd_test.data.frame(d$unbal, ~ y, index = c("id", "year"),
                                        convention = "plm"),
    function(f, d) f$cd_test.coagg_panel(f$panel_fe(y ~ x1 + x2, d$unbal, index = c("id", "year"))),
    function(f, d) f$as_htest(f$cd_test(f$panel_re(y ~ x1, d$panel, index = c("id", "year")))),
    # Driscoll-Kraay and two-way clustering in C_panel_fit
    function(f, d) f$panel_fe(y ~ x1 + x2, d$unbal, index = c("id", "year"),
                              vcov = "driscoll-kraay", convention = "stata"),
    function(f, d) f$panel_re(y ~ x1 + x2, d$panel, index = c("id", "year"), vcov = "twoway",
                              convention = "plm", vcov_adjust = "sss"),
    function(f, d) f$panel_pooled(y ~ x1, d$panel, index = c("id", "year"),
                                  vcov = "driscoll-kraay", vcov_lag = 3),
    # CIPS in C_panel_unitroot: balanced, and on the balanced sub-panel
    function(f, d) f$panel_unitroot(d$panel, c("rw", "ar"), index = c("id", "year"),
                                    tests = c("ips", "cips", "cips_trunc"), lags = "sic"),
    function(f, d) f$panel_unitroot(d$unbal, "rw", index = c("id", "year"), exo = "trend",
                                    tests = c("cips", "cips_trunc"), lags = 1,
                                    convention = "plm", difference = 0),
    # C_unitroot_tables, which ur_tables() calls once per session (cached),
    # so called here
    function(f, d) f$.Call(get("C_unitroot_tables", envir = f))
  )
}

# A copy of the package's functions whose .Call records each call: the
# routine, a deep copy of its arguments and its result. Returns list(env =
# the functions, calls = function() the calls recorded so far).
callcases_recorder <- function() {
  ns <- asNamespace("coagg")
  rec <- new.env(parent = ns)
  calls <- list()
  rec$.Call <- function(.NAME, ...) {
    args <- unserialize(serialize(list(...), NULL))
    res <- base::.Call(.NAME, ...)
    calls[[length(calls) + 1L]] <<- list(name = .NAME$name, symbol = .NAME, args = args,
                                         result = res)
    res
  }
  for (nm in ls(ns, all.names = TRUE)) {
    fn <- get(nm, envir = ns)
    if (is.function(fn) && identical(environment(fn), ns)) {
      environment(fn) <- rec
      assign(nm, fn, envir = rec)
    }
  }
  list(env = rec, calls = function() calls)
}

callcases_run <- function() {
  r <- callcases_recorder()
  d <- callcases_data()
  cases <- callcases_list()
  for (k in seq_along(cases)) {
    suppressMessages(suppressWarnings(cases[[k]](r$env, d)))
  }
  list(calls = r$calls(), cases = length(cases))
}
