library(testthat)
library(coagg)

test_check("coagg")
