# The E-G functions on a database table (R/agglomeration-db.R): SQLite
# through DBI and dbplyr. The database's cells must give the in-memory
# answer to 1e-12, no firm row may reach R, and what the in-memory path
# checks per row is checked in the database and reported per cell.

skip_db <- function() {
  for (p in c("DBI", "dplyr", "dbplyr", "RSQLite")) skip_if_no_crosscheck(p)
}

# An in-memory SQLite database holding the named data frames as tables.
sqlite_with <- function(...) {
  con <- DBI::dbConnect(RSQLite::SQLite(), ":memory:")
  tabs <- list(...)
  for (nm in names(tabs)) DBI::dbWriteTable(con, nm, tabs[[nm]])
  con
}

# Rows that R fetches from SQLite while `expr` runs (every query result
# passes through RSQLite's dbFetch()).
rows_fetched <- function(expr) {
  count <- new.env()
  count$n <- 0
  add <- function(rows) count$n <- count$n + rows
  utils::capture.output(suppressMessages(
    trace("dbFetch", signature = "SQLiteResult", print = FALSE,
          exit = bquote(.(add)(NROW(returnValue()))), where = asNamespace("RSQLite"))))
  on.exit(utils::capture.output(suppressMessages(
    untrace("dbFetch", signature = "SQLiteResult", where = asNamespace("RSQLite")))))
  # (a traced S4 method announces each call on the console, some as
  # messages: "Tracing function ".local" in package "RSQLite"")
  utils::capture.output(value <- withCallingHandlers(force(expr), message = function(m) {
    if (grepl("^Tracing function", conditionMessage(m))) invokeRestart("muffleMessage")
  }))
  list(value = value, rows = count$n)
}

test_that("FK2014 from SQLite: the four functions give the in-memory answer to 1e-12", {
  skip_db()
  f <- fk()
  con <- sqlite_with(firms = f)
  on.exit(DBI::dbDisconnect(con), add = TRUE)
  tb <- dplyr::tbl(con, "firms")
  ref <- fk_ref(f)
  a <- eg_index(f, "region", "industry", "emp_firm", firm_id = "firm", reference = ref)
  b <- eg_index(tb, "region", "industry", "emp_firm", firm_id = "firm", reference = ref)
  expect_same_eg(b, a, skip = NULL)
  s <- attr(b, "settings")
  expect_identical(s$input, "firms")
  expect_identical(s$herfindahl_method, "exact")
  expect_identical(s$database$rows, 42L)
  expect_identical(s$database$cells, 12L)
  expect_rel_each(b$estimate, c(0.0543817728, 0.0429635585, 0.1377600291, 0.0142490592), 1e-8)
  m1 <- eg_coagg_matrix(f, "region", "industry", "emp_firm", firm_id = "firm", reference = ref,
                        groups = list(all = fk_industries))
  m2 <- eg_coagg_matrix(tb, "region", "industry", "emp_firm", firm_id = "firm", reference = ref,
                        groups = list(all = fk_industries))
  expect_same_eg(m2, m1, skip = NULL)
  pair <- list(clothing = c("Clothing trade", "Textiles trade"), other = "Forestry")
  c1 <- eg_coagg(f, "region", "industry", "emp_firm", firm_id = "firm", reference = ref,
                 pair = pair)
  c2 <- eg_coagg(tb, "region", "industry", "emp_firm", firm_id = "firm", reference = ref,
                 pair = pair)
  expect_same_eg(c2, c1, skip = NULL)
  l1 <- location_quotient(f, "region", "industry", "emp_firm", firm_id = "firm")
  l2 <- location_quotient(tb, "region", "industry", "emp_firm", firm_id = "firm")
  expect_same_eg(l2, l1, skip = NULL)
})

test_that("simulated panels from SQLite: time, groups, every H and reference, to 1e-12", {
  skip_db()
  f <- sim_firms(seed = 5)
  cells <- plain_cell_sums(f, c("region", "industry", "year"), "emp")
  counts <- cells[c("region", "industry", "year", "emp", "firms")]
  con <- sqlite_with(firms = f, sums = cells, counts = counts)
  on.exit(DBI::dbDisconnect(con), add = TRUE)
  tf <- dplyr::tbl(con, "firms")
  tot <- c(stats::setNames(seq(1e5, 2.4e6, length.out = 15), sprintf("r%02d", 1:15)), r99 = 1e6)
  both <- function(fn, mem, db, ...) {
    a <- suppressWarnings(fn(mem, "region", "industry", "emp", ..., time = "year"))
    b <- suppressWarnings(fn(db, "region", "industry", "emp", ..., time = "year"))
    expect_same_eg(b, a, skip = NULL)
    expect_identical(attr(b, "settings")$time, attr(a, "settings")$time)
  }
  pair <- list(a = c("i1", "i2", "i3"), b = c("i5", "i8"))
  groups <- list(g1 = c("i1", "i2"), g2 = c("i3", "i4", "i7"))
  for (ref in list(NULL, "mean_share", tot)) {
    for (h in c("auto", "counts", "inverse_n")) {
      both(eg_index, f, tf, firm_id = "firm", reference = ref, herfindahl = h)
    }
    both(eg_coagg, f, tf, firm_id = "firm", reference = ref, pair = pair)
    both(eg_coagg_matrix, f, tf, firm_id = "firm", reference = ref, groups = groups)
    both(location_quotient, f, tf, firm_id = "firm", reference = ref)
  }
  # cell sums and enterprise counts kept in the database: their in-memory answers
  ts <- dplyr::tbl(con, "sums")
  sums <- list(n_firms = "firms", employment_sq = "emp_sq", employment_4th = "emp_4th")
  b <- do.call(eg_index, c(list(ts, "region", "industry", "emp", time = "year"), sums))
  a <- do.call(eg_index, c(list(cells, "region", "industry", "emp", time = "year"), sums))
  expect_same_eg(b, a, skip = NULL)
  expect_identical(attr(b, "settings")$input, "cell_sums")
  tc <- dplyr::tbl(con, "counts")
  both(eg_index, counts, tc, n_firms = "firms")
  both(eg_coagg, counts, tc, n_firms = "firms", pair = pair)
  both(eg_coagg_matrix, counts, tc, n_firms = "firms", groups = groups)
  both(eg_coagg_matrix, counts, tc)
  expect_identical(attr(eg_index(tc, "region", "industry", "emp", n_firms = "firms",
                                 time = "year"), "settings")$input, "counts")
})

test_that("no firm row reaches R: only the cell table is fetched", {
  skip_db()
  set.seed(11)
  n <- 200000L
  f <- data.frame(region = sample(sprintf("r%02d", 1:20), n, TRUE),
                  industry = sample(sprintf("i%02d", 1:10), n, TRUE),
                  year = sample(2001:2002, n, TRUE), firm = seq_len(n),
                  emp = stats::rpois(n, 20))
  con <- sqlite_with(firms = f)
  on.exit(DBI::dbDisconnect(con), add = TRUE)
  tb <- dplyr::tbl(con, "firms")
  got <- rows_fetched(eg_index(tb, "region", "industry", "emp", firm_id = "firm", time = "year"))
  db <- attr(got$value, "settings")$database
  expect_identical(db$rows, n)
  expect_identical(db$cells, 400L)
  # the cells (400) and one row of counts over the table; the zero-row look
  # at the columns and the firm-id check (no repeat) fetch no row
  expect_identical(got$rows, 401)
  expect_identical(db$collected, 401L)
  expect_same_eg(got$value, eg_index(f, "region", "industry", "emp", firm_id = "firm",
                                      time = "year"), skip = NULL)
  # the queries: GROUP BY the keys with sums and counts, no firm column selected
  sql <- db$sql
  expect_match(sql, "GROUP BY `year`, `industry`, `region`", fixed = TRUE)
  for (fn in c("SUM(", "CASE WHEN", "CAST(`emp` AS REAL)")) expect_match(sql, fn, fixed = TRUE)
  expect_false(grepl("WHERE", sql, fixed = TRUE))
  expect_match(db$sql_scan, "COUNT(*)", fixed = TRUE)
  expect_false(grepl("GROUP BY", db$sql_scan, fixed = TRUE))
  expect_false(grepl("SELECT *", sql, fixed = TRUE))
  expect_false(grepl("`firm`,", sql, fixed = TRUE))
  expect_match(db$sql_firm_ids, "GROUP BY `firm`, `industry`, `year`", fixed = TRUE)
  expect_match(db$sql_firm_ids, "HAVING", fixed = TRUE)
  expect_match(db$sql_firm_ids, "LIMIT 1", fixed = TRUE)
  # the check is not vacuous: a fetch counter sees a firm-row query
  expect_equal(rows_fetched(dplyr::collect(tb))$rows, n)
})

test_that("missing values: \"fail\" names the column, a count and a cell; \"omit\" matches memory", {
  skip_db()
  f <- sim_firms(seed = 7, n = 800)
  f$emp[c(3, 10, 50)] <- NA
  f$region[20] <- NA
  f$firm[c(30, 31)] <- NA
  con <- sqlite_with(firms = f, e_only = within(f, { region[20] <- "r01"; firm[30:31] <- "x" }))
  on.exit(DBI::dbDisconnect(con), add = TRUE)
  tb <- dplyr::tbl(con, "firms")
  e <- expect_error(eg_index(tb, "region", "industry", "emp", firm_id = "firm", time = "year"),
                    class = "coagg_missing_value")
  expect_identical(e$arg, "region")
  expect_identical(e$column, "region")
  expect_match(conditionMessage(e), 'a missing value (NULL) in the database table', fixed = TRUE)
  expect_match(conditionMessage(e), sprintf('region = NULL, industry = "%s", year = "%s"',
                                            f$industry[20], f$year[20]), fixed = TRUE)
  e <- expect_error(eg_index(dplyr::tbl(con, "e_only"), "region", "industry", "emp",
                             firm_id = "firm", time = "year"), class = "coagg_missing_value")
  expect_identical(e$arg, "employment")
  expect_match(conditionMessage(e), "3 missing values", fixed = TRUE)
  expect_null(e$row)
  for (fn in list(eg_index, eg_coagg_matrix, location_quotient)) {
    a <- suppressWarnings(fn(f, "region", "industry", "emp", firm_id = "firm", time = "year",
                             na_action = "omit"))
    b <- suppressWarnings(fn(tb, "region", "industry", "emp", firm_id = "firm", time = "year",
                             na_action = "omit"))
    expect_same_eg(b, a, skip = NULL)
    da <- attr(a, "settings")$dropped
    db <- attr(b, "settings")$dropped
    expect_equal(db$rows, 6)
    expect_equal(unlist(db[c("rows", "of", "employment_unknown")]),
                 unlist(da[c("rows", "of", "employment_unknown")]))
    expect_equal(db$by_column, da$by_column)
    expect_equal(db$employment_share, da$employment_share, tolerance = 1e-12)
  }
  expect_match(attr(b, "settings")$database$sql, "WHERE", fixed = TRUE)
})

test_that("row checks travel: negative values, repeated firms and cells, bad counts", {
  skip_db()
  f <- sim_firms(seed = 9, n = 500)
  neg <- f
  neg$emp[c(4, 9)] <- -c(3, 7)
  dupf <- f
  dupf$firm[12] <- dupf$firm[11]
  dupf$industry[12] <- dupf$industry[11]
  dupf$year[12] <- dupf$year[11]
  cells <- plain_cell_sums(f, c("region", "industry", "year"), "emp")
  dupc <- rbind(cells, cells[5, ])
  nofirm <- cells
  nofirm$firms[6] <- 0
  frac <- cells
  frac$firms[7] <- 2.5
  big <- f
  big$emp <- as.double(big$emp)
  big$emp[2] <- 1e80
  text <- f
  text$emp <- format(text$emp, big.mark = ",")
  con <- sqlite_with(neg = neg, dupf = dupf, dupc = dupc, nofirm = nofirm, frac = frac,
                     big = big, text = text)
  on.exit(DBI::dbDisconnect(con), add = TRUE)
  fr <- function(tab, ...) eg_index(dplyr::tbl(con, tab), "region", "industry", "emp",
                                    time = "year", ...)
  e <- expect_input_error(fr("neg", firm_id = "firm"), "employment",
                          pattern = "negative value \\(smallest -7\\) in 2 cells")
  expect_match(conditionMessage(e), "first: the cell region", fixed = TRUE)
  e <- expect_input_error(fr("dupf", firm_id = "firm"), "firm_id",
                          pattern = sprintf('firm "%s" appears 2 times in industry "%s" in period %s',
                                            dupf$firm[11], dupf$industry[11], dupf$year[11]))
  expect_null(e$row)
  expect_input_error(fr("dupc", n_firms = "firms"), "data", pattern = "2 rows share one key")
  expect_input_error(fr("nofirm", n_firms = "firms"), "n_firms", pattern = "below 1")
  expect_input_error(fr("frac", n_firms = "firms"), "n_firms", pattern = "not a whole number")
  e <- expect_error(fr("big", firm_id = "firm"), class = "coagg_scale")
  expect_identical(e$arg, "employment")
  expect_match(conditionMessage(e), "emp^4 is not finite", fixed = TRUE)
  expect_input_error(fr("text", firm_id = "firm"), "employment", pattern = "not numeric")
  expect_input_error(fr("neg", firm_id = "firmm"), "firm_id", pattern = "no column \"firmm\"")
  # cell sums that are inconsistent are named by their cell
  bad <- cells
  bad$emp_sq[3] <- bad$emp[3]^2 * 2
  DBI::dbWriteTable(con, "bad", bad)
  e <- expect_input_error(fr("bad", n_firms = "firms", employment_sq = "emp_sq",
                             employment_4th = "emp_4th"), "employment_sq", pattern = "between")
  expect_match(conditionMessage(e), sprintf('the cell (region "%s", industry "%s", year "%s")',
                                            bad$region[3], bad$industry[3], bad$year[3]),
               fixed = TRUE)
  expect_null(e$row)
})

test_that("a table without rows is an input error (regression: an NA count stopped the call)", {
  skip_db()
  con <- sqlite_with(empty = data.frame(region = character(), industry = character(),
                                        firm = integer(), emp = numeric()))
  on.exit(DBI::dbDisconnect(con), add = TRUE)
  expect_input_error(eg_index(dplyr::tbl(con, "empty"), "region", "industry", "emp",
                              firm_id = "firm"), "data", pattern = "without rows")
})
