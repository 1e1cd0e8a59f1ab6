# E-G input from a database table: a lazy table of dbplyr (dplyr::tbl() on
# a DBI connection, or sparklyr's Spark tables). The firm rows stay in the
# database: one GROUP BY query sums them into region x industry (x period)
# cells -- employment, the firms' squares and fourth powers, the firms with
# positive employment -- with, per cell, the counts that the in-memory path
# checks row by row (missing values, the smallest value), and only that cell
# table is collected into R. Firm ids are checked for repeats by a second
# aggregate query that returns at most one row. The cell table then goes
# through the cell-sums path of eg_data() and the engine, which give
# exactly the firm rows' answer. Cell rows (aggregate, counts, cell sums)
# are grouped the same way, so that a repeated cell is found by its count.
#
# dplyr, dbplyr and DBI are suggested packages: used here only, through
# `::`, when data is a lazy table.

eg_is_lazy <- function(data) inherits(data, "tbl_lazy") || inherits(data, "tbl_sql")

eg_db_packages <- c("DBI", "dplyr", "dbplyr")

# The data list of eg_data() for a lazy table (see eg_data()), with `input`
# (what the rows are), `database` (the queries, their times, the rows and
# cells) and `dropped` (what na_action = "omit" dropped, counted in the
# database). Queries: one pass over the table for its rows, its known
# employment and the rows with a missing or negative value; only if there
# are some, their cells (eg_db_missing()); the cell table, GROUP BY the
# keys; for firm rows, the first repeated firm id, if any.
eg_db_data <- function(data, region, industry, employment, n_firms, firm_id, time, na_action,
                       employment_sq = NULL, employment_4th = NULL) {
  miss <- eg_db_packages[!vapply(eg_db_packages, requireNamespace, TRUE, quietly = TRUE)]
  if (length(miss)) {
    abort_input(sprintf("is a database table (%s); reading it needs the package%s %s.",
                        class(data)[1L], if (length(miss) > 1L) "s" else "",
                        paste0("'", miss, "'", collapse = ", ")), arg = "data")
  }
  cols <- eg_columns(region, industry, employment, n_firms, firm_id, time, employment_sq,
                     employment_4th)
  q <- eg_db_plan(data, cols)
  clock <- eg_clock()
  scan <- dplyr::summarise(data, !!!eg_db_scan(q))
  db <- list(connection = class(q$con)[1L], input = q$input, rows = NA_real_,
             cells = NA_integer_, collected = 1L,
             sql_scan = as.character(dbplyr::sql_render(scan)))
  scan <- eg_db_collect(scan)
  db$rows <- scan$coagg_rows
  if (!isTRUE(db$rows > 0)) {
    abort_input("is a database table without rows; at least 1 is needed.", arg = "data")
  }
  na <- list()
  if (scan$coagg_bad > 0) {
    # some row has a missing or negative value: the rows concerned, by cell
    detail <- eg_db_collect(eg_db_query(dplyr::filter(data, !!eg_db_any_bad(q)), q,
                                        detail = TRUE))
    db$collected <- db$collected + nrow(detail)
    eg_db_check_negative(detail, q)
    na <- eg_db_missing(detail, q, na_action, known = scan$coagg_employment, of = db$rows)
    if (na$dropped$rows >= db$rows) {
      abort_input(paste("every row of the database table has a missing value in a column the",
                        "function uses; with na_action = \"omit\" nothing is left."),
                  arg = "data")
    }
    data <- dplyr::filter(data, !!!eg_db_complete_rows(q))
  }
  t_scan <- clock()
  query <- eg_db_query(data, q)
  cells <- eg_db_collect(query)
  db$collected <- db$collected + nrow(cells)
  db$cells <- nrow(cells)
  db$sql <- as.character(dbplyr::sql_render(query))
  t_cells <- clock()
  eg_db_check_cells(cells, q)
  if (q$input == "firms") db$sql_firm_ids <- eg_db_check_firm_ids(q, data)
  t_checks <- clock()
  out <- eg_db_cell_data(cells, q)
  out$input <- q$input
  out$dropped <- na$dropped
  db$seconds <- c(scan = t_scan, cells = t_cells, checks = t_checks)
  out$database <- db
  out
}

# Seconds since the last call (the first call starts the clock).
eg_clock <- function() {
  last <- proc.time()[["elapsed"]]
  function() {
    now <- proc.time()[["elapsed"]]
    on.exit(last <<- now)
    now - last
  }
}

# The one pass over the table: its rows, its known employment (in floating
# point: only a share of it is used) and the rows with a missing or
# negative value in a column used.
eg_db_scan <- function(q) {
  e <- eg_db_double(q$con, q$cols[["employment"]], q$proto)
  list(coagg_rows = quote(n()), coagg_employment = bquote(sum(.(e), na.rm = TRUE)),
       coagg_bad = bquote(sum(case_when(.(eg_db_any_bad(q)) ~ 1L, TRUE ~ 0L), na.rm = TRUE)))
}

# The aggregation of `data`: the connection, the key and measure columns,
# and the lazy GROUP BY query with its column names (coagg_*), after a
# zero-row query has shown that the columns exist and have usable types.
eg_db_plan <- function(data, cols) {
  con <- dbplyr::remote_con(data)
  proto <- as.data.frame(dplyr::collect(utils::head(data, 0L)))
  roles <- names(cols)
  for (r in intersect(c("region", "industry", "time", "firm_id"), roles)) {
    check_key_column(proto, cols[[r]], r)
  }
  for (r in intersect(c("employment", "n_firms", "employment_sq", "employment_4th"), roles)) {
    check_numeric_column(proto, cols[[r]], r, as_double = FALSE)
  }
  input <- if ("firm_id" %in% roles) "firms" else if ("employment_sq" %in% roles) "cell_sums" else
    if ("n_firms" %in% roles) "counts" else "aggregate"
  keys <- unname(cols[intersect(c("region", "industry", "time"), roles)])
  measures <- setdiff(roles, c("region", "industry", "time"))
  taken <- intersect(keys, paste0("coagg_", c("rows", "employment", "n_firms", "employment_sq",
                                              "employment_4th", paste0("na_", measures),
                                              paste0("min_", measures), "bad")))
  if (length(taken)) {
    abort_input(sprintf(paste('key column "%s" has a name that coagg uses for the columns of',
                              "its aggregation query; rename it in the query (dplyr::rename())."),
                        taken[1L]), arg = names(cols)[match(taken[1L], cols)])
  }
  q <- list(con = con, data = data, cols = cols, keys = keys, measures = measures,
            input = input, proto = proto)
  q$query <- eg_db_query(data, q)
  q
}

# The GROUP BY query. Firm rows: per cell the sums of e, e^2 and e^4 (the
# powers in 8-byte floating point, eg_db_double(), since integer powers
# overflow) and the firms with e > 0. Cell
# rows: per cell the rows (a key must not repeat) and the sums of their
# columns. The cells are grouped by period and industry first, which in
# most engines returns them in that order, the engine's fastest. With
# `detail` (for the rows that eg_db_any_bad() selects): per cell the rows,
# the known employment, and per measure column the missing values and the
# smallest value.
eg_db_query <- function(data, q, detail = FALSE) {
  cols <- q$cols
  col <- function(r) as.name(cols[[r]])
  one_if <- function(cond) bquote(sum(case_when(.(cond) ~ 1L, TRUE ~ 0L), na.rm = TRUE))
  ex <- list(coagg_rows = quote(n()),
             coagg_employment = bquote(sum(.(col("employment")), na.rm = TRUE)))
  if (detail) {
    for (r in q$measures) {
      ex[[paste0("coagg_na_", r)]] <- one_if(bquote(is.na(.(col(r)))))
      if (r != "firm_id") ex[[paste0("coagg_min_", r)]] <- bquote(min(.(col(r)), na.rm = TRUE))
    }
  } else if (q$input == "firms") {
    ex$coagg_rows <- NULL
    e <- eg_db_double(q$con, cols[["employment"]], q$proto)
    e2 <- bquote(.(e) * .(e))
    ex$coagg_employment_sq <- bquote(sum(.(e2), na.rm = TRUE))
    ex$coagg_employment_4th <- bquote(sum(.(e2) * .(e2), na.rm = TRUE))
    ex$coagg_n_firms <- one_if(bquote(.(col("employment")) > 0L))
  } else {
    for (r in setdiff(q$measures, "employment")) {
      ex[[paste0("coagg_", r)]] <- bquote(sum(.(col(r)), na.rm = TRUE))
    }
  }
  by <- unname(cols[intersect(c("time", "industry", "region"), names(cols))])
  g <- dplyr::group_by(data, !!!dplyr::syms(by))
  dplyr::summarise(g, !!!ex, .groups = "drop")
}

# A row with a missing value in a column used (keys too, unless keys =
# FALSE), or a negative value in a measure column.
eg_db_any_bad <- function(q, keys = TRUE) {
  cols <- q$cols
  na <- lapply(c(if (keys) q$keys, unname(cols[q$measures])), function(k)
    bquote(is.na(.(as.name(k)))))
  neg <- lapply(unname(cols[setdiff(q$measures, "firm_id")]), function(k)
    bquote(.(as.name(k)) < 0L))
  Reduce(function(a, b) bquote(.(a) | .(b)), c(na, neg))
}

# The filter of complete rows: no missing value in a column used.
eg_db_complete_rows <- function(q) {
  lapply(c(q$keys, unname(q$cols[q$measures])), function(k) bquote(!is.na(.(as.name(k)))))
}

# A numeric column in floating point: as it is when the database returns it
# as double, else cast to the engine's 8-byte floating-point type.
eg_db_double <- function(con, name, proto) {
  if (is.double(proto[[name]]) && !inherits(proto[[name]], "integer64")) return(as.name(name))
  dbplyr::sql(sprintf("CAST(%s AS %s)", as.character(DBI::dbQuoteIdentifier(con, name)),
                      eg_db_float_type(con)))
}

# The 8-byte floating-point type: the SQL standard's DOUBLE PRECISION
# (PostgreSQL, DuckDB, MySQL, SQL Server, ...), REAL in SQLite, DOUBLE in
# Spark SQL and Hive. Not the driver's type for R's doubles
# (DBI::dbDataType()), which for some drivers is a 4-byte REAL, nor
# dbplyr's as.numeric(), which casts to NUMERIC (a fixed-point decimal in
# DuckDB).
eg_db_float_type <- function(con) {
  cl <- class(con)
  if ("SQLiteConnection" %in% cl) return("REAL")
  if (any(c("spark_connection", "Spark SQL", "Hive", "Impala") %in% cl)) return("DOUBLE")
  "DOUBLE PRECISION"
}

# Collect a lazy query as a plain data frame, with integer64 counts and sums
# (PostgreSQL's bigint, ...) converted exactly or refused. From a DBI
# connection the result is fetched in chunks and joined column by column,
# so that R holds little more than the result itself while it arrives (a
# single fetch holds up to three times as much while its columns grow).
eg_db_collect <- function(query, chunk = 65536L) {
  con <- dbplyr::remote_con(query)
  out <- if (inherits(con, "DBIConnection")) {
    eg_db_fetch(con, dbplyr::sql_render(query), chunk)
  } else {
    as.data.frame(dplyr::collect(query))
  }
  for (k in grep("^coagg_", names(out))) out[[k]] <- as_plain_number(out[[k]], "data", names(out)[k])
  out
}

eg_db_fetch <- function(con, sql, chunk) {
  res <- DBI::dbSendQuery(con, sql)
  on.exit(DBI::dbClearResult(res))
  parts <- list()
  repeat {
    piece <- DBI::dbFetch(res, n = chunk)
    if (!length(parts) || nrow(piece)) parts[[length(parts) + 1L]] <- as.list(piece)
    if (length(parts) %% 16L == 0L) invisible(gc(verbose = FALSE))
    if (DBI::dbHasCompleted(res) || !nrow(piece)) break
  }
  rm(piece)
  invisible(gc(verbose = FALSE))
  nm <- names(parts[[1L]])
  out <- vector("list", length(nm))
  names(out) <- nm
  for (k in nm) {
    col <- lapply(parts, function(p) {
      v <- p[[k]]
      if (inherits(v, "integer64")) as_plain_number(v, "data", k) else v
    })
    for (i in seq_along(parts)) parts[[i]][k] <- list(NULL)
    out[[k]] <- if (length(col) == 1L) col[[1L]] else do.call(c, col)
    rm(col)
    # the pieces of this column are garbage now: collect them before the next
    # column's join allocates, so that R holds the pieces or their join,
    # never both (a few collections, each far shorter than the query)
    invisible(gc(verbose = FALSE))
  }
  tidy_frame(out)
}

# The missing-value policy, on the cells of the rows with a missing (or
# negative) value (`detail`). "fail": an error naming the column, how many
# rows of the table miss it, and the first cell where one does. "omit": what
# is dropped, as eg_missing() records it: rows, of `of`, per column, and the
# share of the `known` employment that the dropped rows held.
eg_db_missing <- function(detail, q, na_action, known, of) {
  cols <- q$cols
  key_na <- vapply(q$keys, function(k) sum(as.double(detail$coagg_rows[is.na(detail[[k]])])), 0)
  names(key_na) <- q$keys
  measure_na <- vapply(q$measures, function(r) sum(as.double(detail[[paste0("coagg_na_", r)]])),
                       0)
  names(measure_na) <- unname(cols[q$measures])
  by_col <- c(key_na, measure_na)
  by_col <- by_col[by_col > 0]
  if (!length(by_col)) return(list())
  if (na_action == "fail") {
    col <- names(by_col)[1L]
    at <- if (col %in% q$keys) is.na(detail[[col]]) else
      detail[[paste0("coagg_na_", names(cols)[match(col, cols)])]] > 0
    j <- which(at)[1L]
    abort_input(sprintf(paste('column "%s" has %s (NULL) in the database table (first in the',
                              "cell %s). Fill them in, or set `na_action = \"omit\"` to drop these",
                              "rows (the result records what was dropped; see ?coagg_missing)."),
                        col, if (by_col[[1L]] == 1) "a missing value" else
                          sprintf("%s missing values", format(by_col[[1L]], big.mark = ",")),
                        eg_db_cell_text(detail, q, j)),
                arg = names(cols)[match(col, cols)], column = col, class = "coagg_missing_value")
  }
  lost <- sum(as.double(detail$coagg_employment), na.rm = TRUE)
  list(dropped = list(rows = sum(as.double(detail$coagg_rows)), of = as.double(of),
                      by_column = by_col,
                      employment_share = if (known > 0) lost / known else NA_real_,
                      employment_unknown = measure_na[[cols[["employment"]]]]))
}

# Negative values (an error whatever na_action, as in memory), from the
# cells of the rows with a missing or negative value.
eg_db_check_negative <- function(detail, q) {
  for (r in setdiff(q$measures, "firm_id")) {
    mn <- detail[[paste0("coagg_min_", r)]]
    bad <- !is.na(mn) & mn < 0
    if (any(bad)) {
      eg_db_cell_error(detail, q, bad, r, sprintf('column "%s" has a negative value (smallest %s)',
                                                  q$cols[[r]], format(min(mn[bad]))))
    }
  }
  invisible(TRUE)
}

# An error naming the first of the cells `bad`, and how many there are.
eg_db_cell_error <- function(cells, q, bad, arg, what, class = NULL) {
  j <- which(bad)
  abort_input(sprintf("%s in %s cell%s of the database table (first: the cell %s).", what,
                      format(length(j), big.mark = ","), if (length(j) == 1L) "" else "s",
                      eg_db_cell_text(cells, q, j[1L])),
              arg = arg, column = if (arg %in% names(q$cols)) q$cols[[arg]] else q$keys,
              class = class)
}

# Per-cell checks on the collected cells (after the missing-value policy):
# repeated cells (cell rows), sums that are not finite, enterprise counts
# that are not whole or below one where there is employment. Each error
# names the first cell and how many cells (or rows) are affected.
eg_db_check_cells <- function(cells, q) {
  cols <- q$cols
  fail <- function(bad, arg, what, class = NULL) eg_db_cell_error(cells, q, bad, arg, what, class)
  if (q$input != "firms" && any(cells$coagg_rows > 1L)) {
    rows <- cells$coagg_rows
    fail(rows > 1L, "data", sprintf(paste("(%s) repeats: %s rows share one key%s. Rows must be",
                                          "unique cells; for one row per firm name the firm",
                                          "column in `firm_id`"),
                                    paste(q$keys, collapse = ", "), format(max(rows)),
                                    if (sum(rows > 1L) > 1) " at most" else ""))
  }
  sums <- c("employment", if (q$input %in% c("firms", "cell_sums"))
    c("employment_sq", "employment_4th"))
  for (r in sums) {
    v <- cells[[paste0("coagg_", r)]]
    if (is.double(v) && !is.finite(sum(v)) && !all(is.finite(v))) {
      what <- if (r == "employment") sprintf('the sum of column "%s"', cols[["employment"]]) else
        eg_db_sum_label(q, r)
      fail(!is.finite(v), if (r %in% names(cols)) r else "employment",
           sprintf("%s is not finite (it overflowed double precision). %s", what,
                   eg_sums_range_text), class = "coagg_scale")
    }
  }
  if (q$input %in% c("counts", "cell_sums")) {
    nf <- cells$coagg_n_firms
    if (is.double(nf) && any(nf != round(nf))) {
      fail(nf != round(nf), "n_firms", sprintf('column "%s" is not a whole number', cols[["n_firms"]]))
    }
    if (q$input == "counts" && any(cells$coagg_employment > 0 & nf < 1)) {
      fail(cells$coagg_employment > 0 & nf < 1, "n_firms",
           sprintf('column "%s" is below 1 where employment (column "%s") is positive; a cell with employment needs at least one firm',
                   cols[["n_firms"]], cols[["employment"]]))
    }
  }
  invisible(TRUE)
}

eg_db_sum_label <- function(q, r) {
  e <- q$cols[["employment"]]
  if (q$input != "firms") return(sprintf('column "%s"', q$cols[[r]]))
  sprintf("the sum of %s", if (r == "employment_sq") sprintf("%s^2", e) else sprintf("%s^4", e))
}

# The key of cell j of the collected table, as text.
eg_db_cell_text <- function(cells, q, j) {
  val <- vapply(q$keys, function(k) {
    v <- cells[[k]][j]
    if (is.na(v)) "NULL" else sprintf('"%s"', as.character(v))
  }, "")
  paste(sprintf("%s = %s", q$keys, val), collapse = ", ")
}

# Firm rows (`data`, after the missing-value policy): a firm id may not
# repeat within an industry and period. One aggregate query (GROUP BY firm, industry[, period] HAVING COUNT(*) > 1
# LIMIT 1) returns the first repeat, if any.
eg_db_check_firm_ids <- function(q, data) {
  cols <- q$cols
  by <- unname(cols[intersect(c("firm_id", "industry", "time"), names(cols))])
  g <- dplyr::group_by(data, !!!dplyr::syms(by))
  rep <- dplyr::summarise(g, !!!list(coagg_rows = quote(n())), .groups = "drop")
  rep <- dplyr::filter(rep, !!quote(coagg_rows > 1L))
  rep <- utils::head(rep, 1L)
  hit <- as.data.frame(dplyr::collect(rep))
  if (!nrow(hit)) return(as.character(dbplyr::sql_render(rep)))
  abort_input(sprintf(paste('firm "%s" appears %s times in industry "%s"%s in the database table.',
                            "Rows are firms (or plants): one row per firm, industry and period."),
                      as.character(hit[[cols[["firm_id"]]]][1L]), format(hit$coagg_rows[1L]),
                      as.character(hit[[cols[["industry"]]]][1L]),
                      if ("time" %in% names(cols))
                        sprintf(" in period %s", as.character(hit[[cols[["time"]]]][1L])) else ""),
              arg = "firm_id", column = cols[["firm_id"]])
}

# The collected cells through eg_data()'s cell path: firm rows become cell
# sums (engine mode "cell_sums"), cell rows keep their mode. Column names in
# messages are the table's (the sums of firm rows are named after the
# expression), and rows are named by their cell.
eg_db_cell_data <- function(cells, q) {
  cols <- q$cols
  firms <- q$input == "firms"
  e <- cols[["employment"]]
  names_of <- c(employment = e,
                n_firms = if (firms) sprintf("count of %s > 0", e) else unname(cols["n_firms"]),
                employment_sq = if (firms) sprintf("sum of %s^2", e) else unname(cols["employment_sq"]),
                employment_4th = if (firms) sprintf("sum of %s^4", e) else unname(cols["employment_4th"]))
  names_of <- names_of[!is.na(names_of)]
  df <- cells[q$keys]
  for (r in names(names_of)) {
    src <- paste0("coagg_", r)
    if (!is.null(cells[[src]])) df[[names_of[[r]]]] <- cells[[src]]
  }
  have <- function(r) if (!is.null(df[[names_of[r]]]) && !is.na(names_of[r])) names_of[[r]]
  sums <- firms || q$input == "cell_sums"
  d <- eg_data(df, cols[["region"]], cols[["industry"]], e,
               n_firms = if (sums || q$input == "counts") have("n_firms"),
               time = if ("time" %in% names(cols)) cols[["time"]], na_action = "fail",
               employment_sq = if (sums) have("employment_sq"),
               employment_4th = if (sums) have("employment_4th"))
  d$labels <- d$cols
  d$cols <- cols
  d
}
