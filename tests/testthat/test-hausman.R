# Hausman test: known answer (reference/panel-cases.md), plm's phtest() run
# here on Grunfeld, EmplUK, Gasoline and Produc, Stata's rule written
# plainly from [R] hausman, what each program prints, the
# non-positive-definite cases on plm::Crime, the data check, either argument
# order, and the robust (Mundlak) version against plm and a plain-R
# computation.

plm_data <- function(name) plm_dataset(name)
f_crime <- lcrmrte ~ lprbarr + lprbconv + lprbpris + lavgsen + lpolpc + factor(year)

# Stata's hausman, written from [R] hausman (Methods and formulas): the
# Moore-Penrose inverse of V by its singular values, those below
# K * 1e-9 times the largest taken as zero; df the rank.
stata_rule <- function(q, V) {
  s <- svd(V)
  keep <- s$d > max(s$d) * length(q) * 1e-9
  Vi <- s$v[, keep, drop = FALSE] %*% (t(s$u[, keep, drop = FALSE]) / s$d[keep])
  list(statistic = drop(t(q) %*% Vi %*% q), df = sum(keep))
}

# The contrast of two fitted models with the given random-effects variance.
contrast <- function(fe, re, V_re) {
  cf <- setdiff(names(coef(re)), "(Intercept)")
  list(q = coef(fe)[cf] - coef(re)[cf], V = vcov(fe)[cf, cf] - V_re[cf, cf])
}

phtest_of <- function(f, d, idx, random.method = "swar") {
  plm::phtest(plm::plm(f, d, index = idx, model = "within"),
              plm::plm(f, d, index = idx, model = "random", random.method = random.method))
}

# the four datasets of the cross-check (plm 2.6)
hausman_cases <- function() {
  list(
    Grunfeld = list(d = plm_data("Grunfeld"), f = f_grun, idx = c("firm", "year")),
    EmplUK = list(d = plm_data("EmplUK"), f = f_empl, idx = c("firm", "year")),
    EmplUK_levels = list(d = plm_data("EmplUK"), f = emp ~ wage + capital + output,
                         idx = c("firm", "year")),
    Gasoline = list(d = plm_data("Gasoline"), f = lgaspcar ~ lincomep + lrpmg + lcarpcap,
                    idx = c("country", "year")),
    Produc = list(d = plm_data("Produc"), f = log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp,
                  idx = c("state", "year")))
}

test_that("Grunfeld: the classical test reproduces the reference and plm's phtest()", {
  g <- plm_data("Grunfeld")
  fe <- panel_fe(f_grun, g, index = c("firm", "year"), convention = "plm")
  re <- panel_re(f_grun, g, index = c("firm", "year"), convention = "plm")
  h <- hausman_test(fe, re)
  # reference/panel-cases.md: chi2(2) = 2.3303669, p = 0.3118654
  expect_printed(unname(h$statistic), 2.3303669, 7)
  expect_printed(h$p_value, 0.3118654, 7)
  expect_identical(h$df, 2L)
  ph <- phtest_of(f_grun, g, c("firm", "year"))
  expect_rel(unname(h$statistic), unname(ph$statistic))
  expect_rel(h$p_value, ph$p.value)
  expect_true(h$positive_definite)
  expect_equal(h$raw_statistic, unname(h$statistic))
  expect_equal(h$generalised_statistic, unname(h$statistic))
  expect_match(h$conclusion, "Do not reject H0 at the 5% level")
  # the formula interface fits the same two models (index: the first two columns)
  h2 <- hausman_test(f_grun, data = g, convention = "plm")
  expect_rel(h2$statistic, h$statistic, bound = 1e-12)
  h3 <- hausman_test(f_grun, g, convention = "plm")
  expect_rel(h3$statistic, h$statistic, bound = 1e-12)
})

test_that("convention \"plm\": phtest()'s statistic and df on Grunfeld, EmplUK, Gasoline, Produc", {
  # before, the headline was the generalised-inverse statistic when the
  # difference was not positive definite: EmplUK (levels) 219.05 on 1 df where
  # plm prints 217.518 on 3, Gasoline 310.89 on 2 where plm prints 302.80 on 3
  for (nm in names(hausman_cases())) {
    cs <- hausman_cases()[[nm]]
    ph <- phtest_of(cs$f, cs$d, cs$idx)
    fe <- panel_fe(cs$f, cs$d, index = cs$idx, convention = "plm")
    re <- panel_re(cs$f, cs$d, index = cs$idx, convention = "plm")
    h <- suppressWarnings(hausman_test(fe, re))
    expect_rel(unname(h$statistic), unname(ph$statistic), info = nm)
    expect_identical(h$df, as.integer(ph$parameter), info = nm)
    expect_rel(h$p_value, ph$p.value, info = nm)
    expect_identical(h$reported_by$statistic[1L], unname(h$statistic), info = nm)
  }
  cs <- hausman_cases()$EmplUK_levels
  h <- suppressWarnings(hausman_test(panel_fe(cs$f, cs$d, convention = "plm"),
                                     panel_re(cs$f, cs$d, convention = "plm")))
  expect_printed(unname(h$statistic), 217.518, 3)
  expect_identical(h$df, 3L)
  cs <- hausman_cases()$Gasoline
  h <- suppressWarnings(hausman_test(panel_fe(cs$f, cs$d, convention = "plm"),
                                     panel_re(cs$f, cs$d, convention = "plm")))
  # Baltagi (2021), Econometric Analysis of Panel Data, 6th ed., section 4.3
  # (gasoline demand): Hausman = 302.8 on 3 d.f.
  expect_printed(unname(h$statistic), 302.8, 1)
  expect_identical(h$df, 3L)
  expect_false(h$positive_definite) # the generalised-inverse statistic differs
  expect_identical(h$generalised_df, 2L)
  expect_printed(h$generalised_statistic, 310.89, 2)
})

test_that("phtest() agreement for every variance-component method, balanced and unbalanced", {
  for (nm in c("Grunfeld", "EmplUK")) {
    cs <- hausman_cases()[[nm]]
    fe <- panel_fe(cs$f, cs$d, index = cs$idx, convention = "plm")
    for (meth in names(plm_method)) {
      re <- panel_re(cs$f, cs$d, index = cs$idx, re_method = meth, convention = "plm")
      ph <- phtest_of(cs$f, cs$d, cs$idx, plm_method[[meth]])
      h <- suppressWarnings(hausman_test(fe, re))
      info <- paste(nm, meth)
      expect_rel(unname(h$statistic), unname(ph$statistic), info = info)
      expect_rel(h$p_value, ph$p.value, info = info)
      expect_rel(h$reported_by$statistic[h$reported_by$program == "plm"],
                 unname(ph$statistic), info = info)
      if (!h$positive_definite) {
        expect_warning(hausman_test(fe, re), class = "coagg_hausman_not_pd")
      }
    }
  }
})

test_that("convention \"stata\": Stata's Moore-Penrose statistic and rank", {
  for (nm in names(hausman_cases())) {
    cs <- hausman_cases()[[nm]]
    fe <- panel_fe(cs$f, cs$d, index = cs$idx, convention = "stata")
    re <- panel_re(cs$f, cs$d, index = cs$idx, convention = "stata")
    h <- suppressWarnings(hausman_test(fe, re))
    ct <- contrast(fe, re, vcov(re)) # Stata's V_RE: s^2 (X*'X*)^-1
    ref <- stata_rule(ct$q, ct$V)
    expect_rel(unname(h$statistic), ref$statistic, info = nm)
    expect_identical(h$df, ref$df, info = nm)
  }
  # Gasoline: Stata and plm agree (302.8 on 3)
  cs <- hausman_cases()$Gasoline
  h <- suppressWarnings(hausman_test(panel_fe(cs$f, cs$d), panel_re(cs$f, cs$d),
                                     convention = "stata"))
  expect_printed(unname(h$statistic), 302.8, 1)
  expect_identical(h$df, 3L)
})

test_that("reported_by: what each program prints for the same two models, each with its own variance", {
  # before, every program's entry used the variances of the model's
  # convention: under "eviews" the plm entry was not phtest()'s number
  for (nm in names(hausman_cases())) {
    cs <- hausman_cases()[[nm]]
    fe <- panel_fe(cs$f, cs$d, index = cs$idx)            # EViews convention
    re <- panel_re(cs$f, cs$d, index = cs$idx)
    h <- suppressWarnings(hausman_test(fe, re))
    rb <- h$reported_by
    expect_identical(rb$program, c("plm", "stata", "eviews"))
    ph <- phtest_of(cs$f, cs$d, cs$idx)
    expect_rel(rb$statistic[1L], unname(ph$statistic), info = nm)
    expect_identical(rb$df[1L], as.integer(ph$parameter), info = nm)
    # Stata: its own random-effects fit (unweighted between regression in an
    # unbalanced panel) and s^2 (X*'X*)^-1
    re_s <- panel_re(cs$f, cs$d, index = cs$idx, convention = "stata")
    ct <- contrast(fe, re_s, vcov(re_s))
    ref <- stata_rule(ct$q, ct$V)
    expect_rel(rb$statistic[2L], ref$statistic, info = nm)
    expect_identical(rb$df[2L], ref$df, info = nm)
    # EViews: sigma2_e (X*'X*)^-1, the ordinary inverse when positive definite
    ct <- contrast(fe, re, vcov(re))
    V <- ct$V
    if (all(eigen(V, symmetric = TRUE)$values > 0)) {
      expect_rel(rb$statistic[3L], drop(t(ct$q) %*% solve(V, ct$q)), info = nm)
    } else {
      expect_identical(rb$statistic[3L], 0, info = nm)
    }
    expect_identical(unname(h$statistic), rb$statistic[3L], info = nm)
  }
  # a program without the estimator reports nothing
  cs <- hausman_cases()$Grunfeld
  h <- hausman_test(panel_fe(cs$f, cs$d), panel_re(cs$f, cs$d, re_method = "nerlove"))
  expect_true(is.na(h$reported_by$statistic[2L]) && is.na(h$reported_by$statistic[3L]))
  expect_match(h$reported_by$note[2L], "Stata has no Nerlove estimator")
  expect_false(is.na(h$reported_by$statistic[1L]))
  expect_output(print(h), "EViews has no Nerlove estimator")
})

test_that("either argument order; the output says which model is which", {
  g <- plm_data("Grunfeld")
  fe <- panel_fe(f_grun, g)
  re <- panel_re(f_grun, g)
  a <- hausman_test(fe, re)
  b <- hausman_test(re, fe) # refused before
  expect_identical(unname(b$statistic), unname(a$statistic))
  expect_identical(a$models, c(fixed = "x", random = "y"))
  expect_identical(b$models, c(fixed = "y", random = "x"))
  expect_match(b$data.name, "fixed effects: fe (`y`), random effects: re (`x`)", fixed = TRUE)
  expect_output(print(b), "fixed effects: fe (`y`)", fixed = TRUE)
  # the robust test needs only the random-effects model, in either place
  r1 <- hausman_test(re, type = "robust")
  r2 <- hausman_test(NULL, re, type = "robust")
  r3 <- hausman_test(fe, re, type = "robust")
  expect_identical(r1$statistic, r2$statistic)
  expect_identical(r1$statistic, r3$statistic)
  e <- expect_error(hausman_test(fe, panel_fe(f_grun, g)), class = "coagg_input_error")
  expect_match(conditionMessage(e), "both fixed-effects models")
  expect_error(hausman_test(re), class = "coagg_input_error") # classical needs both
  expect_error(hausman_test(fe, type = "robust"), class = "coagg_input_error")
})

test_that("models fitted to different data are refused, whatever their names and sizes", {
  g <- plm_data("Grunfeld")
  fe <- panel_fe(f_grun, g)
  # the issue's example: a reversed response gave chi2 = 358, p = 8e-80
  g_rev <- g
  g_rev$inv <- rev(g$inv)
  e <- expect_error(hausman_test(fe, panel_re(f_grun, g_rev)), class = "coagg_different_models")
  expect_s3_class(e, "coagg_input_error")
  expect_match(conditionMessage(e), "values of the response `inv`")
  g3 <- g
  g3$capital <- 3 * g$capital
  e <- expect_error(hausman_test(fe, panel_re(f_grun, g3)), class = "coagg_different_models")
  expect_match(conditionMessage(e), 'regressor "capital"')
  # the same data in another row order is the same data
  set.seed(2)
  gs <- g[sample(nrow(g)), ]
  expect_s3_class(hausman_test(fe, panel_re(f_grun, gs)), "coagg_hausman")
})

test_that("the result is also an htest", {
  g <- plm_data("Grunfeld")
  h <- hausman_test(panel_fe(f_grun, g), panel_re(f_grun, g))
  expect_s3_class(h, c("coagg_hausman", "htest"), exact = TRUE)
  for (nm in c("statistic", "parameter", "p.value", "method", "data.name", "alternative")) {
    expect_true(nm %in% names(h), info = nm)
  }
  expect_identical(names(h$statistic), "chisq")
  expect_identical(h$parameter, c(df = 2L))
  expect_identical(h$p.value, h$p_value)
  expect_identical(h$settings$convention, "eviews")
  expect_identical(h$type, "classical")
  # print() is ours; stats' htest printer works on it too
  expect_output(print(h), "Chi-Sq. Statistic")
  expect_output(stats:::print.htest(h), "chisq")
  ht <- as_htest(h)
  expect_identical(class(ht), "htest")
  expect_identical(ht$statistic, h$statistic)
  expect_output(print(ht), "chisq")
  expect_identical(as.data.frame(h),
                   data.frame(type = "classical", convention = "eviews",
                              statistic = unname(h$statistic), df = 2L, p_value = h$p_value))
})

test_that("plm and Stata spellings, and the old names, are refused with the argument to use", {
  g <- plm_data("Grunfeld")
  fe <- panel_fe(f_grun, g)
  re <- panel_re(f_grun, g)
  e <- expect_error(hausman_test(fe, re, method = "aux"), class = "coagg_foreign_argument")
  expect_match(conditionMessage(e), "`type`")
  e <- expect_error(hausman_test(fe = fe, re = re), class = "coagg_foreign_argument")
  expect_match(conditionMessage(e), "`x` and `y`")
  e <- expect_error(hausman_test(x = fe, re = re), class = "coagg_foreign_argument")
  expect_identical(e$arg, "re")
  expect_error(hausman_test(fe, x2 = re), class = "coagg_foreign_argument")
  expect_error(hausman_test(fe, re, sigmamore = TRUE), class = "coagg_foreign_argument")
})

test_that("Crime: a non-positive-definite difference: what each program prints, and a caveat", {
  cr <- plm_data("Crime")
  fe <- panel_fe(f_crime, cr, index = c("county", "year"), convention = "plm")
  re <- panel_re(f_crime, cr, index = c("county", "year"), convention = "plm")
  expect_warning(h <- hausman_test(fe, re), class = "coagg_hausman_not_pd")
  expect_false(h$positive_definite)
  # plain-R recomputation of the contrast
  ct <- contrast(fe, re, vcov(re))
  q <- ct$q
  V <- ct$V
  raw <- drop(t(q) %*% solve(V) %*% q)
  expect_lt(raw, 0)
  expect_rel(h$raw_statistic, raw)
  ev <- eigen(V, symmetric = TRUE)
  expect_rel(h$eigenvalues, ev$values)
  pos <- ev$values > 1e-8 * max(abs(ev$values))
  ginv <- sum(drop(crossprod(ev$vectors[, pos, drop = FALSE], q))^2 / ev$values[pos])
  expect_rel(h$generalised_statistic, ginv)
  expect_identical(h$generalised_df, sum(pos))
  # the headline under "plm" is phtest()'s absolute value on K df
  ph <- phtest_of(f_crime, cr, c("county", "year"))
  expect_rel(unname(h$statistic), unname(ph$statistic))
  expect_identical(h$df, 11L)
  expect_rel(h$reported_by$statistic[1L], unname(ph$statistic))
  # Stata prints the signed form without a p-value, EViews (believed) zero
  st <- stata_rule(q, V)
  expect_rel(h$reported_by$statistic[2L], st$statistic)
  expect_lt(st$statistic, 0)
  expect_true(is.na(h$reported_by$p_value[2L]))
  expect_identical(h$reported_by$statistic[3L] == 0, TRUE)
  hs <- suppressWarnings(hausman_test(fe, re, convention = "stata"))
  expect_rel(unname(hs$statistic), st$statistic)
  expect_true(is.na(hs$p_value) && hs$undefined)
  expect_match(hs$conclusion, "No p-value")
  he <- suppressWarnings(hausman_test(fe, re, convention = "eviews"))
  expect_identical(unname(he$statistic), 0)
  expect_identical(he$p_value, 1)
  expect_match(he$conclusion, "not positive definite")
  # recorded in the result and shown by print(), with the pointer to the robust test
  expect_match(paste(h$notes, collapse = " "), "not positive definite")
  out <- paste(utils::capture.output(print(h)), collapse = "\n")
  expect_match(out, "Generalised-inverse statistic", fixed = TRUE)
  expect_match(out, 'type = "robust"', fixed = TRUE)
})

test_that("no positive eigenvalue: no generalised statistic, and each program's number", {
  # plm::Crime, lcrmrte ~ lwtrd: Var(b_FE) - Var(b_RE) is a negative scalar.
  # plm's phtest() prints the absolute value of the quadratic form (18.581,
  # p = 1.6e-05); Stata the negative value without a p-value
  cr <- plm_data("Crime")
  f <- lcrmrte ~ lwtrd
  fe <- panel_fe(f, cr, index = c("county", "year"), convention = "plm")
  re <- panel_re(f, cr, index = c("county", "year"), convention = "plm")
  expect_warning(h <- hausman_test(fe, re), class = "coagg_hausman_not_pd")
  expect_lt(max(h$eigenvalues), 0)
  expect_identical(h$generalised_statistic, NA_real_)
  expect_identical(h$generalised_df, 0L)
  ph <- phtest_of(f, cr, c("county", "year"))
  expect_rel(unname(h$statistic), unname(ph$statistic))
  expect_rel(abs(h$raw_statistic), unname(ph$statistic))
  expect_match(paste(h$notes, collapse = " "), "no positive eigenvalue")
  hs <- suppressWarnings(hausman_test(fe, re, convention = "stata"))
  expect_lt(hs$statistic, 0)
  expect_identical(hs$p_value, NA_real_)
  expect_false(grepl("reject H0", hs$conclusion))
  out <- paste(utils::capture.output(print(hs)), collapse = "\n")
  expect_match(out, 'type = "robust"', fixed = TRUE)
  expect_false(grepl("Do not reject", out))
  # the robust test it points to is defined
  hr <- hausman_test(fe, re, type = "robust")
  expect_true(is.finite(hr$statistic))
  expect_identical(hr$df, 1L)
})

test_that("robust test equals plm's regression-based test where plm can run it", {
  g <- plm_data("Grunfeld")
  re <- panel_re(f_grun, g, index = c("firm", "year"), convention = "plm")
  a_cl <- plm::phtest(f_grun, data = g, index = c("firm", "year"), method = "aux")
  a_rb <- plm::phtest(f_grun, data = g, index = c("firm", "year"), method = "aux",
                      vcov = function(x) plm::vcovHC(x, type = "sss"))
  h_cl <- hausman_test(NULL, re, type = "robust", robust_vcov = "classical")
  h_rb <- hausman_test(NULL, re, type = "robust")
  expect_rel(unname(h_cl$statistic), unname(a_cl$statistic))
  expect_rel(unname(h_rb$statistic), unname(a_rb$statistic))
  expect_rel(h_rb$p_value, a_rb$p.value)
  expect_identical(h_rb$df, 2L)
  cr <- plm_data("Crime")
  f <- lcrmrte ~ lprbarr + lprbconv + lprbpris + lavgsen + lpolpc
  a <- plm::phtest(f, data = cr, index = c("county", "year"), method = "aux",
                   vcov = function(x) plm::vcovHC(x, type = "sss"))
  h <- hausman_test(f, data = cr, index = c("county", "year"), type = "robust",
                    convention = "plm")
  expect_rel(unname(h$statistic), unname(a$statistic))
})

test_that("robust test works with factor(year) and time-invariant regressors", {
  cr <- plm_data("Crime")
  cr$west <- as.numeric(cr$region == "west") # time-invariant
  f <- lcrmrte ~ lprbarr + lprbconv + lprbpris + lavgsen + lpolpc + factor(year) + west
  re <- panel_re(f, cr, index = c("county", "year"), convention = "plm")
  h <- hausman_test(NULL, re, type = "robust")
  # plain-R Mundlak regression on the quasi-demeaned data, CR1 by county
  X <- stats::model.matrix(f, cr)
  y <- cr$lcrmrte
  g <- cr$county
  th <- unname(re$theta[as.character(g)])
  mx <- apply(X, 2, function(v) stats::ave(v, g))
  tv <- c("lprbarr", "lprbconv", "lprbpris", "lavgsen", "lpolpc")
  Z <- cbind(X - th * mx, (1 - th) * mx[, tv])
  ys <- y - th * stats::ave(y, g)
  fit <- stats::lm.fit(Z, ys)
  Zk <- Z[, !is.na(fit$coefficients)]
  u <- fit$residuals
  B <- solve(crossprod(Zk))
  S <- rowsum(Zk * u, g)
  n <- nrow(Zk); k <- ncol(Zk); G <- length(unique(g))
  V <- B %*% crossprod(S) %*% B * G / (G - 1) * (n - 1) / (n - k)
  idx <- (k - 4):k
  gam <- drop(B %*% crossprod(Zk, ys))[idx]
  W <- drop(t(gam) %*% solve(V[idx, idx], gam))
  expect_rel(unname(h$statistic), W)
  expect_identical(h$df, 5L)
  expect_rel(unname(h$coefficients), unname(gam))
  # the year-dummy means are collinear in a balanced panel: left out, and said
  expect_match(paste(h$notes, collapse = " "), "factor\\(year\\)82")
  expect_output(print(h), "Mundlak")
  # the same on the formula in the issue, without the time-invariant regressor
  h2 <- hausman_test(f_crime, data = cr, index = c("county", "year"), type = "robust")
  expect_identical(h2$df, 5L)
  expect_true(is.finite(h2$statistic))
  expect_match(h2$conclusion, "Reject H0")
})

test_that("EViews convention scales the random-effects variance by sigma2_e", {
  g <- plm_data("Grunfeld")
  fe <- panel_fe(f_grun, g, index = c("firm", "year"))
  re <- panel_re(f_grun, g, index = c("firm", "year"))
  h <- hausman_test(fe, re)
  expect_identical(h$convention, "eviews")
  cf <- c("value", "capital")
  q <- coef(fe)[cf] - coef(re)[cf]
  V <- vcov(fe)[cf, cf] - vcov(re)[cf, cf] # both classical: s2_W and sigma2_e scaling
  expect_rel(unname(h$statistic), drop(t(q) %*% solve(V, q)), bound = 1e-10)
  # with Swamy-Arora sigma2_e equals the within s^2, so the difference is
  # sigma2_e [(X_W'X_W)^-1 - (X*'X*)^-1]: positive definite here
  expect_true(h$positive_definite)
  # EViews' per-coefficient Prob.: 2 (1 - Phi(|d| / sqrt(Var(Diff.))))
  expect_rel(h$comparisons$p_value, unname(2 * stats::pnorm(-abs(q) / sqrt(diag(V)))),
             bound = 1e-12)
  expect_output(print(h), "Var\\(Diff.\\)")
  # the same fit under "plm" gives plm's variances
  expect_false(isTRUE(all.equal(h$statistic, hausman_test(fe, re, convention = "plm")$statistic)))
})

test_that("bad input to hausman_test() is a classed error", {
  g <- plm_data("Grunfeld")
  fe <- panel_fe(f_grun, g, index = c("firm", "year"))
  re <- panel_re(f_grun, g, index = c("firm", "year"))
  expect_error(hausman_test(fe, re, type = "wald"), class = "coagg_input_error")
  expect_error(hausman_test(fe, "re"), class = "coagg_input_error")
  re_small <- panel_re(f_grun, g[g$firm <= 5, ], index = c("firm", "year"))
  expect_error(hausman_test(fe, re_small), class = "coagg_different_models")
  expect_error(hausman_test(f_grun, index = c("firm", "year")), class = "coagg_input_error")
  expect_error(hausman_test(fe, re, alpha = 2), class = "coagg_input_error")
  fe2 <- panel_fe(f_grun, g, index = c("firm", "year"), effect = "twoways")
  expect_error(hausman_test(fe2, re), class = "coagg_input_error")
  expect_error(hausman_test(), class = "coagg_input_error")
  fake <- structure(list(), class = "coagg_panel")
  expect_error(hausman_test(fake, fake), class = "coagg_input_error")
})

test_that("tidy() works on a Hausman result when broom is installed", {
  skip_if_no_crosscheck("broom")
  g <- plm_data("Grunfeld")
  h <- hausman_test(f_grun, data = g, index = c("firm", "year"))
  td <- getExportedValue("broom", "tidy")(h)
  expect_equal(td$statistic, unname(h$statistic))
  expect_equal(td$parameter, h$df)
})

test_that("hausman_test() refuses models of different responses, regressors or rows", {
  g <- plm_data("Grunfeld")
  idx <- c("firm", "year")
  fe <- panel_fe(f_grun, g, index = idx)
  e <- expect_error(hausman_test(fe, panel_re(log(inv) ~ value + capital, g, index = idx)),
                    class = "coagg_input_error")
  expect_match(conditionMessage(e), "different responses")
  expect_error(hausman_test(fe, panel_re(value ~ inv + capital, g, index = idx)),
               class = "coagg_input_error")
  e <- expect_error(hausman_test(fe, panel_re(inv ~ value + capital + I(value^2), g, index = idx)),
                    class = "coagg_input_error")
  expect_identical(e$column, "I(value^2)")
  e <- expect_error(hausman_test(panel_fe(inv ~ value, g, index = idx),
                                 panel_re(f_grun, g, index = idx)),
                    class = "coagg_input_error")
  expect_match(conditionMessage(e), "different regressors")
  # as many rows, but not the same ones
  g1 <- g
  g1$value[3] <- NA
  g2 <- g
  g2$value[5] <- NA
  fe1 <- panel_fe(f_grun, g1, index = idx)
  re2 <- panel_re(f_grun, g2, index = idx)
  e <- expect_error(hausman_test(fe1, re2), class = "coagg_input_error")
  expect_match(conditionMessage(e), "different rows")
  expect_error(hausman_test(fe, panel_re(inv ~ value + offset(capital), g, index = idx)),
               class = "coagg_input_error")
  # matching models are accepted
  re1 <- panel_re(f_grun, g1, index = idx)
  expect_s3_class(hausman_test(fe1, re1), "coagg_hausman")
})

test_that("both Hausman tests handle offset() terms as a shift of the response", {
  g <- plm_data("Grunfeld")
  g$y2 <- g$inv - g$capital
  idx <- c("firm", "year")
  fo <- inv ~ value + offset(capital)
  fr <- y2 ~ value
  a <- hausman_test(panel_fe(fo, g, index = idx), panel_re(fo, g, index = idx))
  b <- hausman_test(panel_fe(fr, g, index = idx), panel_re(fr, g, index = idx))
  expect_rel(a$statistic, b$statistic, bound = 1e-10)
  ar <- hausman_test(NULL, panel_re(fo, g, index = idx), type = "robust")
  br <- hausman_test(NULL, panel_re(fr, g, index = idx), type = "robust")
  expect_rel(ar$statistic, br$statistic, bound = 1e-10)
  expect_rel(ar$coefficients, br$coefficients, bound = 1e-10)
})

test_that("the robust test is invariant to a regressor's scale of 1e12 (fuzz regression)", {
  # solve() called the covariance of the mean terms singular
  set.seed(21) # simulated data
  N <- 20; T <- 5
  d <- data.frame(id = rep(seq_len(N), each = T), t = rep(seq_len(T), N))
  a <- rep(rnorm(N), each = T)
  d$x1 <- rnorm(N * T) + a
  d$x2 <- rnorm(N * T)
  d$y <- 1 + 0.5 * d$x1 - 0.3 * d$x2 + a + rnorm(N * T)
  d2 <- d
  d2$x1 <- d2$x1 * 1e12
  for (v in c("cluster", "classical")) {
    h <- hausman_test(NULL, panel_re(y ~ x1 + x2, d, index = c("id", "t")), type = "robust",
                      robust_vcov = v)
    h2 <- hausman_test(NULL, panel_re(y ~ x1 + x2, d2, index = c("id", "t")), type = "robust",
                       robust_vcov = v)
    expect_equal(h2$statistic, h$statistic, tolerance = 1e-7, info = v)
  }
})

test_that("a singular robust covariance is a classed error, not a LAPACK error (fuzz regression)", {
  # simulated: 3 units x 2 periods, a response of zeros (an exact fit)
  d <- data.frame(id = rep(1:3, each = 2), t = rep(1:2, 3),
                  x1 = c(-0.78, 1.23, -1.18, 0.98, 1.05, 3.09), x2 = c(1, 3, 2, 5, 4, 4), y = 0)
  re <- suppressWarnings(panel_re(y ~ x1, d, index = c("id", "t")))
  expect_error(hausman_test(NULL, re, type = "robust"), class = "coagg_input_error")
})
