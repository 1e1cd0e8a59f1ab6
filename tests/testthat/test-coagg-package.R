# Method registration (R/coagg-package.R): broom's tidy() and glance() for
# every result class, through broom itself (the contract CI checks).

broom_objects <- function() {
  set.seed(21)
  d <- data.frame(id = rep(1:12, each = 10), t = rep(1:10, 12))
  d$x <- ave(rnorm(120), d$id, FUN = cumsum) + rep(rnorm(12), each = 10)
  d$y <- 1 + 0.5 * d$x + rep(rnorm(12), each = 10) + rnorm(120)
  fe <- panel_fe(y ~ x, d)
  re <- panel_re(y ~ x, d)
  p <- data.frame(city = rep(c("A", "B"), each = 5), year = rep(2016:2020, 2),
                  e1 = c(1, 2, 3, 4, 6, 2, 3, 3.5, 5, 6), e2 = c(5, 4, 4.5, 3, 2, 6, 5, 5.5, 4, 3),
                  i1 = c(2, 2.5, 3, 3.2, 4, 1, 1.8, 2.2, 2.9, 3.5), i2 = c(1, 1.1, 1.3, 1.2, 1.6,
                                                                           2, 2.1, 2.4, 2.6, 2.5))
  ue <- order_degree(p, c("e1", "e2"), index = c("city", "year"))
  ui <- order_degree(p, c("i1", "i2"), index = c("city", "year"))
  list(coagg_panel = fe, coagg_unit_effects = random_effects(re),
       coagg_hausman = hausman_test(fe, re),
       coagg_unitroot = suppressWarnings(panel_unitroot(d, "x", tests = c("llc", "ips"))),
       coagg_weights = entropy_weights(p, c("e1", "e2"), index = c("city", "year")),
       coagg_grey = grey_relation(p[p$city == "A", ], "e1", c("i1", "i2"), index = "year"),
       coagg_order = ue, coagg_synergy = synergy_degree(list(E = ue, I = ui)),
       coagg_coupling = coupling_coordination(list(E = ue, I = ui)),
       coagg_audit = audit_coef_table(c("0.65", "0.50"), statistic = c("7.2", "1.2"), df = 60),
       coagg_chisq_audit = audit_chisq("12.0105", "0.0853", df = 5),
       coagg_cd = suppressWarnings(cd_test(d, "x")),
       coagg_study = suppressWarnings(coagg_study(
         coagg = data.frame(id = d$id, t = d$t, coagg = d$y), region = "id", time = "t",
         covariates = d[c("id", "t", "x")], formula = coagg ~ x, unitroot_tests = "ips",
         variants = FALSE)))
}

test_that("every result class has tidy() and glance() through broom", {
  skip_if_no_crosscheck("broom")
  objs <- broom_objects()
  expect_setequal(names(objs), intersect(broom_classes$tidy, names(objs)))
  # every registered class is covered here (agglomeration classes in their own test)
  expect_true(all(setdiff(broom_classes$tidy, c("eg_index", "eg_coagg", "eg_coagg_matrix",
                                                 "coagg_lq")) %in% names(objs)))
  for (cl in names(objs)) {
    x <- objs[[cl]]
    expect_true(inherits(x, cl), info = cl)
    td <- broom::tidy(x)
    expect_identical(class(td), "data.frame", info = cl)
    expect_gt(nrow(td), 0L)
    expect_null(attr(td, "notes"))
    expect_false(any(c("std_error", "p_value") %in% names(td)), info = cl)
    gl <- broom::glance(x)
    expect_identical(class(gl), "data.frame", info = cl)
    expect_identical(nrow(gl), 1L, info = cl)
  }
  # the unit-root result used to fail in broom ("non-numeric argument to binary operator")
  ur <- objs$coagg_unitroot
  expect_identical(broom::tidy(ur)$p.value, as.data.frame(ur)$p_value)
  expect_identical(nrow(broom::augment(objs$coagg_panel)), 120L)
})
