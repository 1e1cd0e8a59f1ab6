# The long fuzz run: 10,000+ seeded calls over every exported function of
# coagg, in child R processes (one per batch of calls) so that a crash or a
# hang is counted against the case that caused it instead of ending the run.
# Prints a markdown section (calls, outcomes, errors and warnings by class,
# crashes) and exits with status 1 if there is any finding.
#
#   Rscript inst/fuzz/fuzz.R                       # 11,000 calls, seed 20240601
#   Rscript inst/fuzz/fuzz.R --calls 22000 --seed 3 --out fuzz.md
#
# Options: --calls N (default 11000), --seed S (20240601), --batch B (calls
# per child, 1100), --timeout T (seconds per child before it is stopped and
# its current case counted as a hang, 900), --out FILE (also write the
# markdown there). The package is loaded with library(coagg) from the
# library path (R_LIBS) in every child. Reproduce one case in a session:
#   lib <- new.env(); sys.source("inst/fuzz/fuzz-lib.R", envir = lib)
#   case <- lib$fuzz_case(i, seed); case$run(case$args)

args <- commandArgs(trailingOnly = TRUE)
# this script: Rscript gives --file=, R -f gives -f <path>
ca <- commandArgs(FALSE)
script <- if (any(startsWith(ca, "--file="))) sub("^--file=", "", ca[startsWith(ca, "--file=")][1L]) else
  ca[match("-f", ca) + 1L]
script <- normalizePath(script)
# the generator beside this script (the children are told which one)
lib_file <- if (length(args) >= 6L && args[1L] == "--child") args[6L] else
  file.path(dirname(script), "fuzz-lib.R")
if (!file.exists(lib_file)) lib_file <- system.file("fuzz", "fuzz-lib.R", package = "coagg")

suppressPackageStartupMessages(library(coagg))
lib <- new.env()
sys.source(lib_file, envir = lib)

# ---- child mode: run cases from..to, one progress line per finished call
if (length(args) && args[1L] == "--child") {
  from <- as.integer(args[2L]); to <- as.integer(args[3L])
  seed <- as.integer(args[4L]); progress <- args[5L]
  lib$fuzz_batch(from, to, seed, progress = progress)
  quit(save = "no", status = 0L)
}

# ---- driver
opt <- function(name, default) {
  k <- match(paste0("--", name), args)
  if (is.na(k)) default else args[k + 1L]
}
n_calls <- as.integer(opt("calls", 11000L))
seed <- as.integer(opt("seed", 20240601L))
batch <- as.integer(opt("batch", 1100L))
child_timeout <- as.double(opt("timeout", 900))
out_file <- opt("out", NA_character_)

r_exe <- file.path(R.home("bin"), "R")
log_file <- tempfile("coagg-fuzz-child-", fileext = ".log")
children <- 0L
runner <- function(start, end, progress) {
  children <<- children + 1L
  status <- suppressWarnings(system2(
    r_exe, c("--vanilla", "--no-echo", "-f", shQuote(script), "--args", "--child", start, end,
             seed, shQuote(progress), shQuote(lib_file)),
    stdout = FALSE, stderr = log_file, timeout = child_timeout))
  if (identical(as.integer(status), 124L)) "timeout" else status
}

t0 <- proc.time()[[3L]]
res <- NULL
for (b in seq(1L, n_calls, by = batch)) {
  e <- min(n_calls, b + batch - 1L)
  res <- rbind(res, lib$fuzz_supervise(b, e, runner, function(i) lib$fuzz_fn_of(i)))
  cat(sprintf("calls %d-%d done (%.0f s)\n", b, e, proc.time()[[3L]] - t0), file = stderr())
}
seconds <- proc.time()[[3L]] - t0
crashes <- sum(res$outcome == "crash")
findings <- res[res$outcome %in% lib$fuzz_findings, , drop = FALSE]
md <- lib$fuzz_report(res, seed, seconds, crashes, extra = c(
  "",
  sprintf(paste("The calls ran in %d child R processes; a crash or a hang of a child is",
                "counted against the case it was running, and a new child carries on.",
                "Command: `Rscript inst/fuzz/fuzz.R --calls %d --seed %d`."),
          children, n_calls, seed)))
if (nrow(findings)) {
  md <- c(md, "", "Findings (reproduce with `fuzz_case(i, seed)`):", "",
          "| case | function | outcome | class | detail |", "|---|---|---|---|---|",
          utils::head(sprintf("| %d | %s | %s | %s | %s |", findings$i, findings$fn,
                              findings$outcome, findings$class,
                              gsub("|", "/", substr(findings$detail, 1L, 120L), fixed = TRUE)),
                      100L))
  if (crashes && file.exists(log_file)) {
    md <- c(md, "", "Last lines of the children's stderr:", "", "```",
            utils::tail(readLines(log_file, warn = FALSE), 30L), "```")
  }
}
writeLines(md)
if (!is.na(out_file)) writeLines(md, out_file)
quit(save = "no", status = if (nrow(findings)) 1L else 0L)
