# The Zhejiang datasets against the CSV transcriptions of the printed tables,
# cell for cell (the CSVs ship in inst/extdata; data-raw/zhejiang.R builds the
# datasets from them).
ext <- function(f) {
  p <- system.file("extdata", f, package = "coagg")
  if (!nzchar(p)) p <- testthat::test_path("..", "..", "inst", "extdata", f)
  utils::read.csv(p, colClasses = "character", check.names = FALSE, encoding = "UTF-8")
}

test_that("zhejiang_coagg is Table 1, cell for cell", {
  t1 <- ext("zhejiang_table1_coagg.csv")
  expect_identical(nrow(zhejiang_coagg), 66L)
  expect_identical(levels(zhejiang_coagg$city), names(t1)[-1])
  for (cty in names(t1)[-1]) for (k in seq_len(nrow(t1))) {
    v <- zhejiang_coagg$coagg[zhejiang_coagg$city == cty &
                                zhejiang_coagg$year == as.integer(t1$year[k])]
    expect_identical(v, as.numeric(t1[[cty]][k]), info = paste(cty, t1$year[k]))
  }
  expect_identical(anyDuplicated(zhejiang_coagg[c("city", "year")]), 0L)
  expect_identical(unique(zhejiang_coagg$city_zh[zhejiang_coagg$city == "Hangzhou"]),
                   "\u676d\u5dde")
})

test_that("zhejiang_published holds Tables 3, 4, 5 and the Hausman line as printed", {
  zp <- zhejiang_published
  t3 <- ext("zhejiang_table3_unitroot_p.csv")
  map <- c(LLC = "llc", IPS = "ips", ADF_Fisher = "fisher_adf", ADF_PP = "fisher_pp")
  expect_identical(nrow(zp$table3), nrow(t3) * 4L)
  for (k in seq_len(nrow(t3))) for (tc in names(map)) {
    row <- zp$table3[zp$table3$variable == t3$variable[k] & zp$table3$form == t3$form[k] &
                       zp$table3$test == map[[tc]], ]
    expect_identical(nrow(row), 1L)
    expect_identical(row$printed, t3[[tc]][k])
    expect_identical(row$p_value, as.numeric(t3[[tc]][k]))
  }
  t4 <- ext("zhejiang_table4_re.csv")
  expect_identical(zp$table4$term, t4$term)
  expect_identical(zp$table4$estimate_printed, t4$estimate)
  expect_identical(zp$table4$p_value_printed, t4$p_value_printed)
  expect_identical(zp$table4$statistic_printed, t4$t_value_printed)
  expect_identical(zp$table4$stars, t4$stars_printed)
  expect_identical(zp$table4$estimate, as.numeric(t4$estimate))
  t5 <- ext("zhejiang_table5_effects.csv")
  expect_identical(zp$table5$city, t5$city)
  expect_identical(zp$table5$city_zh, t5$city_zh)
  expect_identical(zp$table5$effect_printed, t5$effect)
  expect_identical(zp$hausman$statistic_printed, "12.0105")
  expect_identical(zp$hausman$p_value_printed, "0.0853")
  expect_identical(zp$r_squared, 0.901331)
  expect_identical(zp$n_obs, 66L)
})

test_that("the raw-data template has the study's layout and no invented values", {
  expect_identical(nrow(zhejiang_template), 11L * 6L * 3L)
  expect_true(all(is.na(zhejiang_template$employment)))
  expect_true(all(is.na(zhejiang_template$enterprises)))
  expect_setequal(unique(zhejiang_template$industry), c("C", "G", "total"))
})
