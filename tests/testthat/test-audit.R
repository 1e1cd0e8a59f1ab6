round_chr <- function(x, d) formatC(x, digits = d, format = "f")

plm_tables <- function() {
  skip_if_no_crosscheck("plm")
  data("Grunfeld", package = "plm", envir = environment())
  re <- plm::plm(inv ~ value + capital, data = Grunfeld, model = "random")
  fe <- plm::plm(inv ~ value + capital, data = Grunfeld, model = "within")
  list(re = summary(re)$coefficients, fe = summary(fe)$coefficients,
       fe_df = fe$df.residual)
}

test_that("tables printed from plm output pass clean at several roundings", {
  tb <- plm_tables()
  for (d in c(3, 4, 6)) {
    re <- tb$re
    a <- audit_coef_table(round_chr(re[, 1], d + 2), round_chr(re[, 2], d + 2),
                          round_chr(re[, 3], d), round_chr(re[, 4], d + 1),
                          df = Inf, term = rownames(re))
    expect_true(all(a$statistic_ok), info = paste("RE, digits", d))
    expect_true(all(a$p_ok), info = paste("RE, digits", d))
    fe <- tb$fe
    a <- audit_coef_table(round_chr(fe[, 1], d + 2), round_chr(fe[, 2], d + 2),
                          round_chr(fe[, 3], d), round_chr(fe[, 4], d + 1),
                          df = tb$fe_df, term = rownames(fe))
    expect_true(all(a$statistic_ok), info = paste("FE, digits", d))
    expect_true(all(a$p_ok), info = paste("FE, digits", d))
  }
  # numeric input (decimals inferred) passes too
  a <- audit_coef_table(tb$re[, 1], tb$re[, 2], tb$re[, 3], tb$re[, 4], df = Inf)
  expect_true(all(a$statistic_ok) && all(a$p_ok))
})

test_that("corrupted copies of a plm table are flagged, with the slip named", {
  tb <- plm_tables()
  fe <- tb$fe
  est <- round_chr(fe[, 1], 6); se <- round_chr(fe[, 2], 6)
  tt <- round_chr(fe[, 3], 4)
  # build a table whose p-values are moderate, so that slips are visible:
  # use the same estimates with standard errors inflated 8-fold
  se8 <- round_chr(fe[, 2] * 8, 6)
  t8 <- round_chr(fe[, 1] / (fe[, 2] * 8), 4)
  p8 <- 2 * pt(-abs(fe[, 1] / (fe[, 2] * 8)), tb$fe_df)
  ok <- audit_coef_table(est, se8, t8, round_chr(p8, 4), df = tb$fe_df)
  expect_true(all(ok$p_ok) && all(ok$statistic_ok))

  shifted <- audit_coef_table(est, se8, t8, round_chr(p8 / 10, 5), df = tb$fe_df)
  expect_false(any(shifted$p_ok))
  expect_match(shifted$finding, "decimal shift")

  one <- audit_coef_table(est, se8, t8, round_chr(p8 / 2, 4), df = tb$fe_df)
  expect_false(any(one$p_ok))
  expect_match(one$finding, "one-sided")

  swapped <- audit_coef_table(est, se8, t8, round_chr(rev(p8), 4), df = tb$fe_df)
  expect_false(any(swapped$p_ok))

  bad_t <- audit_coef_table(est, se, round_chr(fe[, 3] * 1.01, 4), df = tb$fe_df)
  expect_false(any(bad_t$statistic_ok))
  expect_match(bad_t$finding[1], "estimate / std. error")

  sign_t <- audit_coef_table(est, se, round_chr(-fe[, 3], 4), df = tb$fe_df)
  expect_match(sign_t$finding[1], "opposite sign")

  z_for_t <- audit_coef_table(est, se8, t8,
                              round_chr(2 * pnorm(-abs(fe[, 1] / (fe[, 2] * 8))), 4),
                              df = 5)
  expect_match(z_for_t$finding[1], "normal")
})

test_that("stars are checked against the printed and the recomputed p", {
  a <- audit_coef_table(c("1.0", "1.0", "1.0"), statistic = c("2.5", "1.8", "0.5"),
                        p_value = c("0.0124", "0.0719", "0.6171"),
                        stars = c("**", "*", "*"), df = Inf)
  expect_identical(a$p_ok, c(TRUE, TRUE, TRUE))
  expect_identical(a$stars_ok, c(TRUE, TRUE, FALSE))
  expect_match(a$finding[3], "1 star printed, but p = 0.6171 earns 0")
  b <- audit_coef_table("1.0", statistic = "2.5", p_value = "0.0124", stars = NA_character_)
  expect_true(is.na(b$stars_ok))
})

test_that("the Zhejiang Table 4 audit finds what a hand computation finds", {
  t_pr <- c(7.234906, 1.184125, 0.332269, 0.224803, 0.050075, 0.278282)
  a <- audit_coef_table(
    estimate  = c("0.650662", "0.501983", "0.186744", "0.025669", "0.028133", "0.187812"),
    statistic = c("7.234906", "1.184125", "0.332269", "0.224803", "0.050075", "0.278282"),
    p_value   = c("0.0000", "0.02410", "0.07408", "0.07818", "0.09602", "0.07818"),
    stars     = c(NA, "**", "*", "*", "*", "*"),
    term = c("(Intercept)", "electronic", "CBECL", "IoIAI", "Express", "BFEC"), df = 60)
  expect_equal(a$implied_p_two_sided, 2 * pt(-t_pr, 60), tolerance = 1e-12)
  expect_identical(a$p_ok, c(TRUE, FALSE, FALSE, FALSE, FALSE, FALSE))
  expect_match(a$finding[c(2, 3, 5, 6)], "divided by 10")
  expect_match(a$finding[4], "same p is printed for BFEC")
  # the stars agree with the printed p, but not with the recomputed one
  expect_identical(a$stars_ok, c(NA, TRUE, TRUE, TRUE, TRUE, TRUE))
  expect_match(a$finding[2], "recomputed p = 0.2410 earns 0 stars, not 2")
  # implied standard errors when only estimate and t are printed
  expect_equal(a$implied_std_error[2], 0.501983 / 1.184125, tolerance = 1e-12)
  out <- capture.output(print(a))
  expect_true(any(grepl("5 of 6 rows cannot be right as printed", out)))
})

test_that("the chi-square audit finds the df that reproduce a printed p", {
  q <- qchisq(0.0346, 5, lower.tail = FALSE)
  a <- audit_chisq(round_chr(q, 4), "0.0346", df = 5)
  expect_true(5 %in% a$matching_df)
  h <- audit_chisq("12.0105", "0.0853", df = 5)
  expect_length(h$matching_df, 0)
  expect_equal(h$p_at_df, pchisq(12.0105, 5, lower.tail = FALSE), tolerance = 1e-12)
  expect_equal(pchisq(12.0105, h$exact_df, lower.tail = FALSE), 0.0853, tolerance = 1e-8)
  expect_match(paste(h$finding, collapse = " "), "opposite decisions")
  expect_output(print(h), "whole df reproducing the printed p: none")
})

test_that("bad input gives classed errors naming argument and row", {
  expect_error(audit_coef_table(c(1, 2), std_error = 1), class = "coagg_input_error")
  e <- expect_error(audit_coef_table(c(1, 2), p_value = c("0.1", "abc")),
                    class = "coagg_input_error")
  expect_identical(e$row, 2L); expect_identical(e$arg, "p_value")
  e <- expect_error(audit_coef_table(c(1, 2), p_value = c(0.1, 1.5)), class = "coagg_input_error")
  expect_identical(e$row, 2L)
  expect_error(audit_coef_table(1), class = "coagg_input_error")
  expect_error(audit_coef_table(1, statistic = 2, df = -1), class = "coagg_input_error")
  expect_error(audit_coef_table(c(1, 2), statistic = c(1, 2), df = c(1, 2, 3)),
               class = "coagg_input_error")
  expect_error(audit_coef_table(1, statistic = 2, stars = "x"), class = "coagg_input_error")
  expect_error(audit_chisq(-1, 0.5), class = "coagg_input_error")
  expect_error(audit_chisq(1, 2), class = "coagg_input_error")
  x <- c(1, 2); y <- c("0.5", "0.1"); x0 <- x; y0 <- y
  audit_coef_table(x, p_value = y, statistic = c(1, 2))
  expect_identical(x, x0); expect_identical(y, y0)
})

test_that("numbers typeset with thin spaces and typographic minus are read", {
  a <- audit_coef_table("\u22120.5", statistic = "\u22122.000 0", p_value = "0.045 5")
  expect_equal(a$estimate, -0.5)
  expect_true(a$p_ok)
})

test_that("blank, NaN, Inf and non-vector inputs are classed errors (fuzz regressions)", {
  # NA statistic or p-value reached `if (NA)`
  expect_error(audit_chisq(NA, "0.08"), class = "coagg_input_error")
  expect_error(audit_chisq("12.0", NA), class = "coagg_input_error")
  # a function as the p-value: a classed error, without is.na()'s warning
  expect_no_warning(expect_error(audit_chisq(NA, function(x) x), class = "coagg_input_error"))
  # a numeric estimate column with a blank (NA) is read, not an error
  a <- audit_coef_table(c(0.5, NA), statistic = c("2.5", "1.0"), p_value = c("0.0125", "0.3"))
  expect_true(is.na(a$estimate[2]))
  expect_identical(nrow(a), 2L)
  # "Inf" and NaN are not printed numbers
  expect_error(audit_coef_table("Inf", std_error = "Inf", p_value = "0.3"),
               class = "coagg_input_error")
  expect_error(audit_coef_table(c(NaN, 1), std_error = c("0.1", "0.2"), statistic = c("1", "5")),
               class = "coagg_input_error")
  # star levels with NA; row labels that are not a vector
  expect_error(audit_coef_table("1.0", p_value = "0.3", star_levels = c(0.1, NA, 0.01)),
               class = "coagg_input_error")
  expect_error(audit_coef_table("1.0", p_value = "0.3", term = function(x) x),
               class = "coagg_input_error")
})

test_that("zero estimate over zero std. error, and p = 1, imply no statistic (fuzz regressions)", {
  a <- audit_coef_table(c("0.0000", "1.5"), std_error = c("0.0000", "0.5"),
                        p_value = c("0.9436", "0.0100"), df = 60)
  expect_true(is.na(a$implied_statistic[1]) && !is.nan(a$implied_statistic[1]))
  expect_false(any(is.nan(a$implied_p_two_sided)))
  b <- audit_coef_table(c("0.000", "0.5"), p_value = c("1.0000", "0.5"), df = 30)
  expect_true(is.na(b$implied_std_error[1]) && !is.nan(b$implied_std_error[1]))
})

test_that("the audit's internals have specific names, and its result keeps settings and notes", {
  ns <- asNamespace("coagg")
  for (generic in c("interval", "overlaps", "abs_interval", "col_or_na", "fmt_p", "fmt_g6",
                    "fmt_df", "decimals_of", "format_shortest", "diagnose_p")) {
    expect_false(exists(generic, envir = ns, inherits = FALSE), info = generic)
  }
  a <- audit_coef_table("1.0", statistic = "2.5", p_value = "0.0124", df = 30,
                        alternative = "one.sided")
  expect_identical(attr(a, "settings")$df, 30)
  expect_identical(attr(a, "settings")$alternative, "one.sided")
  expect_identical(attr(a, "notes"), character())
  expect_output(print(a), "one-sided p-values, df = 30")
})

test_that("a one-sided p-value of 1 with only the estimate printed gives no NaN (fuzz finding)", {
  # before: implied_statistic was 0 * -Inf = NaN
  a <- audit_coef_table("0.0000", p_value = "1.0000", df = Inf, alternative = "one.sided")
  expect_false(is.nan(a$implied_statistic))
  expect_true(is.na(a$implied_statistic))
})
