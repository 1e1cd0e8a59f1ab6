# Tests of cross-sectional dependence (R/crossdep.R, src/crossdep.c): plm's
# pcdtest() on its own data sets, plain-R computations of the formulas
# where the packages differ or plm has no counterpart, properties
# (size, power, invariance), errors and the methods.

cd_all <- c("cd", "lm", "sclm", "rho", "absrho")

# (plm's pcdtest(formula) evaluates a call to plm() in its caller's frame,
# so plm() is made visible here without attaching plm)
plm_cd <- function(..., tests = cd_all) {
  plm <- plm::plm
  vapply(tests, function(t) unname(plm::pcdtest(..., test = t)$statistic), 0)
}
plm_cd_p <- function(..., tests = c("cd", "lm", "sclm")) {
  plm <- plm::plm
  vapply(tests, function(t) plm::pcdtest(..., test = t)$p.value, 0)
}

# Plain-R statistics from a T x N matrix of series (NA where missing):
# Pearson correlations over each pair's common periods, pairs with fewer
# than `min_overlap` of them dropped.
r_cd <- function(E, min_overlap = 3) {
  N <- ncol(E)
  ok <- !is.na(E)
  Tij <- crossprod(ok * 1)
  R <- suppressWarnings(stats::cor(E, use = "pairwise.complete.obs"))
  sel <- lower.tri(R) & Tij >= min_overlap
  M <- sum(sel)
  used <- colSums(sel | t(sel)) > 0
  Tmax <- max(colSums(ok)[used])
  sclm <- sum(Tij[sel] * R[sel]^2 - 1) / sqrt(2 * M)
  c(cd = sum(sqrt(Tij[sel]) * R[sel]) / sqrt(M), lm = sum(Tij[sel] * R[sel]^2), sclm = sclm,
    bcsclm = sclm - sum(used) / (2 * (Tmax - 1)), rho = mean(R[sel]), absrho = mean(abs(R[sel])),
    pairs = M)
}
wide <- function(d, v, id, t) tapply(d[[v]], list(d[[t]], d[[id]]), identity)

# Pesaran, Ullah and Yamagata's LM_adj computed plainly from the residual
# makers M_i = I - X_i (X_i'X_i)^-1 X_i' (balanced panel).
r_puy <- function(y, X, id) {
  ids <- unique(id)
  Ms <- lapply(ids, function(g) {
    Xi <- X[id == g, , drop = FALSE]
    diag(nrow(Xi)) - Xi %*% solve(crossprod(Xi), t(Xi))
  })
  es <- lapply(seq_along(ids), function(i) drop(Ms[[i]] %*% y[id == ids[i]]))
  N <- length(ids); Tn <- nrow(Ms[[1]]); k <- ncol(X); Tk <- Tn - k
  a2 <- 3 * (((Tk - 8) * (Tk + 2) + 24) / ((Tk + 2) * (Tk - 2) * (Tk - 4)))^2
  a1 <- a2 - 1 / Tk^2
  s <- 0
  for (i in 1:(N - 1)) for (j in (i + 1):N) {
    MM <- Ms[[i]] %*% Ms[[j]]
    tr1 <- sum(diag(MM)); tr2 <- sum(diag(MM %*% MM))
    r <- sum(es[[i]] * es[[j]]) / sqrt(sum(es[[i]]^2) * sum(es[[j]]^2))
    s <- s + (Tk * r^2 - tr1 / Tk) / sqrt(tr1^2 * a1 + 2 * tr2 * a2)
  }
  sqrt(2 / (N * (N - 1))) * s
}

test_that("per-unit OLS residuals (a two-sided formula) equal plm's pcdtest(formula)", {
  g <- grunfeld()
  r <- cd_test(g, f_grun, index = c("firm", "year"), tests = cd_all, convention = "plm")
  expect_s3_class(r, "coagg_cd")
  expect_identical(r$test, cd_all)
  expect_rel(r$statistic, unname(plm_cd(f_grun, data = g)))
  expect_rel(r$p_value[1:3], unname(plm_cd_p(f_grun, data = g)))
  expect_identical(r$df, c(NA, 45, NA, NA, NA))
  # the research note's numbers (plm 2.6-2), to the digits printed there
  expect_printed(r$statistic[1:3], c(5.34005300276, 97.6179477521, 5.54641869001),
                 c(11, 10, 11))
  # plm's order, formula first
  r2 <- cd_test(f_grun, g, index = c("firm", "year"), tests = cd_all, convention = "plm")
  expect_identical(as.data.frame(r2), as.data.frame(r))
  p <- plm_dataset("Produc")
  fP <- log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp
  rp <- suppressWarnings(cd_test(p, fP, index = c("state", "year"), tests = cd_all,
                                 convention = "plm"))
  expect_rel(rp$statistic, unname(plm_cd(fP, data = p, index = c("state", "year"))))
})

test_that("model residuals equal plm's pcdtest() of the plm model (within, two-way, random, pooled)", {
  g <- grunfeld()
  for (mt in c("within", "random", "pooling")) {
    p <- plm::plm(f_grun, g, index = c("firm", "year"), model = mt)
    m <- switch(mt, within = panel_fe, random = panel_re, pooling = panel_pooled)(
      f_grun, g, index = c("firm", "year"), convention = "plm")
    tests <- c(cd_all, if (mt == "within") "bcsclm")
    r <- cd_test(m, tests = tests)
    expect_rel(r$statistic, unname(plm_cd(p, tests = tests)), info = mt)
    expect_rel(r$p_value[1:3], unname(plm_cd_p(p)), info = mt)
  }
  p2 <- plm::plm(f_grun, g, index = c("firm", "year"), model = "within", effect = "twoways")
  r2 <- cd_test(panel_fe(f_grun, g, effect = "twoways", convention = "plm"),
                tests = c(cd_all, "bcsclm"))
  expect_rel(r2$statistic, unname(plm_cd(p2, tests = c(cd_all, "bcsclm"))))
  # the default tests of a fixed-effects model include BFK's, of others not
  expect_identical(suppressWarnings(cd_test(panel_fe(f_grun, g)))$test,
                   c("cd", "lm", "sclm", "bcsclm"))
  expect_identical(suppressWarnings(cd_test(panel_re(f_grun, g)))$test, c("cd", "lm", "sclm"))
  # the model's convention is the default; residual label says which
  expect_identical(attr(cd_test(panel_re(f_grun, g, convention = "stata")), "settings")$convention,
                   "stata")
})

test_that("random effects: idiosyncratic, quasi-demeaned and composite residuals give the same statistics", {
  # Stata's xtcd2 uses e_it = y - x'b - u_i (u_i the predicted effect), plm
  # the quasi-demeaned residual; both differ from y - x'b by a constant per
  # unit, which Pearson correlations ignore. Checked on an unbalanced panel.
  e <- empluk()
  m <- panel_re(f_empl, e, index = c("firm", "year"))
  ours <- suppressWarnings(cd_test(m, tests = c("cd", "lm", "sclm", "rho", "absrho")))
  re <- random_effects(m)
  u <- re$effect[match(as.character(m$unit_levels[m$unit_code + 1L]), as.character(re$firm))]
  th <- unname(m$theta[m$unit_code + 1L])
  comp <- m$residuals
  mean_comp <- stats::ave(comp, m$unit_code)
  d <- data.frame(firm = m$unit_levels[m$unit_code + 1L], year = m$time_levels[m$time_code + 1L],
                  idio = comp - u, quasi = comp - th * mean_comp)
  for (v in c("idio", "quasi")) {
    alt <- suppressWarnings(cd_test(d, v, index = c("firm", "year"),
                                    tests = c("cd", "lm", "sclm", "rho", "absrho")))
    expect_rel(alt$statistic, ours$statistic, bound = 1e-10, info = v)
  }
})

test_that("a variable itself equals plm's pcdtest() of a pseries", {
  g <- grunfeld()
  pg <- plm::pdata.frame(g, index = c("firm", "year"))
  r <- cd_test(g, "inv", index = c("firm", "year"), tests = cd_all)
  expect_rel(r$statistic, unname(plm_cd(pg$inv)))
  # a pdata.frame's own index; a formula term; several variables at once
  r_pd <- cd_test(pg, ~ inv, tests = cd_all)
  expect_rel(r_pd$statistic, r$statistic, bound = 1e-14)
  rr <- cd_test(g, c("inv", "value"), index = c("firm", "year"))
  expect_identical(unique(rr$variable), c("inv", "value"))
  expect_rel(rr$statistic[rr$variable == "value"],
             unname(plm_cd(pg$value, tests = c("cd", "lm", "sclm"))))
  pl <- cd_test(g, ~ log(inv), index = c("firm", "year"), tests = "cd")
  expect_rel(pl$statistic, unname(plm_cd(log(pg$inv), tests = "cd")))
})

test_that("unbalanced panels: plm's numbers under \"plm\", the overlap rule otherwise", {
  e <- empluk()
  fE <- emp ~ wage + capital
  r <- suppressWarnings(cd_test(e, fE, index = c("firm", "year"), tests = cd_all,
                                convention = "plm"))
  expect_rel(r$statistic, unname(plm_cd(fE, data = e, index = c("firm", "year"))))
  expect_printed(r$statistic[1], 11.2589121329, 10)
  ew <- plm::plm(fE, e, index = c("firm", "year"), model = "within")
  rw <- suppressWarnings(cd_test(panel_fe(fE, e, index = c("firm", "year"), convention = "plm"),
                                 tests = c(cd_all, "bcsclm")))
  expect_rel(rw$statistic, unname(plm_cd(ew, tests = c(cd_all, "bcsclm"))))
  tij <- crossprod(table(e$year, e$firm) > 0)
  expect_identical(rw$overlap[1], paste(range(tij[lower.tri(tij)]), collapse = "-"))
  # a toy panel with overlaps of 4, 1, 0 and 2 periods (the research note's)
  toy <- data.frame(id = rep(1:4, c(4, 4, 3, 3)), t = c(1:4, 1:4, 4:6, 5:7),
                    e = c(0.3, -1.2, 0.8, 0.1, 1.1, 0.4, -0.9, -0.6, 0.5, -0.2, 0.7, 1.4,
                          -0.3, 0.2))
  tp <- suppressWarnings(cd_test(toy, "e", convention = "plm",
                                 tests = c("cd", "lm", "sclm", "bcsclm")))
  ptoy <- plm::pdata.frame(toy, index = c("id", "t"))
  expect_rel(tp$statistic, unname(suppressWarnings(plm_cd(ptoy$e,
                                                          tests = c("cd", "lm", "sclm", "bcsclm")))))
  expect_identical(tp$pairs[1], 2L)
  # coagg's default (and Stata's xtcdf): a pair needs 3 common periods;
  # checked against the plain-R formulas. Pair (3, 4) with 2 periods goes,
  # and with it units 3 and 4: 2 units are left, too few.
  w <- collect_warnings(tryCatch(cd_test(toy, "e"), coagg_too_small = function(c) c))
  expect_s3_class(w$value, "coagg_too_small")
  expect_true("coagg_dropped_unit_warning" %in% w$classes)
  # a larger unbalanced panel: coagg's rule against plain R
  set.seed(3)
  d <- sim_panel_data(N = 8, T = 12)
  d <- d[-c(2, 3, 15, 40, 41, 42, 43, 44, 45, 46, 47, 70, 88), ]
  E <- wide(d, "y", "id", "t")
  ref <- r_cd(E, min_overlap = 3)
  ours <- suppressWarnings(cd_test(d, "y", index = c("id", "t"),
                                   tests = c("cd", "lm", "sclm", "bcsclm", "rho", "absrho")))
  expect_rel(ours$statistic, unname(ref[1:6]))
  expect_identical(ours$pairs[1], as.integer(ref[["pairs"]]))
})

test_that("Pesaran, Ullah and Yamagata's bias-adjusted LM against the plain formula", {
  g <- grunfeld()
  r <- cd_test(g, f_grun, index = c("firm", "year"))
  expect_identical(r$test, c("cd", "lm", "sclm", "lm_adj"))
  ref <- r_puy(g$inv, cbind(1, g$value, g$capital), g$firm)
  expect_rel(r$statistic[4], ref)
  expect_printed(r$statistic[4], 4.84231443103, 10)
  expect_equal(r$p_value[4], stats::pnorm(ref, lower.tail = FALSE), tolerance = 1e-10)
  p <- plm_dataset("Produc")
  fP <- log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp
  rp <- suppressWarnings(cd_test(p, fP, index = c("state", "year"), tests = "lm_adj"))
  X <- cbind(1, log(p$pcap), log(p$pc), log(p$emp), p$unemp)
  expect_rel(rp$statistic, r_puy(log(p$gsp), X, p$state))
  # T - k <= 4: not computed; left out of the default tests with a note,
  # NA with a caveat when asked for
  d <- sim_panel_data(N = 11, T = 6)
  r6 <- suppressWarnings(cd_test(d, y ~ x1 + x2, index = c("id", "t")))
  expect_false("lm_adj" %in% r6$test)
  expect_true(any(grepl("T - k > 4", attr(r6, "notes"))))
  w <- collect_warnings(cd_test(d, y ~ x1 + x2, index = c("id", "t"), tests = "lm_adj"))
  expect_true("coagg_not_computed_warning" %in% w$classes)
  expect_true(is.na(w$value$statistic))
})

test_that("p-values follow EViews' published cross-section dependence table", {
  # A table in EViews' format (N = 5, T = 11): LM 20.14855 (p 0.0279),
  # scaled LM 2.269284 (0.0233), bias-corrected 2.019284 (0.0435), CD
  # -0.980675 (0.3268). From the sums that give its LM and CD, the
  # statistics and p-values as EViews prints them.
  M <- 10
  s <- c(pairs = M, sum_t_rho2 = 20.14855, sum_sqrt_t_rho = -0.980675 * sqrt(M),
         sum_rho = 0, sum_abs_rho = 0, puy_sum = NA, puy_pairs = 0)
  units <- data.frame(status = "used", obs = rep(11L, 5))
  st <- cd_statistics(s, units, c("cd", "lm", "sclm", "bcsclm"), 11)
  expect_printed(st$statistic[c("sclm", "bcsclm")], c(2.269284, 2.019284), 5)
  expect_printed(st$p_value[c("lm", "sclm", "bcsclm", "cd")], c(0.0279, 0.0233, 0.0435, 0.3268), 4)
})

test_that("size near the nominal level at N = 11, T = 6, and a common factor is detected", {
  # 400 panels of independent normal units: CD's rejection rate at 5%
  # (reported, with a wide band only; inst/bench/crossdep.R runs 2,000)
  set.seed(20240611)
  rej <- replicate(400, {
    d <- data.frame(id = rep(1:11, each = 6), t = rep(1:6, 11), y = rnorm(66))
    cd_test(d, "y", tests = "cd")$p_value < 0.05
  })
  expect_gt(mean(rej), 0.01)
  expect_lt(mean(rej), 0.12)
  # a common factor with positive loadings
  d <- data.frame(id = rep(1:11, each = 6), t = rep(1:6, 11))
  f <- rnorm(6)
  d$y <- rep(runif(11, 0.5, 1.5), each = 6) * rep(f, 11) + rnorm(66, sd = 0.3)
  r <- suppressWarnings(cd_test(d, "y"))
  expect_lt(r$p_value[r$test == "cd"], 1e-6)
  expect_gt(r$estimate[r$test == "cd"], 0.5)
})

test_that("invariant to the order of rows and units and to the scale of each unit", {
  set.seed(9)
  d <- sim_panel_data(N = 7, T = 9)
  base <- cd_test(d, "y", index = c("id", "t"), tests = c("cd", "lm", "sclm", "rho", "absrho"))
  sh <- d[sample(nrow(d)), ]
  expect_equal(cd_test(sh, "y", index = c("id", "t"),
                       tests = c("cd", "lm", "sclm", "rho", "absrho"))$statistic,
               base$statistic, tolerance = 1e-12)
  # units relabelled in another order
  d2 <- d
  d2$id <- factor(d2$id, levels = rev(unique(d2$id)))
  expect_equal(cd_test(d2, "y", index = c("id", "t"),
                       tests = c("cd", "lm", "sclm", "rho", "absrho"))$statistic,
               base$statistic, tolerance = 1e-12)
  # each unit on its own scale, and extreme scales (1e200, 1e-200)
  d3 <- d
  sc <- c(u1 = 1e200, u2 = 1e-200, u3 = 3, u4 = 1e-5, u5 = 1, u6 = 7e100, u7 = 2e-150)
  d3$y <- d3$y * sc[d3$id]
  expect_equal(cd_test(d3, "y", index = c("id", "t"),
                       tests = c("cd", "lm", "sclm", "rho", "absrho"))$statistic,
               base$statistic, tolerance = 1e-10)
  # per-unit regressions: the same with shifted and scaled responses
  d4 <- d
  d4$y <- 1e6 + 1e3 * d4$y
  expect_equal(cd_test(d4, y ~ x1, index = c("id", "t"), tests = "cd")$statistic,
               cd_test(d, y ~ x1, index = c("id", "t"), tests = "cd")$statistic,
               tolerance = 1e-9)
})

test_that("a panel of 2 units or 2 periods, and no usable pair, are classed errors", {
  d <- sim_panel_data(N = 2, T = 8)
  expect_error(cd_test(d, "y", index = c("id", "t")), class = "coagg_too_small")
  d <- sim_panel_data(N = 6, T = 2)
  expect_error(cd_test(d, "y", index = c("id", "t")), class = "coagg_too_small")
  expect_error(cd_test(d, "y", index = c("id", "t"), convention = "plm"),
               class = "coagg_too_small")
  e <- expect_error(cd_test(panel_fe(y ~ x1, sim_panel_data(N = 2, T = 5), index = c("id", "t"))),
                    class = "coagg_too_small")
  # units that never overlap
  d <- data.frame(id = rep(1:3, each = 3), t = 1:9, y = rnorm(9))
  expect_error(suppressWarnings(cd_test(d, "y")), class = "coagg_too_small")
  # every unit constant
  d <- data.frame(id = rep(1:4, each = 5), t = rep(1:5, 4), y = rep(1:4, each = 5))
  expect_error(suppressWarnings(cd_test(d, "y")), class = "coagg_too_small")
})

test_that("constant units and exact fits are set aside with a caveat", {
  set.seed(2)
  d <- sim_panel_data(N = 6, T = 10)
  d$y[d$id == "u3"] <- 4.2
  w <- collect_warnings(cd_test(d, "y", index = c("id", "t"), tests = "cd"))
  expect_true("coagg_dropped_unit_warning" %in% w$classes)
  expect_identical(w$value$units, 5L)
  u <- attr(w$value, "units")
  expect_identical(u$status[u$unit == "u3"], "constant")
  ref <- r_cd(wide(d[d$id != "u3", ], "y", "id", "t"))
  expect_rel(w$value$statistic, ref[["cd"]])
  # a unit fitted exactly by its own regression
  d$y[d$id == "u4"] <- 2 * d$x1[d$id == "u4"] + 1
  w2 <- collect_warnings(cd_test(d, y ~ x1, index = c("id", "t"), tests = "cd"))
  expect_identical(w2$value$units, 4L)
  expect_true(any(grepl("exact fit", attr(w2$value, "notes"))))
})

test_that("missing values, foreign spellings and bad arguments", {
  set.seed(4)
  d <- sim_panel_data(N = 6, T = 8)
  d$y[5] <- NA
  expect_error(cd_test(d, "y", index = c("id", "t"), na_action = "fail"),
               class = "coagg_missing_value")
  r <- cd_test(d, "y", index = c("id", "t"), tests = "cd")
  expect_true(any(grepl("missing value", attr(r, "notes"))))
  expect_identical(r$obs, 47L)
  expect_error(cd_test(d), class = "coagg_input_error")
  # no data at all: the generic's classed error, not R's "argument missing"
  # (fuzz finding)
  expect_error(cd_test(), class = "coagg_input_error")
  expect_error(cd_test(vars = "y"), class = "coagg_input_error")
  expect_error(cd_test(d, "nope", index = c("id", "t")), class = "coagg_input_error")
  expect_error(cd_test(d, "id", index = c("id", "t")), class = "coagg_input_error")
  expect_error(cd_test(d, "y", index = c("id", "t"), test = "cd"), class = "coagg_foreign_argument")
  expect_error(cd_test(d, "y", index = c("id", "t"), w = diag(6)), class = "coagg_foreign_argument")
  expect_error(cd_test(d, "y", index = c("id", "t"), tests = "frees"), class = "coagg_input_error")
  expect_error(cd_test(d, "y", index = c("id", "t"), min_overlap = 1), class = "coagg_input_error")
  expect_error(cd_test(1:3), class = "coagg_input_error")
  expect_error(cd_test(y ~ x1), class = "coagg_input_error")
  expect_error(cd_test(stats::lm(y ~ x1, d)), class = "coagg_input_error")
  # a model brings its residuals, keys and rows: vars, index, na_action refused
  m <- panel_fe(y ~ x1, d, index = c("id", "t"))
  expect_error(cd_test(m, "y"), class = "coagg_input_error")
  expect_error(cd_test(m, index = c("id", "t")), class = "coagg_input_error")
  expect_error(cd_test(m, na_action = "omit"), class = "coagg_input_error")
  # an explicit min_overlap
  expect_identical(attr(cd_test(d, "y", index = c("id", "t"), min_overlap = 5), "settings")$min_overlap,
                   5L)
})

test_that("print, as.data.frame, `[` and as_htest()", {
  g <- grunfeld()
  r <- cd_test(panel_fe(f_grun, g))
  expect_output(print(r), "Pesaran CD")
  expect_output(print(r), "weak cross-sectional dependence \\(Pesaran 2015\\)")
  df <- as.data.frame(r)
  expect_identical(class(df), "data.frame")
  expect_null(attr(df, "settings"))
  expect_named(df, c("variable", "test", "statistic_name", "statistic", "p_value", "df",
                     "estimate", "units", "pairs", "obs", "overlap"))
  expect_identical(class(r[1:2, ]), "data.frame")
  h <- as_htest(r, test = "cd")
  expect_s3_class(h, "htest")
  expect_identical(unname(h$statistic), r$statistic[1])
  expect_identical(h$p.value, r$p_value[1])
  expect_match(h$alternative, "weak dependence")
  hl <- as_htest(r)
  expect_length(hl, 4L)
  expect_identical(unname(hl[["residuals / lm"]]$parameter), 45)
  expect_output(print(h), "Pesaran \\(2004\\) CD")
  expect_error(as_htest(r, test = "nope"), class = "coagg_input_error")
})

test_that("plot(), and broom's tidy() and glance()", {
  set.seed(3)
  d <- sim_panel_data(N = 6, T = 10)
  r <- cd_test(d, c("y", "x1"), index = c("id", "t"), tests = c("cd", "lm"))
  grDevices::pdf(NULL)
  on.exit(grDevices::dev.off())
  drawn <- plot(r, variable = "x1")
  u <- attr(r, "units")
  u <- u[u$variable == "x1", ]
  expect_identical(sort(drawn$mean_rho), sort(u$mean_rho))
  expect_true(all(diff(drawn$mean_rho) >= 0))
  # each unit's average correlation: the plain mean of its correlations
  R <- stats::cor(wide(d, "x1", "id", "t"))
  expect_equal(unname(drawn$mean_rho), unname(sort((colSums(R) - 1) / 5)), tolerance = 1e-12)
  expect_error(plot(r, variable = "nope"), class = "coagg_input_error")
  skip_if_no_crosscheck("broom")
  td <- broom::tidy(r)
  expect_identical(class(td), "data.frame")
  expect_identical(td$p.value, r$p_value)
  gl <- broom::glance(r)
  expect_identical(nrow(gl), 1L)
  expect_identical(gl$cd, r$statistic[1])
})
