# The E-G functions (R/agglomeration.R, src/agglomeration.c): known answers
# from the package's reference cases (eg-cases.md: Farhauer and Kroell's
# textbook examples), agreement with plain R, properties of the indices,
# caveats, the memory and interrupt behaviour of the engine. Helpers are in
# helper-agglomeration.R.
# ---------------------------------------------------------------------------
# Known answers
# ---------------------------------------------------------------------------

test_that("case 1: one industry from firm microdata (gamma, G, H, z, firms)", {
  firms <- data.frame(
    region = rep(c("Wien", "Linz", "Graz"), c(5, 4, 1)), industry = "A", firm = 1:10,
    emp = c(200, 650, 12000, 100, 50, 16000, 13000, 1500, 1500, 25000))
  e <- eg_index(firms, "region", "industry", "emp", firm_id = "firm",
                reference = c(Wien = 500000, Linz = 400000, Graz = 100000))
  expect_s3_class(e, "eg_index")
  expect_equal(e$estimate, 0.05990628412, tolerance = 1e-8)
  expect_equal(e$gini, 0.1681632653, tolerance = 1e-8)
  expect_equal(e$herfindahl, 0.2446887755, tolerance = 1e-8)
  expect_equal(e$statistic, 0.195900197, tolerance = 1e-8)
  expect_equal(e$p_value, stats::pnorm(0.195900197, lower.tail = FALSE), tolerance = 1e-8)
  expect_identical(e$n_firms, 10)
  expect_identical(e$n_regions, 3L)
  expect_identical(e$input, "firms")
  expect_identical(e$h_method, "exact")
})

test_that("case 2: G, exact H and gamma of four industries", {
  f <- fk()
  e <- eg_index(f, "region", "industry", "emp_firm", firm_id = "firm", reference = fk_ref(f))
  expect_identical(e$industry, fk_industries)
  expect_rel_each(e$gini, c(0.0998105000, 0.0734783323, 0.1472384891, 0.0752627938), 1e-8)
  expect_rel_each(e$herfindahl, c(0.1312435000, 0.0924055325, 0.1455998264, 0.1220805919), 1e-8)
  expect_rel_each(e$estimate, c(0.0543817728, 0.0429635585, 0.1377600291, 0.0142490592), 1e-8)
  expect_identical(e$n_firms, c(11, 13, 9, 9))
})

test_that("case 2: H from counts (equal-size firms), from firm rows and from cells", {
  f <- fk()
  approx_H <- c(0.1266591667, 0.0922246526, 0.1406492070, 0.1220186951)
  e1 <- eg_index(f, "region", "industry", "emp_firm", firm_id = "firm",
                 reference = fk_ref(f), herfindahl = "counts")
  expect_rel_each(e1$herfindahl, approx_H, 1e-8)
  # the same from aggregated cells with enterprise counts
  cells <- stats::aggregate(cbind(emp = emp_firm, firms = 1) ~ region + industry, data = f, FUN = sum)
  e2 <- eg_index(cells, "region", "industry", "emp", n_firms = "firms", reference = fk_ref(f))
  expect_rel_each(e2$herfindahl, approx_H, 1e-8)
  expect_identical(e2$h_method, rep("counts", 4))
  expect_identical(e2$input, rep("counts", 4))
  # gamma with the approximate H, by the formula in plain R
  E <- as.matrix(stats::xtabs(emp ~ region + industry, cells))
  x <- fk_ref(f)[rownames(E)] / sum(fk_ref(f))
  p <- plain_gamma(unclass(E), x, approx_H)
  expect_rel_each(e2$estimate, p$gamma, 1e-8)
  expect_rel_each(e1$estimate, e2$estimate, 1e-12)
})

test_that("case 2: the four-industry group gamma^c (REAT's ellison.c gives 12.07 here)", {
  f <- fk()
  m <- eg_coagg_matrix(f, "region", "industry", "emp_firm", firm_id = "firm",
                       reference = fk_ref(f), groups = list(all = fk_industries))
  g <- as.data.frame(m, what = "groups")
  expect_equal(g$estimate, 0.0890366517, tolerance = 1e-8)
  # regression test of our own behaviour where REAT's ellison.c returns 12.0729
  expect_lt(abs(g$estimate), 1)
  expect_identical(g$n_industries, 4L)
})

test_that("case 2: all six EGK pairs, and each equals the EG 1997 group of two", {
  f <- fk()
  known <- c(-0.0091742987, 0.2157021961, 0.1504969288, 0.0074573030, 0.0240045986,
             0.1863706926)
  pairs <- utils::combn(fk_industries, 2, simplify = FALSE)
  m <- eg_coagg_matrix(f, "region", "industry", "emp_firm", firm_id = "firm",
                       reference = fk_ref(f),
                       groups = stats::setNames(pairs, vapply(pairs, paste, "", collapse = "-")))
  mm <- as.matrix(m)
  got <- vapply(pairs, function(p) mm[p[1], p[2]], 0)
  expect_rel_each(got, known, 1e-8)
  expect_rel_each(mm[2, 1], known[1], 1e-8) # symmetric
  expect_true(all(is.na(diag(mm))))
  expect_rel_each(attr(m, "groups")$estimate, known, 1e-8)
  long <- as.data.frame(m)
  expect_identical(nrow(long), 6L)
  expect_identical(long$industry_1, vapply(pairs, `[`, "", 1))
  expect_identical(long$industry_2, vapply(pairs, `[`, "", 2))
  expect_rel_each(long$estimate, known, 1e-8)
})

test_that("REAT's convention: x from the sample's own employment", {
  f <- fk()
  e <- eg_index(f, "region", "industry", "emp_firm", firm_id = "firm")
  published <- c(-0.09379384, 0.16838003, -0.08012539, -0.13040134)
  # printed to 8 decimals: agree to half a unit in the last place
  expect_true(all(abs(e$estimate - published) <= 5e-9))
  # and to 1e-8 relative with the same convention computed in plain R
  E <- unclass(as.matrix(stats::xtabs(emp_firm ~ region + industry, f)))
  x <- rowSums(E) / sum(E)
  H <- vapply(split(f$emp_firm, f$industry), function(v) sum((v / sum(v))^2), 0)
  expect_rel_each(e$estimate, plain_gamma(E, x, H)$gamma, 1e-10)
  expect_identical(e, eg_index(f, "region", "industry", "emp_firm", firm_id = "firm",
                               reference = "total"))
})

test_that("location quotient case", {
  d <- data.frame(region = rep(c("A", "B"), each = 2), industry = rep(1:2, 2),
                  employment = c(1000, 2000, 1000, 4000))
  lq <- location_quotient(d, "region", "industry", "employment",
                          reference = c(A = 4000, B = 6000))
  expect_s3_class(lq, "coagg_lq")
  expect_identical(lq$region, c("A", "A", "B", "B"))
  expect_identical(lq$industry, c(1L, 2L, 1L, 2L))
  expect_rel_each(lq$estimate, c(1.25, 0.8333333, 0.8333333, 1.1111111), 1e-7)
  expect_rel_each(lq$estimate, c(1.25, 5 / 6, 5 / 6, 10 / 9), 1e-12)
  expect_identical(lq$employment, c(1000, 2000, 1000, 4000))
  # without a reference the regions' totals come from the data
  lq0 <- location_quotient(d, "region", "industry", "employment")
  expect_rel_each(lq0$estimate, c((1000 / 3000) / (2000 / 8000), (2000 / 3000) / (6000 / 8000),
                             (1000 / 5000) / (2000 / 8000), (4000 / 5000) / (6000 / 8000)), 1e-12)
})

test_that("a region absent from an industry is a zero, not a recycled value (REAT's ellison.a)", {
  f <- fk()
  f <- f[!(f$industry == "Textiles dyeing" & f$region == 3), ]
  e <- eg_index(f, "region", "industry", "emp_firm", firm_id = "firm", reference = fk_ref(fk()))
  td <- f[f$industry == "Textiles dyeing", ]
  s <- c(sum(td$emp_firm[td$region == 1]), sum(td$emp_firm[td$region == 2]), 0) / sum(td$emp_firm)
  x <- c(360000, 108000, 132000) / 600000
  H <- sum((td$emp_firm / sum(td$emp_firm))^2)
  G <- sum((s - x)^2)
  expect_equal(e$gini[3], G, tolerance = 1e-12)
  expect_equal(e$estimate[3], (G - (1 - sum(x^2)) * H) / ((1 - sum(x^2)) * (1 - H)),
               tolerance = 1e-10)
  expect_identical(e$n_regions[3], 2L)
  # the other industries are untouched
  e0 <- eg_index(fk(), "region", "industry", "emp_firm", firm_id = "firm",
                 reference = fk_ref(fk()))
  expect_rel_each(e$estimate[-3], e0$estimate[-3], 1e-12)
})

# ---------------------------------------------------------------------------
# A larger simulated table against plain R
# ---------------------------------------------------------------------------

test_that("simulated cells: gamma, G, H, z and pairs agree with plain R", {
  d <- sim_cells()
  e <- eg_index(d, "region", "industry", "emp", n_firms = "firms")
  E <- unclass(as.matrix(stats::xtabs(emp ~ region + industry, d)))
  N <- unclass(as.matrix(stats::xtabs(firms ~ region + industry, d)))
  x <- rowSums(E) / sum(E)
  s <- sweep(E, 2, colSums(E), "/")
  H <- colSums(ifelse(N > 0, s^2 / N, 0))
  z4 <- colSums(ifelse(N > 0, s^4 / N^3, 0))
  p <- plain_gamma(E, x, H)
  expect_rel_each(e$gini, p$G, 1e-10)
  expect_rel_each(e$herfindahl, H, 1e-10)
  expect_rel_each(e$estimate, p$gamma, 1e-10)
  v <- plain_var(x, H, z4)
  expect_rel_each(e$statistic, (p$G - (1 - sum(x^2)) * H) / sqrt(v), 1e-10)
  expect_identical(e$n_firms, unname(colSums(N)))
  expect_identical(e$n_regions, as.integer(colSums(E > 0)))
  m <- eg_coagg_matrix(d, "region", "industry", "emp")
  expect_rel_each(as.matrix(m)[, ], plain_pairs(E, x), 1e-10)
  # 1 / N
  e3 <- eg_index(d, "region", "industry", "emp", n_firms = "firms", herfindahl = "inverse_n")
  expect_rel_each(e3$herfindahl, 1 / colSums(N), 1e-12)
  expect_rel_each(e3$estimate, plain_gamma(E, x, 1 / colSums(N))$gamma, 1e-10)
  # EGK's mean-share reference
  e4 <- eg_index(d, "region", "industry", "emp", n_firms = "firms", reference = "mean_share")
  expect_rel_each(e4$estimate, plain_gamma(E, rowMeans(s), H)$gamma, 1e-10)
  m4 <- eg_coagg_matrix(d, "region", "industry", "emp", reference = "mean_share")
  expect_rel_each(as.matrix(m4)[, ], plain_pairs(E, rowMeans(s)), 1e-10)
})

test_that("supplied H: gamma by the formula, z not available", {
  d <- sim_cells(2)
  H <- stats::setNames(seq(0.01, 0.12, length.out = 12), sprintf("i%02d", 12:1))
  e <- eg_index(d, "region", "industry", "emp", herfindahl = H)
  E <- unclass(as.matrix(stats::xtabs(emp ~ region + industry, d)))
  x <- rowSums(E) / sum(E)
  expect_rel_each(e$estimate, plain_gamma(E, x, H[colnames(E)])$gamma, 1e-10)
  expect_true(all(is.na(e$statistic)) && all(is.na(e$p_value)) && all(is.na(e$n_firms)))
  expect_identical(e$h_method, rep("user", 12))
  hd <- data.frame(industry = names(H), herfindahl = unname(H))
  expect_identical(eg_index(d, "region", "industry", "emp", herfindahl = hd), e)
})

# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

test_that("gamma is unchanged when all employment is scaled", {
  f <- fk()
  e <- eg_index(f, "region", "industry", "emp_firm", firm_id = "firm", reference = fk_ref(f))
  f2 <- f
  f2$emp_firm <- f2$emp_firm * 7.3
  e2 <- eg_index(f2, "region", "industry", "emp_firm", firm_id = "firm",
                 reference = fk_ref(f) * 100)
  cols <- c("estimate", "gini", "herfindahl", "statistic")
  expect_equal(e2[cols], e[cols], tolerance = 1e-12)
  d <- sim_cells(3)
  d2 <- d
  d2$emp <- d2$emp * 1000
  m <- eg_coagg_matrix(d, "region", "industry", "emp")
  m2 <- eg_coagg_matrix(d2, "region", "industry", "emp")
  expect_equal(as.matrix(m2)[, ], as.matrix(m)[, ], tolerance = 1e-12)
})

test_that("results do not depend on the order of rows, regions or industries", {
  d <- sim_cells(4)
  pair <- list(a = c("i01", "i02"), b = "i05")
  e <- eg_index(d, "region", "industry", "emp", n_firms = "firms")
  co <- eg_coagg(d, "region", "industry", "emp", n_firms = "firms", pair = pair)
  m <- eg_coagg_matrix(d, "region", "industry", "emp")
  set.seed(9)
  d2 <- d[sample(nrow(d)), ]
  expect_equal(eg_index(d2, "region", "industry", "emp", n_firms = "firms"), e,
               tolerance = 1e-12)
  expect_equal(eg_coagg(d2, "region", "industry", "emp", n_firms = "firms", pair = pair), co,
               tolerance = 1e-12)
  expect_equal(eg_coagg_matrix(d2, "region", "industry", "emp"), m, tolerance = 1e-12)
  # relabel so that the sort order of regions and industries is reversed
  d3 <- d
  d3$region <- paste0("z", 99 - as.integer(substr(d$region, 2, 3)))
  d3$industry <- paste0("k", 99 - as.integer(substr(d$industry, 2, 3)))
  e3 <- eg_index(d3, "region", "industry", "emp", n_firms = "firms")
  expect_equal(rev(e3$estimate), e$estimate, tolerance = 1e-12)
  m3 <- eg_coagg_matrix(d3, "region", "industry", "emp")
  expect_equal(as.matrix(m3)[12:1, 12:1], unname(as.matrix(m)[, ]), tolerance = 1e-12,
               ignore_attr = TRUE)
  # factors keep their level order
  d4 <- d
  d4$industry <- factor(d4$industry, levels = sprintf("i%02d", 12:1))
  e4 <- eg_index(d4, "region", "industry", "emp", n_firms = "firms")
  expect_equal(rev(e4$estimate), e$estimate, tolerance = 1e-12)
})

test_that("with time, each period equals the one-period call", {
  a <- sim_cells(5)
  b <- sim_cells(6)
  b <- b[b$region != "r07", ] # a region missing in one period
  a$year <- 2011L
  b$year <- 2012L
  panel <- rbind(b, a)
  pair <- list(m = c("i01", "i03"), l = "i04")
  ep <- eg_index(panel, "region", "industry", "emp", n_firms = "firms", time = "year")
  # region r25 has neither group in 2012 (a = b = 0): NA with a recorded warning
  expect_warning(cp <- eg_coagg(panel, "region", "industry", "emp", n_firms = "firms",
                                time = "year", pair = pair), "r25")
  mp <- eg_coagg_matrix(panel, "region", "industry", "emp", n_firms = "firms", time = "year",
                        groups = list(g = c("i01", "i02", "i03")))
  lp <- location_quotient(panel, "region", "industry", "emp", time = "year")
  expect_identical(unique(ep$time), c(2011L, 2012L))
  expect_s3_class(mp, "eg_coagg_matrix")
  expect_identical(unique(mp$time), c(2011L, 2012L))
  for (yr in c(2011L, 2012L)) {
    one <- panel[panel$year == yr, ]
    e1 <- eg_index(one, "region", "industry", "emp", n_firms = "firms")
    got <- ep[ep$time == yr, names(e1)]
    expect_equal(unclass(got)[names(e1)], unclass(e1)[names(e1)], tolerance = 1e-12,
                 ignore_attr = TRUE)
    c1 <- suppressWarnings(eg_coagg(one, "region", "industry", "emp", n_firms = "firms",
                                    pair = pair))
    gotc <- cp[cp$time == yr, ]
    expect_identical(gotc$region, c1$region)
    expect_equal(gotc$estimate, c1$estimate, tolerance = 1e-12)
    expect_equal(gotc$index_a, c1$index_a, tolerance = 1e-12)
    m1 <- eg_coagg_matrix(one, "region", "industry", "emp", n_firms = "firms",
                          groups = list(g = c("i01", "i02", "i03")))
    expect_equal(as.matrix(mp, time = yr)[, ], as.matrix(m1)[, ], tolerance = 1e-12)
    gp <- attr(mp, "groups")
    expect_equal(gp$estimate[gp$time == yr], attr(m1, "groups")$estimate,
                 tolerance = 1e-12)
    l1 <- location_quotient(one, "region", "industry", "emp")
    expect_equal(lp$estimate[lp$time == yr], l1$estimate, tolerance = 1e-12)
  }
  long <- as.data.frame(mp)
  expect_identical(nrow(long), 2L * 66L)
  expect_identical(unique(long$time), c(2011L, 2012L))
  expect_identical(nrow(as.data.frame(mp, what = "groups")), 2L)
})

test_that("with time, reference totals per period come from a data frame", {
  a <- sim_cells(7, nr = 8, ni = 5)
  b <- sim_cells(8, nr = 8, ni = 5)
  a$year <- 1
  b$year <- 2
  panel <- rbind(a, b)
  set.seed(3)
  tot <- data.frame(region = rep(sprintf("r%02d", 1:8), 3), year = rep(0:2, each = 8),
                    total = round(stats::runif(24, 5e4, 9e4)))
  e <- eg_index(panel, "region", "industry", "emp", n_firms = "firms", time = "year",
                reference = tot)
  for (yr in 1:2) {
    tt <- tot[tot$year == yr, ]
    e1 <- eg_index(panel[panel$year == yr, ], "region", "industry", "emp",
                   n_firms = "firms", reference = stats::setNames(tt$total, tt$region))
    expect_equal(e$estimate[e$time == yr], e1$estimate, tolerance = 1e-12)
  }
})

# ---------------------------------------------------------------------------
# eg_coagg: the Zhejiang study's per-region index
# ---------------------------------------------------------------------------

test_that("eg_coagg: per-region indices and formulas agree with plain R", {
  f <- fk()
  ref <- fk_ref(f)
  pair <- list(clothing = c("Clothing trade", "Textiles trade"), forestry = "Forestry")
  x <- ref / sum(ref)
  c2 <- 1 - sum(x^2)
  grp <- ifelse(f$industry %in% pair$clothing, "a", ifelse(f$industry == "Forestry", "b", NA))
  stats_of <- function(g) {
    v <- f[grp %in% g, ]
    s <- tapply(v$emp_firm, factor(v$region, levels = names(ref)), sum) / sum(v$emp_firm)
    s <- as.vector(s)
    s[is.na(s)] <- 0
    H <- sum((v$emp_firm / sum(v$emp_firm))^2)
    G <- sum((s - x)^2)
    list(s = s, H = H, gamma = (G - c2 * H) / (c2 * (1 - H)))
  }
  A <- stats_of("a")
  B <- stats_of("b")
  for (index in c("lq", "decomposition", "location_quotient")) {
    pa <- switch(index, lq = A$gamma * A$s / x,
                 decomposition = ((A$s - x)^2 - c2 * A$H) / (c2 * (1 - A$H)),
                 location_quotient = A$s / x)
    pb <- switch(index, lq = B$gamma * B$s / x,
                 decomposition = ((B$s - x)^2 - c2 * B$H) / (c2 * (1 - B$H)),
                 location_quotient = B$s / x)
    for (formula in c("ratio", "ratio_plus_sum")) {
      want <- 1 - abs(pa - pb) / (pa + pb)
      if (formula == "ratio_plus_sum") want <- want + pa + pb
      want[pa < 0 | pb < 0 | pa + pb <= 0] <- NA
      co <- suppressWarnings(eg_coagg(f, "region", "industry", "emp_firm", firm_id = "firm",
                                      reference = ref, pair = pair, per_region = index,
                                      combine = formula))
      expect_rel_each(co$index_a, pa, 1e-10)
      expect_rel_each(co$index_b, pb, 1e-10)
      expect_rel_each(co$estimate, want, 1e-10)
      expect_rel_each(co$lq_a, A$s / x, 1e-10)
    }
  }
  co <- eg_coagg(f, "region", "industry", "emp_firm", firm_id = "firm", reference = ref,
                 pair = pair)
  # the same from cells with the groups' H supplied
  cells <- stats::aggregate(emp ~ region + industry, data = transform(f, emp = emp_firm), FUN = sum)
  co_h <- eg_coagg(cells, "region", "industry", "emp", reference = ref, pair = pair,
                   herfindahl = c(forestry = B$H, clothing = A$H))
  expect_equal(co_h$estimate, co$estimate, tolerance = 1e-12)
  co_hd <- eg_coagg(cells, "region", "industry", "emp", reference = ref, pair = pair,
                    herfindahl = data.frame(group = c("clothing", "forestry"),
                                            herfindahl = c(A$H, B$H)))
  expect_equal(co_hd$estimate, co$estimate, tolerance = 1e-12)
  g <- attr(co, "groups")
  expect_rel_each(g$estimate, c(A$gamma, B$gamma), 1e-10)
  expect_rel_each(g$herfindahl, c(A$H, B$H), 1e-10)
  expect_true(all(co$estimate >= 0 & co$estimate <= 1))
})

test_that("eg_coagg: negative indices give NA, recorded and warned", {
  f <- fk()
  pair <- list(a = "Clothing trade", b = "Textiles trade")
  # decomposition terms are negative where a share is close to x
  expect_warning(
    co <- eg_coagg(f, "region", "industry", "emp_firm", firm_id = "firm", reference = fk_ref(f),
                   pair = pair, per_region = "decomposition"),
    class = "coagg_warning")
  bad <- co$index_a < 0 | co$index_b < 0
  expect_true(any(bad))
  expect_true(all(is.na(co$estimate[bad])))
  notes <- attr(co, "notes")
  expect_true(any(grepl("is NA for", notes)))
  expect_output(print(co), "Notes:")
  expect_output(print(co), "is NA for")
  # with the sample's own shares Clothing trade has gamma < 0 (REAT convention)
  # every warning is recorded in the result, and nothing else is
  w <- character()
  co2 <- withCallingHandlers(
    eg_coagg(f, "region", "industry", "emp_firm", firm_id = "firm", pair = pair),
    coagg_warning = function(cnd) {
      w <<- c(w, conditionMessage(cnd))
      invokeRestart("muffleWarning")
    })
  expect_identical(attr(co2, "notes"), w)
  expect_length(w, 3L)
  expect_true(all(is.na(co2$estimate)))
  expect_match(w[1], 'E-G gamma of group "a" is negative')
  expect_match(w[2], 'E-G gamma of group "b" is negative')
  expect_match(w[3], "NA for 3 of 3 regions")
})

test_that("eg_coagg: a group with H = 1 gives NA per-region indices, not -Inf or NaN", {
  # group "a" is one firm (H = 1): gamma undefined, decomposition denominator zero
  d <- data.frame(region = c("A", "B", "A", "B"), industry = c("x", "x", "y", "y"),
                  emp = c(5, 0, 3, 4), nf = c(1, 0, 1, 1))
  d0 <- deep_copy(d)
  for (index in c("decomposition", "lq")) {
    w <- character()
    co <- withCallingHandlers(
      eg_coagg(d, "region", "industry", "emp", n_firms = "nf", pair = list(a = "x", b = "y"),
               per_region = index),
      coagg_warning = function(cnd) {
        w <<- c(w, conditionMessage(cnd))
        invokeRestart("muffleWarning")
      })
    expect_false(any(is.nan(co$index_a)), label = index)
    expect_false(any(is.infinite(co$index_a)), label = index)
    expect_true(all(is.na(co$index_a)), label = index)
    expect_true(all(is.finite(co$index_b)), label = index)
    expect_true(all(is.na(co$estimate)), label = index)
    expect_true(any(grepl('index of group "a" is not finite in 2 regions', w)), label = index)
    expect_true(any(grepl("Herfindahl index is 1", w)), label = index)
    expect_identical(attr(co, "notes"), w)
    expect_output(print(co), "not finite")
  }
  expect_identical(d, d0)
})

test_that("eg_coagg on the bundled CBP data", {
  metro <- subset(cbp_metro, cbsa_type %in% "metro")
  sectors <- subset(metro, naics != "00")
  tot <- subset(metro, naics == "00")
  co <- eg_coagg(sectors, "cbsa_code", "naics", "employment", n_firms = "establishments",
                 reference = stats::setNames(tot$employment, tot$cbsa_code),
                 pair = list(manufacturing = "31-33", logistics = "48-49"))
  expect_identical(nrow(co), 381L)
  expect_true(all(co$estimate > 0 & co$estimate <= 1))
  # the group's gamma equals eg_index() on the sector itself
  e <- eg_index(sectors, "cbsa_code", "naics", "employment", n_firms = "establishments",
                reference = stats::setNames(tot$employment, tot$cbsa_code))
  g <- attr(co, "groups")
  expect_equal(g$estimate, e$estimate[match(c("31-33", "48-49"), e$industry)],
               tolerance = 1e-12)
  expect_output(print(co), "manufacturing")
})

# ---------------------------------------------------------------------------
# Zero employment and caveats
# ---------------------------------------------------------------------------

test_that("an industry with rows but no employment is NA with a note", {
  d <- sim_cells(10, nr = 6, ni = 4)
  d$emp[d$industry == "i03"] <- 0
  d$firms[d$industry == "i03"] <- 0
  expect_warning(e <- eg_index(d, "region", "industry", "emp", n_firms = "firms"),
                 class = "coagg_warning")
  expect_true(is.na(e$estimate[3]))
  expect_false(anyNA(e$estimate[-3]))
  expect_match(attr(e, "notes"), 'industry "i03" has no employment', all = FALSE)
  expect_output(print(e), "i03")
  expect_warning(m <- eg_coagg_matrix(d, "region", "industry", "emp"), class = "coagg_warning")
  expect_true(all(is.na(as.matrix(m)[3, ])))
  expect_false(anyNA(as.matrix(m)[-3, -3][upper.tri(diag(3))]))
})

test_that("a region without employment is left out of per-region results, with a note", {
  d <- sim_cells(15, nr = 6, ni = 4)
  d$emp[d$region == "r04"] <- 0
  d$firms[d$region == "r04"] <- 0
  expect_warning(lq <- location_quotient(d, "region", "industry", "emp"), "r04")
  expect_false("r04" %in% lq$region)
  expect_match(attr(lq, "notes"), 'Region "r04"', all = FALSE)
  expect_warning(co <- eg_coagg(d, "region", "industry", "emp", n_firms = "firms",
                                pair = list(a = "i01", b = "i02"), per_region = "location_quotient"),
                 "r04")
  expect_identical(co$region, sprintf("r%02d", c(1:3, 5:6)))
  # the E-G index is unaffected: such a region has x = s = 0
  e <- eg_index(d, "region", "industry", "emp", n_firms = "firms")
  e2 <- eg_index(d[d$region != "r04", ], "region", "industry", "emp", n_firms = "firms")
  expect_equal(e$estimate, e2$estimate, tolerance = 1e-12)
})

test_that("a single firm (H = 1) gives NA gamma with a note", {
  d <- data.frame(region = c("a", "b", "a"), industry = c("x", "y", "y"), firm = 1:3,
                  emp = c(5, 3, 4))
  expect_warning(e <- eg_index(d, "region", "industry", "emp", firm_id = "firm"),
                 class = "coagg_warning")
  expect_true(is.na(e$estimate[1]))
  expect_match(attr(e, "notes"), "H = 1", all = FALSE)
})

test_that("a reference below the data's employment is recorded", {
  d <- sim_cells(11, nr = 5, ni = 3)
  tot <- tapply(d$emp, d$region, sum)
  tot[2] <- tot[2] / 2
  expect_warning(e <- eg_index(d, "region", "industry", "emp", n_firms = "firms",
                               reference = tot), "exceeds the supplied reference")
  expect_match(attr(e, "notes"), "r02", all = FALSE)
})

test_that("cbp_metro: the documented structure", {
  d <- cbp_metro
  expect_identical(dim(d), c(18191L, 6L))
  expect_identical(names(d), c("cbsa_code", "cbsa_name", "cbsa_type", "naics", "employment",
                               "establishments"))
  expect_identical(length(unique(d$cbsa_code)), 933L)
  expect_identical(sum(d$naics == "00"), 933L)
  types <- unique(d[c("cbsa_code", "cbsa_type")])$cbsa_type
  expect_identical(c(sum(types %in% "metro"), sum(types %in% "micro"), sum(is.na(types))),
                   c(381L, 531L, 21L))
  withheld <- d[d$employment == 0, ]
  expect_identical(nrow(withheld), 4L)
  expect_true(all(withheld$naics == "99" & withheld$establishments > 0))
  expect_identical(sum(is.na(d$cbsa_name)), 396L)
  # the source table ships with the package (xz-compressed)
  csv <- system.file("extdata", "cbp_metro_2019.csv.xz", package = "coagg")
  expect_true(nzchar(csv))
  src <- utils::read.csv(xzfile(csv), stringsAsFactors = FALSE, encoding = "UTF-8",
                         colClasses = c(cbsa_code = "character", naics = "character"))
  expect_identical(d, src)
})

# ---------------------------------------------------------------------------
# Regressions found by the fuzzer (inst/fuzz; issue 7)
# ---------------------------------------------------------------------------

test_that("firm rows on extreme scales: H and z as on the unit scale (fuzz)", {
  # e^4 of firm sizes beyond 1e77 overflowed (below 1e-77 underflowed), and
  # H, Var(G) and z came out NaN although they depend only on the shares
  f <- fk()
  ref <- fk_ref(f)
  e <- eg_index(f, "region", "industry", "emp_firm", firm_id = "firm", reference = ref)
  cols <- c("estimate", "gini", "herfindahl", "statistic", "p_value")
  for (s in c(1e150, 1e-150)) {
    f2 <- f
    f2$emp_firm <- f2$emp_firm * s
    e2 <- eg_index(f2, "region", "industry", "emp_firm", firm_id = "firm", reference = ref * s)
    expect_equal(e2[cols], e[cols], tolerance = 1e-12, info = format(s))
  }
})

test_that("one region holding all employment to machine precision is an input error (fuzz)", {
  # 1 - sum x^2 was 0 and the indices Inf or NaN
  d <- data.frame(region = c("a", "b", "c", "a", "b"), industry = c("x", "x", "x", "y", "y"),
                  emp = c(1.797693e308, 20, 5, 40, 7))
  err <- expect_error(eg_index(d, "region", "industry", "emp", herfindahl = c(x = 0.3, y = 0.4)),
                      class = "coagg_input_error")
  expect_identical(err$arg, "employment")
  expect_error(eg_coagg_matrix(d, "region", "industry", "emp"), class = "coagg_input_error")
  expect_error(location_quotient(d, "region", "industry", "emp"), class = "coagg_input_error")
  # the same through supplied totals names `reference`
  d2 <- d
  d2$emp[1] <- 10
  err <- expect_error(eg_coagg_matrix(d2, "region", "industry", "emp",
                                      reference = c(a = 1e308, b = 100, c = 100)),
                      class = "coagg_input_error")
  expect_identical(err$arg, "reference")
})

# ---------------------------------------------------------------------------
# Memory and time follow the rows (issue 11, item 4)
# ---------------------------------------------------------------------------

test_that("a wide sparse panel: codes 1..1,300 in every key, 2,600 rows", {
  k <- 1300L
  t <- rep(seq_len(k), each = 2L)
  set.seed(51)
  d <- data.frame(region = (t + rep(0:1, k) - 1L) %% k + 1L,
                  industry = (t + rep(c(0L, 5L), k) - 1L) %% k + 1L,
                  year = t, firms = stats::rpois(2L * k, 3) + 2L,
                  emp = stats::rpois(2L * k, 50) + 10)
  # (x from two regions per period: Var(G) <= 0 in some periods, noted)
  e <- suppressWarnings(eg_index(d, "region", "industry", "emp", n_firms = "firms", time = "year"))
  expect_identical(nrow(e), 2L * k)
  lq <- location_quotient(d, "region", "industry", "emp", time = "year")
  expect_identical(nrow(lq), 2L * k)
  m <- eg_coagg_matrix(d, "region", "industry", "emp", time = "year")
  expect_identical(nrow(m), k)
  # each period in plain R: two regions, two industries, one cell each
  for (yr in c(1L, 700L, k)) {
    one <- d[d$year == yr, ]
    E <- unclass(as.matrix(stats::xtabs(emp ~ region + industry, one)))
    N <- unclass(as.matrix(stats::xtabs(firms ~ region + industry, one)))
    x <- rowSums(E) / sum(E)
    s <- sweep(E, 2, colSums(E), "/")
    H <- colSums(ifelse(N > 0, s^2 / N, 0))
    got <- e[e$time == yr, ]
    expect_identical(as.character(got$industry), colnames(E))
    expect_rel_each(got$estimate, plain_gamma(E, x, H)$gamma, 1e-10)
    expect_rel_each(m$estimate[m$time == yr], plain_pairs(E, x)[1, 2], 1e-10)
    expect_rel_each(lq$estimate[lq$time == yr], (E / rowSums(E) / rep(colSums(E) / sum(E),
                                                               each = 2))[E > 0], 1e-12)
  }
})

test_that("rows in any order: by period or not, by industry within a period or not", {
  a <- sim_cells(52, nr = 7, ni = 5); a$year <- 2001L
  b <- sim_cells(53, nr = 7, ni = 5); b$year <- 2002L
  p <- rbind(a, b)
  e <- eg_index(p, "region", "industry", "emp", n_firms = "firms", time = "year")
  m <- eg_coagg_matrix(p, "region", "industry", "emp", time = "year")
  lq <- location_quotient(p, "region", "industry", "emp", time = "year")
  orders <- list(order(p$year, p$industry), order(p$year, p$region), order(p$region),
                 rev(seq_len(nrow(p))))
  for (o in orders) {
    q <- p[o, ]
    expect_equal(eg_index(q, "region", "industry", "emp", n_firms = "firms", time = "year"), e,
                 tolerance = 1e-13)
    expect_equal(eg_coagg_matrix(q, "region", "industry", "emp", time = "year"), m,
                 tolerance = 1e-13)
    expect_equal(location_quotient(q, "region", "industry", "emp", time = "year"), lq,
                 tolerance = 1e-13)
  }
})

test_that("firm rows summed into a grid (few cells, many rows) or by industry give the same", {
  # a period whose region x industry grid is small beside its rows is summed
  # in one pass into the grid; with a second period of many regions and
  # industries the grid is too large and the first period's rows are
  # gathered by industry instead
  set.seed(55)
  n <- 400L
  f <- data.frame(region = sample(sprintf("r%d", 1:4), n, TRUE),
                  industry = sample(sprintf("i%d", 1:3), n, TRUE), firm = seq_len(n),
                  emp = ceiling(stats::rlnorm(n, 2, 1)), year = 1L)
  wide <- data.frame(region = sprintf("w%03d", 1:60), industry = sprintf("j%03d", 1:60),
                     firm = n + 1:60, emp = 5, year = 2L)
  e1 <- eg_index(f, "region", "industry", "emp", firm_id = "firm")
  # (period 2 has single-firm industries, noted)
  e2 <- suppressWarnings(eg_index(rbind(f, wide), "region", "industry", "emp", firm_id = "firm",
                                  time = "year"))
  cols <- c("estimate", "gini", "herfindahl", "statistic", "n_regions", "n_firms", "employment")
  expect_equal(unclass(e2[e2$time == 1L, cols]), unclass(e1[cols]), tolerance = 1e-13,
               ignore_attr = TRUE)
  l1 <- location_quotient(f, "region", "industry", "emp", firm_id = "firm")
  l2 <- location_quotient(rbind(f, wide), "region", "industry", "emp", firm_id = "firm",
                          time = "year")
  expect_equal(l2$estimate[l2$time == 1L], l1$estimate, tolerance = 1e-13)
  expect_identical(l2$employment[l2$time == 1L], l1$employment)
  m1 <- eg_coagg_matrix(f, "region", "industry", "emp", firm_id = "firm",
                        groups = list(g = c("i1", "i2", "i3")))
  m2 <- eg_coagg_matrix(rbind(f, wide), "region", "industry", "emp", firm_id = "firm",
                        time = "year", industries = c("i1", "i2", "i3"),
                        groups = list(g = c("i1", "i2", "i3")))
  expect_equal(m2$estimate, m1$estimate, tolerance = 1e-13)
  expect_equal(attr(m2, "groups")$estimate, attr(m1, "groups")$estimate, tolerance = 1e-13)
  # and against plain R
  E <- unclass(as.matrix(stats::xtabs(emp ~ region + industry, f)))
  x <- rowSums(E) / sum(E)
  H <- vapply(split(f$emp, f$industry), function(v) sum((v / sum(v))^2), 0)
  expect_rel_each(e1$estimate, plain_gamma(E, x, H)$gamma, 1e-10)
})

# ---------------------------------------------------------------------------
# Interrupts (issue 11, item 5)
# ---------------------------------------------------------------------------

test_that("Ctrl-C stops the pairwise matrix within a fraction of a second", {
  skip_on_os("windows")
  skip_on_cran()
  # a size that takes several seconds with this BLAS: the pair products cost
  # regions x industries^2 / 2 multiply-adds (capped at 6,000 industries)
  nr <- 1000L
  a <- matrix(stats::runif(nr * 400L), nr)
  rate <- nr * 400^2 / max(system.time(for (i in 1:3) crossprod(a))[["elapsed"]] / 3, 1e-3)
  ni <- as.integer(min(6000, max(2000, sqrt(2 * 10 * rate / nr))))
  set.seed(54)
  d <- data.frame(region = sample.int(nr, 5L * ni, TRUE), industry = rep(seq_len(ni), each = 5L))
  d <- d[!duplicated(d), ]
  d$emp <- stats::rpois(nrow(d), 20) + 1
  started <- tempfile()
  job <- parallel::mcparallel({
    # the forked child's first garbage collection copies the parent's heap
    # (copy-on-write), which is no part of the computation: done first
    invisible(gc())
    writeLines("started", started)
    r <- tryCatch({
      eg_coagg_matrix(d, "region", "industry", "emp")
      "finished"
    }, interrupt = function(e) "interrupted")
    list(r, Sys.time())
  }, silent = TRUE)
  t0 <- Sys.time()
  while (!file.exists(started) && as.double(Sys.time() - t0, units = "secs") < 120) {
    Sys.sleep(0.05)
  }
  Sys.sleep(1.5)
  sent <- Sys.time()
  tools::pskill(job$pid, tools::SIGINT)
  res <- parallel::mccollect(job, wait = TRUE)[[1L]]
  if (!is.list(res)) fail(paste("the child failed:", paste(format(res), collapse = " ")))
  if (identical(res[[1L]], "finished") && res[[2L]] < sent) {
    skip("the matrix was computed before the interrupt was sent")
  }
  expect_identical(res[[1L]], "interrupted")
  latency <- as.double(res[[2L]] - sent, units = "secs")
  # The size makes the uninterrupted products take about 10 s of BLAS time,
  # and before the fix the call returned only at their end. The bound of 1 s
  # holds for the package as users build it (the check stage); in the
  # instrumented build of .ci/sanitizers (COAGG_INSTRUMENTED) the engine's
  # own loops run several times slower (1.14 s was seen), so the bound there
  # is 3 s, which still fails on a call that runs to the end.
  bound <- if (nzchar(Sys.getenv("COAGG_INSTRUMENTED"))) 3 else 1
  expect_lt(latency, bound)
})

test_that("the engine returns no uninitialised memory when a status stops it early", {
  # regression (gctorture stage): on a status found while preparing (a cell
  # with employment but no firm) or in a period (a region without a supplied
  # total), unwritten result slots came back with whatever memory held, so
  # two identical calls differed
  key <- function(v) list(values = as.integer(v), offset = 0L, lut = NULL)
  data1 <- list(region = key(0:4), industry = key(rep(0L, 5)), time = NULL,
                employment = c(129, 498, 113, 5, 677), n_firms = c(0, 4, 5, 2, 5))
  opts1 <- list(n_regions = 5L, n_industries = 1L, n_periods = 1L, mode = 1L, x_method = 0L,
                h_method = 2L, absent_zero = 0L, reference = NULL, herfindahl = NULL,
                per_region = 0L)
  a <- .Call(coagg:::C_eg_index, data1, opts1)
  expect_gt(a[[1L]][1L], 0) # a status was reported
  for (i in 1:5) expect_identical(.Call(coagg:::C_eg_index, data1, opts1), a)
  data2 <- list(region = key(c(2, 2, 3, 0, 2, 1, 3, 2, 1, 0, 3, 1, 2)),
                industry = key(c(0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1)), time = NULL,
                employment = c(125, 21, 35, 41, 17, 4, 1, 4, 9, 12, 30, 8, 6), n_firms = NULL)
  opts2 <- list(n_regions = 4L, n_industries = 2L, n_periods = 1L, mode = 2L, x_method = 2L,
                h_method = 0L, absent_zero = 0L,
                reference = list(key = 1:3, time = c(0L, 0L, 0L),
                                 value = c(196082, 916387, 565937)),
                herfindahl = NULL, selection = 0:1, group_start = NULL, group_members = NULL)
  b <- .Call(coagg:::C_eg_pairs, data2, opts2)
  for (i in 1:5) expect_identical(.Call(coagg:::C_eg_pairs, data2, opts2), b)
})
