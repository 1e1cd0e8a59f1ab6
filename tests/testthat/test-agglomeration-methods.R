# Methods of the E-G results (R/agglomeration-methods.R): printing, and
# the pairwise result as a matrix or a plain data frame.

test_that("print methods show the settings, the table and the notes", {
  f <- fk()
  e <- eg_index(f, "region", "industry", "emp_firm", firm_id = "firm", reference = fk_ref(f))
  expect_output(print(e), "Ellison-Glaeser agglomeration index")
  expect_output(print(e), "sum of x^2 = 0.4408", fixed = TRUE)
  expect_output(print(e), "Textiles dyeing")
  m <- eg_coagg_matrix(f, "region", "industry", "emp_firm", firm_id = "firm",
                       groups = list(all = fk_industries))
  expect_output(print(m), "gamma^c", fixed = TRUE)
  lq <- location_quotient(f, "region", "industry", "emp_firm", firm_id = "firm")
  expect_output(print(lq), "Location quotients")
  expect_identical(nrow(lq), 12L)
  # a subset keeps printing
  expect_output(print(e[1:2, ]), "Clothing trade")
})

test_that("eg_coagg_matrix() is a long data frame; as.matrix() gives a period's matrix", {
  a <- sim_cells(61, nr = 8, ni = 4); a$year <- 2001L
  b <- sim_cells(62, nr = 8, ni = 4); b$year <- 2002L
  b <- b[b$industry != "i03", ]
  p <- rbind(a, b)
  m <- eg_coagg_matrix(p, "region", "industry", "emp", time = "year", industries = c("i04", "i01",
                                                                                      "i03"))
  expect_s3_class(m, c("eg_coagg_matrix", "data.frame"))
  expect_identical(names(m), c("industry_1", "industry_2", "time", "estimate"))
  # pairs in the order of `industries`; i03 has no rows in 2002
  expect_identical(m$industry_1, c("i04", "i04", "i01", "i04"))
  expect_identical(m$industry_2, c("i01", "i03", "i03", "i01"))
  expect_identical(m$time, c(2001L, 2001L, 2001L, 2002L))
  e <- expect_error(as.matrix(m), class = "coagg_input_error")
  expect_identical(e$arg, "time")
  expect_input_error(as.matrix(m, time = 1999), "time")
  m1 <- as.matrix(m, time = 2001)
  expect_identical(dimnames(m1), list(c("i04", "i01", "i03"), c("i04", "i01", "i03")))
  expect_true(all(is.na(diag(m1))))
  expect_identical(m1, t(m1))
  expect_identical(m1["i01", "i04"], m$estimate[1])
  expect_identical(dim(as.matrix(m, time = 2002)), c(2L, 2L))
  # the one-period call on the period's rows gives the same matrix
  one <- eg_coagg_matrix(a, "region", "industry", "emp", industries = c("i04", "i01", "i03"))
  expect_equal(as.matrix(one), m1, tolerance = 1e-14)
  df <- as.data.frame(m)
  expect_identical(class(df), "data.frame")
  expect_null(attr(df, "settings"))
  expect_identical(df$estimate, m$estimate)
  inds <- attr(m, "industries")
  expect_identical(inds$industry, c("i04", "i01", "i03", "i04", "i01"))
  expect_equal(inds$employment[1], sum(a$emp[a$industry == "i04"]))
  g <- eg_coagg_matrix(p, "region", "industry", "emp", n_firms = "firms", time = "year",
                       groups = list(g = c("i01", "i02")))
  expect_identical(as.data.frame(g, what = "groups"), attr(g, "groups"))
  expect_output(print(m), "as.matrix(x, time = ) gives the matrix", fixed = TRUE)
  expect_output(print(m), "periods: 2 (2001 to 2002)", fixed = TRUE)
})

test_that("print methods show what was dropped and which regions were used", {
  d <- sim_cells(63, nr = 5, ni = 3)
  d$emp[2] <- NA
  e <- eg_index(d, "region", "industry", "emp", n_firms = "firms", na_action = "omit")
  expect_output(print(e), 'rows dropped for missing values: 1 (na_action = "omit")', fixed = TRUE)
  expect_output(print(e), "Dropped 1 of 15 rows")
  co <- suppressWarnings(eg_coagg(d, "region", "industry", "emp", n_firms = "firms",
                                  pair = list(a = "i01", b = "i02"), na_action = "omit"))
  expect_output(print(co), 'per-region index: "lq"', fixed = TRUE)
  expect_output(print(co), "estimate over 5 regions")
  lq <- location_quotient(d, "region", "industry", "emp", na_action = "omit")
  expect_output(print(lq), "rows dropped for missing values: 1")
})
