# Panel unit-root tests. Known answers come from EViews output recorded in
# ../shared/reference/unitroot-cases.md, from plm and urca run here, and from
# plain R computations of the published formulas written in this file.
# Data sets built here are simulated and labelled so.

# ---------------------------------------------------------------------------
# Plain-R reference computations (independent of the C code)
# ---------------------------------------------------------------------------

# MacKinnon (1996) p-value by the method of the paper (local GLS regression
# of the inverse normal of p on a cubic in the quantiles), from urca's copy of
# the tables, solved on a centred and scaled basis so that it is well
# conditioned.
r_mk_tables <- function(exo) {
  urc <- get(".urc1", envir = asNamespace("urca"))
  pr <- get(".probsUrcval", envir = asNamespace("urca"))
  name <- c(none = "dfnc", intercept = "dfc", trend = "dfct", quadratic = "dfctt")[[exo]]
  h <- grep(sprintf("^%s ", name), urc)
  b <- t(vapply(urc[h + 1:221], function(l) {
    v <- scan(text = l, quiet = TRUE)
    if (length(v) == 4L) c(v[1:3], 0, v[4]) else v
  }, numeric(5)))
  list(b = b, p = pr[, 1], z = pr[, 2])
}
r_mackinnon_p <- function(stat, n, exo) {
  tb <- r_mk_tables(exo)
  o <- if (is.finite(n)) 1 / n else 0
  q <- tb$b[, 1] + tb$b[, 2] * o + tb$b[, 3] * o^2 + tb$b[, 4] * o^3
  im <- which.min(abs(stat - q))
  if (im > 4 && im < 217) {
    idx <- (im - 4):(im + 4); ident <- FALSE
  } else if (im < 9) {
    idx <- seq_len(max(im + 4, 5)); ident <- FALSE
  } else {
    idx <- 221:(221 - max(222 - im + 4, 5) + 1); ident <- TRUE
  }
  np <- length(idx)
  om <- if (ident) diag(np) else outer(seq_len(np), seq_len(np), function(a, c) {
    lo <- idx[pmin(a, c)]; hi <- idx[pmax(a, c)]
    tb$b[idx[a], 5] * tb$b[idx[c], 5] *
      sqrt(tb$p[lo] * (1 - tb$p[hi]) / (tb$p[hi] * (1 - tb$p[lo])))
  })
  L <- t(chol(om))
  x <- q[idx]; m <- mean(x); s <- sd(x)
  u <- (x - m) / s; u0 <- (stat - m) / s
  X <- forwardsolve(L, cbind(1, u, u^2, u^3)); Y <- forwardsolve(L, tb$z[idx])
  f4 <- lm.fit(X, Y)
  V <- chol2inv(qr.R(f4$qr))
  t4 <- abs(f4$coefficients[4]) / sqrt(sum(f4$residuals^2) / (np - 4) * V[4, 4])
  fit <- if (t4 > 2) sum(f4$coefficients * u0^(0:3)) else
    sum(lm.fit(X[, 1:3], Y)$coefficients * u0^(0:2))
  p <- pnorm(min(max(fit, -16), 16))
  if (im == 1 && p > tb$p[1]) p <- tb$p[1]
  if (im == 221 && p < tb$p[221]) p <- tb$p[221]
  p
}

# A simulated panel (not real data): N units, T periods, AR(1) differences
# with coefficient phi (phi = 0: random walks), optional stationary units.
sim_panel <- function(N, T, phi = 0, rho = 1, seed = 1, start = 2000) {
  set.seed(seed)
  y <- matrix(0, T, N)
  for (i in seq_len(N)) {
    e <- stats::filter(rnorm(T), phi, method = "recursive")
    y[, i] <- if (rho == 1) cumsum(e) else stats::filter(e, rho, method = "recursive")
  }
  data.frame(id = rep(sprintf("u%03d", seq_len(N)), each = T),
             year = rep(start + seq_len(T) - 1L, N), y = as.vector(y) + 5)
}

# ADF regression of one series, by lm(): t statistic of y[t-1] (levels).
r_adf <- function(y, p, exo, dfcor = TRUE) {
  n0 <- length(y); dy <- diff(y)
  rows <- (p + 2):n0
  X <- cbind(ylag = y[rows - 1])
  for (j in seq_len(p)) X <- cbind(X, dy[rows - 1 - j])
  if (exo == "intercept") X <- cbind(X, 1)
  if (exo == "trend") X <- cbind(X, 1, rows)
  f <- lm.fit(X, dy[rows - 1])
  n <- length(rows); k <- ncol(X); rss <- sum(f$residuals^2)
  s2 <- rss / if (dfcor) (n - k) else n
  se <- sqrt(s2 * chol2inv(qr.R(f$qr))[1, 1])
  list(t = unname(f$coefficients[1] / se), n = n, rss = rss, s2 = s2, fit = f,
       X = X, dy = dy[rows - 1], se = se)
}

r_nw_bw <- function(u) {
  n <- length(u)
  g <- function(j) sum(u[(j + 1):n] * u[1:(n - j)]) / n
  nl <- floor(4 * (n / 100)^(2 / 9))
  gj <- vapply(seq_len(nl), g, 0)
  s0 <- g(0) + 2 * sum(gj); s1 <- 2 * sum(seq_len(nl) * gj)
  min(floor(1.1447 * ((s1 / s0)^2)^(1 / 3) * n^(1 / 3)), n - 1)
}
r_bartlett <- function(u, l) {
  n <- length(u)
  g <- function(j) sum(u[(j + 1):n] * u[1:(n - j)]) / n
  g(0) + 2 * sum(vapply(seq_len(l), function(j) (1 - j / (l + 1)) * g(j), 0))
}

quiet <- function(expr) suppressWarnings(expr)
# Evaluate and collect every warning (so that none leaks into the test log).
collect <- function(expr) {
  w <- list()
  value <- withCallingHandlers(expr, warning = function(c) {
    w[[length(w) + 1L]] <<- c
    invokeRestart("muffleWarning")
  })
  list(value = value, classes = unlist(lapply(w, class)),
       messages = vapply(w, conditionMessage, ""))
}
stat_of <- function(res, test, name) {
  st <- attr(res, "statistics")
  st[st$test == test & st$statistic_name == name, c("statistic", "p_value")]
}

# ---------------------------------------------------------------------------
# MacKinnon (1996)
# ---------------------------------------------------------------------------

test_that("mackinnon_p reproduces the EViews-anchored p-values and critical values", {
  # ../shared/reference/unitroot-cases.md (EViews, constant, finite N)
  expect_equal(round(mackinnon_p(c(-4.261330, -2.830783, -1.753739), n = c(29, 25, 29)), 4),
               c(0.0024, 0.0683, 0.3949))
  # EViews prints -3.679322 / -2.967767 / -2.622989 at N = 29: inverting the
  # p-value function reproduces the 1% value to 6 decimals and the others to 4
  cv <- mackinnon_crit(c(0.01, 0.05, 0.10), n = 29, method = "invert")
  expect_lt(abs(cv[[1]] - (-3.679322)), 1e-6)
  expect_equal(unname(round(cv[2:3], 4)), c(-2.9678, -2.6230))
  expect_named(cv, c("1%", "5%", "10%"))
})

test_that("mackinnon_p follows MacKinnon's method exactly (plain-R reference)", {
  skip_if_no_crosscheck("urca")
  grid <- expand.grid(stat = c(-7, -4.3, -3.5, -2.9, -2.1, -1.4, -0.3, 0.8, 2.5),
                      n = c(Inf, 6, 20, 29, 100), exo = c("none", "intercept", "trend", "quadratic"),
                      stringsAsFactors = FALSE)
  ours <- mapply(function(s, n, e) mackinnon_p(s, n, e), grid$stat, grid$n, grid$exo)
  ref <- mapply(r_mackinnon_p, grid$stat, grid$n, grid$exo)
  expect_lt(max(rel_diff(ours, ref)), 1e-9)
})

test_that("mackinnon_p equals MacKinnon's method computed in 60-digit arithmetic", {
  # fixtures/mackinnon_exact.csv: the method of MacKinnon (1996, section 4)
  # carried out with 60 significant digits (Python's mpmath) on the published
  # tables, by data-raw/mackinnon_exact.R; statistics inside the tables, four
  # deterministic cases, n = Inf (coded 0), 10, 20, 29, 100, 500
  ref <- utils::read.csv(test_path("fixtures", "mackinnon_exact.csv"),
                         colClasses = c("numeric", "numeric", "character", "character"))
  expect_gt(nrow(ref), 600L)
  expect_setequal(unique(ref$exo), c("none", "intercept", "trend", "quadratic"))
  n <- ifelse(ref$n == 0, Inf, ref$n)
  ours <- mapply(function(s, nn, e) mackinnon_p(s, nn, e), ref$stat, n, ref$exo)
  expect_lt(max(rel_diff(ours, as.numeric(ref$p))), 1e-12)
})

test_that("mackinnon_p and mackinnon_crit agree with urca (MacKinnon's Fortran)", {
  skip_if_no_crosscheck("urca")
  stats <- seq(-7, 3, by = 0.05)
  trend <- c(none = "nc", intercept = "c", trend = "ct", quadratic = "ctt")
  worst <- c(none = 0, intercept = 0, trend = 0, quadratic = 0)
  for (e in names(trend)) for (n in c(Inf, 10, 20, 25, 29, 50, 100, 500)) {
    # inside the table (beyond it MacKinnon's routine extrapolates a cubic
    # that can turn back; ours is made monotone there, tested below)
    lim <- mackinnon_crit(c(0.001, 0.999), n, e)
    s <- stats[stats > lim[1] & stats < lim[2]]
    ref <- NULL
    invisible(utils::capture.output(ref <- urca::punitroot(s, N = n, trend = trend[[e]])))
    worst[e] <- max(worst[e], rel_diff(mackinnon_p(s, n, e), ref))
    q <- NULL
    invisible(utils::capture.output(q <- urca::qunitroot(c(0.01, 0.05, 0.1, 0.5, 0.9), N = n,
                                                          trend = trend[[e]])))
    expect_lt(max(rel_diff(mackinnon_crit(c(0.01, 0.05, 0.1, 0.5, 0.9), n, e), q)), 1e-8)
  }
  # The issue asks for 1e-6 (relative). It is met without deterministic
  # terms and not with them: urca's Fortran (MacKinnon's own routine)
  # inverts Omega and solves the normal equations of a cubic in quantiles a
  # few hundredths apart, which loses about six digits; the test above shows
  # that our values are MacKinnon's method to 1e-12. The bounds here are
  # the largest differences measured on this grid (2.7e-8, 1.2e-6, 4.1e-6,
  # 9.4e-6), rounded up: they are urca's rounding, not a tolerance of ours.
  expect_lt(worst[["none"]], 1e-7)
  expect_lt(worst[["intercept"]], 2e-6)
  expect_lt(worst[["trend"]], 5e-6)
  expect_lt(worst[["quadratic"]], 1e-5)
})

test_that("beyond the tables the p-values are monotone and stay in MacKinnon's range", {
  for (e in c("none", "intercept", "trend", "quadratic")) for (n in c(Inf, 10, 25, 100)) {
    lim <- mackinnon_crit(c(1e-4, 0.9999), n, e)
    lo <- seq(-100, lim[1], length.out = 2000)
    hi <- seq(lim[2], 100, length.out = 2000)
    plo <- mackinnon_p(lo, n, e)
    phi <- mackinnon_p(hi, n, e)
    expect_true(all(diff(plo) >= 0), label = paste(e, n, "lower end"))
    expect_true(all(diff(phi) >= 0), label = paste(e, n, "upper end"))
    expect_true(all(plo <= 1e-4), label = paste(e, n))
    expect_true(all(phi >= 0.9999), label = paste(e, n))
  }
  # the cases the review found: MacKinnon's extrapolation turns back
  expect_lte(mackinnon_p(-50, 10, "none"), mackinnon_p(-10, 10, "none"))
  expect_gte(mackinnon_p(50, Inf, "intercept"), mackinnon_p(10, Inf, "intercept"))
  # where the extrapolation does not turn back it is MacKinnon's
  skip_if_no_crosscheck("urca")
  ref <- NULL
  invisible(utils::capture.output(ref <- urca::punitroot(c(-5, -6, -8), N = Inf, trend = "c")))
  expect_lt(max(rel_diff(mackinnon_p(c(-5, -6, -8), Inf, "intercept"), ref)), 1e-4)
})

test_that("the C entry points check their arguments instead of reading out of range", {
  expect_error(.Call(coagg:::C_mackinnon_p, -2, 20, 7L), "table number")
  expect_error(.Call(coagg:::C_mackinnon_p, -2, c(20, 30), 1L), "lengths")
  expect_error(.Call(coagg:::C_mackinnon_p, -2L, 20, 1L), "types")
  expect_error(.Call(coagg:::C_mackinnon_q, 0.05, -1, 1L), "sample sizes")
  y <- cumsum(rnorm(20))
  ok <- list(y, 0:19, 0L, 20L, 0L, 0L, c(1L, 0L, 1L, 1L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 20L, 0L),
             c(0, 0))
  expect_type(do.call(.Call, c(list(coagg:::C_panel_unitroot), ok)), "list")
  bad <- ok; bad[[4]] <- 25L                       # unit runs past the data
  expect_error(do.call(.Call, c(list(coagg:::C_panel_unitroot), bad)), "bad unit")
  bad <- ok; bad[[2]] <- 0:18                       # time codes of the wrong length
  expect_error(do.call(.Call, c(list(coagg:::C_panel_unitroot), bad)), "lengths")
  bad <- ok; bad[[1]] <- as.integer(round(y))       # integers where doubles are due
  expect_error(do.call(.Call, c(list(coagg:::C_panel_unitroot), bad)), "types")
  bad <- ok; bad[[7]][1] <- 5L                      # no such deterministic case
  expect_error(do.call(.Call, c(list(coagg:::C_panel_unitroot), bad)), "options")
})

test_that("mackinnon_p rejects bad input", {
  expect_error(mackinnon_p("a"), class = "coagg_input_error")
  expect_error(mackinnon_p(-2, n = 20.5), class = "coagg_input_error")
  expect_error(mackinnon_p(c(-2, -3), n = c(20, 30, 40)), class = "coagg_input_error")
  expect_error(mackinnon_p(-2, exo = "drift"), class = "coagg_input_error")
  expect_error(mackinnon_crit(0), class = "coagg_input_error")
  expect_identical(mackinnon_p(-Inf), 0)
})

# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------

test_that("the LLC and IPS tables agree with plm's transcriptions", {
  skip_if_no_crosscheck("plm")
  tb <- .Call(coagg:::C_unitroot_tables)
  llc <- get("adj.levinlin", envir = asNamespace("plm"))   # rows T, [mu, sigma], exo
  ours <- tb$llc_adj[-13, ]
  expect_identical(unname(ours[, 1:2]), unname(llc[1:12, , "none"]))
  expect_identical(unname(ours[, 3:4]), unname(llc[1:12, , "intercept"]))
  expect_identical(unname(ours[, 5:6]), unname(llc[1:12, , "trend"]))
  expect_identical(unname(tb$llc_adj[13, ]), c(0, 1, -0.5, 0.707, -0.5, 0.5))
  ips <- get("adj.ips.wtbar", envir = asNamespace("plm"))  # lags x T x mean/var x exo
  expect_identical(unname(tb$ips3_mean[, , 1]), unname(ips[, , "mean", "intercept"]))
  expect_identical(unname(tb$ips3_mean[, , 2]), unname(ips[, , "mean", "trend"]))
  expect_identical(unname(tb$ips3_var[, , 1]), unname(ips[, , "var", "intercept"]))
  expect_identical(unname(tb$ips3_var[, , 2]), unname(ips[, , "var", "trend"]))
  cv <- get("critval.ips.tbar", envir = asNamespace("plm"))  # N x T x level x exo
  expect_identical(unname(tb$ips2_crit[, , , 1]), unname(cv[, , , "intercept"]))
  expect_identical(unname(tb$ips2_crit[, , , 2]), unname(cv[, , , "trend"]))
})

# ---------------------------------------------------------------------------
# Cross-checks against plm::purtest (convention = "plm" plus explicit options)
# ---------------------------------------------------------------------------

plm_compare <- function(data, index, var, exo, lags, dfcor, pmax, fisher = TRUE) {
  pdf <- plm::pdata.frame(data, index = index)
  tests <- c("llc", if (exo != "none") c("ips", "hadri", "hadri_het"), if (fisher) "fisher_adf")
  ours <- quiet(panel_unitroot(data, var, index = index, tests = tests, exo = exo,
                               lags = if (is.character(lags)) tolower(lags) else lags,
                               maxlag = pmax, difference = 0, convention = "plm",
                               dfcor = dfcor, majority = 1))
  pt <- function(test, Hcons = FALSE) {
    r <- quiet(plm::purtest(pdf[[var]], test = test, exo = exo, lags = lags, pmax = pmax,
                            dfcor = dfcor, Hcons = Hcons))
    c(unname(r$statistic$statistic), unname(r$statistic$p.value))
  }
  out <- list(llc = list(unlist(stat_of(ours, "llc", "t*")), pt("levinlin")))
  # (names are dropped by the comparisons)
  if (exo != "none") {
    out$ips <- list(unlist(stat_of(ours, "ips", "W-t-bar")), pt("ips"))
    out$hadri <- list(unlist(stat_of(ours, "hadri", "Z")), pt("hadri"))
    out$hadri_het <- list(unlist(stat_of(ours, "hadri_het", "Z (het.)")),
                          pt("hadri", Hcons = TRUE))
  }
  if (fisher) {
    out$madwu <- list(unlist(stat_of(ours, "fisher_adf", "P (chi-square)")), pt("madwu"))
    out$invnormal <- list(unlist(stat_of(ours, "fisher_adf", "Z")), pt("invnormal"))
    out$logit <- list(unlist(stat_of(ours, "fisher_adf", "L*")), pt("logit"))
    out$Pm <- list(unlist(stat_of(ours, "fisher_adf", "Pm")), pt("Pm"))
  }
  out
}

test_that("LLC, IPS, Hadri and the Fisher tests match plm::purtest on Grunfeld", {
  skip_if_no_crosscheck("plm")
  skip_if_no_crosscheck("urca")
  data("Grunfeld", package = "plm", envir = environment())
  g0 <- Grunfeld
  worst <- 0
  for (var in c("value", "inv", "capital")) for (exo in c("intercept", "none"))
    for (lags in list(0L, 2L, "SIC", "AIC")) for (dfcor in c(FALSE, TRUE)) {
      cmp <- plm_compare(Grunfeld, c("firm", "year"), var, exo, lags, dfcor, pmax = 4)
      for (nm in names(cmp)) {
        a <- unname(cmp[[nm]][[1]]); b <- cmp[[nm]][[2]]
        ok <- is.finite(b)   # capital without intercept has p-values of exactly 1
        expect_equal(is.finite(a), ok, info = paste(var, exo, lags, dfcor, nm))
        worst <- max(worst, rel_diff(a[ok], b[ok]))
      }
    }
  expect_lt(worst, 1e-6)
  expect_identical(Grunfeld, g0)
})

test_that("with a trend, LLC, IPS and Hadri match plm and the Fisher statistics follow from plm's t statistics", {
  skip_if_no_crosscheck("plm")
  skip_if_no_crosscheck("urca")
  data("Grunfeld", package = "plm", envir = environment())
  pdf <- plm::pdata.frame(Grunfeld, index = c("firm", "year"))
  worst <- 0
  for (var in c("value", "inv")) for (lags in list(0L, 2L, "SIC")) for (dfcor in c(FALSE, TRUE)) {
    cmp <- plm_compare(Grunfeld, c("firm", "year"), var, "trend", lags, dfcor, pmax = 4,
                       fisher = FALSE)
    for (nm in names(cmp)) worst <- max(worst, rel_diff(cmp[[nm]][[1]], cmp[[nm]][[2]]))
    # the individual t statistics are plm's; the Fisher statistics are the
    # published combinations of their MacKinnon p-values
    ours <- quiet(panel_unitroot(Grunfeld, var, index = c("firm", "year"), tests = "fisher_adf",
                                 exo = "trend", lags = if (is.character(lags)) "sic" else lags,
                                 maxlag = 4, difference = 0, convention = "plm", dfcor = dfcor,
                                 majority = 1))
    ref <- quiet(plm::purtest(pdf[[var]], test = "madwu", exo = "trend", lags = lags, pmax = 4,
                              dfcor = dfcor))
    trho <- vapply(ref$idres, function(x) x$trho, 0)
    expect_lt(max(rel_diff(attr(ours, "units")$statistic, unname(trho))), 1e-10)
    p <- mackinnon_p(trho, Inf, "trend")
    N <- length(p)
    k <- 3 * (5 * N + 4) / (pi^2 * N * (5 * N + 2))
    expect_lt(max(rel_diff(unlist(attr(ours, "statistics")$statistic),
                           c(-2 * sum(log(p)), sum(qnorm(p)) / sqrt(N),
                             sqrt(k) * sum(log(p / (1 - p))),
                             sum(-2 * log(p) - 2) / (2 * sqrt(N))))), 1e-12)
  }
  expect_lt(worst, 1e-6)
})

test_that("the plm cross-check also holds on a simulated panel", {
  skip_if_no_crosscheck("plm")
  skip_if_no_crosscheck("urca")
  sim <- sim_panel(N = 15, T = 40, phi = 0.4, seed = 3)   # simulated data
  worst <- 0
  for (lags in list(1L, "SIC")) for (dfcor in c(FALSE, TRUE)) {
    cmp <- plm_compare(sim, c("id", "year"), "y", "intercept", lags, dfcor, pmax = 5)
    for (nm in names(cmp)) worst <- max(worst, rel_diff(cmp[[nm]][[1]], cmp[[nm]][[2]]))
  }
  expect_lt(worst, 1e-6)
})

test_that("Hadri reproduces the EViews 9.5 values recorded in plm's tests", {
  skip_if_no_crosscheck("plm")
  data("Grunfeld", package = "plm", envir = environment())
  h <- function(exo) quiet(panel_unitroot(Grunfeld, "value", index = c("firm", "year"),
                                          tests = c("hadri", "hadri_het"), exo = exo,
                                          difference = 0, majority = 1))$statistic
  expect_equal(round(h("intercept"), c(5, 4)), c(4.18428, 10.1553))
  expect_equal(round(h("trend"), 5), c(4.53395, 9.57816))
})

# ---------------------------------------------------------------------------
# EViews-convention statistics against plain R
# ---------------------------------------------------------------------------

test_that("ADF lag selection uses a common sample and re-estimates on the full one", {
  sim <- sim_panel(N = 4, T = 35, phi = 0.5, seed = 5)   # simulated data
  res <- quiet(panel_unitroot(sim, "y", index = c("id", "year"), tests = "fisher_adf",
                              lags = "sic", difference = 0, majority = 1))
  un <- attr(res, "units")
  for (i in 1:4) {
    y <- sim$y[sim$id == unique(sim$id)[i]]
    pmax <- floor(min(34 / 3, 12) * (34 / 100)^0.25)
    expect_identical(un$maxlag[i], as.integer(pmax))
    # SIC over p = 0..pmax on the rows usable with pmax lags
    rows <- (pmax + 2):35
    sic <- vapply(0:pmax, function(p) {
      X <- cbind(1, y[rows - 1], sapply(seq_len(p), function(j) y[rows - j] - y[rows - j - 1]))
      r <- lm.fit(X, y[rows] - y[rows - 1])$residuals
      log(sum(r^2) / length(rows)) + ncol(X) * log(length(rows)) / length(rows)
    }, 0)
    p <- which.min(sic) - 1L
    expect_identical(un$lags[i], p)
    a <- r_adf(y, p, "intercept", dfcor = TRUE)
    expect_identical(un$obs[i], a$n)
    expect_equal(un$statistic[i], a$t, tolerance = 1e-10)
    expect_equal(un$p_value[i], mackinnon_p(a$t, a$n), tolerance = 1e-12)
  }
})

test_that("Phillips-Perron follows the EViews formula with the Newey-West bandwidth", {
  sim <- sim_panel(N = 5, T = 30, phi = 0.3, seed = 7)   # simulated data
  for (exo in c("intercept", "trend")) {
    res <- quiet(panel_unitroot(sim, "y", index = c("id", "year"), tests = "fisher_pp",
                                exo = exo, difference = 0, majority = 1))
    un <- attr(res, "units")
    for (i in 1:5) {
      y <- sim$y[sim$id == unique(sim$id)[i]]
      a <- r_adf(y, 0, exo, dfcor = TRUE)
      e <- a$fit$residuals; n <- a$n
      l <- r_nw_bw(e)
      g0 <- sum(e^2) / n; f0 <- r_bartlett(e, l)
      tp <- a$t * sqrt(g0 / f0) - n * (f0 - g0) * a$se / (2 * sqrt(f0) * sqrt(a$s2))
      expect_identical(un$pp_bandwidth[i], l)
      expect_equal(un$pp_statistic[i], tp, tolerance = 1e-10)
      expect_equal(un$pp_p_value[i], mackinnon_p(tp, n, exo), tolerance = 1e-12)
    }
    p <- un$pp_p_value
    expect_equal(res$statistic, -2 * sum(log(p)), tolerance = 1e-12)
    expect_equal(res$p_value, pchisq(-2 * sum(log(p)), 2 * length(p), lower.tail = FALSE),
                 tolerance = 1e-12)
  }
})

test_that("LLC (eviews) follows Levin, Lin and Chu (2002) step by step", {
  sim <- sim_panel(N = 6, T = 40, phi = 0.3, seed = 11)   # simulated data
  res <- quiet(panel_unitroot(sim, "y", index = c("id", "year"), tests = "llc",
                              lags = "sic", difference = 0, majority = 1))
  un <- attr(res, "units")
  ids <- unique(sim$id)
  num <- den <- ee <- 0; npool <- 0; sn <- 0
  for (i in seq_along(ids)) {
    y <- sim$y[sim$id == ids[i]]
    p <- un$lags[i]
    a <- r_adf(y, p, "intercept")
    s2 <- a$rss / a$n                 # RSS / (T - p - 1), as in the paper
    Z <- a$X[, -1, drop = FALSE]      # lags and intercept
    e <- lm.fit(Z, a$dy)$residuals / sqrt(s2)
    v <- lm.fit(Z, a$X[, 1])$residuals / sqrt(s2)
    num <- num + sum(e * v); den <- den + sum(v^2); ee <- ee + sum(e^2); npool <- npool + a$n
    dy <- diff(y)                     # model 2: dy has mean zero under the null
    l <- r_nw_bw(dy)
    expect_identical(un$bandwidth[i], l)
    expect_equal(un$lrvar[i], r_bartlett(dy, l), tolerance = 1e-10)
    sn <- sn + sqrt(r_bartlett(dy, l) / s2)
  }
  sn <- sn / length(ids)
  delta <- num / den
  s2e <- (ee - delta * num) / npool
  se <- sqrt(s2e / den)
  Tt <- npool / length(ids)
  tab <- .Call(coagg:::C_unitroot_tables)
  expect_gt(Tt, 30); expect_lt(Tt, 40)
  mu <- approx(tab$llc_T[1:12], tab$llc_adj[1:12, 3], Tt)$y
  sig <- approx(tab$llc_T[1:12], tab$llc_adj[1:12, 4], Tt)$y
  tstar <- (delta / se - npool * sn / s2e * se * mu) / sig
  expect_equal(res$statistic, tstar, tolerance = 1e-10)
  expect_equal(res$p_value, pnorm(tstar), tolerance = 1e-10)
  expect_equal(stat_of(res, "llc", "t (unadjusted)")$statistic, delta / se, tolerance = 1e-10)
})

test_that("IPS W-t-bar uses Table 3 at T - p - 1 and t-bar gets Table 2 critical values", {
  sim <- sim_panel(N = 10, T = 26, seed = 13)   # simulated data
  res <- quiet(panel_unitroot(sim, "y", index = c("id", "year"), tests = "ips", lags = 0,
                              difference = 0, majority = 1))
  un <- attr(res, "units")
  tbar <- mean(un$statistic)
  # 25 observations per regression, lag 0: Table 3 column T = 25
  expect_equal(res$statistic, sqrt(10) * (tbar - (-1.520)) / sqrt(0.809), tolerance = 1e-12)
  tb <- stat_of(res, "ips", "t-bar")
  expect_equal(tb$statistic, tbar, tolerance = 1e-12)
  st <- attr(res, "statistics")
  expect_equal(unlist(st[st$statistic_name == "t-bar", c("crit_01", "crit_05", "crit_10")]),
               c(crit_01 = -2.19, crit_05 = -1.99, crit_10 = -1.88))   # N = 10, T = 25
  # with lags, moments interpolate linearly between columns
  res2 <- quiet(panel_unitroot(sim, "y", index = c("id", "year"), tests = "ips", lags = 2,
                               difference = 0, majority = 1))
  t2 <- mean(attr(res2, "units")$statistic)
  E <- -1.428 + (23 - 20) / 5 * (-1.443 + 1.428); V <- 0.969 + (23 - 20) / 5 * (0.905 - 0.969)
  expect_equal(res2$statistic, sqrt(10) * (t2 - E) / sqrt(V), tolerance = 1e-12)
})

test_that("Breitung and Harris-Tzavalis follow their formulas", {
  sim <- sim_panel(N = 8, T = 20, seed = 17)   # simulated data
  ids <- unique(sim$id)
  for (exo in c("intercept", "trend", "none")) {
    res <- quiet(panel_unitroot(sim, "y", index = c("id", "year"), tests = c("breitung", "ht"),
                                exo = exo, lags = 0, difference = 0, majority = 1))
    xy <- xx <- yy <- 0; n <- 0; hxy <- hxx <- 0
    for (i in ids) {
      y <- sim$y[sim$id == i]
      a <- r_adf(y, 0, exo)
      # scale: ADF sigma (RSS/n); intercept only: root mean square of dy
      s <- if (exo == "intercept") sqrt(mean(diff(y)^2)) else sqrt(a$rss / a$n)
      dy <- diff(y) / s; lev <- y / s      # levels y_1..y_T, regressors y_1..y_{T-1}
      TT <- length(dy)
      if (exo == "trend") {
        ds <- vapply(1:(TT - 1), function(t) sqrt((TT - t) / (TT - t + 1)) *
                       (dy[t] - mean(dy[(t + 1):TT])), 0)
        ls <- vapply(1:(TT - 1), function(t) lev[t] - lev[1] - (t - 1) / TT * (lev[TT + 1] - lev[1]), 0)
      } else if (exo == "intercept") {
        ds <- dy[-1]; ls <- lev[2:TT] - lev[1]
      } else {
        ds <- dy; ls <- lev[1:TT]
      }
      xy <- xy + sum(ds * ls); xx <- xx + sum(ls^2); yy <- yy + sum(ds^2); n <- n + length(ds)
      Y <- y[-1]; Yl <- y[-length(y)]
      if (exo != "none") {
        Xd <- if (exo == "trend") cbind(1, seq_along(Y)) else matrix(1, length(Y))
        Y <- lm.fit(Xd, Y)$residuals; Yl <- lm.fit(Xd, Yl)$residuals
      }
      hxy <- hxy + sum(Y * Yl); hxx <- hxx + sum(Yl^2)
    }
    a <- xy / xx
    tb <- a / sqrt((yy - a * xy) / (n - 1) / xx)
    expect_equal(stat_of(res, "breitung", "t")$statistic, tb, tolerance = 1e-10, info = exo)
    Tn <- 19; N <- 8; rho <- hxy / hxx
    BC <- switch(exo, none = c(0, 2 / (Tn * (Tn - 1))),
                 intercept = c(-3 / (Tn + 1), 3 * (17 * Tn^2 - 20 * Tn + 17) / (5 * (Tn - 1) * (Tn + 1)^3)),
                 trend = c(-15 / (2 * (Tn + 2)),
                           15 * (193 * Tn^2 - 728 * Tn + 1147) / (112 * (Tn + 2)^3 * (Tn - 2))))
    expect_equal(stat_of(res, "ht", "Z")$statistic, sqrt(N) * (rho - 1 - BC[1]) / sqrt(BC[2]),
                 tolerance = 1e-10, info = exo)
  }
})

# ---------------------------------------------------------------------------
# Size under the null (simulated driftless random walks)
# ---------------------------------------------------------------------------

test_that("under the eviews convention the tests keep their size (N = 200, T = 30, lags 0)", {
  set.seed(20240601)
  N <- 200; T <- 30; R <- 200
  id <- rep(seq_len(N), each = T); tt <- rep(seq_len(T), N)
  tests <- c("ips", "fisher_adf", "fisher_pp", "breitung", "ht", "llc")
  rej <- matrix(NA, R, 7, dimnames = list(NULL, c(tests, "pp_bandwidth_0")))
  for (r in seq_len(R)) {
    d <- data.frame(id = id, t = tt, y = as.vector(apply(matrix(rnorm(N * T), T, N), 2, cumsum)))
    # the eviews convention as it is: Newey-West automatic bandwidth for
    # LLC and Phillips-Perron, finite-sample MacKinnon p-values, RSS/(n - k)
    a <- quiet(panel_unitroot(d, "y", index = c("id", "t"), tests = tests, lags = 0,
                              difference = 0, majority = 1))
    # for comparison only: Phillips-Perron with bandwidth 0 (then PP = DF)
    b <- quiet(panel_unitroot(d, "y", index = c("id", "t"), tests = "fisher_pp",
                              lags = 0, bandwidth = 0, difference = 0, majority = 1))
    p <- setNames(a$p_value, a$test)
    rej[r, ] <- c(p[tests], b$p_value) < 0.05
  }
  expect_identical(attr(a, "settings")$bandwidth, "nw")
  expect_true(attr(a, "settings")$dfcor)
  expect_identical(attr(a, "settings")$pvalues, "finite")
  rate <- colMeans(rej)
  for (t in c("ips", "fisher_adf", "breitung", "ht", "llc")) {
    expect_gte(rate[[t]], 0.02, label = t)
    expect_lte(rate[[t]], 0.09, label = t)
  }
  # PP-Fisher under the eviews convention does NOT meet the issue's band
  # [0.02, 0.09]: it rejects 0.169 in 2,000 replications (inst/bench/
  # unitroot.R; 0.150 with this seed, Monte Carlo error 0.025 at 200). The
  # statistic and the bandwidth are checked against plain R and
  # sandwich::bwNeweyWest() in other tests of this file; each unit's PP test
  # has nearly its nominal size (0.056 at 5%), but its p-values are a little
  # too small on average (mean -2 log p = 2.11 instead of 2), and the sum of
  # 200 of them turns that into a shift of 0.8 standard deviations of the
  # chi-square(400). See ?panel_unitroot, "Size under the null". This
  # asserts what is true, so that a change in it is noticed.
  expect_gt(rate[["fisher_pp"]], 0.09)
  expect_lt(rate[["fisher_pp"]], 0.28)
  # with bandwidth 0 the PP statistic is the DF statistic and is sized
  expect_gte(rate[["pp_bandwidth_0"]], 0.02)
  expect_lte(rate[["pp_bandwidth_0"]], 0.09)
})

test_that("the Newey-West automatic bandwidth agrees with sandwich::bwNeweyWest()", {
  skip_if_no_crosscheck("sandwich")
  set.seed(71)
  N <- 60; T <- 30
  d <- data.frame(id = rep(seq_len(N), each = T), t = rep(seq_len(T), N),
                  y = as.vector(apply(matrix(rnorm(N * T), T, N), 2, cumsum)))   # simulated
  # an AR(1) in the differences too, so that bandwidths are not all small
  d$z <- ave(rnorm(N * T), d$id, FUN = function(e) cumsum(stats::filter(e, 0.6, "recursive")))
  for (v in c("y", "z")) {
    un <- attr(quiet(panel_unitroot(d, v, c("id", "t"), tests = "fisher_pp", lags = 0,
                                    difference = 0, majority = 1)), "units")
    for (i in seq_len(N)) {
      y <- d[[v]][d$id == i]
      e <- lm.fit(cbind(1, y[-T]), diff(y))$residuals
      n <- length(e)
      g <- function(j) sum(e[(j + 1):n] * e[1:(n - j)]) / n
      s0 <- g(0) + 2 * sum(vapply(seq_len(floor(4 * (n / 100)^(2 / 9))), g, 0))
      # Newey and West (1994): m = floor(gamma T^(1/3)), capped at n - 1;
      # with s0 <= 0 (an estimate of a positive spectral density that came
      # out non-positive) the formula has no meaning and the bandwidth is 0
      want <- if (s0 > 0) min(floor(sandwich::bwNeweyWest(matrix(e), kernel = "Bartlett",
                                                          prewhite = 0)), n - 1) else 0
      expect_identical(un$pp_bandwidth[i], want, label = paste(v, i))
    }
  }
})

# ---------------------------------------------------------------------------
# Output, verdict, policies
# ---------------------------------------------------------------------------

test_that("the result is shaped like the study's Table 3 with a majority verdict", {
  rw <- sim_panel(N = 10, T = 30, seed = 21)              # simulated random walks
  st <- sim_panel(N = 10, T = 30, rho = 0.2, seed = 22)   # simulated stationary AR(1)
  d <- data.frame(id = rw$id, year = rw$year, rw = rw$y, st = st$y)
  res <- quiet(panel_unitroot(d, c("rw", "st"), index = c("id", "year")))
  expect_s3_class(res, "coagg_unitroot")
  expect_identical(nrow(res), 16L)
  expect_identical(unique(res$form), c("level", "first difference"))
  expect_identical(unique(res$test), c("llc", "ips", "fisher_adf", "fisher_pp"))
  expect_true(all(c("variable", "form", "test", "statistic", "p_value", "lags", "bandwidth",
                    "units", "obs", "verdict") %in% names(res)))
  v <- unique(res[c("variable", "form", "verdict")])
  expect_identical(v$verdict[v$variable == "st" & v$form == "level"], "stationary")
  expect_identical(v$verdict[v$variable == "rw" & v$form == "first difference"], "stationary")
  # the verdict counts tests that reject at `level`, against `majority`
  votes <- tapply(res$p_value < 0.05, paste(res$variable, res$form), sum)
  expect_equal(as.vector(votes[paste(res$variable, res$form)]), res$votes)
  res4 <- quiet(panel_unitroot(d, "rw", index = c("id", "year"), majority = 4, level = 0.01))
  k <- tapply(res4$p_value < 0.01, res4$form, sum)
  expect_identical(res4$verdict, as.vector(ifelse(k[res4$form] >= 4, "stationary", "unit root")))
  out <- capture.output(print(res))
  expect_true(any(grepl("ADF-Fisher", out)))
  expect_true(any(grepl("unit root \\(|stationary \\(", out)))
  sm <- capture.output(print(summary(res), max_units = 2))
  expect_true(any(grepl("Intermediate results", sm)))
})

test_that("short T is flagged, clamped or extrapolated, warned about and kept in the result", {
  d <- sim_panel(N = 11, T = 6, seed = 23)   # simulated, shaped like the study (11 x 6)
  cw <- collect(panel_unitroot(d, "y", index = c("id", "year"), difference = 0,
                               tests = c("llc", "ips", "fisher_adf", "ht"), majority = 1))
  res <- cw$value
  expect_true("coagg_small_t_warning" %in% cw$classes)
  expect_true(all(cw$messages %in% attr(res, "notes")))
  notes <- attr(res, "notes")
  expect_true(any(grepl("LLC Table 2", notes)))
  expect_true(any(grepl("IPS Table 3", notes)))
  expect_true(any(grepl("n >= 20", notes)))
  expect_true(any(grepl("LLC Table 2", capture.output(print(res)))))
  ext <- quiet(panel_unitroot(d, "y", index = c("id", "year"), difference = 0, majority = 1,
                              tests = c("llc", "ips"), small_t = "extrapolate"))
  expect_false(isTRUE(all.equal(res$statistic[1:2], ext$statistic)))
  expect_true(any(grepl("extrapolated", attr(ext, "notes"))))
  # the maximum lag rule gives 0 at T = 6
  expect_true(all(attr(res, "units")$maxlag == 0L))
  expect_false(anyNA(res$statistic))
})

test_that("conventions set dfcor, p-values and bandwidth as documented", {
  sim <- sim_panel(N = 6, T = 30, seed = 29)   # simulated data
  ev <- quiet(panel_unitroot(sim, "y", index = c("id", "year"), tests = "fisher_adf", lags = 1,
                             difference = 0, majority = 1))
  pl <- quiet(panel_unitroot(sim, "y", index = c("id", "year"), tests = "fisher_adf", lags = 1,
                             difference = 0, majority = 1, convention = "plm"))
  ue <- attr(ev, "units"); up <- attr(pl, "units")
  y1 <- sim$y[sim$id == "u001"]
  expect_equal(ue$statistic[1], r_adf(y1, 1, "intercept", dfcor = TRUE)$t, tolerance = 1e-10)
  expect_equal(up$statistic[1], r_adf(y1, 1, "intercept", dfcor = FALSE)$t, tolerance = 1e-10)
  expect_lt(max(rel_diff(ue$p_value, mackinnon_p(ue$statistic, ue$obs))), 1e-12)
  expect_lt(max(rel_diff(up$p_value, mackinnon_p(up$statistic, Inf))), 1e-12)
  expect_identical(attr(ev, "settings")$bandwidth, "nw")
  expect_identical(attr(pl, "settings")$bandwidth, "plm")
  st <- quiet(panel_unitroot(sim, "y", index = c("id", "year"), tests = "llc", lags = 0,
                             difference = 0, majority = 1, convention = "stata"))
  tt <- 29
  expect_true(all(attr(st, "units")$bandwidth == floor(3.21 * tt^(1 / 3))))
})

# ---------------------------------------------------------------------------
# Unbalanced panels and bad input
# ---------------------------------------------------------------------------

test_that("character periods are ordered numerically: random walks keep their verdict", {
  d <- sim_panel(N = 5, T = 12, seed = 1)   # simulated random walks
  d$t <- rep(1:12, 5)
  dc <- d
  dc$t <- as.character(d$t)                 # "1" .. "12": alphabetically "10" < "2"
  tests <- c("llc", "ips", "fisher_adf", "ht")
  a <- quiet(panel_unitroot(d, "y", c("id", "t"), tests = tests, difference = 0, majority = 2))
  b <- quiet(panel_unitroot(dc, "y", c("id", "t"), tests = tests, difference = 0, majority = 2))
  expect_identical(b$statistic, a$statistic)
  expect_identical(b$verdict, a$verdict)
  e <- expect_error(panel_unitroot(transform(d, t = paste0("p", t)), "y", c("id", "t")),
                    class = "coagg_input_error")
  expect_identical(e$column, "t")
})

test_that("a period missing from every unit is a gap, not one step", {
  d <- sim_panel(N = 6, T = 21, seed = 51)  # simulated random walks, 2000-2020
  d <- d[d$year != 2005, ]                  # 2005 missing in every unit
  cw <- collect(panel_unitroot(d, "y", c("id", "year"), tests = c("ips", "fisher_adf", "llc"),
                               lags = 0, difference = 0, majority = 1))
  un <- attr(cw$value, "units")
  # 20 values per unit, 4 + 14 consecutive pairs (none across 2004 -> 2006)
  expect_identical(un$obs, rep(18L, 6))
  y <- d$y[d$id == "u001"]; yr <- d$year[d$id == "u001"]
  k <- which(diff(yr) == 1)
  f <- lm.fit(cbind(1, y[k]), y[k + 1] - y[k])
  s2 <- sum(f$residuals^2) / (length(k) - 2)
  expect_equal(un$statistic[1], unname(f$coefficients[2] / sqrt(s2 * chol2inv(qr.R(f$qr))[2, 2])),
               tolerance = 1e-10)
  # LLC runs on the longest run observed in every unit, 2006-2020, and says so
  expect_true(any(grepl("15 consecutive periods", cw$messages)))
  expect_true(any(grepl("15 consecutive periods", attr(cw$value, "notes"))))
  # the missing year itself is reported
  expect_true("coagg_time_spacing_warning" %in% cw$classes)
  expect_true(any(grepl("missing from every unit (the first between 2004 and 2006)",
                        attr(cw$value, "notes"), fixed = TRUE)))
  # first differences exist only between consecutive years
  r1 <- quiet(panel_unitroot(d, "y", c("id", "year"), tests = "ips", lags = 0, difference = 1,
                             majority = 1))
  expect_identical(attr(r1, "units")$obs, rep(16L, 6))
})

test_that("gaps and unbalanced panels: IPS/Fisher per unit, LLC on the balanced part", {
  d <- sim_panel(N = 6, T = 30, seed = 31)   # simulated data
  d <- d[!(d$id == "u002" & d$year == 2010), ]      # a gap
  d <- d[!(d$id == "u005" & d$year < 2004), ]       # a late start
  d$y[d$id == "u003" & d$year == 2020] <- NA        # a missing value
  d0 <- d
  cw <- collect(panel_unitroot(d, "y", index = c("id", "year"),
                               tests = c("llc", "ips", "fisher_adf", "fisher_pp"),
                               lags = 1, difference = 0, majority = 1))
  res <- cw$value
  w <- cw$messages
  expect_identical(d, d0)
  expect_false(anyNA(res$statistic))
  un <- attr(res, "units")
  # the unit with a gap loses the regressions that need the missing period
  y2 <- d$y[d$id == "u002"]; yr <- d$year[d$id == "u002"]
  full <- rep(NA_real_, 30); full[yr - 1999] <- y2
  rows <- which(!is.na(full) & !is.na(c(NA, full[-30])) & !is.na(c(NA, NA, full[-(29:30)])))
  expect_identical(un$obs[un$unit == "u002"], length(rows))
  X <- cbind(1, full[rows - 1], full[rows - 1] - full[rows - 2])
  f <- lm.fit(X, full[rows] - full[rows - 1])
  s2 <- sum(f$residuals^2) / (length(rows) - 3)
  expect_equal(un$statistic[un$unit == "u002"],
               unname(f$coefficients[2] / sqrt(s2 * chol2inv(qr.R(f$qr))[2, 2])), tolerance = 1e-10)
  expect_true(any(grepl("balanced panel", w)))
  expect_true(any(grepl("balanced panel", attr(res, "notes"))))
  expect_true(any(grepl("missing value", w)))
  expect_identical(res$units, rep(6L, 4))
})

test_that("a deterministic unit (exact fit) is dropped and named, not tested", {
  d <- sim_panel(N = 5, T = 25, seed = 61)          # simulated random walks
  det <- d$id == "u003"
  d$y[det] <- 2 * (d$year[det] - 2000) + 3          # y = 2t + 3: the ADF fit is exact
  tests <- c("llc", "ips", "fisher_adf", "fisher_pp", "breitung", "ht", "hadri")
  cw <- collect(panel_unitroot(d, "y", c("id", "year"), tests = tests, difference = 0,
                               lags = 0, majority = 1))
  res <- cw$value
  dr <- attr(res, "dropped")
  expect_identical(dr$unit, "u003")
  expect_match(dr$reason, "exact fit")
  expect_true(any(grepl("u003 (exact fit", cw$messages, fixed = TRUE)))
  expect_true(any(grepl("u003 (exact fit", attr(res, "notes"), fixed = TRUE)))
  expect_true(all(res$units == 4L))
  # the statistics are those of the panel without the deterministic unit
  ref <- quiet(panel_unitroot(d[!det, ], "y", c("id", "year"), tests = tests, difference = 0,
                              lags = 0, majority = 1))
  expect_lt(max(rel_diff(res$statistic, ref$statistic)), 1e-12)
  # every unit deterministic: nothing to test, said so, no statistic invented
  dd <- transform(d, y = 2 * (year - 2000) + as.integer(factor(id)))
  cw2 <- collect(panel_unitroot(dd, "y", c("id", "year"), tests = tests, difference = 0,
                                lags = 0, majority = 1))
  expect_true(all(is.na(cw2$value$statistic)))
  expect_true("coagg_not_computed_warning" %in% cw2$classes)
  expect_identical(nrow(attr(cw2$value, "dropped")), 5L)
})

test_that("the statistics do not depend on the scale of the data (1e-200 to 1e200)", {
  d <- sim_panel(N = 6, T = 20, seed = 63)          # simulated random walks
  tests <- c("llc", "ips", "fisher_adf", "fisher_pp", "breitung", "ht", "hadri", "hadri_het")
  run <- function(dd) quiet(panel_unitroot(dd, "y", c("id", "year"), tests = tests,
                                           difference = c(0, 1), lags = "sic", majority = 1))
  base <- run(d)
  expect_false(anyNA(base$statistic))
  for (s in c(1e-200, 1e-100, 1e100, 1e200)) {
    r <- run(transform(d, y = y * s))
    expect_lt(max(rel_diff(r$statistic, base$statistic)), 1e-9)
  }
  # one unit near 1e150, another near 1e-150: the tests that standardise
  # each unit are unchanged ...
  ds <- d
  ds$y[ds$id == "u001"] <- ds$y[ds$id == "u001"] * 1e150
  ds$y[ds$id == "u002"] <- ds$y[ds$id == "u002"] * 1e-150
  r <- run(ds)
  inv <- !r$test %in% c("ht", "hadri")
  expect_lt(max(rel_diff(r$statistic[inv], base$statistic[inv])), 1e-9)
  # ... and Harris-Tzavalis, a pooled estimator that weights units by their
  # variance, equals its formula (plain R) on the rescaled data
  ht <- function(dd) {
    sxy <- sxx <- 0
    for (i in unique(dd$id)) {
      y <- dd$y[dd$id == i] / 1e150
      Y <- y[-1] - mean(y[-1]); Yl <- y[-length(y)] - mean(y[-length(y)])
      sxy <- sxy + sum(Y * Yl); sxx <- sxx + sum(Yl^2)
    }
    Tn <- 19
    sqrt(6) * (sxy / sxx - 1 + 3 / (Tn + 1)) /
      sqrt(3 * (17 * Tn^2 - 20 * Tn + 17) / (5 * (Tn - 1) * (Tn + 1)^3))
  }
  got <- r$statistic[r$test == "ht" & r$form == "level"]
  expect_lt(rel_diff(got, ht(ds)), 1e-9)
  # per-unit variances are reported in the data's own units
  un <- attr(r, "units")
  un0 <- attr(base, "units")
  k <- un$unit == "u001" & un$form == "level"
  expect_lt(rel_diff(un$sigma2[k], un0$sigma2[k] * 1e300), 1e-9)
})

test_that("no unit with an ADF p-value leaves the Fisher tests blank instead of failing", {
  d <- sim_panel(N = 4, T = 20, seed = 65)          # simulated random walks
  set <- coagg:::ur_resolve("eviews", NULL, NULL, NULL, NULL)
  set$lags <- "fixed"; set$exo <- "intercept"; set$small_t <- "clamp"
  set$tests <- c("ips", "fisher_adf", "choi_adf")
  u <- match(d$id, unique(d$id)) - 1L
  res <- coagg:::ur_call(d$y, d$year - 2000L, u, 1:4, rep(0L, 4), rep(0L, 4), set,
                         set$tests, need_pp = FALSE)
  res$units$p_value[] <- NA_real_
  sh <- coagg:::ur_shape(res, NULL, "y", "level", unique(d$id), set,
                         warn = function(...) NULL, note = function(...) NULL)
  tab <- sh$table
  expect_true(all(is.na(tab$statistic[tab$test %in% c("fisher_adf", "choi_adf")])))
  expect_false(is.na(tab$statistic[tab$test == "ips"]))
})

test_that("constant, all-missing and too-short units are dropped and named", {
  d <- sim_panel(N = 5, T = 20, seed = 37)   # simulated data
  d$y[d$id == "u002"] <- 3                   # constant
  d$y[d$id == "u004"] <- NA                  # all missing
  cw <- collect(panel_unitroot(d, "y", index = c("id", "year"), majority = 1,
                               tests = c("ips", "fisher_adf", "llc")))
  res <- cw$value
  expect_true("coagg_dropped_unit_warning" %in% cw$classes)
  expect_true(any(grepl("u002 \\(constant series\\)", cw$messages)))
  dr <- attr(res, "dropped")
  expect_setequal(dr$unit[dr$form == "level"], c("u002", "u004"))
  expect_true(all(c("constant series", "all values missing") %in% dr$reason))
  expect_false(anyNA(res$statistic))
  expect_true(all(res$units == 3L))
  expect_true(any(grepl("u002", capture.output(print(res)))))
  # fixed lags longer than a short unit allows
  d2 <- sim_panel(N = 4, T = 15, seed = 41)
  d2 <- d2[!(d2$id == "u003" & d2$year > 2005), ]   # u003 keeps 6 periods
  cw <- collect(panel_unitroot(d2, "y", index = c("id", "year"), lags = 3, majority = 1,
                               tests = c("ips", "fisher_adf"), difference = 0))
  r2 <- cw$value
  expect_true(any(grepl("u003", cw$messages)))
  expect_identical(attr(r2, "dropped")$reason, "too short for the requested lags")
  expect_true(all(r2$units == 3L))
})

test_that("bad input raises classed errors naming the argument and column", {
  d <- sim_panel(N = 3, T = 12, seed = 43)   # simulated data
  d$txt <- as.character(d$y); d$txt[5] <- "n/a"
  e <- tryCatch(panel_unitroot(d, "txt", index = c("id", "year")), coagg_input_error = function(e) e)
  expect_identical(e$column, "txt")
  expect_identical(e$row, 5L)   # the first value that is not a number
  expect_error(panel_unitroot(d, "nope", index = c("id", "year")), class = "coagg_input_error")
  expect_error(panel_unitroot(d[d$id == "u001", ], "y", index = c("id", "year")),
               class = "coagg_input_error")
  expect_error(panel_unitroot(rbind(d, d[1, ]), "y", index = c("id", "year")),
               class = "coagg_input_error")
  expect_error(panel_unitroot(d, "y", index = c("id", "year"), tests = "kpss"),
               class = "coagg_input_error")
  expect_error(panel_unitroot(d, "y", index = c("id", "year"), tests = "ips", exo = "none",
                              majority = 1), class = "coagg_input_error")
  expect_error(panel_unitroot(d, "y", index = c("id", "year"), lags = c(1, 2)),
               class = "coagg_input_error")
  expect_error(panel_unitroot(d, "y", index = c("id", "year"), lags = -1),
               class = "coagg_input_error")
  expect_error(panel_unitroot(d, "y", index = c("id", "year"), difference = 2),
               class = "coagg_input_error")
  expect_error(panel_unitroot(d, "y", index = c("id", "year"), majority = 5),
               class = "coagg_input_error")
  expect_error(panel_unitroot(d, "y", index = c("id", "year"), convention = "sas"),
               class = "coagg_input_error")
  expect_error(panel_unitroot(d, "y", index = c("id", "year"), bandwidth = "auto"),
               class = "coagg_input_error")
  expect_error(panel_unitroot(as.matrix(d), "y"), class = "coagg_input_error")
})

test_that("print lists variables that share a note together; the object keeps every note", {
  n <- c('"a" (level): msg one', '"b" (level): msg one', '"a" (first difference): msg one',
         '"b" (level): msg two', "free text")
  expect_identical(coagg:::collapse_notes(n),
                   c('"a", "b" (level): msg one', '"a" (first difference): msg one',
                     '"b" (level): msg two', "free text"))
  set.seed(11)
  d <- data.frame(id = rep(1:5, each = 6), t = rep(1:6, 5), a = rnorm(30), b = rnorm(30))
  r <- suppressWarnings(panel_unitroot(d, c("a", "b"), c("id", "t"), difference = 0))
  out <- capture.output(print(r))
  expect_true(any(grepl('"a", "b" (level)', out, fixed = TRUE)))
  expect_true(all(c(any(grepl('^"a" \\(level\\)', attr(r, "notes"))),
                    any(grepl('^"b" \\(level\\)', attr(r, "notes"))))))
})

# ---------------------------------------------------------------------------
# Regressions found by the fuzzer (inst/fuzz; issue 7)
# ---------------------------------------------------------------------------

test_that("mackinnon_p() of an extreme statistic is a tail probability, not NaN (fuzz)", {
  # the local cubic overflowed at |stat| = 1e300 (Inf - Inf)
  for (exo in c("none", "intercept", "trend", "quadratic")) {
    p <- mackinnon_p(c(-1e300, -1e200, 1e200, 1e300), n = 20, exo = exo)
    expect_false(anyNA(p), info = exo)
    expect_true(all(p[1:2] <= mackinnon_p(-50, n = 20, exo = exo)), info = exo)
    expect_true(all(p[3:4] >= mackinnon_p(50, n = 20, exo = exo)), info = exo)
  }
})

test_that("a bandwidth beyond the integer range is a classed error, not a warning (fuzz)", {
  d <- sim_panel(N = 3, T = 15, seed = 9)   # simulated data
  expect_error(panel_unitroot(d, "y", index = c("id", "year"), bandwidth = 1e308),
               class = "coagg_input_error")
})

test_that("mackinnon_crit(method = \"invert\") where no root exists is a classed error (fuzz)", {
  # at n = 1 the extrapolated surface does not reach 0.9999; uniroot() failed
  expect_error(mackinnon_crit(0.9999, n = 1, exo = "trend", method = "invert"),
               class = "coagg_input_error")
  expect_true(is.finite(mackinnon_crit(0.9999, n = 100, exo = "trend", method = "invert")))
})
