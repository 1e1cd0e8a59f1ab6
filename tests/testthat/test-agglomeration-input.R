# Input of the E-G functions (R/agglomeration-input.R): bad input, the
# missing-value policy, classed numbers, reference totals (regions absent
# from a period), extreme magnitudes, argument names; and the shared key
# and column helpers they rely on.

# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------

test_that("bad input: columns, values, duplicates, pairs, regions, totals", {
  d <- sim_cells(12, nr = 5, ni = 4)
  d0 <- deep_copy(d)
  expect_input_error(eg_index(as.list(d), "region", "industry", "emp"), "data")
  expect_input_error(eg_index(d, "Region", "industry", "emp", n_firms = "firms"), "region",
                     pattern = 'Did you mean "region"')
  expect_input_error(eg_index(d, "region", "industry", "employment", n_firms = "firms"),
                     "employment", pattern = "no column")
  expect_input_error(eg_index(d, "region", "industry", c("emp", "firms")), "employment")
  expect_input_error(eg_index(d, "region", "region", "emp"), "industry")
  expect_input_error(eg_index(d, "region", "industry", "emp", n_firms = "firms",
                              firm_id = "region"), "firm_id")
  x <- d; x$emp[7] <- NA
  expect_input_error(eg_index(x, "region", "industry", "emp", n_firms = "firms"),
                     "employment", row = 7)
  x <- d; x$emp[8] <- -1
  expect_input_error(eg_index(x, "region", "industry", "emp", n_firms = "firms"),
                     "employment", row = 8, pattern = "negative")
  x <- d; x$emp[9] <- Inf
  expect_input_error(eg_index(x, "region", "industry", "emp", n_firms = "firms"),
                     "employment", row = 9, pattern = "non-finite")
  x <- d; x$emp <- as.character(x$emp); x$emp[4] <- "12a"
  expect_input_error(eg_index(x, "region", "industry", "emp", n_firms = "firms"),
                     "employment", row = 4)
  x <- d; x$region[5] <- NA
  expect_input_error(eg_index(x, "region", "industry", "emp", n_firms = "firms"),
                     "region", row = 5)
  x <- d; x$firms[11] <- 0; x$emp[11] <- 40
  expect_input_error(eg_index(x, "region", "industry", "emp", n_firms = "firms"),
                     "n_firms", row = 11, pattern = "at least one firm")
  x <- d; x$firms[12] <- NA
  expect_input_error(eg_index(x, "region", "industry", "emp", n_firms = "firms"),
                     "n_firms", row = 12)
  x <- d; x$firms <- as.double(x$firms); x$firms[13] <- x$firms[13] + 0.5
  expect_input_error(eg_index(x, "region", "industry", "emp", n_firms = "firms"),
                     "n_firms", row = 13, pattern = "whole numbers")
  expect_input_error(eg_coagg(x, "region", "industry", "emp", n_firms = "firms",
                              pair = list(a = "i01", b = "i02")),
                     "n_firms", row = 13, pattern = "whole numbers")
  expect_input_error(eg_coagg_matrix(x, "region", "industry", "emp", n_firms = "firms"),
                     "n_firms", row = 13, pattern = "whole numbers")
  x <- rbind(d, d[3, ])
  e <- expect_input_error(eg_index(x, "region", "industry", "emp", n_firms = "firms"),
                          "data", row = nrow(d) + 1L, pattern = "repeats row 3")
  expect_match(conditionMessage(e), "duplicated (region, industry)", fixed = TRUE)
  # the same cell in two periods is fine; within a period it is not
  x <- rbind(d, d)
  x$year <- rep(c(2000, 2001), each = nrow(d))
  expect_s3_class(eg_index(x, "region", "industry", "emp", n_firms = "firms", time = "year"),
                  "eg_index")
  x <- rbind(x, x[3, ])
  expect_input_error(eg_index(x, "region", "industry", "emp", n_firms = "firms", time = "year"),
                     "data", row = 2L * nrow(d) + 1L, pattern = "region, industry, year")
  expect_input_error(eg_coagg(d, "region", "industry", "emp", n_firms = "firms",
                              pair = list(a = "i01", b = "i5")), "pair",
                     pattern = 'industry "i5"')
  expect_input_error(eg_coagg(d, "region", "industry", "emp", n_firms = "firms",
                              pair = list(a = "i01", b = c("i02", "i01"))), "pair",
                     pattern = "both groups")
  expect_input_error(eg_coagg(d, "region", "industry", "emp", n_firms = "firms",
                              pair = list("i01", "i02")), "pair")
  expect_input_error(eg_coagg(d, "region", "industry", "emp", n_firms = "firms"), "pair")
  expect_input_error(eg_coagg(d, "region", "industry", "emp", pair = list(a = "i01", b = "i02")),
                     "herfindahl")
  expect_input_error(eg_coagg(d, "region", "industry", "emp", n_firms = "firms",
                              pair = list(a = "i01", b = "i02"), per_region = "gini"), "per_region")
  one <- d[d$region == "r01", ]
  expect_input_error(eg_index(one, "region", "industry", "emp", n_firms = "firms"), "region",
                     pattern = "single region")
  x <- d; x$emp[1:2] <- 1e308
  expect_input_error(eg_index(x, "region", "industry", "emp", n_firms = "firms"), "employment",
                     pattern = "rescale")
  x <- d; x$emp <- 0; x$firms <- 0
  expect_input_error(eg_index(x, "region", "industry", "emp", n_firms = "firms"), "employment",
                     pattern = "sums to zero")
  x <- d; x$emp[x$region != "r02"] <- 0
  expect_input_error(eg_coagg_matrix(x, "region", "industry", "emp"), "region",
                     pattern = "at least two")
  expect_input_error(eg_index(d, "region", "industry", "emp"), "herfindahl",
                     pattern = "needs the firms' Herfindahl")
  expect_input_error(eg_index(d, "region", "industry", "emp", n_firms = "firms",
                              herfindahl = "exact"), "herfindahl")
  expect_input_error(eg_index(d, "region", "industry", "emp", herfindahl = c(i01 = 0.1)),
                     "herfindahl", pattern = '"i02"')
  expect_input_error(eg_index(d, "region", "industry", "emp",
                              herfindahl = c(i01 = 0.1, i02 = 1.5, i03 = .1, i04 = .1)),
                     "herfindahl", pattern = "1.5")
  expect_identical(d, d0)
})

test_that("bad input: reference totals", {
  d <- sim_cells(13, nr = 4, ni = 3)
  tot <- tapply(d$emp, d$region, sum) * 2
  tot <- stats::setNames(as.vector(tot), names(tot))
  expect_input_error(eg_index(d, "region", "industry", "emp", n_firms = "firms",
                              reference = unname(tot)), "reference", pattern = "no names")
  expect_input_error(eg_index(d, "region", "industry", "emp", n_firms = "firms",
                              reference = tot[-2]), "reference",
                     row = which(d$region == "r02")[1], pattern = '"r02"')
  expect_input_error(eg_index(d, "region", "industry", "emp", n_firms = "firms",
                              reference = c(tot, Zhejiang = sum(tot))), "reference",
                     element = 5L, pattern = '"Zhejiang"')
  x <- tot; x[3] <- -5
  expect_input_error(eg_index(d, "region", "industry", "emp", n_firms = "firms",
                              reference = x), "reference", element = 3L)
  x <- tot; x[2] <- NA
  expect_input_error(eg_index(d, "region", "industry", "emp", n_firms = "firms",
                              reference = x), "reference", element = 2L)
  x <- tot; x[1] <- 0
  expect_input_error(eg_index(d, "region", "industry", "emp", n_firms = "firms",
                              reference = x), "reference", pattern = "total of 0")
  expect_input_error(eg_index(d, "region", "industry", "emp", n_firms = "firms",
                              reference = "median"), "reference", pattern = "mean_share")
  expect_input_error(eg_index(d, "region", "industry", "emp", n_firms = "firms",
                              reference = list(1)), "reference")
  d$year <- 1
  df <- data.frame(region = names(tot), year = 1, total = tot)
  expect_s3_class(eg_index(d, "region", "industry", "emp", n_firms = "firms", time = "year",
                           reference = df), "eg_index")
  expect_input_error(eg_index(d, "region", "industry", "emp", n_firms = "firms", time = "year",
                              reference = df[-1, ]), "reference", row = 1L)
  expect_input_error(eg_index(d, "region", "industry", "emp", n_firms = "firms", time = "year",
                              reference = rbind(df, df[2, ])), "reference", row = 5L)
  names(df)[3] <- "value"
  expect_input_error(eg_index(d, "region", "industry", "emp", n_firms = "firms", time = "year",
                              reference = df), "reference", pattern = '"total"')
})

test_that("bad input: firm rows", {
  f <- fk()
  f0 <- deep_copy(f)
  x <- f
  x$firm[20] <- x$firm[13] # two rows of one firm in Forestry
  expect_input_error(eg_index(x, "region", "industry", "emp_firm", firm_id = "firm"),
                     "firm_id", row = 20L, pattern = "repeats row 13")
  # the same id in another industry is a different row, not an error
  x <- f
  x$firm[30] <- x$firm[1]
  expect_s3_class(eg_index(x, "region", "industry", "emp_firm", firm_id = "firm"), "eg_index")
  x <- f
  x$firm[3] <- NA
  expect_input_error(eg_index(x, "region", "industry", "emp_firm", firm_id = "firm"),
                     "firm_id", row = 3L)
  expect_input_error(eg_index(f, "region", "industry", "emp_firm", firm_id = "firm",
                              n_firms = "emp_region"), "firm_id", pattern = "not both")
  expect_identical(f, f0)
})

test_that("inputs are never modified", {
  f <- fk()
  ref <- fk_ref(f)
  f0 <- deep_copy(f)
  ref0 <- deep_copy(ref)
  pair <- list(a = "Forestry", b = "Textiles trade")
  pair0 <- deep_copy(pair)
  invisible(eg_index(f, "region", "industry", "emp_firm", firm_id = "firm", reference = ref))
  invisible(eg_coagg(f, "region", "industry", "emp_firm", firm_id = "firm", reference = ref,
                     pair = pair))
  invisible(eg_coagg_matrix(f, "region", "industry", "emp_firm", firm_id = "firm",
                            reference = ref, groups = list(g = fk_industries)))
  invisible(location_quotient(f, "region", "industry", "emp_firm", firm_id = "firm",
                              reference = ref))
  expect_identical(f, f0)
  expect_identical(ref, ref0)
  expect_identical(pair, pair0)
  d <- sim_cells(14)
  d$emp <- as.integer(d$emp)
  d0 <- deep_copy(d)
  invisible(eg_index(d, "region", "industry", "emp", n_firms = "firms"))
  expect_identical(d, d0)
})

test_that("group_codes() fast paths equal match(x, sort(unique(x))) - 1", {
  set.seed(21)
  gc <- coagg:::group_codes
  xi <- sample(c(-5L, 3L, 17L, 1000L, 2L), 5000, replace = TRUE)
  xd <- as.double(sample(c(2011, 2016, 2013), 5000, replace = TRUE))
  xf <- sample(c(0.5, 2.25, 7), 5000, replace = TRUE)
  xc <- sample(c("b", "a", "C", "10", "9"), 5000, replace = TRUE)
  for (x in list(xi, xd, xf, xc)) {
    lev <- sort(unique(x))
    got <- gc(x)
    expect_identical(got$levels, lev)
    expect_identical(got$code, match(x, lev) - 1L)
  }
  dates <- as.Date("2011-01-01") + sample(0:5, 5000, replace = TRUE) * 365
  expect_identical(gc(dates)$levels, sort(unique(dates)))
  big <- sample(c(1L, .Machine$integer.max), 2000, replace = TRUE)
  expect_identical(gc(big)$code, match(big, sort(unique(big))) - 1L)
  long <- rep_len(c("x", "y", "w"), 2^20 + 7)
  got <- gc(long)
  expect_identical(got$levels, c("w", "x", "y"))
  expect_identical(got$code, match(long, got$levels) - 1L)
  # levels first seen after the first block, and NA, as sort(unique()) has them
  long[c(70000, 900000)] <- c("a", "zz")
  long[80000] <- NA
  got <- gc(long)
  expect_identical(got$levels, sort(unique(long)))
  expect_identical(got$code, match(long, sort(unique(long))) - 1L)
})

test_that("numeric columns: the one-pass checks report the same first rows", {
  n <- 2e5
  d <- data.frame(a = rep(1, n), b = rep(2L, n))
  cn <- coagg:::check_numeric_column
  expect_identical(cn(d, "a", "a", nonnegative = TRUE), rep(1, n))
  expect_identical(cn(d, "b", "b", as_double = FALSE), rep(2L, n))
  expect_identical(cn(d, "b", "b"), rep(2, n))
  x <- d; x$a[c(150000, 170000)] <- c(Inf, -Inf)
  expect_identical(expect_error(cn(x, "a", "a"), class = "coagg_input_error")$row, 150000L)
  x <- d; x$a[c(120000, 130000)] <- c(-1, NaN)
  expect_identical(expect_error(cn(x, "a", "a", allow_na = TRUE, nonnegative = TRUE),
                                class = "coagg_input_error")$row, 120000L)
  expect_identical(expect_error(cn(x, "a", "a"), class = "coagg_input_error")$row, 130000L)
  x <- d; x$b[190000] <- -3L
  expect_identical(expect_error(cn(x, "b", "b", nonnegative = TRUE),
                                class = "coagg_input_error")$row, 190000L)
  x <- d; x$a[5] <- 1e308; x$a[6] <- 1e308 # the sum overflows: exact check passes them
  expect_identical(cn(x, "a", "a"), x$a)
})

# ---------------------------------------------------------------------------
# Missing values: na_action (?coagg_missing)
# ---------------------------------------------------------------------------

test_that("na_action = \"fail\" names the column and rows and says how to opt in, in all four functions", {
  d <- sim_cells(31, nr = 6, ni = 4)
  d$emp[c(5, 9)] <- NA
  calls <- list(
    function(a) eg_index(d, "region", "industry", "emp", n_firms = "firms", na_action = a),
    function(a) eg_coagg(d, "region", "industry", "emp", n_firms = "firms",
                         pair = list(x = "i01", y = "i02"), na_action = a),
    function(a) eg_coagg_matrix(d, "region", "industry", "emp", na_action = a),
    function(a) location_quotient(d, "region", "industry", "emp", na_action = a))
  for (f in calls) {
    e <- expect_error(f("fail"), class = "coagg_missing_value")
    expect_s3_class(e, "coagg_input_error")
    expect_identical(e$arg, "employment")
    expect_identical(e$column, "emp")
    expect_identical(e$row, 5L)
    expect_match(conditionMessage(e), "rows 5, 9")
    expect_match(conditionMessage(e), 'na_action = "omit"', fixed = TRUE)
    # the default is "fail"
    expect_error(f(c("fail", "omit")), class = "coagg_missing_value")
  }
  expect_input_error(eg_index(d, "region", "industry", "emp", n_firms = "firms",
                              na_action = "drop"), "na_action")
})

test_that("na_action = \"omit\" drops the rows and records how many and what share of the employment", {
  d <- sim_cells(32, nr = 6, ni = 4)
  d$emp[3] <- NA          # a cell without employment
  d$firms[7] <- NA        # a cell without a firm count (its employment is lost)
  d$region[11] <- NA      # a cell without a region
  drop <- c(3, 7, 11)
  kept <- d[-drop, ]
  e <- eg_index(d, "region", "industry", "emp", n_firms = "firms", na_action = "omit")
  e0 <- eg_index(kept, "region", "industry", "emp", n_firms = "firms")
  expect_equal(unclass(e)[names(e0)], unclass(e0)[names(e0)], ignore_attr = TRUE)
  s <- attr(e, "settings")$dropped
  expect_identical(s$rows, 3L)
  expect_identical(s$of, nrow(d))
  expect_identical(s$by_column, c(emp = 1L, firms = 1L, region = 1L)[names(s$by_column)])
  share <- sum(d$emp[c(7, 11)]) / sum(d$emp, na.rm = TRUE)
  expect_equal(s$employment_share, share, tolerance = 1e-12)
  expect_identical(s$employment_unknown, 1L)
  expect_match(attr(e, "notes"), sprintf("Dropped 3 of %d rows", nrow(d)), all = FALSE)
  expect_match(attr(e, "notes"), sprintf("%s%%", format(signif(100 * share, 3))), all = FALSE,
               fixed = TRUE)
  expect_identical(attr(e, "settings")$na_action, "omit")
  # the same in the other three functions
  suppressWarnings({
    co <- eg_coagg(d, "region", "industry", "emp", n_firms = "firms",
                   pair = list(x = "i01", y = "i02"), na_action = "omit")
    co0 <- eg_coagg(kept, "region", "industry", "emp", n_firms = "firms",
                    pair = list(x = "i01", y = "i02"))
  })
  expect_equal(co$estimate, co0$estimate)
  expect_identical(attr(co, "settings")$dropped$rows, 3L)
  # firm counts are not used by eg_coagg_matrix() and location_quotient():
  # only the rows 3 and 11 go
  m <- eg_coagg_matrix(d, "region", "industry", "emp", na_action = "omit")
  expect_equal(m$estimate, eg_coagg_matrix(d[-c(3, 11), ], "region", "industry", "emp")$estimate)
  expect_identical(attr(m, "settings")$dropped$rows, 2L)
  lq <- location_quotient(d, "region", "industry", "emp", na_action = "omit")
  expect_identical(attr(lq, "settings")$dropped$rows, 2L)
  expect_identical(nrow(lq), nrow(d) - 2L)
  # an error about the rows kept names the data's rows
  x <- rbind(d, d[20, ])
  expect_input_error(eg_index(x, "region", "industry", "emp", n_firms = "firms",
                              na_action = "omit"), "data", row = nrow(d) + 1L,
                     pattern = "repeats row 20")
  x <- d
  x$firms[15] <- 0
  x$emp[15] <- 40
  expect_input_error(eg_index(x, "region", "industry", "emp", n_firms = "firms",
                              na_action = "omit"), "n_firms", row = 15L)
})

test_that("no function returns a row that is not in its input (location quotients filled the grid)", {
  d <- sim_cells(33, nr = 8, ni = 5)
  d <- d[-c(4, 17, 23), ]   # cells not reported
  lq <- location_quotient(d, "region", "industry", "emp")
  expect_identical(nrow(lq), nrow(d))
  expect_true(all(paste(lq$region, lq$industry) %in% paste(d$region, d$industry)))
  expect_false(anyDuplicated(paste(lq$region, lq$industry)) > 0L)
  # the rows are in the order of region, then industry
  o <- order(d$region, d$industry)
  expect_identical(lq$region, d$region[o])
  expect_identical(lq$industry, d$industry[o])
  expect_identical(lq$employment, d$emp[o])
  # with periods: no region-period or industry-period that has no rows
  a <- sim_cells(34, nr = 5, ni = 3); a$year <- 1L
  b <- sim_cells(35, nr = 5, ni = 3); b$year <- 2L
  b <- b[b$industry != "i02" & b$region != "r04", ]
  p <- rbind(a, b)
  e <- eg_index(p, "region", "industry", "emp", n_firms = "firms", time = "year")
  expect_identical(paste(e$industry, e$time), c(paste(c("i01", "i02", "i03"), 1L),
                                                  paste(c("i01", "i03"), 2L)))
  co <- suppressWarnings(eg_coagg(p, "region", "industry", "emp", n_firms = "firms",
                                  time = "year", pair = list(x = "i01", y = "i03")))
  expect_false("r04" %in% co$region[co$time == 2L])
  m <- suppressWarnings(eg_coagg_matrix(p, "region", "industry", "emp", time = "year"))
  expect_identical(m$industry_1[m$time == 2L], "i01")
  expect_identical(m$industry_2[m$time == 2L], "i03")
})

test_that("a factor level that is NA is a missing key, not an industry called \"NA\"", {
  d <- sim_cells(36, nr = 5, ni = 3)
  d$industry <- addNA(factor(d$industry))
  d$industry[c(4, 8)] <- NA
  expect_true(anyNA(levels(d$industry)))
  e <- expect_error(eg_index(d, "region", "industry", "emp", n_firms = "firms"),
                    class = "coagg_missing_value")
  expect_identical(e$row, 4L)
  expect_identical(e$arg, "industry")
  e <- eg_index(d, "region", "industry", "emp", n_firms = "firms", na_action = "omit")
  expect_identical(e$industry, c("i01", "i02", "i03"))
  kept <- d[-c(4, 8), ]
  kept$industry <- as.character(kept$industry)
  expect_equal(e$estimate, eg_index(kept, "region", "industry", "emp", n_firms = "firms")$estimate,
               tolerance = 1e-14)
})

# ---------------------------------------------------------------------------
# Classed numbers: integer64 (bit64) and others
# ---------------------------------------------------------------------------

test_that("integer64 columns, keys and totals are read as numbers (LQ 1.5 / 0.5, not 1.91 / 0.09)", {
  skip_if_no_crosscheck("bit64")
  d <- data.frame(region = c("A", "A", "B", "B"), industry = c(1L, 2L, 1L, 2L))
  d$emp <- bit64::as.integer64(c(30, 10, 10, 30))
  lq <- location_quotient(d, "region", "industry", "emp")
  expect_identical(lq$estimate, c(1.5, 0.5, 0.5, 1.5))
  expect_identical(lq$employment, c(30, 10, 10, 30))
  ref <- bit64::as.integer64(c(40, 40))
  names(ref) <- c("A", "B")
  lq2 <- location_quotient(d, "region", "industry", "emp", reference = ref)
  expect_identical(lq2$estimate, c(1.5, 0.5, 0.5, 1.5))
  # keys and firm counts
  c1 <- sim_cells(37, nr = 6, ni = 4)
  c2 <- c1
  c2$emp <- bit64::as.integer64(c1$emp)
  c2$firms <- bit64::as.integer64(c1$firms)
  c2$region <- bit64::as.integer64(as.integer(substr(c1$region, 2, 3)))
  e1 <- eg_index(transform(c1, region = as.integer(substr(region, 2, 3))), "region", "industry",
                 "emp", n_firms = "firms")
  e2 <- eg_index(c2, "region", "industry", "emp", n_firms = "firms")
  expect_identical(e2$estimate, e1$estimate)
  expect_identical(e2$n_firms, e1$n_firms)
  # beyond 2^53 a double is not exact: refused, naming the row
  d$emp[3] <- bit64::as.integer64("9007199254740993")
  e <- expect_error(location_quotient(d, "region", "industry", "emp"),
                    class = "coagg_foreign_number")
  expect_identical(e$row, 3L)
  expect_identical(e$arg, "employment")
})

test_that("other classed numbers: exact classes are read, unknown classes refused", {
  d <- sim_cells(38, nr = 5, ni = 3)
  e0 <- eg_index(d, "region", "industry", "emp", n_firms = "firms")
  x <- d
  x$emp <- I(x$emp)
  expect_identical(eg_index(x, "region", "industry", "emp", n_firms = "firms")$estimate,
                   e0$estimate)
  x$emp <- structure(d$emp, class = "weird")
  e <- expect_error(eg_index(x, "region", "industry", "emp", n_firms = "firms"),
                    class = "coagg_foreign_number")
  expect_identical(e$column, "emp")
  tot <- stats::setNames(as.vector(tapply(d$emp, d$region, sum)) * 2, sort(unique(d$region)))
  e1 <- eg_index(d, "region", "industry", "emp", n_firms = "firms", reference = tot)
  expect_identical(eg_index(d, "region", "industry", "emp", n_firms = "firms",
                            reference = I(tot))$estimate, e1$estimate)
  expect_error(eg_index(d, "region", "industry", "emp", n_firms = "firms",
                        reference = structure(tot, class = "weird")),
               class = "coagg_foreign_number")
  H <- c(i01 = 0.1, i02 = 0.2, i03 = 0.3)
  eh <- eg_index(d, "region", "industry", "emp", herfindahl = H)
  expect_identical(eg_index(d, "region", "industry", "emp", herfindahl = I(H))$estimate,
                   eh$estimate)
  expect_error(eg_index(d, "region", "industry", "emp", herfindahl = structure(H, class = "weird")),
               class = "coagg_foreign_number")
  hd <- data.frame(industry = names(H), herfindahl = unname(H))
  hd$herfindahl <- structure(hd$herfindahl, class = "weird")
  expect_error(eg_index(d, "region", "industry", "emp", herfindahl = hd),
               class = "coagg_foreign_number")
})

# ---------------------------------------------------------------------------
# Regions with a total but no rows in a period (absent_regions)
# ---------------------------------------------------------------------------

# Two periods of a yearbook-style table: city totals for every city-year,
# industry rows missing for one city in the second year.
absent_panel <- function() {
  a <- sim_cells(41, nr = 6, ni = 4); a$year <- 2001L
  b <- sim_cells(42, nr = 6, ni = 4); b$year <- 2002L
  panel <- rbind(a, b[b$region != "r03", ])
  set.seed(43)
  tot <- expand.grid(region = sprintf("r%02d", 1:6), year = 2001:2002, stringsAsFactors = FALSE)
  tot$total <- round(stats::runif(12, 4e4, 9e4))
  list(panel = panel, totals = tot, b = b)
}

test_that("a region without rows in a period is missing there, not a region with zero employment", {
  p <- absent_panel()
  w <- character()
  e <- withCallingHandlers(
    eg_index(p$panel, "region", "industry", "emp", n_firms = "firms", time = "year",
             reference = p$totals),
    coagg_warning = function(cnd) {
      w <<- c(w, conditionMessage(cnd))
      invokeRestart("muffleWarning")
    })
  expect_length(w, 1L)
  expect_match(w, "r03 (2002)", fixed = TRUE)
  expect_match(w, 'absent_regions = "zero"', fixed = TRUE)
  expect_identical(attr(e, "notes"), w)
  # 2002 in plain R: x from the totals of the regions with rows only
  t2 <- p$totals[p$totals$year == 2002 & p$totals$region != "r03", ]
  one <- p$panel[p$panel$year == 2002, ]
  E <- unclass(as.matrix(stats::xtabs(emp ~ region + industry, one)))
  N <- unclass(as.matrix(stats::xtabs(firms ~ region + industry, one)))
  x <- t2$total[match(rownames(E), t2$region)] / sum(t2$total)
  s <- sweep(E, 2, colSums(E), "/")
  H <- colSums(ifelse(N > 0, s^2 / N, 0))
  expect_rel_each(e$estimate[e$time == 2002], plain_gamma(E, x, H)$gamma, 1e-10)
  # 2001 has every region and is unchanged
  t1 <- p$totals[p$totals$year == 2001, ]
  e1 <- eg_index(p$panel[p$panel$year == 2001, ], "region", "industry", "emp", n_firms = "firms",
                 reference = stats::setNames(t1$total, t1$region))
  expect_equal(e$estimate[e$time == 2001], e1$estimate, tolerance = 1e-12)
  st <- attr(e, "settings")
  expect_identical(st$absent_regions, "missing")
  expect_identical(st$n_regions, c(6L, 5L))
  expect_identical(st$n_absent, c(0L, 1L))
  expect_identical(st$absent$region, "r03")
  expect_identical(st$absent$time, 2002L)
  expect_output(print(e), "regions per period: 6 (5 in 2002)", fixed = TRUE)
})

test_that("absent_regions = \"zero\" keeps such a region as one with zero employment", {
  p <- absent_panel()
  ez <- eg_index(p$panel, "region", "industry", "emp", n_firms = "firms", time = "year",
                 reference = p$totals, absent_regions = "zero")
  expect_length(attr(ez, "notes"), 0L)
  # the same as rows of zero employment for the region
  zero <- p$b[p$b$region == "r03", ]
  zero$emp <- 0
  zero$firms <- 0
  withz <- rbind(p$panel, zero)
  ew <- eg_index(withz, "region", "industry", "emp", n_firms = "firms", time = "year",
                 reference = p$totals)
  expect_equal(ez$estimate, ew$estimate, tolerance = 1e-12)
  expect_identical(attr(ez, "settings")$n_regions, c(6L, 6L))
  expect_identical(attr(ez, "settings")$n_absent, c(0L, 1L))
  expect_output(print(ez), "counted with zero employment")
  expect_input_error(eg_index(p$panel, "region", "industry", "emp", n_firms = "firms",
                              time = "year", reference = p$totals, absent_regions = "none"),
                     "absent_regions")
})

test_that("absent regions: the same rule in eg_coagg(), eg_coagg_matrix() and location_quotient()", {
  p <- absent_panel()
  t2 <- p$totals[p$totals$year == 2002 & p$totals$region != "r03", ]
  ref2 <- stats::setNames(t2$total, t2$region)
  one <- p$panel[p$panel$year == 2002, ]
  pair <- list(a = c("i01", "i02"), b = "i04")
  suppressWarnings({
    co <- eg_coagg(p$panel, "region", "industry", "emp", n_firms = "firms", time = "year",
                   reference = p$totals, pair = pair)
    m <- eg_coagg_matrix(p$panel, "region", "industry", "emp", time = "year",
                         reference = p$totals)
    lq <- location_quotient(p$panel, "region", "industry", "emp", time = "year",
                            reference = p$totals)
  })
  co1 <- suppressWarnings(eg_coagg(one, "region", "industry", "emp", n_firms = "firms",
                                   reference = ref2, pair = pair))
  expect_equal(co$estimate[co$time == 2002], co1$estimate, tolerance = 1e-12)
  expect_equal(as.matrix(m, time = 2002), as.matrix(eg_coagg_matrix(one, "region", "industry",
                                                                     "emp", reference = ref2)),
               tolerance = 1e-12)
  lq1 <- location_quotient(one, "region", "industry", "emp", reference = ref2)
  expect_equal(lq$estimate[lq$time == 2002], lq1$estimate, tolerance = 1e-12)
  for (r in list(co, m, lq)) {
    expect_match(attr(r, "notes"), "r03 (2002)", fixed = TRUE, all = FALSE)
    expect_identical(attr(r, "settings")$n_absent, c(0L, 1L))
  }
})

test_that("a named vector of totals is used for every period, and the settings say so", {
  p <- absent_panel()
  t1 <- p$totals[p$totals$year == 2001, ]
  ref <- stats::setNames(t1$total, t1$region)
  e <- suppressWarnings(eg_index(p$panel, "region", "industry", "emp", n_firms = "firms",
                                 time = "year", reference = ref))
  st <- attr(e, "settings")
  expect_true(st$reference_reused)
  expect_match(st$reference, "the same vector for every period")
  expect_identical(st$n_absent, c(0L, 1L))
  e1 <- eg_index(p$panel[p$panel$year == 2001, ], "region", "industry", "emp",
                 n_firms = "firms", reference = ref)
  expect_false(attr(e1, "settings")$reference_reused)
  expect_equal(e$estimate[e$time == 2001], e1$estimate, tolerance = 1e-12)
})

test_that("a simulated yearbook: text numbers, a city missing in one year, totals for all", {
  set.seed(44)
  cities <- c("\u676d\u5dde\u5e02", "\u5b81\u6ce2\u5e02", "\u6e29\u5dde\u5e02",
              "\u5609\u5174\u5e02", "\u821f\u5c71\u5e02", "\u53f0\u5dde\u5e02")
  g <- expand.grid(city = cities, year = 2012:2013, code = c("C13", "C17", "G53", "G54"),
                   stringsAsFactors = FALSE)
  g$emp_text <- format(round(stats::rlnorm(nrow(g), 8, 0.6)), big.mark = ",", trim = TRUE)
  g$firms_text <- format(round(stats::rlnorm(nrow(g), 4, 0.5)) + 1, big.mark = ",", trim = TRUE)
  g <- g[!(g$city == cities[5] & g$year == 2013), ]
  tot <- expand.grid(city = cities, year = 2012:2013, stringsAsFactors = FALSE)
  tot$total <- round(stats::runif(nrow(tot), 2e5, 6e5))
  # as read from the CSV: numbers as text; the error says how to convert
  e <- expect_error(eg_index(g, "city", "code", "emp_text", n_firms = "firms_text", time = "year",
                             reference = tot), class = "coagg_input_error")
  expect_match(conditionMessage(e), 'as.numeric(gsub(",", "", x))', fixed = TRUE)
  g$emp <- as.numeric(gsub(",", "", g$emp_text))
  g$firms <- as.numeric(gsub(",", "", g$firms_text))
  names(tot)[1] <- "city"
  expect_warning(e <- eg_index(g, "city", "code", "emp", n_firms = "firms", time = "year",
                               reference = tot), cities[5])
  one <- g[g$year == 2013, ]
  t13 <- tot[tot$year == 2013 & tot$city != cities[5], ]
  E <- unclass(as.matrix(stats::xtabs(emp ~ city + code, one)))
  N <- unclass(as.matrix(stats::xtabs(firms ~ city + code, one)))
  x <- t13$total[match(rownames(E), t13$city)] / sum(t13$total)
  s <- sweep(E, 2, colSums(E), "/")
  H <- colSums(s^2 / N)
  expect_rel_each(e$estimate[e$time == 2013], plain_gamma(E, x, H)$gamma, 1e-10)
})

# ---------------------------------------------------------------------------
# Extreme but finite magnitudes
# ---------------------------------------------------------------------------

test_that("totals summing beyond the largest double, and tiny values, give the unit-scale indices", {
  d <- sim_cells(45, nr = 6, ni = 4)
  regions <- sort(unique(d$region))
  ref <- stats::setNames(seq(1, 2, length.out = 6), regions)
  # (the totals are below the data's employment: a recorded warning)
  e <- suppressWarnings(eg_index(d, "region", "industry", "emp", n_firms = "firms",
                                 reference = ref))
  cols <- c("estimate", "gini", "herfindahl", "statistic")
  for (s in c(1e308 / 2, 1e-300)) {
    got <- suppressWarnings(eg_index(d, "region", "industry", "emp", n_firms = "firms",
                                     reference = ref * s))
    expect_equal(got[cols], e[cols], tolerance = 1e-12, info = format(s))
  }
  # employment: values near the largest double whose industry totals still fit
  big <- d
  big$emp <- big$emp / max(tapply(big$emp, big$industry, sum)) * 1.7e308
  eb <- suppressWarnings(eg_index(big, "region", "industry", "emp", n_firms = "firms",
                                  reference = ref))
  expect_equal(eb[cols], e[cols], tolerance = 1e-12)
  expect_true(all(is.finite(eb$employment)))
  # and with x from the data, whose region totals exceed the largest double
  expect_equal(eg_index(big, "region", "industry", "emp", n_firms = "firms")[cols],
               eg_index(d, "region", "industry", "emp", n_firms = "firms")[cols],
               tolerance = 1e-12)
  tiny <- d
  tiny$emp <- tiny$emp * 1e-310     # denormal
  et <- suppressWarnings(eg_index(tiny, "region", "industry", "emp", n_firms = "firms",
                                  reference = ref))
  expect_equal(et[cols], e[cols], tolerance = 1e-9)
  lq <- suppressWarnings(location_quotient(d, "region", "industry", "emp", reference = ref))
  lqb <- suppressWarnings(location_quotient(big, "region", "industry", "emp",
                                            reference = ref * 8e307))
  expect_equal(lqb$estimate, lq$estimate, tolerance = 1e-12)
  # a total that cannot be represented is an error naming it
  over <- d
  over$emp[over$industry == "i02"] <- 1e308
  over$firms[over$industry == "i02"] <- 1
  e <- expect_error(eg_index(over, "region", "industry", "emp", n_firms = "firms"),
                    class = "coagg_scale")
  expect_identical(e$arg, "employment")
  expect_match(conditionMessage(e), 'industry "i02"')
})

test_that("totals too far apart for double precision are refused, naming the cause", {
  d <- data.frame(region = c("a", "b", "c", "a", "b", "c"), industry = rep(c("x", "y"), each = 3),
                  emp = c(5, 7, 9, 4, 2, 8))
  e <- expect_error(location_quotient(d, "region", "industry", "emp",
                                      reference = c(a = 1e308, b = 1e300, c = 1e-300)),
                    class = "coagg_scale")
  expect_identical(e$arg, "reference")
  expect_match(conditionMessage(e), 'region "c"')
})

test_that("supplied H values are shares: never rescaled with the totals", {
  d <- sim_cells(47, nr = 5, ni = 3)
  d$year <- 1L
  d2 <- d[d$industry != "i03", ]
  d2$year <- 2L
  p <- rbind(d, d2)
  h <- data.frame(industry = rep(c("i01", "i02", "i03"), 2), year = rep(1:2, each = 3),
                  herfindahl = c(0.1, 0.2, 0.3, 0.15, 0.25, 0.35))
  e <- eg_index(p, "region", "industry", "emp", time = "year", herfindahl = h)
  # a value for an industry without rows in the period is not used, however large
  h$herfindahl[6] <- 1e300
  expect_identical(eg_index(p, "region", "industry", "emp", time = "year", herfindahl = h)$estimate,
                   e$estimate)
  expect_equal(e$herfindahl, c(0.1, 0.2, 0.3, 0.15, 0.25))
})

# ---------------------------------------------------------------------------
# Arguments
# ---------------------------------------------------------------------------

test_that("old and foreign argument names give an error naming ours", {
  d <- sim_cells(46, nr = 5, ni = 3)
  pair <- list(a = "i01", b = "i02")
  e <- expect_error(eg_coagg(d, "region", "industry", "emp", n_firms = "firms", pair = pair,
                             index = "lq"), class = "coagg_foreign_argument")
  expect_match(conditionMessage(e), "per_region")
  e <- expect_error(eg_coagg(d, "region", "industry", "emp", n_firms = "firms", pair = pair,
                             formula = "ratio"), class = "coagg_foreign_argument")
  expect_match(conditionMessage(e), "combine")
  e <- expect_error(eg_index(d, "region", "industry", "emp", n_firms = "firms",
                             na.action = "omit"), class = "coagg_foreign_argument")
  expect_match(conditionMessage(e), "na_action")
  e <- expect_error(eg_coagg_matrix(d, "region", "industry", "emp", index = c("region", "year")),
                    class = "coagg_foreign_argument")
  expect_match(conditionMessage(e), "`region`, `industry` and `time`")
  expect_error(location_quotient(d, "region", "industry", "emp", referense = 1),
               class = "coagg_input_error")
  # data first, then the columns, then the options, in every E-G function
  for (f in list(eg_index, eg_coagg, eg_coagg_matrix, location_quotient)) {
    a <- names(formals(f))
    expect_identical(a[1:4], c("data", "region", "industry", "employment"))
    expect_identical(utils::tail(a, 3L), c("absent_regions", "na_action", "..."))
  }
})

# ---------------------------------------------------------------------------
# Cell sums: employment, sum of e^2, sum of e^4 and firms per cell
# ---------------------------------------------------------------------------

sums_args <- list(employment = "emp", n_firms = "firms", employment_sq = "emp_sq",
                  employment_4th = "emp_4th")

test_that("cell sums give the firm rows' answer to 1e-12: FK2014, all four functions", {
  f <- fk()
  cells <- plain_cell_sums(f, c("region", "industry"), "emp_firm")
  expect_identical(nrow(cells), 12L)
  ref <- fk_ref(f)
  a <- eg_index(f, "region", "industry", "emp_firm", firm_id = "firm", reference = ref)
  b <- eg_index(cells, "region", "industry", "emp", n_firms = "firms", employment_sq = "emp_sq",
                employment_4th = "emp_4th", reference = ref)
  expect_same_eg(b, a)
  expect_identical(b$input, rep("cell_sums", 4L))
  expect_identical(attr(b, "settings")$input, "cell_sums")
  expect_identical(attr(b, "settings")$herfindahl_method, "exact")
  # the known answers of eg-cases.md, case 2
  expect_rel_each(b$herfindahl, c(0.1312435000, 0.0924055325, 0.1455998264, 0.1220805919), 1e-8)
  expect_rel_each(b$estimate, c(0.0543817728, 0.0429635585, 0.1377600291, 0.0142490592), 1e-8)
  m1 <- eg_coagg_matrix(f, "region", "industry", "emp_firm", firm_id = "firm", reference = ref,
                        groups = list(all = fk_industries))
  m2 <- eg_coagg_matrix(cells, "region", "industry", "emp", n_firms = "firms",
                        employment_sq = "emp_sq", employment_4th = "emp_4th", reference = ref,
                        groups = list(all = fk_industries))
  expect_same_eg(m2, m1)
  expect_rel_each(attr(m2, "groups")$estimate, 0.0890366517, 1e-8)
  pair <- list(clothing = c("Clothing trade", "Textiles trade"),
               other = c("Forestry", "Textiles dyeing"))
  for (pr in c("lq", "decomposition", "location_quotient")) {
    c1 <- suppressWarnings(eg_coagg(f, "region", "industry", "emp_firm", firm_id = "firm",
                                    reference = ref, pair = pair, per_region = pr))
    c2 <- suppressWarnings(eg_coagg(cells, "region", "industry", "emp", n_firms = "firms",
                                    employment_sq = "emp_sq", employment_4th = "emp_4th",
                                    reference = ref, pair = pair, per_region = pr))
    expect_same_eg(c2, c1)
  }
  l1 <- location_quotient(f, "region", "industry", "emp_firm", firm_id = "firm", reference = ref)
  l2 <- location_quotient(cells, "region", "industry", "emp", reference = ref)
  expect_same_eg(l2, l1)
})

test_that("cell sums give the firm rows' answer on simulated panels, every H and reference", {
  f <- sim_firms()
  cells <- plain_cell_sums(f, c("region", "industry", "year"), "emp")
  call_both <- function(fn, ...) {
    a <- suppressWarnings(fn(f, "region", "industry", "emp", firm_id = "firm", time = "year", ...))
    b <- suppressWarnings(do.call(fn, c(list(cells, "region", "industry"), sums_args,
                                         list(time = "year", ...))))
    expect_same_eg(b, a)
  }
  tot <- c(stats::setNames(seq(1e5, 2.4e6, length.out = 15), sprintf("r%02d", 1:15)), r99 = 1e6)
  for (ref in list(NULL, "mean_share", tot)) {
    for (h in c("auto", "counts", "inverse_n")) call_both(eg_index, reference = ref, herfindahl = h)
    call_both(eg_coagg, reference = ref, pair = list(a = c("i1", "i2", "i3"), b = c("i5", "i8")))
    call_both(eg_coagg_matrix, reference = ref,
              groups = list(g1 = c("i1", "i2"), g2 = c("i3", "i4", "i7")))
  }
  # the firm without employment is ignored by both; a single-firm cell has a = b = 1
  one <- eg_index(cells, "region", "industry", "emp", n_firms = "firms", employment_sq = "emp_sq",
                  employment_4th = "emp_4th", time = "year")
  expect_identical(one$n_firms, suppressWarnings(eg_index(f, "region", "industry", "emp",
                                                          firm_id = "firm", time = "year"))$n_firms)
  l1 <- location_quotient(f, "region", "industry", "emp", firm_id = "firm", time = "year")
  l2 <- location_quotient(cells, "region", "industry", "emp", time = "year")
  expect_same_eg(l2, l1)
})

test_that("cell sums of extreme magnitudes: the same answer within the documented range", {
  f <- sim_firms(seed = 3, periods = 2001, n = 400)
  base <- eg_index(f, "region", "industry", "emp", firm_id = "firm")
  for (s in c(1e-70, 1e-30, 1e30, 1e70)) {
    g <- f
    g$emp <- g$emp * s
    cells <- plain_cell_sums(g, c("region", "industry"), "emp")
    b <- do.call(eg_index, c(list(cells, "region", "industry"), sums_args))
    expect_same_eg(b, base, skip = c("input", "employment"))
    expect_rel_each(b$employment, base$employment * s, 1e-12)
  }
})

test_that("cell sums: bad input is named by argument, column and row", {
  f <- fk()
  cells <- plain_cell_sums(f, c("region", "industry"), "emp_firm")
  run <- function(d, ...) {
    args <- utils::modifyList(c(list(data = d, region = "region", industry = "industry"),
                                sums_args), list(...))
    do.call(eg_index, args)
  }
  expect_input_error(eg_index(cells, "region", "industry", "emp", n_firms = "firms",
                              employment_sq = "emp_sq"), "employment_4th", pattern = "all three")
  expect_input_error(eg_index(cells, "region", "industry", "emp", employment_sq = "emp_sq",
                              employment_4th = "emp_4th"), "n_firms", pattern = "all three")
  expect_input_error(eg_index(f, "region", "industry", "emp_firm", firm_id = "firm",
                              employment_sq = "emp_firm"), "employment_sq")
  expect_input_error(eg_index(f, "region", "industry", "emp_firm", firm_id = "firm",
                              employment_4th = "emp_region", n_firms = "emp_region"), "employment_4th")
  bad <- cells
  bad$emp_sq[5] <- bad$emp[5]^2 * 1.01
  e <- expect_input_error(run(bad), "employment_sq", row = 5, pattern = "between")
  expect_identical(e$column, "emp_sq")
  expect_match(conditionMessage(e), sprintf('industry "%s"', bad$industry[5]), fixed = TRUE)
  bad <- cells
  bad$emp_sq[7] <- bad$emp[7]^2 / bad$firms[7] * 0.99
  expect_input_error(run(bad), "employment_sq", row = 7)
  bad <- cells
  bad$emp_4th[2] <- bad$emp_sq[2]^2 * 1.001
  expect_input_error(run(bad), "employment_4th", row = 2)
  bad <- cells
  bad$emp_4th[3] <- bad$emp_sq[3]^2 / bad$firms[3] * 0.999
  expect_input_error(run(bad), "employment_4th", row = 3)
  bad <- cells
  bad$firms[4] <- 0
  expect_input_error(run(bad), "n_firms", row = 4, pattern = "at least one firm")
  bad <- rbind(cells, data.frame(region = 1, industry = "Forestry9", emp = 0, emp_sq = 0,
                                 emp_4th = 0, firms = 2))
  expect_input_error(run(bad), "n_firms", row = 13, pattern = "positive employment")
  bad <- cells
  bad$emp_4th[6] <- Inf
  e <- expect_error(run(bad), class = "coagg_scale")
  expect_identical(e$row, 6L)
  expect_identical(e$arg, "employment_4th")
  bad <- cells
  bad$emp_4th[8] <- 0
  e <- expect_error(run(bad), class = "coagg_scale")
  expect_identical(e$row, 8L)
  bad <- cells
  bad$emp_sq[9] <- -1
  expect_input_error(run(bad), "employment_sq", row = 9, pattern = "negative")
  bad <- cells
  bad$emp_sq[10] <- NA
  e <- expect_error(run(bad), class = "coagg_missing_value")
  expect_identical(e$row, 10L)
  om <- suppressWarnings(run(bad, na_action = "omit"))
  expect_identical(attr(om, "settings")$dropped$rows, 1L)
  expect_identical(names(attr(om, "settings")$dropped$by_column), "emp_sq")
  # "exact" needs firm rows or cell sums; counts alone are refused
  expect_input_error(eg_index(cells, "region", "industry", "emp", n_firms = "firms",
                              herfindahl = "exact"), "herfindahl", pattern = "employment_sq")
})

test_that("periods spelled two ways ('2001', '2001.0') are one period, with a note", {
  # regression: the spellings were two periods, splitting 2001's cells
  d <- expand.grid(r = c("a", "b", "c"), i = c("x", "y"), t = c("2001", "2002"),
                   stringsAsFactors = FALSE)
  d$e <- c(12, 40, 33, 80, 15, 61, 27, 90, 44, 18, 72, 35)
  d$n <- 3
  d2 <- d
  d2$t[d2$t == "2001"][1:2] <- "2001.0"
  a <- eg_index(d, "r", "i", "e", time = "t", n_firms = "n")
  expect_warning(b <- eg_index(d2, "r", "i", "e", time = "t", n_firms = "n"),
                 class = "coagg_warning")
  expect_identical(nrow(b), 4L)
  expect_identical(b$estimate, a$estimate)
  expect_identical(unique(b$time), c("2001.0", "2002"))
  expect_match(attr(b, "notes")[1L], '"2001.0" and "2001"', fixed = TRUE)
})
