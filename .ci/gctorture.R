# Workload of .ci/gctorture: Rscript .ci/gctorture.R <init.c> <canary.so> <fuzz-lib.R>
# <callcases.R>.
# Runs .ci/callcases.R (every .Call entry point of coagg through the
# exported functions, small inputs) and fuzzed calls (30 cases per exported
# function, less the composed ones: fuzz_composed) with each .Call recorded, then replays
# every recorded call with gctorture(TRUE) (a garbage collection at every
# allocation, so an object the C code forgot to PROTECT is collected and its
# memory reused at once). Each replay must return a result identical() to the
# one computed without torture and leave its inputs unchanged; a missing
# PROTECT shows up as a different result, an error or a crash. A canary
# routine with a missing PROTECT (.ci/canary.c) must be caught first.
args <- commandArgs(trailingOnly = TRUE)
init_c <- args[1L]
canary <- args[2L]
fuzz_lib <- args[3L]
callcases <- args[4L]

# 1. The canary: expected 4 (its unprotected vector intact)
dyn.load(canary)
ref <- .Call("canary_unprotected")
stopifnot(identical(ref, 4))
gctorture(TRUE)
tortured <- vapply(1:5, function(i) .Call("canary_unprotected"), 0)
gctorture(FALSE)
if (all(tortured == ref)) stop("gctorture did not expose the canary's missing PROTECT")
cat("canary canary_unprotected: caught (", paste(tortured, collapse = " "), "instead of 4 )\n")

# 2. The package's entry points
suppressPackageStartupMessages(library(coagg))
source(callcases)
entry <- callcases_entry_points(init_c)
rec <- callcases_run()
calls <- rec$calls
# and the .Calls of fuzzed cases (inst/fuzz/fuzz-lib.R), 30 per exported
# function, run through the recording copy of the package's functions
fz <- new.env()
sys.source(fuzz_lib, envir = fz)
r <- callcases_recorder()
for (i in seq_len(30L * length(fz$fuzz_functions))) {
  case <- fz$fuzz_case(i, seed = 20240621L)
  # (the composed functions' cases are skipped: see fuzz_composed)
  if (is.null(case$run) || case$fn %in% fz$fuzz_composed) next
  f <- get(case$fn, envir = r$env)
  try(suppressMessages(suppressWarnings(utils::capture.output(do.call(f, case$args)))),
      silent = TRUE)
}
calls <- c(calls, r$calls())
names_called <- vapply(calls, function(x) x$name, "")
missing <- setdiff(entry, names_called)
if (length(missing)) stop("entry points not reached: ", paste(missing, collapse = ", "))

failures <- character()
t0 <- proc.time()[[3L]]
for (k in seq_along(calls)) {
  cl <- calls[[k]]
  args_k <- cl$args
  before <- unserialize(serialize(args_k, NULL))
  gctorture(TRUE)
  res <- tryCatch(do.call(.Call, c(list(cl$symbol), args_k)), error = function(e) e)
  gctorture(FALSE)
  if (inherits(res, "error")) {
    failures <- c(failures, sprintf("%s (call %d): error under gctorture: %s", cl$name, k,
                                    conditionMessage(res)))
  } else if (!identical(res, cl$result)) {
    failures <- c(failures, sprintf("%s (call %d): result differs under gctorture", cl$name, k))
  }
  if (!identical(args_k, before)) {
    failures <- c(failures, sprintf("%s (call %d): an input changed", cl$name, k))
  }
}
cat(sprintf("%d .Call invocations replayed under gctorture in %.0f s: %s\n", length(calls),
            proc.time()[[3L]] - t0,
            paste(names(table(names_called)), table(names_called), sep = " x", collapse = ", ")))
if (length(failures)) {
  writeLines(failures)
  stop(length(failures), " failure(s) under gctorture")
}
cat("all results identical to the untortured ones\n")
