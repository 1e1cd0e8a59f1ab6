# Fuzzing every exported function with seeded malformed and extreme inputs
# (the generator and the checks are in inst/fuzz/fuzz-lib.R; the long run of
# 10,000+ calls is inst/fuzz/fuzz.R). A call must return a valid result or
# signal a `coagg_input_error`; any warning must be a `coagg_warning`; the
# inputs must be identical() before and after; no crash, no hang.

fuzz_lib <- function() {
  e <- new.env()
  sys.source(system.file("fuzz", "fuzz-lib.R", package = "coagg"), envir = e)
  e
}

describe_findings <- function(bad, seed) {
  paste(c(sprintf("%d finding(s); reproduce one with fuzz_case(i, seed = %d):", nrow(bad), seed),
          utils::head(sprintf("  case %d, %s: %s %s %s", bad$i, bad$fn, bad$outcome, bad$class,
                              bad$detail), 20L)),
        collapse = "\n")
}

test_that("the fuzzer has a generator and a validator for every exported function", {
  lib <- fuzz_lib()
  expect_setequal(lib$fuzz_functions, getNamespaceExports("coagg"))
  expect_setequal(names(lib$fuzz_generators), lib$fuzz_functions)
  expect_true(all(lib$fuzz_functions %in% names(lib$validate)))
})

test_that("2,200 fuzzed calls: no crash, hang, unclassed error, invalid result or changed input", {
  lib <- fuzz_lib()
  seed <- 7L
  res <- lib$fuzz_forked(1L, 2200L, seed = seed)
  expect_identical(res$i, 1:2200)
  expect_setequal(unique(res$fn), lib$fuzz_functions)
  bad <- res[res$outcome %in% lib$fuzz_findings, , drop = FALSE]
  expect(nrow(bad) == 0L, describe_findings(bad, seed))
  # the generator reaches both sides of every function: valid results and
  # refused input
  tab <- table(factor(res$fn, levels = lib$fuzz_functions),
               factor(res$outcome, levels = c("result", "input_error")))
  expect_true(all(tab[, "result"] > 0L), label = "every function returned valid results")
  expect_true(all(tab[, "input_error"] > 0L), label = "every function refused some input")
})

test_that("the fuzz harness flags what it must flag", {
  lib <- fuzz_lib()
  fake <- function(fn, run, args = list()) list(i = 1L, fn = fn, args = args, run = run)
  # an unclassed error
  r <- lib$fuzz_run(fake("mackinnon_p", function(a) stop("plain error")))
  expect_identical(r$outcome, "unclassed_error")
  # NaN where a p-value is defined
  r <- lib$fuzz_run(fake("mackinnon_p", function(a) NaN, list(stat = -2)))
  expect_identical(r$outcome, "invalid_result")
  # a warning that is not a coagg_warning
  r <- lib$fuzz_run(fake("mackinnon_p", function(a) { warning("stray"); 0.5 }, list(stat = -2)))
  expect_identical(r$outcome, "foreign_warning")
  # a classed input error and a valid result pass
  r <- lib$fuzz_run(fake("mackinnon_p", function(a) mackinnon_p("a")))
  expect_identical(r$outcome, "input_error")
  r <- lib$fuzz_run(fake("mackinnon_p", function(a) mackinnon_p(a$stat), list(stat = -2)))
  expect_identical(r$outcome, "result")
  # a hang is stopped by the time limit
  r <- lib$fuzz_run(fake("mackinnon_p", function(a) repeat {}), time_limit = 1)
  expect_identical(r$outcome, "timeout")
  # a crash kills only the child process, and is counted against its case
  skip_on_os("windows")
  make <- function(i) {
    if (i == 2L) return(fake("crash", function(a) tools::pskill(Sys.getpid(), 9L)))
    lib$fuzz_case(i, seed = 1L)
  }
  res <- lib$fuzz_forked(1L, 3L, make_case = make)
  expect_identical(res$i, 1:3)
  expect_identical(res$outcome[2L], "crash")
  expect_false(any(res$outcome[-2L] %in% lib$fuzz_findings))
})
