# Benchmark of the E-G functions on a database table (issue 15), run by hand,
# never by the tests. Prints a markdown section for inst/bench/RESULTS.md.
#
#   Rscript inst/bench/agglomeration-db.R            # 50 million firm rows
#   Rscript inst/bench/agglomeration-db.R 10e6       # another number of rows
#
# Environment:
#   COAGG_BENCH_DB       the SQLite file (default: under tempdir(), removed at
#                        the end); an existing file with a table `firms` of
#                        the asked number of rows is reused, not rewritten
#   COAGG_BENCH_DB_KEEP  "1": keep the file (to rerun on the same data)
#
# Needs coagg installed, and DBI, dplyr, dbplyr and RSQLite. The data are
# SIMULATED (seeded): firms in 3,000 regions x 1,000 industries (3 million
# cells, nearly all non-empty), log-normal sizes, unique integer firm ids,
# written by this script in chunks of one million rows. Measured:
#   1. eg_index(tbl(con, "firms"), ..., firm_id = "firm") in a fresh R process:
#      elapsed time and its split (the table scan for missing and negative
#      values, the GROUP BY into cells with their transfer to R, the firm-id
#      check, the rest: R and C on the cells); R's peak memory (gc() "max
#      used" after gc(reset = TRUE)) and the process's peak resident memory
#      (VmHWM, which includes SQLite's own page cache and sorter); goal: R's
#      peak under 200 MB whatever the row count;
#   2. the GROUP BY alone into a temporary table (the engine's time, nothing
#      transferred), and fetching that cell table into R (the transfer);
#   3. the same call's R side on the collected cell table (a data frame of
#      cell sums): goal under 1 s.
suppressPackageStartupMessages({
  library(coagg)
  library(DBI)
})
args <- commandArgs(trailingOnly = TRUE)
n_rows <- if (length(args)) as.numeric(args[1L]) else 50e6
n_reg <- 3000L
n_ind <- 1000L
chunk <- 1e6
path <- Sys.getenv("COAGG_BENCH_DB", file.path(tempdir(), "coagg-bench-firms.sqlite"))
keep <- identical(Sys.getenv("COAGG_BENCH_DB_KEEP"), "1") || nzchar(Sys.getenv("COAGG_BENCH_DB"))

out <- character()
say <- function(...) {
  out <<- c(out, paste0(...))
  message(paste0(...))
}
fmt <- function(x, d = 3) formatC(x, digits = d, format = "fg", flag = "#")

# ---------------------------------------------------------------------------
# 1. Disk space and the table
# ---------------------------------------------------------------------------

free_mb <- function(dir) {
  df <- tryCatch(system2("df", c("-Pk", shQuote(dir)), stdout = TRUE), error = function(e) NULL)
  if (length(df) < 2L) return(NA_real_)
  as.numeric(strsplit(df[2L], "[[:space:]]+")[[1L]][4L]) / 1024
}
# about 22 bytes a row in the file; SQLite's sorter writes about as much again
# to its temporary directory while grouping
need_mb <- n_rows * 22 * 2.5 / 2^20
for (dir in unique(c(dirname(path), Sys.getenv("SQLITE_TMPDIR", tempdir())))) {
  free <- free_mb(dir)
  message(sprintf("free space in %s: %s MB (need about %s MB)", dir, fmt(free, 6),
                  fmt(need_mb, 4)))
  if (is.finite(free) && free < need_mb) stop("not enough disk space in ", dir)
}

con <- dbConnect(RSQLite::SQLite(), path)
have <- if (dbExistsTable(con, "firms")) dbGetQuery(con, "SELECT COUNT(*) AS n FROM firms")$n else 0
t_write <- NA_real_
if (have != n_rows) {
  if (dbExistsTable(con, "firms")) dbRemoveTable(con, "firms")
  dbExecute(con, "PRAGMA journal_mode = OFF")
  dbExecute(con, "PRAGMA synchronous = OFF")
  dbExecute(con, paste("CREATE TABLE firms (region INTEGER, industry INTEGER, firm INTEGER,",
                       "emp INTEGER)"))
  set.seed(2024)
  # regions and industries of unequal size
  w_reg <- stats::rlnorm(n_reg, 0, 1)
  w_ind <- stats::rlnorm(n_ind, 0, 0.7)
  t_write <- system.time({
    done <- 0
    while (done < n_rows) {
      k <- min(chunk, n_rows - done)
      dbBegin(con)
      dbAppendTable(con, "firms", data.frame(
        region = sample.int(n_reg, k, TRUE, w_reg), industry = sample.int(n_ind, k, TRUE, w_ind),
        firm = as.integer(done + seq_len(k)),
        emp = as.integer(pmax(1, round(stats::rlnorm(k, 2, 1.2))))))
      dbCommit(con)
      done <- done + k
      if (done %% 1e7 == 0) message(sprintf("written %s rows", format(done, big.mark = ",")))
    }
  })[["elapsed"]]
}
dbDisconnect(con)
file_mb <- file.size(path) / 2^20

# ---------------------------------------------------------------------------
# 2. eg_index() from the lazy table, in a fresh R process
# ---------------------------------------------------------------------------

child <- tempfile(fileext = ".R")
res_file <- tempfile(fileext = ".rds")
writeLines(c(
  "suppressPackageStartupMessages({library(coagg); library(DBI)})",
  "status <- function(key) { l <- grep(paste0('^', key, ':'), readLines('/proc/self/status'), value = TRUE)",
  "  as.numeric(gsub('[^0-9]', '', l)) / 1024 }",
  sprintf("con <- dbConnect(RSQLite::SQLite(), '%s')", path),
  "tb <- dplyr::tbl(con, 'firms')",
  "invisible(dplyr::collect(utils::head(tb, 0L)))",
  "g0 <- gc(reset = TRUE)",
  "rss0 <- status('VmRSS')",
  "t <- system.time(r <- eg_index(tb, 'region', 'industry', 'emp', firm_id = 'firm'))[['elapsed']]",
  "g1 <- gc()",
  "mb <- function(g) sum(g[, match('max used', colnames(g)) + 1L])",  # "max used" in MB
  sprintf("saveRDS(list(t = t, db = attr(r, 'settings')$database, r_base = sum(g0[, 2L]), r_peak = mb(g1), rss0 = rss0, hwm = status('VmHWM'), rows = nrow(r)), '%s')", res_file)
), child)
message("eg_index() on the lazy table ...")
rc <- system2(file.path(R.home("bin"), "Rscript"), child)
if (rc != 0) stop("the child R process failed")
lazy <- readRDS(res_file)
db <- lazy$db
sec <- db$seconds

# ---------------------------------------------------------------------------
# 3. The GROUP BY alone, and the transfer of its cell table
# ---------------------------------------------------------------------------

con <- dbConnect(RSQLite::SQLite(), path)
dbExecute(con, "DROP TABLE IF EXISTS temp.cells")
t_engine <- system.time(dbExecute(con, paste("CREATE TEMP TABLE cells AS", db$sql)))[["elapsed"]]
t_fetch <- system.time(cells <- dbGetQuery(con, "SELECT * FROM temp.cells"))[["elapsed"]]
cells_mb <- as.numeric(utils::object.size(cells)) / 2^20
dbDisconnect(con)

# ---------------------------------------------------------------------------
# 4. The R side on the collected cells (median of 5)
# ---------------------------------------------------------------------------

r_side <- function() eg_index(cells, "region", "industry", "coagg_employment",
                              n_firms = "coagg_n_firms", employment_sq = "coagg_employment_sq",
                              employment_4th = "coagg_employment_4th")
invisible(r_side())
t_r <- stats::median(vapply(1:5, function(i) system.time(r_side())[["elapsed"]], 0))

if (!keep) unlink(path)

# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------

cpu <- tryCatch(sub(".*: ", "", grep("model name", readLines("/proc/cpuinfo"), value = TRUE)[1L]),
                error = function(e) NA_character_)
say("## E-G index from a database table (`eg_index()` on a dbplyr lazy table, SQLite)")
say("")
say(sprintf(paste("%s firm rows (SIMULATED) in an SQLite file of %s MB, %s regions x %s industries:",
                  "%s cells with firms; firm ids unique."),
            format(n_rows, big.mark = ",", scientific = FALSE), fmt(file_mb, 4),
            format(n_reg, big.mark = ","), format(n_ind, big.mark = ","),
            format(db$cells, big.mark = ",")))
if (is.finite(t_write)) say(sprintf("Writing the table (chunks of a million rows): %s s.", fmt(t_write)))
say("")
say("| step | seconds |")
say("|---|---|")
say(sprintf("| `eg_index(tbl(con, \"firms\"), ..., firm_id = \"firm\")`, whole call | %s |", fmt(lazy$t)))
say(sprintf("| &nbsp; scan of the table (rows, known employment, missing or negative values) | %s |",
            fmt(sec[["scan"]])))
say(sprintf("| &nbsp; GROUP BY into cells and their transfer to R | %s |", fmt(sec[["cells"]])))
say(sprintf("| &nbsp; firm ids repeated within an industry? (GROUP BY ... HAVING ... LIMIT 1) | %s |",
            fmt(sec[["checks"]])))
say(sprintf("| &nbsp; R and C on the cells (the rest) | %s |",
            fmt(lazy$t - sum(sec))))
say(sprintf("| the GROUP BY alone, into a temporary table | %s |", fmt(t_engine)))
say(sprintf("| fetching that cell table into R (%s MB) | %s |", fmt(cells_mb), fmt(t_fetch)))
say(sprintf("| the R side on the collected cell table (cell sums; median of 5) | %s (goal < 1 s) |",
            fmt(t_r)))
say("")
say(sprintf(paste("Memory of the call: R's peak %s MB (`gc()` max used, from %s MB before the call;",
                  "goal < 200 MB), process peak resident %s MB (VmHWM, from %s MB before; it",
                  "includes SQLite's page cache and sorter). Rows fetched into R: %s (the cells",
                  "and one row of counts), of %s firm rows."),
            fmt(lazy$r_peak), fmt(lazy$r_base), fmt(lazy$hwm), fmt(lazy$rss0),
            format(db$collected, big.mark = ","), format(db$rows, big.mark = ",")))
say("")
say(sprintf("Machine: %s, %s; R %s, RSQLite %s (SQLite %s), dbplyr %s.", cpu,
            sprintf("%d cores", parallel::detectCores()), getRversion(),
            utils::packageVersion("RSQLite"), RSQLite::rsqliteVersion()[[2L]],
            utils::packageVersion("dbplyr")))
say(sprintf("Command: `Rscript inst/bench/agglomeration-db.R%s`",
            if (length(args)) paste0(" ", args[1L]) else ""))
cat(out, sep = "\n")
