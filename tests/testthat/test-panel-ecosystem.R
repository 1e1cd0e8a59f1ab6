# Panel models in the R modelling ecosystem (R/panel-methods.R): summary()
# coefficients as lm has them, stars, the headline statistics that
# summary() prints and glance() returns, df.residual() for lmtest,
# logLik() / AIC() / BIC(), model.matrix(), terms(), update(), augment(),
# and texreg / modelsummary when they are installed.

# A printed number, matched by `pattern` (one capture group) in the lines
# of `out`, and whether `value` rounds to it: within half a unit of its last
# printed digit (mantissa digits for scientific notation).
printed_number <- function(out, pattern) {
  m <- regmatches(out, regexec(pattern, out, perl = TRUE))
  hit <- Filter(function(z) length(z) == 2L, m)
  if (!length(hit)) return(NULL)
  hit[[1L]][2L]
}

expect_prints <- function(value, out, pattern, info = NULL) {
  txt <- printed_number(out, pattern)
  expect_false(is.null(txt), info = paste(info, "- no line matches", pattern))
  if (is.null(txt)) return(invisible())
  mant <- sub("[eE].*$", "", txt)
  ex <- if (grepl("[eE]", txt)) as.numeric(sub("^.*[eE]", "", txt)) else 0
  dec <- if (grepl(".", mant, fixed = TRUE)) nchar(sub("^[^.]*\\.", "", mant)) else 0
  half <- 0.5 * 10^(ex - dec)
  expect_lte(abs(value - as.numeric(txt)), half * (1 + 1e-9),
             label = sprintf("%s: |glance %s - printed %s|", info, format(value, digits = 10), txt))
}

num <- "(-?[0-9.]+(?:e[-+]?[0-9]+)?)"

weak_panel <- function() {
  # effects weak enough that the p-values print as numbers
  set.seed(319)
  d <- data.frame(id = rep(1:25, each = 13), t = rep(1:13, 25))
  d$x1 <- rnorm(325) + rep(rnorm(25), each = 13)
  d$x2 <- rnorm(325)
  d$y <- 0.12 * d$x1 + 0.1 * d$x2 + rep(rnorm(25), each = 13) + rnorm(325)
  d
}

test_that("glance() reports what summary() prints, for every model and convention", {
  for (d in list(grunfeld_data = grunfeld(), weak = weak_panel())) {
    f <- if ("inv" %in% names(d)) f_grun else y ~ x1 + x2
    for (conv in c("eviews", "plm", "stata")) {
      for (vc in c("classical", "cluster")) {
        fits <- list(re = panel_re(f, d, convention = conv, vcov = vc),
                     fe = panel_fe(f, d, convention = conv, vcov = vc),
                     pooled = panel_pooled(f, d, convention = conv, vcov = vc))
        for (nm in names(fits)) {
          m <- fits[[nm]]
          info <- paste(nm, conv, vc)
          out <- utils::capture.output(print(summary(m)))
          gl <- glance_coagg_panel(m)
          expect_identical(nrow(gl), 1L)
          if (nm == "re" && conv == "eviews") {
            w <- out[seq(grep("^Weighted statistics", out), length(out))]
            expect_prints(gl$r.squared, w, paste0("^R-squared\\s+", num), info)
            expect_prints(gl$adj.r.squared, w, paste0("^Adjusted R-squared\\s+", num), info)
            expect_prints(gl$statistic, w, paste0("^F-statistic\\s+", num), info)
            expect_prints(gl$p.value, w, paste0("^Prob\\(F-statistic\\)\\s+", num), info)
            u <- out[seq(grep("^Unweighted statistics", out), length(out))]
            expect_prints(gl$unweighted.r.squared, u, paste0("^R-squared\\s+", num), info)
          } else if (nm == "re" && conv == "plm") {
            expect_prints(gl$r.squared, out, paste0("^plm R-squared .*: ", num, ";"), info)
            expect_prints(gl$adj.r.squared, out, paste0("adjusted: ", num, "$"), info)
            expect_prints(gl$statistic, out, paste0("^Chisq: ", num, " on"), info)
            expect_prints(gl$df, out, "^Chisq: .* on ([0-9]+) DF", info)
          } else if (conv == "stata" && nm != "pooled") {
            expect_prints(gl$within.r.squared, out, paste0("^R-sq: within = ", num, ","), info)
            expect_prints(gl$between.r.squared, out, paste0("between = ", num, ","), info)
            expect_prints(gl$overall.r.squared, out, paste0("overall = ", num, "$"), info)
            expect_prints(gl$r.squared, out, paste0(if (nm == "re") "overall" else "within",
                                                    " = ", num), info)
            if (nm == "re") {
              expect_prints(gl$statistic, out, paste0("^Wald chi2\\([0-9]+\\) = ", num), info)
            } else {
              expect_prints(gl$statistic, out, paste0("^F\\([0-9]+, [0-9]+\\) = ", num), info)
              expect_prints(gl$df.residual, out, "^F\\([0-9]+, ([0-9]+)\\)", info)
            }
            expect_true(is.na(gl$adj.r.squared))
          } else if (nm == "fe" && conv == "eviews") {
            expect_prints(gl$r.squared, out, paste0("^R-squared \\(dummy-variable regression\\)\\s+", num), info)
            expect_prints(gl$adj.r.squared, out, paste0("^Adjusted R-squared\\s+", num), info)
            expect_prints(gl$statistic, out, paste0("^F-statistic \\(all effects and slopes\\)\\s+", num), info)
            expect_prints(gl$within.r.squared, out, paste0("^R-squared within\\s+", num), info)
          } else if (nm == "fe" && conv == "plm") {
            expect_prints(gl$r.squared, out, paste0("^plm: R-squared \\(within\\) ", num, ";"), info)
            expect_prints(gl$adj.r.squared, out, paste0("adjusted: ", num, "$"), info)
            expect_prints(gl$statistic, out, paste0("^F-statistic \\(slopes\\): ", num), info)
          } else if (nm == "pooled") {
            expect_prints(gl$r.squared, out, paste0("^R-squared\\s+", num), info)
            expect_prints(gl$adj.r.squared, out, paste0("^Adjusted R-squared\\s+", num), info)
            pat <- switch(conv, eviews = paste0("^F-statistic\\s+", num),
                          plm = paste0("^F-statistic \\(slopes\\): ", num),
                          stata = paste0("^F\\([0-9]+, [0-9]+\\) = ", num))
            expect_prints(gl$statistic, out, pat, info)
          }
          # the coefficient table: summary()'s matrix is what is printed
          s <- summary(m)
          expect_true(is.numeric(s$coefficients) && is.matrix(s$coefficients), info = info)
          expect_identical(gl$df.residual, if (s$dist$type == "z") Inf else s$dist$df, info = info)
          expect_identical(gl$nobs, m$n_obs)
        }
      }
    }
  }
})

test_that("the headline statistics are the ones the issue found wrong in glance()", {
  # before: glance() of FE gave the dummy-variable R-squared and F under
  # every convention, and of RE the Wald chi-square under EViews' (whose
  # printed headline is the weighted F)
  d <- weak_panel()
  fe <- panel_fe(y ~ x1 + x2, d, convention = "plm")
  gl <- glance_coagg_panel(fe)
  expect_equal(gl$r.squared, summary(fe)$gof$r2_within)
  expect_false(isTRUE(all.equal(gl$r.squared, summary(fe)$gof$lsdv[["r_squared"]])))
  re <- panel_re(y ~ x1 + x2, d)
  gl <- glance_coagg_panel(re)
  expect_identical(gl$statistic.kind, "F")
  expect_equal(gl$statistic, summary(re)$gof$weighted[["f_statistic"]])
})

test_that("the slope F of plm's summary is reproduced (classical and cluster-robust)", {
  skip_if_no_crosscheck("plm")
  g <- grunfeld()
  for (vc in c("classical", "cluster")) {
    fe <- panel_fe(f_grun, g, convention = "plm", vcov = vc)
    po <- panel_pooled(f_grun, g, convention = "plm", vcov = vc)
    pw <- plm::plm(f_grun, g, index = c("firm", "year"), model = "within")
    pp <- plm::plm(f_grun, g, index = c("firm", "year"), model = "pooling")
    rob <- function(x) plm::vcovHC(x, type = "sss", cluster = "group")
    sw <- if (vc == "classical") summary(pw) else summary(pw, vcov = rob)
    sp <- if (vc == "classical") summary(pp) else summary(pp, vcov = rob)
    for (k in list(list(fe, sw), list(po, sp))) {
      gl <- glance_coagg_panel(k[[1L]])
      fs <- k[[2L]]$fstatistic
      expect_rel(gl$statistic, unname(fs$statistic), bound = 1e-9, info = vc)
      expect_rel(c(gl$df, glance_coagg_panel(k[[1L]])$df), unname(fs$parameter)[c(1, 1)],
                 bound = 1e-12, info = vc)
      expect_rel(panel_headline(k[[1L]])$df2, unname(fs$parameter)[2], bound = 1e-12, info = vc)
      expect_rel(gl$p.value, unname(fs$p.value), bound = 1e-8, info = vc)
    }
  }
})

test_that("summary()$coefficients is lm's numeric matrix; stars print on request", {
  g <- grunfeld()
  po <- panel_pooled(f_grun, g)
  s <- summary(po)
  ls <- summary(stats::lm(f_grun, g))$coefficients
  expect_identical(colnames(s$coefficients), colnames(ls))
  expect_identical(rownames(s$coefficients), rownames(ls))
  expect_rel(s$coefficients, ls, bound = 1e-9)
  expect_identical(dim(round(s$coefficients, 3)), c(3L, 4L))
  re <- panel_re(f_grun, g, convention = "plm")
  expect_identical(colnames(summary(re)$coefficients),
                   c("Estimate", "Std. Error", "z value", "Pr(>|z|)"))
  # stars: none by default, on request from summary() or print()
  d <- weak_panel()
  m <- panel_re(y ~ x1 + x2, d)
  p <- summary(m)$coefficients[, 4]
  plain <- utils::capture.output(print(summary(m)))
  expect_false(any(grepl("Signif", plain)))
  for (out in list(utils::capture.output(print(summary(m, stars = TRUE))),
                   utils::capture.output(print(summary(m), stars = TRUE)))) {
    expect_true(any(grepl("^Signif.: \\*\\*\\* p < 0.01, \\*\\* p < 0.05, \\* p < 0.1$", out)))
    for (term in names(p)) {
      line <- out[startsWith(out, term)]
      want <- sum(p[[term]] < c(0.1, 0.05, 0.01))
      expect_identical(nchar(gsub("[^*]", "", line)), want, info = term)
    }
  }
  out <- utils::capture.output(print(summary(m), stars = TRUE, star_levels = c(0.5, 0.2)))
  expect_true(any(grepl("^Signif.: \\*\\* p < 0.2, \\* p < 0.5$", out)))
  expect_error(summary(m, stars = TRUE, star_levels = c(0.1, 2)), class = "coagg_input_error")
  expect_error(summary(m, stars = "yes"), class = "coagg_input_error")
})

test_that("df.residual() makes lmtest::coeftest() use the summary's distribution", {
  skip_if_no_crosscheck("lmtest")
  d <- weak_panel()
  for (conv in c("eviews", "plm", "stata")) {
    for (vc in c("classical", "cluster")) {
      for (m in list(panel_re(y ~ x1 + x2, d, convention = conv, vcov = vc),
                     panel_fe(y ~ x1 + x2, d, convention = conv, vcov = vc),
                     panel_pooled(y ~ x1 + x2, d, convention = conv, vcov = vc))) {
        ct <- lmtest::coeftest(m)
        s <- summary(m)$coefficients
        info <- paste(m$model_type, conv, vc)
        expect_rel(unclass(ct)[, 4], s[, 4], bound = 1e-10, info = info)
        expect_identical(colnames(ct)[3], colnames(s)[3], info = info)
      }
    }
  }
  # the issue's case: RE under EViews' convention, t(n - K), not z
  re <- panel_re(y ~ x1 + x2, d)
  expect_identical(df.residual(re), 322L)
  expect_identical(colnames(lmtest::coeftest(re))[4], "Pr(>|t|)")
})

test_that("logLik() of pooled and fixed-effects models is lm's; AIC and BIC follow", {
  g <- grunfeld()
  d <- weak_panel()
  d$y[c(4, 40)] <- NA # rows dropped: the likelihood is of the rows used
  cases <- list(
    list(panel_pooled(f_grun, g), stats::lm(f_grun, g)),
    list(panel_fe(f_grun, g), stats::lm(inv ~ value + capital + factor(firm), g)),
    list(panel_fe(f_grun, g, convention = "plm"), stats::lm(inv ~ value + capital + factor(firm), g)),
    list(panel_fe(f_grun, g, effect = "twoways"),
         stats::lm(inv ~ value + capital + factor(firm) + factor(year), g)),
    list(panel_fe(y ~ x1 + x2, d), stats::lm(y ~ x1 + x2 + factor(id), d)))
  for (k in cases) {
    ours <- logLik(k[[1L]])
    ref <- logLik(k[[2L]])
    expect_rel(as.numeric(ours), as.numeric(ref), bound = 1e-11)
    expect_identical(attr(ours, "df"), as.integer(attr(ref, "df")))
    expect_identical(nobs(ours), nobs(ref))
    expect_rel(AIC(k[[1L]]), AIC(k[[2L]]), bound = 1e-11)
    expect_rel(BIC(k[[1L]]), BIC(k[[2L]]), bound = 1e-11)
  }
})

test_that("the random-effects log-likelihood is the error-components Gaussian density", {
  # (1) a dense multivariate normal density, unit by unit, at the model's
  # own estimates, in an unbalanced panel
  d <- weak_panel()
  d <- d[-c(3, 17, 18, 200), ]
  m <- panel_re(y ~ x1 + x2, d, index = c("id", "t"))
  e <- d$y - drop(stats::model.matrix(~ x1 + x2, d) %*% coef(m))
  s2e <- m$sigma2[["idios"]]
  s2u <- m$sigma2[["id"]]
  dense <- sum(vapply(split(e, d$id), function(ei) {
    n <- length(ei)
    S <- diag(s2e, n) + s2u
    R <- chol(S)
    z <- backsolve(R, ei, transpose = TRUE)
    -0.5 * (n * log(2 * pi) + 2 * sum(log(diag(R))) + sum(z^2))
  }, 0))
  ll <- logLik(m)
  expect_rel(as.numeric(ll), dense, bound = 1e-12)
  expect_identical(attr(ll, "df"), 5L)
  expect_rel(AIC(m), -2 * dense + 2 * 5, bound = 1e-12)
  # (2) the same function at nlme's maximum-likelihood estimates is nlme's
  # maximised log-likelihood (the function Stata's xtreg, mle maximises)
  skip_if_not_installed("nlme")
  fit <- nlme::lme(y ~ x1 + x2, random = ~ 1 | id, data = d, method = "ML")
  r <- d$y - drop(stats::model.matrix(~ x1 + x2, d) %*% nlme::fixef(fit))
  vc <- as.numeric(nlme::VarCorr(fit)[, "Variance"])
  mine <- re_gaussian_loglik(r, match(d$id, unique(d$id)) - 1L, vc[2], vc[1])
  expect_rel(mine, as.numeric(logLik(fit)), bound = 1e-8)
  # FGLS is not the maximum: its likelihood is at most the maximum
  expect_lte(as.numeric(ll), as.numeric(logLik(fit)) + 1e-8)
})

test_that("model.matrix(), terms(), update() and augment()", {
  g <- grunfeld()
  m <- panel_re(f_grun, g)
  X <- model.matrix(m)
  expect_identical(dim(X), c(200L, 3L))
  expect_rel(unname(X), unname(stats::model.matrix(f_grun, g)), bound = 1e-15, zero_abs = 1e-300)
  expect_identical(attr(terms(m), "term.labels"), c("value", "capital"))
  m2 <- update(m, . ~ . - capital)
  expect_identical(names(coef(m2)), c("(Intercept)", "value"))
  expect_identical(m2$model_type, "random")
  m3 <- update(m, convention = "plm")
  expect_identical(m3$convention, "plm")
  expect_rel(coef(m3), coef(panel_re(f_grun, g, convention = "plm")), bound = 1e-14)
  # augment(): keys, the model frame, fitted + residual = response
  a <- augment_coagg_panel(m)
  expect_identical(names(a), c("firm", "year", "inv", "value", "capital", ".fitted", ".resid"))
  expect_rel(a$.fitted + a$.resid, g$inv, bound = 1e-12)
  expect_identical(a$firm, as.character(g$firm))
  # with data: the rows used, the dropped ones left out
  d <- weak_panel()
  d$x1[c(5, 9)] <- NA
  fe <- panel_fe(y ~ x1 + x2, d)
  a <- augment_coagg_panel(fe, data = d)
  expect_identical(nrow(a), 323L)
  expect_rel(a$.fitted + a$.resid, d$y[-c(5, 9)], bound = 1e-12)
  e <- expect_error(augment_coagg_panel(fe, data = d[-1, ]), class = "coagg_input_error")
  expect_identical(e$arg, "data")
  a <- augment_coagg_panel(m, newdata = g[1:3, ])
  expect_rel(a$.fitted, unname(fitted(m))[1:3], bound = 1e-12)
})

test_that("broom's tidy(), glance() and augment() are registered for the models", {
  skip_if_no_crosscheck("broom")
  g <- grunfeld()
  m <- panel_fe(f_grun, g, convention = "plm")
  expect_identical(broom::glance(m), glance_coagg_panel(m))
  expect_identical(broom::augment(m), augment_coagg_panel(m))
  td <- broom::tidy(m, conf.int = TRUE, conf.level = 0.9)
  expect_rel(td$conf.low, unname(confint(m, level = 0.9)[, 1]), bound = 1e-12)
  # modelsummary reads these columns: no list columns, one row
  gl <- broom::glance(m)
  expect_true(all(vapply(gl, is.atomic, TRUE)))
})

test_that("texreg's extract() is registered when texreg is installed", {
  skip_if_not_installed("texreg")
  g <- grunfeld()
  fe <- panel_fe(f_grun, g)
  re <- panel_re(f_grun, g)
  tr <- expect_silent(texreg::extract(re))
  expect_rel(tr@coef, unname(coef(re)), bound = 1e-14)
  expect_rel(tr@se, unname(sqrt(diag(vcov(re)))), bound = 1e-14)
  expect_true("R-squared (weighted)" %in% tr@gof.names)
  out <- expect_silent(texreg::screenreg(list(fe, re)))
  expect_match(out, "R-squared (dummy variables)", fixed = TRUE)
})

test_that("modelsummary works through tidy() and glance() without warnings", {
  skip_if_not_installed("modelsummary")
  g <- grunfeld()
  ms <- expect_silent(modelsummary::modelsummary(
    list(FE = panel_fe(f_grun, g), RE = panel_re(f_grun, g)), output = "data.frame"))
  expect_true("R2" %in% ms$term)
})
