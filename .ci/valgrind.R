# Workload of .ci/valgrind, run as R -d valgrind -f .ci/valgrind.R --args
# <init.c> <fuzz-lib.R> <fuzz calls> <callcases.R>: every .Call entry point of coagg
# through the exported functions (.ci/callcases.R; the run fails if one is
# not reached), then a batch of fuzzed calls in this process. Valgrind's
# exit status (--error-exitcode) reports invalid reads or writes and uses of
# uninitialised values; this script fails on anything else.
args <- commandArgs(trailingOnly = TRUE)
init_c <- args[1L]
fuzz_lib <- args[2L]
n_fuzz <- as.integer(args[3L])
callcases <- args[4L]

suppressPackageStartupMessages(library(coagg))
source(callcases)
entry <- callcases_entry_points(init_c)
rec <- callcases_run()
reached <- unique(vapply(rec$calls, function(x) x$name, ""))
missing <- setdiff(entry, reached)
if (length(missing)) stop("entry points not reached: ", paste(missing, collapse = ", "))
cat(sprintf("%d cases, %d .Call invocations, all %d entry points reached: %s\n",
            rec$cases, length(rec$calls), length(entry), paste(entry, collapse = ", ")))

lib <- new.env()
sys.source(fuzz_lib, envir = lib)
# (the composed functions' cases are skipped: see fuzz_composed)
res <- lib$fuzz_batch(1L, n_fuzz, seed = 20240611L, skip = lib$fuzz_composed)
bad <- res[res$outcome %in% lib$fuzz_findings, , drop = FALSE]
cat(sprintf("%d fuzzed calls: %s\n", nrow(res),
            paste(names(table(res$outcome)), table(res$outcome), sep = " ", collapse = ", ")))
if (nrow(bad)) {
  print(bad)
  stop("the fuzzed calls have findings")
}
