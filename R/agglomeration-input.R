# Input of the Ellison-Glaeser functions: validation and shaping of the data
# (columns, keys, the missing-value policy), of the reference shares and of
# supplied Herfindahl indices, the options of the one .Call, and the one
# function that turns the engine's status codes and findings into
# conditions and notes (eg_status()). The engine is src/agglomeration.c.

# Engine codes shared with src/agglomeration.c
EG_MODE <- c(aggregate = 0L, counts = 1L, firms = 2L, cell_sums = 3L)
EG_X <- c(total = 0L, mean_share = 1L, reference = 2L)
EG_H <- c(none = 0L, exact = 1L, counts = 2L, inverse_n = 3L, user = 4L)
EG_STATUS <- c(ok = 0L, bad_firms = 1L, duplicate = 2L, reference_missing = 3L,
               reference_zero = 4L, herfindahl_missing = 5L, herfindahl_range = 6L,
               bad_sums = 7L)

# plm / Stata / base-R spellings that E-G users may write, and ours
eg_foreign_args <- c(
  index = paste("the keys of the E-G functions are `region`, `industry` and `time` (column",
                "names); in eg_coagg() the per-region index is `per_region =`."),
  formula = "in eg_coagg() the combining formula is `combine =` (\"ratio\" or \"ratio_plus_sum\").",
  na.action = "use `na_action = \"omit\"` (or \"fail\", the default; see ?coagg_missing).",
  absent = "use `absent_regions = \"zero\"` (or \"missing\", the default).")

# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------

# The common start of the four E-G functions: no stray arguments (a plm or
# Stata spelling, or an old name, in `foreign` gets an error naming ours),
# the options checked, the data and the reference shaped.
eg_setup <- function(data, region, industry, employment, n_firms, firm_id, time, reference,
                     absent_regions, na_action, ..., employment_sq = NULL,
                     employment_4th = NULL, foreign = eg_foreign_args) {
  check_dots_empty(..., foreign = foreign)
  na_action <- check_na_action(na_action, "fail")
  absent_regions <- check_choice(absent_regions, c("missing", "zero"), "absent_regions")
  d <- if (eg_is_lazy(data)) {
    eg_db_data(data, region, industry, employment, n_firms, firm_id, time, na_action,
               employment_sq, employment_4th)
  } else {
    eg_data(data, region, industry, employment, n_firms, firm_id, time, na_action,
            employment_sq, employment_4th)
  }
  list(d = d, ref = eg_reference(reference, d), na_action = na_action,
       absent_regions = absent_regions)
}

# Validate the data and its columns, apply the missing-value policy and code
# the keys for C. Returns a list: keys (region, industry, time: see
# eg_key()), emp, nf (firm counts or NULL), sq / q4 (cell sums or NULL),
# mode, the levels, nr / ni / nt, cols (the column names by role), n (rows
# used), rows (the data's row of each row used, NULL when all are), dropped
# (NULL or what "omit" dropped), data (the data as given, for messages).
eg_data <- function(data, region, industry, employment, n_firms = NULL,
                    firm_id = NULL, time = NULL, na_action = "fail", employment_sq = NULL,
                    employment_4th = NULL) {
  check_data_frame(data)
  cols <- eg_columns(region, industry, employment, n_firms, firm_id, time, employment_sq,
                     employment_4th)
  sums <- !is.null(employment_sq) || !is.null(employment_4th)
  if (nrow(data) > .Machine$integer.max) {
    abort_input(sprintf("has %s rows; at most %d are supported.", format(nrow(data)),
                        .Machine$integer.max), arg = "data")
  }
  # every column the function uses, missing values left for the policy below
  v <- list(region = check_key_column(data, region, "region", allow_na = TRUE),
            industry = check_key_column(data, industry, "industry", allow_na = TRUE),
            time = if (!is.null(time)) check_key_column(data, time, "time", allow_na = TRUE),
            # integer columns go to C as they are (no double copy of a long column)
            employment = check_numeric_column(data, employment, "employment", allow_na = TRUE,
                                              nonnegative = TRUE, as_double = FALSE),
            # counts of enterprises are whole numbers; a fraction is most often a
            # count in other units (e.g. 10,000 firms), which would distort H
            n_firms = if (!is.null(n_firms))
              check_numeric_column(data, n_firms, "n_firms", allow_na = TRUE, nonnegative = TRUE,
                                   whole = TRUE, as_double = FALSE),
            employment_sq = if (sums) eg_sum_column(data, employment_sq, "employment_sq"),
            employment_4th = if (sums) eg_sum_column(data, employment_4th, "employment_4th"),
            firm_id = if (!is.null(firm_id)) check_key_column(data, firm_id, "firm_id",
                                                              allow_na = TRUE))
  v <- v[!vapply(v, is.null, TRUE)]
  na <- eg_missing(v, cols, na_action)
  if (!is.null(na$keep)) v <- lapply(v, `[`, na$keep)
  tv <- if (!is.null(time)) eg_time_values(v$time, time)
  keys <- list(region = eg_key(v$region), industry = eg_key(v$industry),
               time = if (!is.null(time)) eg_key(tv$value))
  if (!is.null(tv$labels)) keys$time$levels <- tv$labels[match(keys$time$levels, tv$label_values)]
  nr <- length(keys$region$levels)
  if (nr < 2L) {
    abort_input(sprintf(paste('column "%s" holds a single region ("%s")%s; the indices compare',
                              "regions, so at least two are needed."),
                        region, as.character(keys$region$levels[1L]),
                        if (!is.null(na$keep)) " in the rows without missing values" else ""),
                arg = "region", column = region, row = eg_row(list(rows = na$keep), 1L))
  }
  out <- list(keys = keys, emp = v$employment, nf = v$n_firms, sq = v$employment_sq,
              q4 = v$employment_4th,
              mode = if (!is.null(firm_id)) "firms" else if (sums) "cell_sums" else
                if (!is.null(n_firms)) "counts" else "aggregate",
              region_levels = keys$region$levels, industry_levels = keys$industry$levels,
              time_levels = keys$time$levels, nr = nr, ni = length(keys$industry$levels),
              nt = if (is.null(time)) 1L else length(keys$time$levels), cols = cols,
              n = length(v$employment), rows = na$keep, dropped = na$dropped, data = data,
              time_note = tv$note)
  # firm rows: a firm id may not repeat within an industry and period
  if (!is.null(firm_id) && eg_firm_ids_may_repeat(v$firm_id)) eg_check_firm_ids(v$firm_id, out)
  out
}

# The column names by role, checked: strings, each naming its own column,
# and a consistent choice of rows (firms, cells with counts or with sums).
eg_columns <- function(region, industry, employment, n_firms, firm_id, time, employment_sq,
                       employment_4th) {
  check_string(region, "region")
  check_string(industry, "industry")
  check_string(employment, "employment")
  check_string(n_firms, "n_firms", null_ok = TRUE)
  check_string(employment_sq, "employment_sq", null_ok = TRUE)
  check_string(employment_4th, "employment_4th", null_ok = TRUE)
  check_string(firm_id, "firm_id", null_ok = TRUE)
  check_string(time, "time", null_ok = TRUE)
  cols <- unlist(list(region = region, industry = industry, employment = employment,
                      n_firms = n_firms, employment_sq = employment_sq,
                      employment_4th = employment_4th, firm_id = firm_id, time = time))
  d <- anyDuplicated(cols)
  if (d) {
    abort_input(sprintf('names column "%s", which `%s` already names; each role needs its own column.',
                        cols[[d]], names(cols)[match(cols[[d]], cols)]),
                arg = names(cols)[d], column = cols[[d]])
  }
  sums <- !is.null(employment_sq) || !is.null(employment_4th)
  if (!is.null(firm_id) && (!is.null(n_firms) || sums)) {
    abort_input(paste("give either `firm_id` (one row per firm) or cell columns (`n_firms`,",
                      "and for exact H `employment_sq` and `employment_4th`), not both."),
                arg = "firm_id")
  }
  if (sums && (is.null(employment_sq) || is.null(employment_4th) || is.null(n_firms))) {
    miss <- c("n_firms", "employment_sq", "employment_4th")[
      c(is.null(n_firms), is.null(employment_sq), is.null(employment_4th))]
    abort_input(sprintf(paste("cell sums need all three columns `n_firms`, `employment_sq` and",
                              "`employment_4th` (per cell: the number of firms with positive",
                              "employment, the sum of their employment squared and to the fourth",
                              "power); %s %s missing. See ?eg_index, \"Firm sums per cell\"."),
                        paste0("`", miss, "`", collapse = " and "),
                        if (length(miss) == 1L) "is" else "are"),
                arg = miss[1L])
  }
  cols
}

# ---------------------------------------------------------------------------
# Cell sums: the firms of a cell summarised by sums
# ---------------------------------------------------------------------------

# A column of sums of powers of employment (employment_sq, employment_4th):
# as check_numeric_column(), except that a value that is not finite is an
# error of class coagg_scale (the sums overflowed where they were made).
eg_sum_column <- function(data, col, arg) {
  x <- get_column(data, col, arg)
  # (a finite sum needs no look at each value: no temporary as long as x)
  if (is.double(x) && !is.object(x) && !is.finite(sum(x, na.rm = TRUE)) &&
      any(is.infinite(x))) {
    row <- which(is.infinite(x))[1L]
    abort_input(sprintf(paste('column "%s" is %s at row %d: the sum overflowed double precision',
                              "where it was computed. %s"), col, format(x[row]), row,
                        eg_sums_range_text), arg = arg, column = col, row = row,
                class = "coagg_scale")
  }
  check_numeric_column(data, col, arg, allow_na = TRUE, nonnegative = TRUE)
}

eg_sums_range_text <- paste(
  "The sums are safe while every firm's employment lies between about 1e-76 and 1e76",
  "(its fourth power between 2.2e-308 and 1.8e308), which any count of persons does;",
  "rescale the size measure into that range (the indices do not depend on its unit) and",
  "compute the sums again.")

# Cell sums must describe firms. The engine checks every row as it reads it
# (sums_problem() in src/agglomeration.c): where employment E is 0 there are
# no firms and no sums; where it is positive, n >= 1 firms, sums that are
# normal numbers (coagg_scale), and for the firms' shares z of the cell
# (sum z = 1), a = sum z^2 = sum e^2 / E^2 in [1/n, 1] and b = sum z^4 =
# sum e^4 / E^4 in [a^2 / n, a^2] (Cauchy-Schwarz; equality when the firms
# are of equal size, or there is one), to a relative 1e-9 for sums made in
# floating point. This is the error for the first row that fails (`kind` as
# in the engine).
eg_sums_error <- function(d, row, kind) {
  lab <- eg_labels(d)
  E <- as.double(d$emp[row])
  n <- as.double(d$nf[row])
  sq <- d$sq[row]
  q4 <- d$q4[row]
  value <- list(n_firms = n, employment_sq = sq, employment_4th = q4)
  at <- eg_row_text(d, row, cell = TRUE)
  fail <- function(arg, msg, class = NULL) {
    abort_input(sprintf("%s: %s", at, msg), arg = arg, column = eg_column_of(d, arg),
                row = eg_row(d, row), class = class)
  }
  if (kind == 1L) {
    arg <- if (n > 0) "n_firms" else if (sq > 0) "employment_sq" else "employment_4th"
    fail(arg, sprintf(paste('column "%s" is 0 but column "%s" is %s. Cell sums count and sum',
                            "the firms with positive employment only (the firm rows' path",
                            "ignores firms without employment); count them with",
                            "COUNT(CASE WHEN e > 0 THEN 1 END) or SUM(CASE WHEN e > 0 THEN 1",
                            "ELSE 0 END)."), lab[["employment"]], lab[[arg]],
                      format(value[[arg]])))
  }
  if (kind == 2L) {
    arg <- if (!(sq >= .Machine$double.xmin && sq < Inf)) "employment_sq" else "employment_4th"
    fail(arg, sprintf(paste('column "%s" is %s where employment is %s: the sum underflowed or',
                            "overflowed (or is missing its firms). %s"), lab[[arg]],
                      format(value[[arg]]), format(E), eg_sums_range_text), class = "coagg_scale")
  }
  if (kind == 3L) {
    fail("employment_sq", sprintf(paste(
      'column "%s" (%s) must lie between the square of the employment (column "%s", %s)',
      "divided by the number of firms (%s) and that square (%s to %s): a sum of squares of",
      "n non-negative numbers lies between (their sum)^2 / n and (their sum)^2."),
      lab[["employment_sq"]], format(sq), lab[["employment"]], format(E), format(n),
      format(E^2 / n), format(E^2)))
  }
  fail("employment_4th", sprintf(paste(
    'column "%s" (%s) must lie between the square of column "%s" (%s) divided by the',
    "number of firms (%s) and that square (%s to %s): a sum of the squares of n",
    "non-negative numbers lies between (their sum)^2 / n and (their sum)^2."),
    lab[["employment_4th"]], format(q4), lab[["employment_sq"]], format(sq), format(n),
    format(sq^2 / n), format(sq^2)))
}

# The names of the columns in messages: the data's, or for a database
# table the names of the collected sums (d$labels).
eg_labels <- function(d) if (is.null(d$labels)) d$cols else d$labels

# The data's column of a role, or NULL (a database table's sums of firm rows
# are no column of it).
eg_column_of <- function(d, role) if (role %in% names(d$cols)) d$cols[[role]]


# Periods written as text that all read as numbers ("2001", "2001.0") are one
# period per number, whatever the spelling: coded by value and labelled by
# their first spelling, with a note (warned) when one period has several
# spellings. Other keys are returned as they are (value only).
eg_time_values <- function(x, col) {
  if (!is.character(x)) return(list(value = x))
  num <- suppressWarnings(as.numeric(x))
  if (anyNA(num) || !all(is.finite(num))) return(list(value = x))
  first <- !duplicated(num)
  labels <- x[first]
  values <- num[first]
  spell <- !duplicated(cbind(num, match(x, x)))
  many <- unique(num[spell & !first])
  note <- if (length(many)) {
    v <- many[1L]
    warn_caveat(sprintf(paste('Column "%s" writes %d period%s in more than one way (e.g. %s);',
                              "each is one period, labelled by its first spelling."),
                        col, length(many), if (length(many) == 1L) "" else "s",
                        paste0('"', unique(x[num == v]), '"', collapse = " and ")))
  }
  list(value = num, labels = labels[order(values)], note = note,
       label_values = sort(values))
}

# A key for C: list(values, offset, lut, levels) with 0-based codes
# lut[values - offset + 1] (no lut: values - offset). Long whole-number keys
# and factors pass without a recoded copy.
eg_key <- function(x) {
  if (is.factor(x)) {
    used <- tabulate(x, nlevels(x)) > 0L
    lut <- cumsum(used) - 1L
    lut[!used] <- -1L
    return(list(values = x, offset = 1L, lut = lut, levels = levels(x)[used]))
  }
  if (!is.object(x) && (is.integer(x) || is.double(x)) && length(x) > 1000L) {
    l <- group_lookup(x)
    if (!is.null(l)) return(l)
  }
  g <- group_codes(x)
  list(values = g$code, offset = 0L, lut = NULL, levels = g$levels)
}

# The 0-based codes of a key (for the rare paths that need them in R).
eg_key_codes <- function(k) {
  if (is.null(k$lut)) k$values - k$offset else k$lut[as.integer(k$values) - k$offset + 1L]
}

# The data's row (1-based) of row j of the rows used; NULL for a database
# table, whose rows have no order (its cells are named instead).
eg_row <- function(d, j) {
  if (!is.null(d$database)) return(NULL)
  if (is.null(d$rows)) as.integer(j) else d$rows[j]
}

# Row j of the rows used, for a message: "row 12 of `data`" (with `cell`,
# followed by its key), or for a database table its cell.
eg_row_text <- function(d, j, cell = FALSE) {
  keys <- c("region", "industry", if (!is.null(d$keys$time)) "time")
  key <- paste(sprintf('%s "%s"', unname(d$cols[keys]), vapply(keys, function(k) {
    kk <- d$keys[[k]]
    code <- if (is.null(kk$lut)) kk$values[j] - kk$offset else
      kk$lut[as.integer(kk$values[j]) - kk$offset + 1L]
    as.character(kk$levels[code + 1L])
  }, "")), collapse = ", ")
  if (!is.null(d$database)) {
    return(sprintf("the cell (%s) of the table aggregated by the database", key))
  }
  sprintf("row %d of `data`%s", eg_row(d, j), if (cell) sprintf(" (%s)", key) else "")
}

# The missing-value policy (?coagg_missing) over the columns v (named by
# role). "fail": an error naming the first column with a missing value, its
# rows, and how to opt in. "omit": the complete rows (keep), and what was
# dropped: rows, per column, and the share of the known employment.
eg_missing <- function(v, cols, na_action) {
  has <- vapply(v, anyNA, TRUE)
  if (!any(has)) return(list(keep = NULL, dropped = NULL))
  if (na_action == "fail") {
    role <- names(v)[has][1L]
    abort_missing(cols[[role]], which(is.na(v[[role]])), role, hint = TRUE)
  }
  miss <- Reduce(`|`, lapply(v[has], is.na))
  keep <- which(!miss)
  if (!length(keep)) {
    abort_input(sprintf(paste("every row has a missing value in a column the function uses",
                              "(%s); with na_action = \"omit\" nothing is left."),
                        paste0('"', cols[names(v)[has]], '"', collapse = ", ")), arg = "data")
  }
  emp <- v$employment
  scale <- max(emp, 0, na.rm = TRUE)
  if (!(scale > 0)) scale <- 1
  known <- sum(emp / scale, na.rm = TRUE)
  lost <- sum(emp[miss] / scale, na.rm = TRUE)
  by_col <- vapply(v[has], function(x) sum(is.na(x)), 0L)
  names(by_col) <- cols[names(v)[has]]
  dropped <- list(rows = sum(miss), of = length(miss), by_column = by_col,
                  employment_share = if (known > 0) lost / known else NA_real_,
                  employment_unknown = sum(miss & is.na(emp)))
  list(keep = keep, dropped = dropped)
}

eg_dropped_note <- function(dr) {
  if (is.null(dr)) return(character())
  known <- dr$rows - dr$employment_unknown
  held <- if (!known) "Their employment is not known" else
    sprintf("They held %s of the known employment%s",
            if (is.na(dr$employment_share)) "none" else
              sprintf("%s%%", format(signif(100 * dr$employment_share, 3))),
            if (dr$employment_unknown) sprintf(" (the employment of %d of them is not known)",
                                               dr$employment_unknown) else "")
  sprintf(paste("Dropped %d of %d rows with a missing value (na_action = \"omit\"): %s. %s;",
                "the shares, and so every index, are computed without them."),
          dr$rows, dr$of,
          paste(sprintf('%d in column "%s"', dr$by_column, names(dr$by_column)), collapse = ", "),
          held)
}

# Firm rows: a firm id may not repeat within an industry and period. The
# common case, ids unique over the whole table, is settled by one pass:
# tabulate() for positive integer ids of moderate range (a table of max(id)
# counts, less memory than a hash table of the ids), anyDuplicated()
# otherwise. Only when some id repeats is the exact check run.
eg_firm_ids_may_repeat <- function(fid) {
  n <- length(fid)
  if (is.integer(fid) && n && min(fid) >= 1L && max(fid) <= 4 * n + 1e6) {
    return(max(tabulate(fid, max(fid))) > 1L)
  }
  anyDuplicated(fid) > 0L
}

eg_check_firm_ids <- function(fid, d) {
  fc <- match(fid, unique(fid))
  ic <- eg_key_codes(d$keys$industry)
  tc <- if (!is.null(d$keys$time)) eg_key_codes(d$keys$time) else 0L
  key <- (as.double(fc) * d$ni + ic) * d$nt + tc
  row <- anyDuplicated(key)
  if (row) {
    first <- match(key[row], key)
    abort_input(sprintf('firm "%s" appears twice in industry "%s"%s: row %d repeats row %d. Rows are firms (or plants): one row per firm, industry and period.',
                        as.character(fid[row]), as.character(d$industry_levels[ic[row] + 1L]),
                        eg_period_text(d, tc[min(row, length(tc))]), eg_row(d, row),
                        eg_row(d, first)),
                arg = "firm_id", column = d$cols[["firm_id"]], row = eg_row(d, row))
  }
  invisible(TRUE)
}

eg_period_text <- function(d, t0) {
  if (is.null(d$time_levels)) "" else
    sprintf(" in period %s", as.character(d$time_levels[t0 + 1L]))
}

eg_period_label <- function(d, t0) {
  if (is.null(d$time_levels)) "" else sprintf(" (period %s)", as.character(d$time_levels[t0 + 1L]))
}

eg_time_column <- function(d, t0) {
  if (is.null(d$time_levels)) NULL else d$time_levels[t0 + 1L]
}

# Industry labels (as character) matched against a user's vector, with a
# classed error naming the first unknown one.
eg_match_industries <- function(v, d, arg, what) {
  if (!is.atomic(v) || !length(v) || anyNA(v)) {
    abort_input(sprintf("%s must be a non-empty vector of industry codes without NA.", what),
                arg = arg)
  }
  lev <- as.character(d$industry_levels)
  v <- as.character(v)
  k <- match(v, lev)
  if (anyNA(k)) {
    bad <- v[is.na(k)][1L]
    abort_input(sprintf('%s names industry "%s", which is not in column "%s" of `data`.%s',
                        what, bad, d$cols[["industry"]], did_you_mean(bad, lev)),
                arg = arg, column = d$cols[["industry"]])
  }
  dup <- anyDuplicated(k)
  if (dup) {
    abort_input(sprintf('%s lists industry "%s" twice.', what, v[dup]), arg = arg)
  }
  k - 1L
}

# ---------------------------------------------------------------------------
# Reference shares
# ---------------------------------------------------------------------------

# Reference shares x: NULL / "total" (aggregate of the data), "mean_share"
# (mean of the industry shares), a named vector of region totals (used for
# every period), or a data frame of region (and period) totals. Returns the
# method, its label, whether one vector serves every period (reused), and
# for supplied totals the table for C: list(value) by region code, or
# list(key, time, value) sorted by period.
eg_reference <- function(reference, d) {
  total <- list(method = "total", label = "aggregate employment of all industries in the data",
                reused = FALSE, table = NULL)
  if (is.null(reference)) return(total)
  if (is.character(reference) && length(reference) == 1L && is.null(names(reference))) {
    r <- check_choice(reference, c("total", "mean_share"), "reference")
    if (r == "total") return(total)
    return(list(method = "mean_share", label = "mean of the industries' region shares (EGK 2010)",
                reused = FALSE, table = NULL))
  }
  reference <- drop_1d(reference)
  if (is.data.frame(reference)) {
    return(list(method = "reference", label = "supplied region totals (`reference`)",
                reused = FALSE, table = eg_reference_frame(reference, d)))
  }
  if (!is.numeric(reference) || !is.null(dim(reference))) {
    abort_input(sprintf(paste("must be NULL, \"total\", \"mean_share\", a named numeric vector",
                              "of region totals or a data frame of totals, not %s."),
                        describe(reference)), arg = "reference")
  }
  nm <- names(reference)
  if (is.null(nm) || anyNA(nm) || any(!nzchar(nm))) {
    abort_input(paste("must be \"total\", \"mean_share\", a numeric vector of region totals",
                      "named by region, or a data frame of totals; this numeric vector has",
                      if (is.null(nm)) "no names." else "a missing or empty name."),
                arg = "reference")
  }
  val <- as_plain_number(reference, "reference")
  eg_check_totals(val, "reference", labels = nm)
  dn <- anyDuplicated(nm)
  if (dn) {
    abort_input(sprintf('names region "%s" twice (elements %d and %d).', nm[dn],
                        match(nm[dn], nm), dn), arg = "reference", row = dn)
  }
  lev <- as.character(d$region_levels)
  k <- match(nm, lev)
  if (anyNA(k)) {
    j <- which(is.na(k))[1L]
    abort_input(sprintf(paste('names region "%s" (element %d), which is not in column "%s"',
                              "of `data`. Give totals for the data's regions only (a region",
                              "with no employment in the data's industries needs zero rows",
                              "in `data`)."), nm[j], j, d$cols[["region"]]),
                arg = "reference", row = j)
  }
  miss <- which(!(lev %in% nm))
  if (length(miss)) {
    j <- match(miss[1L] - 1L, eg_key_codes(d$keys$region))
    abort_input(sprintf('has no total for region "%s" (column "%s", first at %s).',
                        lev[miss[1L]], d$cols[["region"]], eg_row_text(d, j)),
                arg = "reference", column = d$cols[["region"]], row = eg_row(d, j))
  }
  reused <- d$nt > 1L
  list(method = "reference",
       label = paste0("supplied region totals (`reference`)",
                      if (reused) ", the same vector for every period" else ""),
       reused = reused, table = list(value = as.double(val)[match(lev, nm)]))
}

# A one-dimensional named array (as from tapply()) as a named vector.
drop_1d <- function(x) {
  if (is.numeric(x) && length(dim(x)) == 1L) {
    x <- stats::setNames(as.vector(x), names(x))
  }
  x
}

# Values of supplied totals: finite and non-negative, first bad one named.
eg_check_totals <- function(v, arg, labels, what = "total") {
  bad <- !is.finite(v) | v < 0
  if (any(bad)) {
    j <- which(bad)[1L]
    abort_input(sprintf('has %s %s for "%s" (element %d); %ss must be finite and non-negative.',
                        if (is.na(v[j])) "a missing" else "an invalid", what, labels[j], j, what),
                arg = arg, row = j)
  }
  invisible(TRUE)
}

# A data frame of totals: columns region (and time) named as in `data`, and
# `total`. Rows for periods absent from the data are ignored. Whether every
# region-period of the data has a total is checked by the engine.
eg_reference_frame <- function(ref, d) {
  rcol <- d$cols[["region"]]
  tcol <- if (!is.null(d$time_levels)) d$cols[["time"]]
  check_data_frame(ref, "reference")
  r <- check_key_column(ref, rcol, "reference", data_arg = "reference")
  tot <- check_numeric_column(ref, "total", "reference", nonnegative = TRUE,
                              data_arg = "reference")
  lev <- as.character(d$region_levels)
  rk <- match(as.character(r), lev)
  if (anyNA(rk)) {
    j <- which(is.na(rk))[1L]
    abort_input(sprintf('row %d names region "%s", which is not in column "%s" of `data`.',
                        j, as.character(r[j]), rcol), arg = "reference", column = rcol, row = j)
  }
  tk <- rep(1L, length(rk))
  rows <- seq_along(rk)
  if (!is.null(tcol)) {
    tt <- check_key_column(ref, tcol, "reference", data_arg = "reference")
    tk <- match(as.character(tt), as.character(d$time_levels))
    keep <- which(!is.na(tk))
    rk <- rk[keep]
    tk <- tk[keep]
    tot <- tot[keep]
    rows <- keep
  }
  cell <- rk + d$nr * (tk - 1)
  dup <- anyDuplicated(cell)
  if (dup) {
    abort_input(sprintf("row %d repeats the (region%s) of row %d.", rows[dup],
                        if (is.null(tcol)) "" else ", time", rows[match(cell[dup], cell)]),
                arg = "reference", row = rows[dup])
  }
  o <- order(tk)
  list(key = rk[o] - 1L, time = tk[o] - 1L, value = as.double(tot[o]))
}

# ---------------------------------------------------------------------------
# Herfindahl
# ---------------------------------------------------------------------------

# The firms' Herfindahl index: "auto", "exact", "counts", "inverse_n", or
# supplied values (a named vector or a data frame) for the units `units`.
# Supplied values come to C as a table by unit (and period); the engine
# checks that every unit it uses has one in (0, 1].
eg_herfindahl <- function(herfindahl, d, units, required, unit_col) {
  if (is.character(herfindahl) && length(herfindahl) == 1L && is.null(names(herfindahl))) {
    h <- check_choice(herfindahl, c("auto", "exact", "counts", "inverse_n"), "herfindahl")
    if (h == "auto") {
      h <- switch(d$mode, firms = , cell_sums = "exact", counts = "counts", aggregate = "none")
    }
    if (h == "exact" && !d$mode %in% c("firms", "cell_sums")) {
      abort_input(paste("\"exact\" needs firm rows (name the firm column in `firm_id`) or the",
                        "cells' sums (`employment_sq`, `employment_4th`, `n_firms`)."),
                  arg = "herfindahl")
    }
    if (h %in% c("counts", "inverse_n") && d$mode == "aggregate") {
      abort_input(sprintf(paste("\"%s\" needs firm numbers: name the enterprise-count column",
                                "in `n_firms`, or give firm rows with `firm_id`."), h),
                  arg = "herfindahl")
    }
    if (h == "none" && required) {
      abort_input(paste("the E-G index needs the firms' Herfindahl index H: give `firm_id`",
                        "(one row per firm), `n_firms` (enterprise counts) or values of H in",
                        "`herfindahl`."), arg = "herfindahl")
    }
    label <- switch(h,
                    none = "not used",
                    exact = if (d$mode == "firms") "exact, from the firm rows" else
                      if (identical(d$input, "firms"))
                        "exact, from the firm rows (summed per cell by the database)" else
                          "exact, from the cells' sums of squared employment",
                    counts = "equal-size firms within each region, H = sum s^2 / n",
                    inverse_n = "1 / N (equal-size firms)")
    return(list(method = h, label = label, table = NULL))
  }
  herfindahl <- drop_1d(herfindahl)
  if (is.data.frame(herfindahl)) {
    check_data_frame(herfindahl, "herfindahl")
    u <- check_key_column(herfindahl, unit_col, "herfindahl", data_arg = "herfindahl")
    v <- check_numeric_column(herfindahl, "herfindahl", "herfindahl", allow_na = TRUE,
                              data_arg = "herfindahl")
    uk <- match(as.character(u), units)
    if (anyNA(uk)) {
      j <- which(is.na(uk))[1L]
      abort_input(sprintf('row %d names "%s", which is not one of %s.', j, as.character(u[j]),
                          paste0('"', utils::head(units, 5L), '"', collapse = ", ")),
                  arg = "herfindahl", column = unit_col, row = j)
    }
    tk <- rep(1L, length(uk))
    rows <- seq_along(uk)
    if (!is.null(d$time_levels)) {
      tt <- check_key_column(herfindahl, d$cols[["time"]], "herfindahl", data_arg = "herfindahl")
      tk <- match(as.character(tt), as.character(d$time_levels))
      keep <- which(!is.na(tk))
      uk <- uk[keep]; tk <- tk[keep]; v <- v[keep]; rows <- keep
    }
    cell <- uk + length(units) * (tk - 1)
    dup <- anyDuplicated(cell)
    if (dup) {
      abort_input(sprintf("row %d repeats the key of row %d.", rows[dup],
                          rows[match(cell[dup], cell)]), arg = "herfindahl", row = rows[dup])
    }
    o <- order(tk)
    table <- list(key = uk[o] - 1L, time = tk[o] - 1L, value = as.double(v[o]))
  } else if (is.numeric(herfindahl) && is.null(dim(herfindahl))) {
    nm <- names(herfindahl)
    if (is.null(nm) || anyNA(nm) || anyDuplicated(nm)) {
      abort_input(sprintf("must be a numeric vector named by %s (unique names), or a data frame.",
                          if (unit_col == "group") "the groups of `pair`" else "industry"),
                  arg = "herfindahl")
    }
    val <- as_plain_number(herfindahl, "herfindahl")
    k <- match(nm, units)
    if (anyNA(k)) {
      j <- which(is.na(k))[1L]
      abort_input(sprintf('names "%s" (element %d), which is not one of %s.', nm[j], j,
                          paste0('"', utils::head(units, 5L), '"', collapse = ", ")),
                  arg = "herfindahl", row = j)
    }
    table <- list(value = as.double(val)[match(units, nm)])
  } else {
    abort_input(sprintf(paste("must be \"auto\", \"exact\", \"counts\", \"inverse_n\", a named",
                              "numeric vector or a data frame, not %s."), describe(herfindahl)),
                arg = "herfindahl")
  }
  list(method = "user", label = "supplied (`herfindahl`)", table = table)
}

# ---------------------------------------------------------------------------
# The .Call
# ---------------------------------------------------------------------------

# The data list and the options list of the engine (by name, see
# src/agglomeration.c); `...` adds task options.
eg_engine_data <- function(d) {
  list(region = d$keys$region[c("values", "offset", "lut")],
       industry = d$keys$industry[c("values", "offset", "lut")],
       time = if (!is.null(d$keys$time)) d$keys$time[c("values", "offset", "lut")],
       employment = d$emp, n_firms = d$nf, employment_sq = d$sq, employment_4th = d$q4)
}

eg_opts <- function(d, ref, h, absent_regions, ...) {
  c(list(n_regions = d$nr, n_industries = d$ni, n_periods = d$nt, mode = EG_MODE[[d$mode]],
         x_method = EG_X[[ref$method]], h_method = EG_H[[h$method]],
         absent_zero = as.integer(absent_regions == "zero"), reference = ref$table,
         herfindahl = h$table), list(...))
}

# ---------------------------------------------------------------------------
# Status and findings of the engine: the one place they become conditions
# ---------------------------------------------------------------------------

# Turn what the engine reports into errors (status codes, periods without
# employment or with fewer than two regions, numbers that cannot be
# represented) and notes (rows dropped, regions absent from a period, data
# above the reference, and for per-region results regions left out).
# `units` labels the unit codes of supplied H.
eg_status <- function(res, d, ref, units = NULL, absent_regions = "missing",
                      per_region = FALSE) {
  st <- res$status
  code <- as.integer(st[1L])
  if (code == EG_STATUS[["bad_firms"]]) {
    row <- as.integer(st[2L])
    lab <- eg_labels(d)
    abort_input(sprintf(paste('column "%s" is %s at %s, where employment (column "%s")',
                              "is %s: a cell with employment needs at least one firm."),
                        lab[["n_firms"]], format(d$nf[row]), eg_row_text(d, row, cell = TRUE),
                        lab[["employment"]], format(d$emp[row])),
                arg = "n_firms", column = eg_column_of(d, "n_firms"), row = eg_row(d, row))
  }
  if (code == EG_STATUS[["bad_sums"]]) eg_sums_error(d, as.integer(st[2L]), as.integer(st[3L]))
  if (code == EG_STATUS[["duplicate"]]) {
    # the engine saw a repeated cell; the first repeating row, in the data's
    # order, and the row it repeats
    keycols <- c("region", "industry", if (!is.null(d$keys$time)) "time")
    codes <- lapply(d$keys[keycols], eg_key_codes)
    sizes <- c(d$nr, d$ni, d$nt)[seq_along(keycols)]
    cell <- if (prod(as.double(sizes)) < 2^53) {
      Reduce(function(a, k) a * sizes[k] + codes[[k]], seq_along(codes)[-1L], as.double(codes[[1L]]))
    } else do.call(paste, codes)
    row <- anyDuplicated(cell)
    first <- match(cell[row], cell)
    key <- vapply(keycols, function(k) as.character(d$keys[[k]]$levels[codes[[k]][row] + 1L]), "")
    cols <- unname(d$cols[keycols])
    abort_input(sprintf(paste("duplicated (%s) = (%s): row %d repeats row %d. Rows must be",
                              "unique cells; for one row per firm name the firm column in",
                              "`firm_id`."),
                        paste(cols, collapse = ", "), paste(key, collapse = ", "),
                        eg_row(d, row), eg_row(d, first)),
                arg = "data", column = cols, row = eg_row(d, row))
  }
  region <- function(m) as.character(d$region_levels[m + 1L])
  if (code == EG_STATUS[["reference_missing"]]) {
    at <- eg_key_codes(d$keys$region) == st[2L]
    if (!is.null(d$keys$time)) at <- at & eg_key_codes(d$keys$time) == st[3L]
    j <- which(at)[1L]
    abort_input(sprintf('has no total for region "%s"%s (first at %s).',
                        region(st[2L]), eg_period_text(d, st[3L]), eg_row_text(d, j)),
                arg = "reference", column = d$cols[["region"]], row = eg_row(d, j))
  }
  if (code == EG_STATUS[["reference_zero"]]) {
    total <- eg_reference_total(ref, st[2L], st[3L])
    if (isTRUE(total > 0)) {
      # positive, but too small beside the largest total to scale
      abort_input(sprintf(paste('gives region "%s" a total of %s%s, too small beside the largest',
                                "total (%s) for its share to be represented in double precision;",
                                "check `reference` for an extreme value."),
                          region(st[2L]), format(total), eg_period_text(d, st[3L]),
                          format(max(ref$table$value, na.rm = TRUE))),
                  arg = "reference", class = "coagg_scale")
    }
    abort_input(sprintf('gives region "%s" a total of 0%s, although the data has employment %s there.',
                        region(st[2L]), eg_period_text(d, st[3L]), format_big(st[4L])),
                arg = "reference")
  }
  if (code %in% EG_STATUS[c("herfindahl_missing", "herfindahl_range")]) {
    abort_input(sprintf('%s for "%s"%s; H must lie in (0, 1].',
                        if (code == EG_STATUS[["herfindahl_missing"]]) "has no value" else
                          sprintf("has H = %s", format(st[4L])),
                        units[st[2L] + 1L], eg_period_text(d, st[3L])),
                arg = "herfindahl")
  }
  if (code != EG_STATUS[["ok"]]) abort_internal(sprintf("unknown engine status %d", code))
  eg_period_checks(res, d, ref)
  c(d$time_note, eg_dropped_note(d$dropped), eg_absent_note(res, d, absent_regions),
    eg_over_note(res, d, ref), if (per_region) eg_left_out_note(res, d))
}

# The supplied total of region code m in period code t.
eg_reference_total <- function(ref, m, t) {
  tab <- ref$table
  if (is.null(tab$key)) return(tab$value[m + 1L])
  tab$value[tab$key == m & tab$time == t][1L]
}

# Errors per period: no employment, fewer than two regions with a positive
# reference share, or one region holding all of it to machine precision.
eg_period_checks <- function(res, d, ref) {
  zero <- which(!(res$total > 0))
  if (length(zero)) {
    abort_input(sprintf('column "%s" sums to zero%s: there are no shares to compare.',
                        d$cols[["employment"]], eg_period_label(d, zero[1L] - 1L)),
                arg = "employment", column = d$cols[["employment"]])
  }
  few <- which(res$n_regions < 2L)
  if (length(few)) {
    abort_input(sprintf(paste("only %d region has a positive reference share%s; the indices",
                              "compare regions, so at least two are needed."),
                        res$n_regions[few[1L]], eg_period_label(d, few[1L] - 1L)),
                arg = "region", column = d$cols[["region"]])
  }
  # Other regions may have positive shares that vanish beside one region's
  # (an employment of 1e308 next to hundreds): then 1 - sum x^2, the
  # denominator of every index, is zero or rounding noise (fuzz finding).
  flat <- which(!(1 - res$sum_x2 > sqrt(.Machine$double.eps)))
  if (length(flat)) {
    supplied <- ref$method == "reference"
    abort_input(sprintf(paste("one region holds all of the reference employment to machine",
                              "precision%s (1 - sum of x^2 = %s): the indices divide by it and",
                              "are undefined. Check %s for an extreme value."),
                        eg_period_label(d, flat[1L] - 1L), format(1 - res$sum_x2[flat[1L]]),
                        if (supplied) "`reference`" else sprintf('column "%s"', d$cols[["employment"]])),
                arg = if (supplied) "reference" else "employment",
                column = if (supplied) NULL else d$cols[["employment"]], class = "coagg_scale")
  }
  invisible(TRUE)
}

# Results that overflowed (Inf): employment totals beyond the largest double
# (the indices themselves are computed on scaled values), or a quotient of
# extreme shares. `what` says which quantity, `where(j)` locates element j.
eg_check_finite <- function(v, what, where, arg = "employment", column = NULL) {
  j <- which(is.infinite(v))
  if (!length(j)) return(invisible(TRUE))
  abort_input(sprintf(paste("%s%s is larger than the largest representable number (about",
                            "1.8e308); rescale the input (the indices do not depend on its unit)."),
                      what, where(j[1L])),
              arg = arg, column = column, class = "coagg_scale")
}

# A number for a message, also when it overflowed.
format_big <- function(v) if (is.infinite(v)) "above 1.8e308" else format(v)

eg_absent_note <- function(res, d, absent_regions) {
  n <- sum(res$n_absent)
  if (!n) return(character())
  pairs <- sprintf("%s%s", as.character(d$region_levels[res$absent_region + 1L]),
                   if (is.null(d$time_levels)) "" else
                     sprintf(" (%s)", as.character(d$time_levels[res$absent_time + 1L])))
  shown <- utils::head(pairs, 10L)
  list_text <- paste0(paste(shown, collapse = ", "),
                      if (n > length(shown)) sprintf(" and %d more", n - length(shown)) else "")
  if (absent_regions == "zero") {
    # the user's choice, recorded in the settings and the printed header
    return(character())
  }
  warn_caveat(sprintf(paste(
    "%d region-period%s with a total in `reference` %s no rows in `data`: %s. A region with",
    "no rows in a period is taken as missing there and left out of that period's reference",
    "shares (absent_regions = \"missing\"); if it truly had no employment in any of the data's",
    "industries, set absent_regions = \"zero\"."),
    n, if (n == 1L) "" else "s", if (n == 1L) "has" else "have", list_text))
}

eg_over_note <- function(res, d, ref) {
  ov <- res$over
  if (!(ov[1L] > 0)) return(character())
  warn_caveat(sprintf(paste(
    "In %d region%s the data's employment exceeds the supplied reference total",
    "(first: region \"%s\"%s, %s > %s); check that `reference` covers all",
    "sectors of the data."),
    as.integer(ov[1L]), if (ov[1L] == 1) "" else "-periods",
    as.character(d$region_levels[ov[2L] + 1L]), eg_period_text(d, ov[3L]),
    format_big(ov[4L]), format_big(ov[5L])))
}

# Regions that have rows in a period but a zero reference share there are
# left out of per-region results (eg_coagg, location_quotient).
eg_left_out_note <- function(res, d) {
  lo <- res$left_out
  if (!(lo[1L] > 0)) return(character())
  warn_caveat(sprintf(paste("Region \"%s\"%s has no employment in any industry of the data",
                            "and is left out%s."),
                      as.character(d$region_levels[lo[2L] + 1L]), eg_period_text(d, lo[3L]),
                      if (lo[1L] > 1) sprintf(" (%d such region%s)", as.integer(lo[1L]),
                                              if (d$nt > 1L) "-periods" else "s") else ""))
}

# What the user's rows are ("firms", "counts", "aggregate", "cell_sums"),
# which for a database table is not the engine's mode (cells).
eg_input <- function(d) if (is.null(d$input)) d$mode else d$input

# The settings of every E-G result (the same fields in all four functions).
eg_settings <- function(d, ref, h, res, absent_regions, na_action, ...) {
  absent <- if (length(res$absent_region)) {
    tidy_frame(list(region = d$region_levels[res$absent_region + 1L],
                    time = eg_time_column(d, res$absent_time)))
  }
  c(list(input = eg_input(d), columns = d$cols, time = d$time_levels,
         reference = ref$label, reference_method = ref$method,
         reference_reused = isTRUE(ref$reused),
         herfindahl = h$label, herfindahl_method = h$method,
         n_regions = res$n_regions, sum_x2 = res$sum_x2,
         absent_regions = absent_regions, n_absent = res$n_absent, absent = absent,
         na_action = na_action, dropped = d$dropped, database = d$database), list(...))
}

# A data frame from a named list of equally long columns (NULL columns
# dropped), without data.frame()'s checks and name mangling.
tidy_frame <- function(cols, class = NULL) {
  cols <- cols[!vapply(cols, is.null, TRUE)]
  n <- if (length(cols)) length(cols[[1L]]) else 0L
  structure(cols, row.names = c(NA_integer_, -n), class = c(class, "data.frame"))
}
