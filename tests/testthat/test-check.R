# Shared argument and column checks (R/check.R) and the missing-value policy
# helpers (R/panel-data.R).

# integer64 built from its two 32-bit halves, without bit64: the bits of a
# 64-bit integer stored in a double, as bit64 stores them.
make_int64 <- function(v) {
  lo <- v %% 4294967296                  # unsigned low half, exact
  hi <- ((v - lo) / 4294967296) %% 4294967296 # high half, two's complement
  byte <- function(w, k) (w %/% 256^k) %% 256
  bytes <- as.raw(as.vector(rbind(byte(lo, 0), byte(lo, 1), byte(lo, 2), byte(lo, 3),
                                  byte(hi, 0), byte(hi, 1), byte(hi, 2), byte(hi, 3))))
  structure(readBin(bytes, "double", n = length(v), endian = "little"), class = "integer64")
}

test_that("integer64 values are decoded exactly, without bit64", {
  v <- c(0, 1, -1, 1500, -2^31, 2^31, 2^31 + 5, 2^40 + 3, -(2^52) - 1, 2^53 - 1, -(2^53))
  x <- make_int64(v)
  expect_identical(coagg:::as_plain_number(x, "a"), v)
  # the raw bits are not the values (the bug: C read 1.3e-321 for 1500)
  expect_false(isTRUE(all.equal(unclass(x), v)))
  # NA_integer64_ (the smallest 64-bit integer) is NA; beyond 2^53 is refused
  na64 <- structure(readBin(as.raw(c(0, 0, 0, 0, 0, 0, 0, 0x80)), "double", endian = "little"),
                    class = "integer64")
  expect_identical(coagg:::as_plain_number(na64, "a"), NA_real_)
  expect_error(coagg:::as_plain_number(make_int64(c(1, 2^53)), "a"),
               class = "coagg_foreign_number")
  expect_error(coagg:::as_plain_number(make_int64(-(2^53) - 2), "a"),
               class = "coagg_foreign_number")
})

test_that("integer64 agrees with bit64's own conversion", {
  skip_if_no_crosscheck("bit64")
  x <- bit64::as.integer64(c("0", "-7", "123456789012345", "-9007199254740992", NA))
  expect_identical(coagg:::as_plain_number(x, "a"),
                   c(0, -7, 123456789012345, -9007199254740992, NA))
  big <- bit64::as.integer64(c("1", "9007199254740993"))
  e <- expect_error(coagg:::as_plain_number(big, "employment", "emp"),
                    class = "coagg_foreign_number")
  expect_identical(e$row, 2L)
  expect_match(conditionMessage(e), 'column "emp"')
})

test_that("classed numbers of unknown classes are refused, known ones unclassed", {
  x <- structure(c(1.5, 2), class = "mystery_number")
  expect_error(coagg:::as_plain_number(x, "a", "v"), class = "coagg_foreign_number")
  expect_identical(coagg:::as_plain_number(I(c(1L, 2L)), "a"), c(1L, 2L))
  expect_identical(coagg:::as_plain_number(structure(c(3, 4), units = list(), class = "units"), "a"),
                   c(3, 4))
})

test_that("a factor level that is NA is a missing key", {
  d <- data.frame(k = addNA(factor(c("a", NA, "b"))), v = 1:3)
  e <- expect_error(coagg:::check_key_column(d, "k", "industry"),
                    class = "coagg_missing_value")
  expect_identical(e$row, 2L)
  k <- coagg:::check_key_column(d, "k", "industry", allow_na = TRUE)
  expect_identical(is.na(k), c(FALSE, TRUE, FALSE))
  expect_identical(levels(k), c("a", "b"))
  expect_identical(levels(d$k), c("a", "b", NA)) # the input is not modified
})

test_that("missing values: the error names the rows and says how to opt in", {
  d <- data.frame(x = c(1, NA, 3, NA))
  e <- expect_error(coagg:::check_numeric_column(d, "x", "employment", na_hint = TRUE),
                    class = "coagg_missing_value")
  expect_match(conditionMessage(e), "rows 2, 4")
  expect_match(conditionMessage(e), 'na_action = "omit"', fixed = TRUE)
  expect_identical(e$row, 2L)
  expect_identical(coagg:::check_na_action(c("fail", "omit"), "omit"), "omit")
  expect_identical(coagg:::check_na_action("om", "fail"), "omit")
  expect_error(coagg:::check_na_action("drop", "fail"), class = "coagg_input_error")
})

test_that("text with thousands separators gets a conversion hint", {
  d <- data.frame(x = c("8,550", "1,204", "-", ""), stringsAsFactors = FALSE)
  e <- expect_error(coagg:::check_numeric_column(d, "x", "employment"),
                    class = "coagg_input_error")
  expect_match(conditionMessage(e), "thousands separators", fixed = TRUE)
  expect_match(conditionMessage(e), '"-"', fixed = TRUE)
})

test_that("plm- and Stata-style arguments name ours", {
  f <- function(...) coagg:::check_dots_empty(..., foreign = c(random.method = "use `method`."))
  e <- expect_error(f(random.method = "swar"), class = "coagg_foreign_argument")
  expect_match(conditionMessage(e), "use `method`", fixed = TRUE)
  expect_error(f(1), "unknown argument an unnamed argument", class = "coagg_input_error")
  expect_silent(f())
})

test_that("did_you_mean finds case and spelling neighbours", {
  expect_match(coagg:::did_you_mean("Year", c("year", "city")), '"year"')
  expect_match(coagg:::did_you_mean("cty", c("year", "city")), '"city"')
  expect_identical(coagg:::did_you_mean("zzzzzz", c("year", "city")), "")
})
