# Coupling coordination (R/coupling.R). Known answers are the cases of
# shared/reference/synergy-cases.md at the precision printed there; the rest
# is checked against the formulas written out in plain R.

test_that("coupling coordination reproduces the three-subsystem reference case", {
  cc <- coupling_coordination(ref_s)
  expect_s3_class(cc, "coagg_coupling")
  expect_equal(round(cc$coupling, 3), c(.571, .867, .674, .967, .418, .971))
  expect_equal(round(cc$estimate, 3), c(.325, .597, .515, .815, .393, .889))
  expect_identical(cc$row, 1:6)
})

test_that("the modified coupling degree of Wang et al. (2021) reproduces the reference case", {
  cc <- coupling_coordination(ref_s, weights = c(0.4, 0.3, 0.3), coupling = "wang")
  expect_equal(round(cc$coupling, 3), c(.447, .501, .455, .669, .175, .715))
  expect_equal(round(cc$estimate, 3), c(.274, .440, .432, .678, .242, .771))
})

test_that("the ten-level grading of D follows the reference table, left-open right-closed", {
  cc <- coupling_coordination(ref_s)
  # D = .325 .597 .515 .815 .393 .889
  expect_identical(cc$level, c(4L, 6L, 6L, 9L, 4L, 9L))
  expect_identical(as.character(cc$grade),
                   c("mild imbalance", "barely coordinated", "barely coordinated",
                     "good coordination", "mild imbalance", "good coordination"))
  expect_identical(as.character(cc$grade_zh),
                   c("轻度失调", "勉强协调", "勉强协调", "良好协调", "轻度失调", "良好协调"))
  gt <- coagg:::coupling_grade_table()
  expect_identical(gt$grade_zh, c("极度失调", "严重失调", "中度失调", "轻度失调",
                                  "濒临失调", "勉强协调", "初级协调", "中级协调",
                                  "良好协调", "优质协调"))
  gi <- coagg:::grade_index(c(0, 0.05, 0.1, 0.1000001, 0.3, 0.5, 0.9, 0.95, 1),
                            gt$lower, gt$upper)
  expect_identical(gi, c(1L, 1L, 1L, 2L, 3L, 5L, 9L, 10L, 10L))
})

test_that("coupling C and D follow the unclamped formulas and lie in [0, 1]", {
  # The formulas written out in plain R, without any clamping: the function
  # must agree with them, and they must lie in [0, 1] (AM-GM for the standard
  # form; both factors of Wang's form are in [0, 1]).
  plain_standard <- function(U) ncol(U) * apply(U, 1, prod)^(1 / ncol(U)) / rowSums(U)
  plain_wang <- function(U) {
    n <- ncol(U)
    apply(U, 1, function(u) {
      s <- 0
      for (i in 2:n) for (j in 1:(i - 1)) s <- s + abs(u[i] - u[j])
      sqrt((1 - s / sum(seq_len(n - 1))) * prod(u / max(u))^(1 / (n - 1)))
    })
  }
  set.seed(32)
  for (n in 2:5) {
    U <- matrix(runif(300 * n), 300, n)
    U[1, ] <- 0.3                  # all equal: C = 1
    U[2, 1] <- 0                   # one zero: C = 0
    U[3, ] <- c(1, rep(0, n - 1))  # extreme imbalance: C = 0
    U[4, ] <- c(1, rep(1e-9, n - 1))
    for (m in c("standard", "wang")) {
      plain <- if (m == "standard") plain_standard(U) else plain_wang(U)
      expect_true(all(plain >= -1e-12 & plain <= 1 + 1e-12), info = m)
      cc <- coupling_coordination(as.data.frame(U), coupling = m)
      expect_equal(cc$coupling, plain, tolerance = 1e-12, info = m)
      expect_lt(max(abs(cc$coupling - plain)), 1e-12)
      expect_equal(cc$estimate, sqrt(plain * rowMeans(U)), tolerance = 1e-12, info = m)
      expect_true(all(cc$coupling >= 0 & cc$coupling <= 1), info = m)
      expect_equal(cc$coupling[1], 1, tolerance = 1e-14)
      expect_identical(cc$coupling[2:3], c(0, 0))
    }
  }
})

test_that("the [0, 1] guard clamps rounding only and flags anything larger as an internal error", {
  clamp <- coagg:::clamp_unit_rounding
  expect_identical(clamp(c(1 + 4e-13, -3e-13, 0.25, 0, 1), "C"), c(1, 0, 0.25, 0, 1))
  e <- tryCatch(clamp(c(0.5, 1 + 1e-9), "the coupling degree"), error = function(e) e)
  expect_s3_class(e, "coagg_internal_error")
  expect_match(conditionMessage(e), "the coupling degree")
  expect_match(conditionMessage(e), "internal")
  expect_error(clamp(-1e-6, "C"), class = "coagg_internal_error")
  expect_error(clamp(NaN, "C"), class = "coagg_internal_error")
})

test_that("swapping subsystems leaves C and D unchanged", {
  for (m in c("standard", "wang")) {
    a <- coupling_coordination(ref_s, coupling = m)
    b <- coupling_coordination(ref_s[c(3, 1, 2)], coupling = m)
    expect_equal(a$coupling, b$coupling, tolerance = 1e-14)
    expect_equal(a$estimate, b$estimate, tolerance = 1e-14)
  }
})

test_that("Wang's C for two subsystems reduces to its closed form", {
  u <- data.frame(u1 = c(.2, .5, .9, .35), u2 = c(.6, .5, .1, .3))
  cc <- coupling_coordination(u, coupling = "wang")
  expect_equal(cc$coupling,
               sqrt((1 - abs(u$u1 - u$u2)) * pmin(u$u1, u$u2) / pmax(u$u1, u$u2)),
               tolerance = 1e-14)
})

test_that("the slipped coupling formula is C / n, capped at 1 / n", {
  u <- data.frame(u1 = c(.2, .5, .9, .35), u2 = c(.6, .5, .1, .3))
  cc <- coupling_coordination(u)
  slip <- sqrt(u$u1 * u$u2 / (u$u1 + u$u2)^2)
  expect_equal(cc$coupling / 2, slip, tolerance = 1e-14)
  expect_equal(cc$coupling[2], 1)
  expect_true(all(slip <= 0.5))
})

test_that("all-zero scores give NA coupling, zero coordination and a recorded caveat", {
  expect_warning(cc <- coupling_coordination(data.frame(a = c(0, .4), b = c(0, .5))),
                 class = "coagg_warning")
  expect_identical(cc$coupling[1], NA_real_)
  expect_identical(cc$estimate[1], 0)
  expect_identical(cc$level[1], 1L)
  expect_length(attr(cc, "notes"), 1L)
  expect_output(print(cc), "0/0")
})

test_that("denormal scores keep the precision of the standard coupling degree (issue 11)", {
  # before: exp(mean(log U)) rounded to a denormal with two significant bits,
  # and C came out as 1 instead of 2 sqrt(3) / 4 = 0.866
  cc <- coupling_coordination(data.frame(a = c(5e-324, 0.5), b = c(1.5e-323, 0.5)))
  expect_equal(cc$coupling[1], 2 * sqrt(3) / 4, tolerance = 1e-15)
  expect_equal(cc$coupling[1],
               coupling_coordination(data.frame(a = 1, b = 3) / 10)$coupling,
               tolerance = 1e-15)
  tiny <- coupling_coordination(data.frame(a = c(1e-308, 2e-308), b = c(3e-308, 1e-308),
                                           c = c(2e-308, 2e-308)), coupling = "wang")
  expect_true(all(is.finite(tiny$coupling)))
  # values outside [0, 1] (and so the extremes) are refused, naming column and row
  e <- catch(coupling_coordination(data.frame(a = c(.5, 1e308), b = c(.2, .3))))
  expect_s3_class(e, "coagg_input_error")
  expect_identical(e$column, "a")
  expect_identical(e$row, 2L)
})

test_that("order degrees from a panel are matched by unit and time; keys are kept (issue 12)", {
  p <- make_panel()
  ox <- order_degree(p, c("x1", "x2"), index = c("region", "year"), direction = c("+", "-"))
  oy <- order_degree(p, c("y1", "y2"), index = c("region", "year"))
  cc <- coupling_coordination(list(X = ox, Y = oy))
  expect_identical(names(cc)[1:2], c("unit", "time"))
  ux <- ox$order$estimate; uy <- oy$order$estimate
  expect_equal(cc$coupling, 2 * sqrt(ux * uy) / (ux + uy), tolerance = 1e-12)
  # scores from entropy_weights() with keys work the same way
  wx <- entropy_weights(p, c("x1", "x2"), index = c("region", "year"))
  wy <- entropy_weights(p, c("y1", "y2"), index = c("region", "year"))
  cw <- coupling_coordination(list(X = wx, Y = wy))
  expect_equal(cw$coupling, 2 * sqrt(wx$scores$estimate * wy$scores$estimate) /
                 (wx$scores$estimate + wy$scores$estimate), tolerance = 1e-12)
  # a data frame of scores with keys: sorted by unit and time, keys kept
  d <- data.frame(region = p$region, year = p$year, X = runif(18), Y = runif(18))
  sh <- d[sample(18), ]
  cd <- coupling_coordination(sh, index = c("region", "year"))
  o <- order(d$region, d$year)
  expect_identical(cd$unit, d$region[o])
  expect_equal(cd$coupling, coupling_coordination(d[o, c("X", "Y")])$coupling,
               tolerance = 1e-15)
  # the time vector argument is gone: periods are a column of data
  e <- tryCatch(coupling_coordination(d[c("X", "Y")], time = d$year), error = function(e) e)
  expect_s3_class(e, "coagg_foreign_argument")
  expect_match(conditionMessage(e), "index")
  # `method` had a third meaning; the form of C is `coupling`
  e <- tryCatch(coupling_coordination(d[c("X", "Y")], method = "wang"), error = function(e) e)
  expect_s3_class(e, "coagg_foreign_argument")
  expect_match(conditionMessage(e), "coupling = ")
})

test_that("missing values: an error by default, dropped and recorded with na_action = \"omit\"", {
  s <- ref_s
  s$s2[4] <- NA
  e <- catch(coupling_coordination(s))
  expect_s3_class(e, "coagg_missing_value")
  expect_identical(e$column, "s2")
  expect_identical(e$row, 4L)
  cc <- coupling_coordination(s, na_action = "omit")
  expect_identical(cc$row, c(1L, 2L, 3L, 5L, 6L))
  expect_identical(cc$estimate, coupling_coordination(ref_s)$estimate[-4])
  expect_match(attr(cc, "notes"), "1 of 6 rows dropped")
})

test_that("bad input is a classed error naming the argument", {
  expect_error(coupling_coordination(ref_s[1:2], weights = c(.5, .6)),
               class = "coagg_input_error")
  e <- catch(coupling_coordination(ref_s[1:2], weights = c(s1 = .5, s3 = .5)))
  expect_identical(e$column, "s2")
  e <- catch(coupling_coordination(data.frame(a = numeric(), b = numeric())))
  expect_s3_class(e, "coagg_input_error")
  expect_identical(e$arg, "data")
  expect_identical(nrow(coupling_coordination(data.frame(a = 0.3, b = 0.4))), 1L)
  e <- catch(coupling_coordination(ref_s, "s1"))
  expect_match(conditionMessage(e), "at least 2")
  e <- catch(coupling_coordination(ref_s, coupling = "liao"))
  expect_identical(e$arg, "coupling")
  e <- catch(coupling_coordination(ref_s$s1, ref_s$s2))
  expect_identical(e$arg, "data")
  e <- catch(coupling_coordination(a = ref_s$s1, b = ref_s$s2))
  expect_match(conditionMessage(e), "data.frame")
})

test_that("results: estimate, notes and settings; inputs not modified; print", {
  s0 <- ref_s
  cc <- coupling_coordination(ref_s)
  expect_identical(ref_s, s0)
  expect_identical(names(cc), c("row", "coupling", "development", "estimate", "level",
                                "grade", "grade_zh"))
  st <- attr(cc, "settings")
  expect_identical(st$coupling, "standard")
  expect_identical(st$subsystems, c("s1", "s2", "s3"))
  expect_equal(unname(st$weights), rep(1 / 3, 3))
  expect_output(print(cc), "good coordination")
  expect_output(print(cc), "standard model")
})
