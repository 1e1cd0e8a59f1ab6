# Synergy and coordination models. Known answers are the cases of
# shared/reference/synergy-cases.md, compared at the precision printed there;
# everything else is checked against plain R written out in the test, or as a
# property of the formulas.

catch <- function(expr) tryCatch(expr, coagg_input_error = function(e) e)

# --- the reference cases ---------------------------------------------------

ref_s1 <- c(.0162, .1782, .5490, .6730, .0207, .9875)
ref_s2 <- c(.2720, .6824, .0593, .4812, .8891, .5573)
ref_s3 <- c(.2655, .3721, .5729, .9082, .2017, .8984)

ref_e <- data.frame(e1 = c(100, 130, 170, 210, 260), e2 = c(20, 24, 23, 30, 35),
                    e3 = c(8.0, 7.5, 7.8, 6.9, 6.0))
ref_i <- data.frame(i1 = c(50, 52, 58, 57, 66), i2 = c(3.1, 3.4, 3.3, 3.9, 4.2))

ref_order <- function() {
  list(E = order_degree(ref_e, c("e1", "e2", "e3"), direction = c("+", "+", "-"),
                        weights = c(0.40, 0.35, 0.25), bounds = "padded"),
       I = order_degree(ref_i, c("i1", "i2"), direction = "+",
                        weights = c(0.5, 0.5), bounds = "padded"))
}

test_that("coupling coordination reproduces the three-subsystem reference case", {
  cc <- coupling_coordination(ref_s1, ref_s2, ref_s3)
  expect_s3_class(cc, "coagg_coupling")
  expect_equal(round(cc$coupling, 3), c(.571, .867, .674, .967, .418, .971))
  expect_equal(round(cc$coordination, 3), c(.325, .597, .515, .815, .393, .889))
})

test_that("the modified coupling degree of Wang et al. (2021) reproduces the reference case", {
  cc <- coupling_coordination(ref_s1, ref_s2, ref_s3, weights = c(0.4, 0.3, 0.3),
                              method = "wang")
  expect_equal(round(cc$coupling, 3), c(.447, .501, .455, .669, .175, .715))
  expect_equal(round(cc$coordination, 3), c(.274, .440, .432, .678, .242, .771))
})

test_that("grey relational grades reproduce the reference case (Deng, rho = 0.5)", {
  x0 <- c(.9, .8, .7)
  cmp <- cbind(x1 = c(.9, .7, .8), x2 = c(.8, .9, .7), x3 = c(.7, .8, .9))
  g <- grey_relation(x0, cmp, rho = 0.5, normalise = "none")
  expect_equal(round(g$grades$grade, 7), c(.6666667, .6666667, .5555556))
  expect_identical(g$grades$rank, c(1L, 1L, 3L))
})

test_that("entropy and CRITIC weights reproduce the reference case", {
  x <- data.frame(x1 = c(3, 5, 2, 7), x2 = c(10, 20, 15, 25))
  we <- entropy_weights(x, direction = c("positive", "negative"), shift = "rescale",
                        eps = 0.002)
  expect_equal(round(unname(weights(we)), 7), c(0.5452618, 0.4547382))
  wc <- critic_weights(x, direction = c("positive", "negative"))
  expect_equal(round(unname(weights(wc)), 7), c(0.5075187, 0.4924813))
})

test_that("order degrees and synergy reproduce the worked composite-system case", {
  od <- ref_order()
  expect_equal(round(od$E$order$order_degree, 4), c(.1134, .2797, .3222, .5895, .8431))
  expect_equal(round(od$I$order$order_degree, 4), c(.1753, .2935, .3749, .5207, .7657))
  prev <- synergy_degree(E = od$E, I = od$I, base = "previous")
  expect_equal(round(prev$synergy, 4), c(.1402, .0588, .1974, .2493))
  fixed <- synergy_degree(E = od$E, I = od$I, base = "fixed")
  expect_equal(round(fixed$synergy, 4), c(.1402, .2041, .4055, .6564))
  expect_identical(fixed$base_time, rep(1L, 4))
  expect_identical(prev$base_time, 1:4)
})

test_that("the ten-level grading of D follows the reference table, left-open right-closed", {
  cc <- coupling_coordination(ref_s1, ref_s2, ref_s3)
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

test_that("the synergy grading bands are left-open, right-closed", {
  gt <- coagg:::synergy_grade_table()
  gi <- coagg:::grade_index(c(-1, -0.2, 0, 0.1, 0.3, 0.31, 0.6, 0.9, 0.95, 1),
                            gt$lower, gt$upper)
  expect_identical(gt$grade[gi],
                   c("non-synergy", "non-synergy", "non-synergy", "low synergy",
                     "low synergy", "moderate synergy", "moderate synergy",
                     "high synergy", "extreme synergy", "extreme synergy"))
  expect_identical(gt$grade_zh, c("非协同", "低度协同", "中度协同", "高度协同", "极度协同"))
})

# --- independent computations ----------------------------------------------

test_that("entropy weights agree with a plain computation for every shift", {
  set.seed(11)
  x <- data.frame(a = rexp(12), b = runif(12, 5, 9), c = rnorm(12, 100, 10))
  dir <- c("+", "-", "+")
  z <- cbind((x$a - min(x$a)) / diff(range(x$a)),
             (max(x$b) - x$b) / diff(range(x$b)),
             (x$c - min(x$c)) / diff(range(x$c)))
  plain <- function(zs) {
    e <- numeric(3)
    for (j in 1:3) {
      p <- zs[, j] / sum(zs[, j])
      e[j] <- -sum(ifelse(p > 0, p * log(p), 0)) / log(nrow(zs))
    }
    (1 - e) / sum(1 - e)
  }
  expect_equal(unname(weights(entropy_weights(x, dir, shift = "none"))), plain(z),
               tolerance = 1e-12)
  expect_equal(unname(weights(entropy_weights(x, dir, shift = "add", eps = 0.01))),
               plain(z + 0.01), tolerance = 1e-12)
  expect_equal(unname(weights(entropy_weights(x, dir, shift = "rescale", eps = 0.05))),
               plain(0.05 + 0.9 * z), tolerance = 1e-12)
  expect_equal(unname(weights(entropy_weights(x, dir, shift = c(0.002, 1)))),
               plain(0.002 + 0.998 * z), tolerance = 1e-12)
  we <- entropy_weights(x, dir, shift = "none")
  expect_equal(we$scores, drop(z %*% plain(z)), tolerance = 1e-12)
})

test_that("CRITIC weights agree with a plain computation", {
  set.seed(12)
  x <- data.frame(a = rexp(15), b = runif(15), c = rnorm(15), d = rpois(15, 4))
  dir <- c(a = "-", b = "+", c = "+", d = "-")
  z <- sapply(names(x), function(j) {
    v <- (x[[j]] - min(x[[j]])) / (max(x[[j]]) - min(x[[j]]))
    if (dir[[j]] == "-") 1 - v else v
  })
  info <- numeric(4)
  for (j in 1:4) {
    sj <- sqrt(sum((z[, j] - mean(z[, j]))^2) / (nrow(z) - 1))
    info[j] <- sj * sum(1 - cor(z)[, j])
  }
  expect_equal(unname(weights(critic_weights(x, dir))), info / sum(info),
               tolerance = 1e-12)
})

test_that("grey relation with initial, mean and minmax operators agrees with a plain computation", {
  x0 <- c(12, 15, 19, 22, 30)
  cmp <- data.frame(a = c(3, 3.5, 4.4, 5.0, 6.1), b = c(40, 38, 45, 47, 52),
                    c = c(0.7, 0.9, 0.8, 1.3, 1.2))
  ops <- list(initial = function(v) v / v[1], mean = function(v) v / mean(v),
              minmax = function(v) (v - min(v)) / (max(v) - min(v)))
  for (op in names(ops)) {
    f <- ops[[op]]
    d <- abs(sapply(cmp, f) - f(x0))
    xi <- (min(d) + 0.4 * max(d)) / (d + 0.4 * max(d))
    g <- grey_relation(x0, cmp, rho = 0.4, normalise = op)
    expect_equal(g$grades$grade, unname(colMeans(xi)), tolerance = 1e-12, info = op)
    expect_equal(unname(g$coefficients), unname(xi), tolerance = 1e-12, info = op)
  }
  g <- grey_relation(x0, cmp, normalise = "minmax", threshold = 0.7)
  expect_identical(g$grades$selected, g$grades$grade >= 0.7)
})

test_that("synergy of three subsystems agrees with a plain computation", {
  u <- cbind(a = c(.10, .20, .25, .40, .38, .55),
             b = c(.30, .31, .45, .50, .60, .72),
             c = c(.05, .15, .20, .22, .30, .29))
  s <- synergy_degree(a = u[, "a"], b = u[, "b"], c = u[, "c"])
  expected <- numeric(5)
  for (t in 2:6) {
    d <- u[t, ] - u[t - 1, ]
    expected[t - 1] <- (if (min(d) > 0) 1 else -1) * prod(abs(d))^(1 / 3)
  }
  expect_equal(s$synergy, expected, tolerance = 1e-12)
  expect_identical(s$theta, c(1, 1, 1, -1, -1))
  expect_identical(as.character(s$grade[4:5]), c("non-synergy", "non-synergy"))
  fixed <- synergy_degree(a = u[, "a"], b = u[, "b"], c = u[, "c"], base = "fixed",
                          time = 2001:2006, base_time = 2003)
  d <- sweep(u[4:6, ], 2, u[3, ])
  expect_equal(fixed$synergy, apply(d, 1, function(v) sign(min(v)) * prod(abs(v))^(1 / 3)),
               tolerance = 1e-12)
  expect_identical(fixed$time, 2004:2006)
  expect_identical(fixed$base_time, rep(2003L, 3))
})

test_that("order degree with geometric aggregation and sample bounds agrees with a plain computation", {
  x <- ref_e
  a <- sapply(x, max); b <- sapply(x, min)
  u <- cbind((x$e1 - b[1]) / (a[1] - b[1]), (x$e2 - b[2]) / (a[2] - b[2]),
             (a[3] - x$e3) / (a[3] - b[3]))
  w <- c(0.5, 0.3, 0.2)
  expect_warning(
    od <- order_degree(x, names(x), direction = c("+", "+", "-"), weights = w,
                       bounds = "sample", aggregate = "geometric"),
    class = "coagg_warning")
  expect_equal(od$order$order_degree, u[, 1]^w[1] * u[, 2]^w[2] * u[, 3]^w[3],
               tolerance = 1e-12)
  expect_length(od$notes, 1L)
  expect_output(print(od), "geometric order degree of those rows is 0")
  # equal weights: Meng and Han's m-th root of the product
  od2 <- order_degree(x, names(x), direction = c("+", "+", "-"), bounds = "padded",
                      aggregate = "geometric")
  a <- sapply(x, max) * 1.1; b <- sapply(x, min) * 0.9
  u <- cbind((x$e1 - b[1]) / (a[1] - b[1]), (x$e2 - b[2]) / (a[2] - b[2]),
             (a[3] - x$e3) / (a[3] - b[3]))
  expect_equal(od2$order$order_degree, apply(u, 1, prod)^(1 / 3), tolerance = 1e-12)
})

test_that("padded bounds are sign-safe for negative values", {
  x <- data.frame(profit = c(-5, -2, 1, 4), loss = c(-8, -6, -3, -1))
  od <- order_degree(x, c("profit", "loss"), direction = c("+", "-"))
  expect_equal(od$bounds$lower, c(-5.5, -8.8))
  expect_equal(od$bounds$upper, c(4.4, -0.9))
  u <- od$contributions[c("profit", "loss")]
  expect_true(all(u > 0 & u < 1))
})

test_that("user bounds are used as given and fixed across periods", {
  x <- data.frame(a = c(2, 4, 6), b = c(30, 20, 10))
  od <- order_degree(x, c("a", "b"), direction = c("+", "-"),
                     bounds = list(a = c(0, 10), b = c(0, 40)))
  expect_equal(od$contributions$a, c(.2, .4, .6))
  expect_equal(od$contributions$b, c(.25, .5, .75))
  od2 <- order_degree(x, c("a", "b"), direction = c("+", "-"),
                      bounds = data.frame(indicator = c("b", "a"), lower = c(0, 0),
                                          upper = c(40, 10)))
  expect_equal(od2$order, od$order)
  expect_identical(od$bounds_method, "user")
})

test_that("weights may be a coagg_weights object or computed by name", {
  we <- entropy_weights(ref_e, direction = c("+", "+", "-"))
  od1 <- order_degree(ref_e, names(ref_e), direction = c("+", "+", "-"), weights = we)
  od2 <- order_degree(ref_e, names(ref_e), direction = c("+", "+", "-"),
                      weights = "entropy")
  od3 <- order_degree(ref_e, names(ref_e), direction = c("+", "+", "-"),
                      weights = weights(we))
  expect_equal(od1$order, od2$order)
  expect_equal(od1$order, od3$order)
  expect_equal(od2$bounds$weight, unname(weights(we)))
  odc <- order_degree(ref_e, names(ref_e), direction = c("+", "+", "-"), weights = "critic")
  expect_equal(odc$bounds$weight,
               unname(weights(critic_weights(ref_e, c("+", "+", "-")))))
  # named weights in another order
  od4 <- order_degree(ref_e, names(ref_e), direction = c("+", "+", "-"),
                      weights = c(e3 = .25, e1 = .40, e2 = .35))
  expect_equal(od4$order, ref_order()$E$order)
})

# --- panels ------------------------------------------------------------------

make_panel <- function() {
  set.seed(21)
  g <- expand.grid(year = 2015:2020, region = c("north", "south", "west"),
                   stringsAsFactors = FALSE)
  g$x1 <- round(50 + 10 * (g$year - 2015) + rnorm(nrow(g), 0, 5), 1)
  g$x2 <- round(5 - 0.3 * (g$year - 2015) + rnorm(nrow(g), 0, 0.4), 2)
  g$y1 <- round(20 + 3 * (g$year - 2015) + rnorm(nrow(g), 0, 2), 1)
  g$y2 <- round(1 + 0.1 * (g$year - 2015) + runif(nrow(g)), 3)
  g
}

test_that("panel order degrees use bounds fixed over all regions and periods", {
  p <- make_panel()
  od <- order_degree(p, c("x1", "x2"), direction = c("+", "-"), weights = c(.6, .4),
                     time = "year", by = "region")
  expect_identical(names(od$order), c("region", "time", "order_degree"))
  expect_identical(nrow(od$order), 18L)
  a <- c(max(p$x1) * 1.1, max(p$x2) * 1.1); b <- c(min(p$x1) * 0.9, min(p$x2) * 0.9)
  U <- 0.6 * (p$x1 - b[1]) / (a[1] - b[1]) + 0.4 * (a[2] - p$x2) / (a[2] - b[2])
  o <- order(p$region, p$year)
  expect_equal(od$order$order_degree, U[o], tolerance = 1e-12)
  expect_identical(od$order$region, p$region[o])
  expect_identical(od$order$time, p$year[o])
  # shuffling the rows changes nothing
  sh <- p[sample(nrow(p)), ]
  od_sh <- order_degree(sh, c("x1", "x2"), direction = c("+", "-"), weights = c(.6, .4),
                        time = "year", by = "region")
  expect_equal(od_sh$order, od$order)
})

test_that("panel synergy is computed within regions and matches per-region series", {
  p <- make_panel()
  ox <- order_degree(p, c("x1", "x2"), direction = c("+", "-"), time = "year",
                     by = "region")
  oy <- order_degree(p, c("y1", "y2"), time = "year", by = "region")
  s <- synergy_degree(X = ox, Y = oy)
  expect_identical(nrow(s), 15L)
  for (r in c("north", "south", "west")) {
    ux <- ox$order$order_degree[ox$order$region == r]
    uy <- oy$order$order_degree[oy$order$region == r]
    one <- synergy_degree(X = ux, Y = uy, time = 2015:2020)
    expect_equal(s$synergy[s$region == r], one$synergy, tolerance = 1e-14)
    expect_identical(s$time[s$region == r], 2016:2020)
  }
  sf <- synergy_degree(X = ox, Y = oy, base = "fixed")
  expect_true(all(sf$base_time == 2015L))
  sb <- synergy_degree(X = ox, Y = oy, base = "fixed", base_time = 2017)
  expect_identical(nrow(sb), 9L)
  for (r in c("north", "south", "west")) {
    ux <- ox$order$order_degree[ox$order$region == r]
    uy <- oy$order$order_degree[oy$order$region == r]
    dx <- ux[4:6] - ux[3]; dy <- uy[4:6] - uy[3]
    expect_equal(sb$synergy[sb$region == r],
                 ifelse(pmin(dx, dy) > 0, 1, -1) * sqrt(abs(dx * dy)), tolerance = 1e-12)
  }
  p2 <- p[!(p$region == "west" & p$year == 2017), ]
  ox2 <- order_degree(p2, c("x1", "x2"), time = "year", by = "region")
  oy2 <- order_degree(p2, c("y1", "y2"), time = "year", by = "region")
  e <- catch(synergy_degree(X = ox2, Y = oy2, base = "fixed", base_time = 2017))
  expect_s3_class(e, "coagg_input_error")
  expect_identical(e$unit, "west")
  cc <- coupling_coordination(X = ox, Y = oy)
  expect_identical(names(cc)[1:2], c("region", "time"))
  ux <- ox$order$order_degree; uy <- oy$order$order_degree
  expect_equal(cc$coupling, 2 * sqrt(ux * uy) / (ux + uy), tolerance = 1e-12)
})

test_that("a panel with a gap records a caveat for previous-period synergy", {
  p <- make_panel()
  p <- p[!(p$region == "south" & p$year == 2017), ]
  ox <- order_degree(p, c("x1", "x2"), direction = c("+", "-"), time = "year", by = "region")
  oy <- order_degree(p, c("y1", "y2"), time = "year", by = "region")
  expect_warning(s <- synergy_degree(X = ox, Y = oy), class = "coagg_warning")
  expect_match(attr(s, "notes"), "region south, 2016 to 2018")
  expect_output(print(s), "previous observed period")
})

# --- properties ----------------------------------------------------------------

test_that("weights sum to one", {
  set.seed(31)
  for (rep in 1:5) {
    x <- as.data.frame(matrix(rexp(40 * 5), 40, 5))
    dir <- sample(c("+", "-"), 5, replace = TRUE)
    for (s in list("rescale", "add", "none", c(0.1, 0.9))) {
      expect_equal(sum(weights(entropy_weights(x, dir, shift = s))), 1, tolerance = 1e-14)
    }
    w <- weights(critic_weights(x, dir))
    expect_equal(sum(w), 1, tolerance = 1e-14)
    expect_true(all(w >= 0))
  }
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
    args <- lapply(seq_len(n), function(j) U[, j])
    for (m in c("standard", "wang")) {
      plain <- if (m == "standard") plain_standard(U) else plain_wang(U)
      expect_true(all(plain >= -1e-12 & plain <= 1 + 1e-12), info = m)
      cc <- do.call(coupling_coordination, c(args, list(method = m)))
      expect_equal(cc$coupling, plain, tolerance = 1e-12, info = m)
      expect_lt(max(abs(cc$coupling - plain)), 1e-12)
      expect_equal(cc$coordination, sqrt(plain * rowMeans(U)), tolerance = 1e-12, info = m)
      expect_true(all(cc$coupling >= 0 & cc$coupling <= 1), info = m)
      expect_equal(cc$coupling[1], 1, tolerance = 1e-14)
      expect_identical(cc$coupling[2:3], c(0, 0))
    }
  }
})

test_that("the [0, 1] guard clamps rounding only and flags anything larger as an internal error", {
  clamp <- coagg:::syn_clamp_unit
  expect_identical(clamp(c(1 + 4e-13, -3e-13, 0.25, 0, 1), "C"), c(1, 0, 0.25, 0, 1))
  e <- tryCatch(clamp(c(0.5, 1 + 1e-9), "the coupling degree"), error = function(e) e)
  expect_s3_class(e, "coagg_internal_error")
  expect_match(conditionMessage(e), "the coupling degree")
  expect_match(conditionMessage(e), "internal")
  expect_error(clamp(-1e-6, "C"), class = "coagg_internal_error")
})

test_that("swapping subsystems leaves C unchanged (coupling and synergy)", {
  for (m in c("standard", "wang")) {
    a <- coupling_coordination(ref_s1, ref_s2, ref_s3, method = m)
    b <- coupling_coordination(ref_s3, ref_s1, ref_s2, method = m)
    expect_equal(a$coupling, b$coupling, tolerance = 1e-14)
    expect_equal(a$coordination, b$coordination, tolerance = 1e-14)
  }
  od <- ref_order()
  expect_equal(synergy_degree(od$E, od$I)$synergy, synergy_degree(od$I, od$E)$synergy,
               tolerance = 1e-15)
  expect_equal(synergy_degree(od$E, od$I, base = "fixed")$synergy,
               synergy_degree(od$I, od$E, base = "fixed")$synergy, tolerance = 1e-15)
})

test_that("a subsystem that does not change gives synergy 0", {
  u1 <- c(.2, .3, .3, .5, .6)
  u2 <- c(.1, .2, .4, .4, .7)
  s <- synergy_degree(u1, u2)
  expect_identical(s$synergy[c(2, 3)], c(0, 0))
  expect_identical(s$theta[c(2, 3)], c(0, 0))
  expect_true(all(s$synergy[c(1, 4)] > 0))
  flat <- synergy_degree(u1, rep(0.4, 5))
  expect_identical(flat$synergy, rep(0, 4))
})

test_that("reversing an indicator's direction mirrors its contribution", {
  for (bd in c("sample", "padded")) {
    pos <- order_degree(ref_e, names(ref_e), direction = "+", bounds = bd)
    neg <- order_degree(ref_e, names(ref_e), direction = c("+", "-", "+"), bounds = bd)
    expect_equal(neg$contributions$e2, 1 - pos$contributions$e2, tolerance = 1e-14)
    expect_equal(neg$contributions$e1, pos$contributions$e1)
  }
})

test_that("order degrees and entropy weights do not depend on the units of an indicator", {
  x <- ref_e
  y <- transform(x, e1 = e1 * 1000, e3 = e3 / 7)
  a <- order_degree(x, names(x), direction = c("+", "+", "-"), weights = "entropy")
  b <- order_degree(y, names(y), direction = c("+", "+", "-"), weights = "entropy")
  expect_equal(a$order$order_degree, b$order$order_degree, tolerance = 1e-12)
  expect_equal(weights(entropy_weights(x, c("+", "+", "-"))),
               weights(entropy_weights(y, c("+", "+", "-"))), tolerance = 1e-12)
})

test_that("Wang's C for two subsystems reduces to its closed form", {
  u1 <- c(.2, .5, .9, .35); u2 <- c(.6, .5, .1, .3)
  cc <- coupling_coordination(u1, u2, method = "wang")
  expect_equal(cc$coupling, sqrt((1 - abs(u1 - u2)) * pmin(u1, u2) / pmax(u1, u2)),
               tolerance = 1e-14)
})

test_that("the slipped coupling formula is C / n, capped at 1 / n", {
  u1 <- c(.2, .5, .9, .35); u2 <- c(.6, .5, .1, .3)
  cc <- coupling_coordination(u1, u2)
  slip <- sqrt(u1 * u2 / (u1 + u2)^2)
  expect_equal(cc$coupling / 2, slip, tolerance = 1e-14)
  expect_equal(cc$coupling[2], 1)
  expect_true(all(slip <= 0.5))
})

test_that("all-zero scores give NA coupling, zero coordination and a recorded caveat", {
  expect_warning(cc <- coupling_coordination(a = c(0, .4), b = c(0, .5)),
                 class = "coagg_warning")
  expect_identical(cc$coupling[1], NA_real_)
  expect_identical(cc$coordination[1], 0)
  expect_identical(cc$level[1], 1L)
  expect_length(attr(cc, "notes"), 1L)
  expect_output(print(cc), "0/0")
})

# --- bad input -------------------------------------------------------------------

test_that("missing values are rejected, naming the indicator and row", {
  x <- ref_e
  x$e2[3] <- NA
  e <- catch(order_degree(x, names(x)))
  expect_s3_class(e, "coagg_input_error")
  expect_identical(e$column, "e2")
  expect_identical(e$row, 3L)
  expect_error(entropy_weights(x), class = "coagg_input_error")
  expect_error(critic_weights(x), class = "coagg_input_error")
  e <- catch(grey_relation(c(1, 2, 3), data.frame(a = c(1, NA, 3))))
  expect_identical(e$column, "a")
  expect_error(synergy_degree(c(.1, NA, .3), c(.1, .2, .3)), class = "coagg_input_error")
  expect_error(coupling_coordination(c(.1, NA), c(.1, .2)), class = "coagg_input_error")
})

test_that("constant indicators are rejected, naming the indicator", {
  x <- transform(ref_e, e2 = 7)
  for (f in list(function() entropy_weights(x), function() critic_weights(x),
                 function() order_degree(x, names(x)),
                 function() order_degree(x, names(x), bounds = "sample"))) {
    e <- catch(f())
    expect_s3_class(e, "coagg_input_error")
    expect_identical(e$column, "e2")
    expect_match(conditionMessage(e), "constant")
  }
  # with user bounds a constant indicator is allowed
  od <- order_degree(x, names(x), bounds = list(e1 = c(0, 300), e2 = c(0, 10),
                                                e3 = c(0, 10)))
  expect_equal(od$contributions$e2, rep(0.7, 5))
  e <- catch(grey_relation(1:4, data.frame(k = rep(2, 4)), normalise = "minmax"))
  expect_identical(e$column, "k")
})

test_that("weights that do not sum to one are rejected", {
  e <- catch(order_degree(ref_e, names(ref_e), weights = c(.4, .4, .4)))
  expect_s3_class(e, "coagg_input_error")
  expect_match(conditionMessage(e), "sum to 1.2")
  e <- catch(order_degree(ref_e, names(ref_e), weights = c(.5, .6, -.1)))
  expect_identical(e$column, "e3")
  e <- catch(order_degree(ref_e, names(ref_e), weights = c(e1 = .5, e2 = .5)))
  expect_identical(e$column, "e3")
  expect_error(order_degree(ref_e, names(ref_e), weights = c(.5, .5)),
               class = "coagg_input_error")
  expect_error(coupling_coordination(ref_s1, ref_s2, weights = c(.5, .6)),
               class = "coagg_input_error")
  e <- catch(coupling_coordination(a = ref_s1, b = ref_s2, weights = c(a = .5, c = .5)))
  expect_identical(e$column, "b")
})

test_that("unknown directions are rejected, naming the indicator", {
  e <- catch(order_degree(ref_e, names(ref_e), direction = c("+", "up", "-")))
  expect_s3_class(e, "coagg_input_error")
  expect_identical(e$column, "e2")
  expect_match(conditionMessage(e), '"up"')
  e <- catch(entropy_weights(ref_e, direction = c(e1 = "+", e2 = "+", e4 = "-")))
  expect_identical(e$column, "e3")
  expect_error(critic_weights(ref_e, direction = c("+", "-")), class = "coagg_input_error")
  # partial matching of the full words is accepted
  a <- order_degree(ref_e, names(ref_e), direction = c("pos", "positive", "neg"))
  b <- order_degree(ref_e, names(ref_e), direction = c("+", "+", "-"))
  expect_equal(a$order, b$order)
})

test_that("bounds that do not enclose the data are rejected, naming indicator and row", {
  e <- catch(order_degree(ref_e, names(ref_e),
                          bounds = list(e1 = c(0, 300), e2 = c(0, 30), e3 = c(0, 10))))
  expect_s3_class(e, "coagg_input_error")
  expect_identical(e$column, "e2")
  expect_identical(e$row, 5L)
  e <- catch(order_degree(ref_e, names(ref_e),
                          bounds = list(e1 = c(0, 300), e2 = c(0, 40))))
  expect_identical(e$column, "e3")
  e <- catch(order_degree(ref_e, names(ref_e),
                          bounds = list(e1 = c(300, 0), e2 = c(0, 40), e3 = c(0, 9))))
  expect_identical(e$column, "e1")
  expect_error(order_degree(ref_e, names(ref_e), bounds = "widest"),
               class = "coagg_input_error")
})

test_that("other malformed input is rejected with a classed error", {
  expect_error(synergy_degree(c(.1, .2, .3)), class = "coagg_input_error")
  e <- catch(synergy_degree(a = c(.1, .2, .3), b = c(.1, .2)))
  expect_identical(e$column, "b")
  e <- catch(synergy_degree(a = c(.1, .2, 1.3), b = c(.1, .2, .3)))
  expect_identical(e$column, "a")
  expect_identical(e$row, 3L)
  expect_error(synergy_degree(c(.1, .2), c(.2, .3), time = c(1, 1)),
               class = "coagg_input_error")
  expect_error(synergy_degree(c(.1, .2), c(.2, .3), base = "fixed", base_time = 5),
               class = "coagg_input_error")
  expect_error(grey_relation(1:3, data.frame(a = 1:4)), class = "coagg_input_error")
  e <- catch(grey_relation(c(0, 1, 2), data.frame(a = 1:3), normalise = "initial"))
  expect_identical(e$arg, "reference")
  expect_error(grey_relation(1:3, data.frame(a = 3:1), rho = 0), class = "coagg_input_error")
  expect_error(order_degree(make_panel(), c("x1", "x2"), by = "region"),
               class = "coagg_input_error")
  p <- make_panel()
  p$year[2] <- p$year[1]
  e <- catch(order_degree(p, c("x1", "x2"), time = "year", by = "region"))
  expect_identical(e$row, 2L)
  expect_error(order_degree(ref_e, c("e1", "nope")), class = "coagg_input_error")
  expect_error(entropy_weights(ref_e, shift = "log"), class = "coagg_input_error")
  expect_error(entropy_weights(ref_e, shift = c(0.5, 0.2)), class = "coagg_input_error")
  od <- ref_order()
  expect_error(synergy_degree(od$E, c(.1, .2, .3, .4, .5)), class = "coagg_input_error")
})

test_that("inputs are not modified", {
  x <- ref_e; x0 <- x
  p <- make_panel(); p0 <- p
  u <- c(.1, .3, .2); u0 <- u
  entropy_weights(x, c("+", "+", "-"))
  critic_weights(x, c("+", "+", "-"))
  order_degree(x, names(x), c("+", "+", "-"), weights = "entropy")
  order_degree(p, c("x1", "x2"), time = "year", by = "region")
  grey_relation(x$e1, x[c("e2", "e3")], normalise = "mean")
  synergy_degree(u, rev(u))
  coupling_coordination(u, rev(u))
  expect_identical(x, x0)
  expect_identical(p, p0)
  expect_identical(u, u0)
})

test_that("print methods show the results and their settings", {
  od <- ref_order()
  expect_output(print(od$E), "padded \\(upper = max \\+ 0.1\\|max\\|")
  expect_output(print(od$E), "0.8431")
  expect_output(print(synergy_degree(E = od$E, I = od$I)), "0.1402 +1 ")
  expect_output(print(coupling_coordination(ref_s1, ref_s2, ref_s3)), "good coordination")
  expect_output(print(entropy_weights(ref_e)), "0.998")
  expect_output(print(critic_weights(ref_e)), "CRITIC")
  expect_output(print(grey_relation(ref_e$e1, ref_e[-1], threshold = 0.5)), "selected")
})

# --- names, degenerate input, documented rules ----------------------------------

# The package's R sources: tests/testthat/../../R under test_local(), and
# 00_pkg_src/coagg/R under R CMD check.
package_r_dir <- function() {
  cand <- c(file.path("..", "..", "R"), file.path("..", "..", "00_pkg_src", "coagg", "R"))
  hit <- cand[dir.exists(cand) & file.exists(file.path(cand, "synergy.R"))]
  if (length(hit)) hit[1L] else NULL
}

test_that("no top-level function name is defined in two R files", {
  # synergy.R once defined fmt() and print_notes(), which panel-model.R also
  # defines; synergy.R is collated later, so its versions silently replaced
  # the panel ones in the namespace.
  rdir <- package_r_dir()
  if (is.null(rdir)) {
    if (identical(Sys.getenv("COAGG_REQUIRE_CROSSCHECKS"), "true")) {
      fail("the package's R sources are not found from the test directory")
    }
    skip("package R sources not available")
  }
  files <- list.files(rdir, pattern = "[.][Rr]$", full.names = TRUE)
  defs <- list()
  for (f in files) {
    for (e in as.list(parse(f, keep.source = FALSE))) {
      if (is.call(e) && (identical(e[[1L]], as.name("<-")) || identical(e[[1L]], as.name("="))) &&
          is.name(e[[2L]]) && is.call(e[[3L]]) && identical(e[[3L]][[1L]], as.name("function"))) {
        defs[[length(defs) + 1L]] <- c(name = as.character(e[[2L]]), file = basename(f))
      }
    }
  }
  defs <- as.data.frame(do.call(rbind, defs), stringsAsFactors = FALSE)
  expect_gt(nrow(defs), 50L)
  dup <- unique(defs$name[duplicated(defs$name)])
  expect_identical(dup, character(0),
                   info = paste(defs$name[defs$name %in% dup], defs$file[defs$name %in% dup],
                                collapse = "; "))
  # the synergy helpers exist under their own names
  expect_true(all(c("syn_fmt", "syn_print_notes") %in% defs$name[defs$file == "synergy.R"]))
})

test_that("zero-length inputs are rejected, naming the argument", {
  e <- catch(synergy_degree(numeric(), numeric()))
  expect_s3_class(e, "coagg_input_error")
  expect_identical(e$arg, "...")
  expect_match(conditionMessage(e), "at least 2")
  e <- catch(synergy_degree(a = numeric(), b = numeric(), base = "fixed"))
  expect_s3_class(e, "coagg_input_error")
  expect_identical(e$column, "a")
  e <- catch(coupling_coordination(numeric(), numeric()))
  expect_s3_class(e, "coagg_input_error")
  expect_identical(e$arg, "...")
  expect_match(conditionMessage(e), "at least 1")
  e <- catch(coupling_coordination(a = numeric(), b = numeric(), time = integer()))
  expect_s3_class(e, "coagg_input_error")
  # one observation is enough for coupling, two periods for synergy
  expect_identical(nrow(coupling_coordination(0.3, 0.4)), 1L)
  expect_identical(nrow(synergy_degree(c(0.3, 0.4), c(0.4, 0.5))), 1L)
})

test_that("CRITIC rejects perfectly correlated indicators consistently, rounding or not", {
  # 2 * (1:5) gives a correlation of 1 - 2.2e-16 with 1:5; c(3, 2, 1) reversed
  # gives exactly 1. Both are the same degenerate case.
  x1 <- data.frame(a = 1:5, b = 2 * (1:5))
  x2 <- data.frame(a = c(1, 2, 3), b = c(3, 2, 1))
  x3 <- data.frame(a = c(1.1, 2.7, 3.3, 4.9, 5.2), b = 3 * c(1.1, 2.7, 3.3, 4.9, 5.2) + 7)
  e1 <- catch(critic_weights(x1))
  e2 <- catch(critic_weights(x2, direction = c("+", "-")))
  e3 <- catch(critic_weights(x3))
  for (e in list(e1, e2, e3)) {
    expect_s3_class(e, "coagg_input_error")
    expect_identical(e$arg, "data")
    expect_match(conditionMessage(e), "perfectly")
  }
  expect_identical(conditionMessage(e1), conditionMessage(e2))
  expect_error(order_degree(x1, c("a", "b"), weights = "critic"), class = "coagg_input_error")
  # a genuinely imperfect correlation still gets weights, equal to a plain computation
  x4 <- data.frame(a = c(1, 2, 3, 4, 5), b = c(2, 4, 6, 8, 11))
  w <- weights(critic_weights(x4))
  z <- sapply(x4, function(v) (v - min(v)) / (max(v) - min(v)))
  info <- apply(z, 2, sd) * colSums(1 - cor(z))
  expect_equal(unname(w), unname(info / sum(info)), tolerance = 1e-12)
})

test_that("bounds naming an indicator twice are rejected, naming the indicator", {
  e <- catch(order_degree(ref_e, names(ref_e),
                          bounds = data.frame(indicator = c("e1", "e1", "e2", "e3"),
                                              lower = c(0, 50, 0, 0),
                                              upper = c(300, 300, 40, 10))))
  expect_s3_class(e, "coagg_input_error")
  expect_identical(e$arg, "bounds")
  expect_identical(e$column, "e1")
  expect_match(conditionMessage(e), '"e1"')
  e <- catch(order_degree(ref_e, names(ref_e),
                          bounds = list(e1 = c(0, 300), e2 = c(0, 40), e3 = c(0, 10),
                                        e2 = c(10, 40))))
  expect_s3_class(e, "coagg_input_error")
  expect_identical(e$column, "e2")
})

test_that("theta is 0 whenever a change is 0, else the sign of the smallest change", {
  # one subsystem unchanged, the other fell: C = 0 and theta = 0
  s <- synergy_degree(c(.2, .2), c(.5, .4))
  expect_identical(s$synergy, 0)
  expect_identical(s$theta, 0)
  set.seed(41)
  u <- matrix(round(runif(3 * 40), 1), 40, 3)   # rounding makes ties (zero changes) common
  s <- synergy_degree(a = u[, 1], b = u[, 2], c = u[, 3])
  d <- u[-1, ] - u[-40, ]
  expected_theta <- ifelse(apply(d == 0, 1, any), 0, ifelse(apply(d > 0, 1, all), 1, -1))
  expect_true(any(expected_theta == 0) && any(expected_theta == -1) && any(expected_theta == 1))
  expect_identical(s$theta, expected_theta)
  expect_equal(s$synergy, expected_theta * apply(abs(d), 1, prod)^(1 / 3), tolerance = 1e-12)
  expect_identical(s$synergy == 0, expected_theta == 0)
})

test_that("a plain series with a missing period records the gap caveat", {
  expect_warning(s <- synergy_degree(c(.1, .2, .3), c(.2, .3, .4), time = c(2015, 2016, 2019)),
                 class = "coagg_warning")
  expect_length(attr(s, "notes"), 1L)
  expect_match(attr(s, "notes"), "2016 to 2019")
  expect_output(print(s), "previous observed period")
  # the same for order degrees without regions whose years skip one
  od <- function(d) order_degree(d, c("x1", "x2"), time = "year")
  p <- data.frame(year = c(2015, 2016, 2018, 2019), x1 = c(1, 2, 4, 3), x2 = c(5, 3, 4, 2))
  expect_warning(s2 <- synergy_degree(od(p), od(transform(p, x1 = x1 + 1))),
                 class = "coagg_warning")
  expect_match(attr(s2, "notes"), "2016 to 2018")
  # evenly spaced periods (yearly, or every five years) and fixed bases: no caveat
  expect_no_warning(s3 <- synergy_degree(c(.1, .2, .3), c(.2, .3, .4), time = c(2000, 2005, 2010)))
  expect_length(attr(s3, "notes"), 0L)
  expect_no_warning(synergy_degree(c(.1, .2, .3), c(.2, .3, .4), time = c(2015, 2016, 2019),
                                   base = "fixed"))
  # a panel in which every region skips the same year is caught too
  pp <- make_panel()
  pp <- pp[pp$year != 2017, ]
  ox <- order_degree(pp, c("x1", "x2"), direction = c("+", "-"), time = "year", by = "region")
  oy <- order_degree(pp, c("y1", "y2"), time = "year", by = "region")
  expect_warning(s4 <- synergy_degree(X = ox, Y = oy), class = "coagg_warning")
  expect_match(attr(s4, "notes"), "2016 to 2018")
})

test_that("the synergy printout shows the grading bands and that their source is unverified", {
  out <- capture.output(print(synergy_degree(E = ref_order()$E, I = ref_order()$I)))
  expect_true(any(grepl("grades:", out, fixed = TRUE)))
  expect_true(any(grepl("(0, 0.3] low", out, fixed = TRUE)))
  expect_true(any(grepl("no published source verified", out, fixed = TRUE)))
})

test_that("grey_relation(): a numeric vector with a class of its own is read (fuzz regression)", {
  # data.frame() failed on it with an unclassed error
  x0 <- c(0.9, 0.8, 0.7)
  g <- grey_relation(x0, structure(c(0.9, 0.7, 0.8), class = "weird"), normalise = "none")
  g0 <- grey_relation(x0, c(0.9, 0.7, 0.8), normalise = "none")
  expect_identical(g$grades, g0$grades)
})
