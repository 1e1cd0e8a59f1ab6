# Methods of coagg_unitroot (R/unitroot-methods.R): print, summary, `[`,
# as.data.frame, as_htest(). Data are simulated and labelled so.

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

test_that("as.data.frame() and `[` give plain data frames; summary() keeps everything", {
  d <- sim_ur_panel(N = 5, T = 20, seed = 12)   # simulated data
  r <- quiet(panel_unitroot(d, "y", index = c("id", "year"), majority = 1))
  df <- as.data.frame(r)
  expect_identical(class(df), "data.frame")
  expect_null(attr(df, "notes"))
  expect_null(attr(df, "settings"))
  expect_identical(df$statistic, r$statistic)
  sub <- r[r$test == "ips", ]
  expect_identical(class(sub), "data.frame")
  expect_null(attr(sub, "statistics"))
  s <- summary(r)
  expect_identical(s$table, df)
  expect_identical(s$settings, attr(r, "settings"))
  out <- capture.output(print(s, max_units = 2))
  expect_true(any(grepl("Periods", out)))
  expect_true(any(grepl("2000-2019", out)))
  expect_true(any(grepl("and 3 more units", out)))
})

test_that("the print of an unbalanced panel lists what each test used", {
  d <- sim_ur_panel(N = 6, T = 20, seed = 14)   # simulated data
  d <- d[!(d$id == "u003" & d$year > 2015), ]   # an early end
  r <- quiet(panel_unitroot(d, "y", index = c("id", "year"), tests = c("llc", "ht"),
                            difference = 0, majority = 1))
  out <- capture.output(print(r))
  expect_true(any(grepl("Samples (what each test used)", out, fixed = TRUE)))
  expect_true(any(grepl("Unbalanced panel: LLC: each unit's own periods; Harris-Tzavalis:",
                        out, fixed = TRUE)))
  expect_true(any(grepl("2000-2015", out)))
  expect_true(any(grepl("Notes:", out)))
})

test_that("as_htest() gives one htest per test, or the one selected", {
  d <- sim_ur_panel(N = 8, T = 30, seed = 16)   # simulated data
  r <- quiet(panel_unitroot(d, "y", index = c("id", "year"),
                            tests = c("llc", "ips", "fisher_adf", "hadri"), majority = 1))
  all <- as_htest(r)
  expect_length(all, 8L)
  expect_identical(names(all)[1:2], c("y / level / llc", "y / level / ips"))
  expect_true(all(vapply(all, inherits, TRUE, "htest")))
  h <- as_htest(r, test = "fisher_adf", form = "level")
  expect_s3_class(h, "htest")
  row <- r[r$test == "fisher_adf" & r$form == "level", ]
  expect_identical(unname(h$statistic), row$statistic)
  expect_identical(names(h$statistic), "P (chi-square)")
  expect_identical(h$parameter, c(df = row$df))
  expect_identical(h$p.value, row$p_value)
  expect_match(h$method, 'Maddala-Wu')
  expect_match(h$method, 'convention "eviews"')
  expect_match(h$data.name, "y \\(level\\): 8 units")
  expect_match(as_htest(r, test = "hadri", form = "level")$alternative, "unit root")
  expect_null(as_htest(r, test = "llc", form = "level")$parameter)
  out <- capture.output(print(h))
  expect_true(any(grepl("Maddala-Wu", out)))
  expect_true(any(grepl("p-value", out)))
  expect_length(as_htest(r, variable = "y", form = "first difference"), 4L)
  expect_error(as_htest(r, test = "breitung"), class = "coagg_input_error")
  expect_error(as_htest(r, tests = "llc"), class = "coagg_input_error")
  expect_error(as_htest(1), class = "coagg_input_error")
  expect_error(as_htest(as.data.frame(r)), class = "coagg_input_error")
})
