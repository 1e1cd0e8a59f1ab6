# The input layer every synergy function shares (R/weights.R,
# R/grey-relation.R, R/synergy.R, R/coupling.R): the data (a data frame or a
# numeric matrix), its variables (column names or a one-sided formula), its
# keys (`index`), the missing-value policy, the directions of the indicators
# and a min-max scaling that cannot overflow.
#
# Everything here is written in R. Each computation is a handful of
# vectorised passes over an n x m matrix (normalise, weight, sum); data of
# the size these studies use (tens of regions, tens of years, tens of
# indicators) is processed in well under a millisecond, and
# inst/bench/synergy.R measures the rest.

# ---------------------------------------------------------------------------
# The data and its keys
# ---------------------------------------------------------------------------

# The data of a synergy function as a plain data frame, and its keys: a
# numeric matrix with column names becomes a data frame; a plm pdata.frame
# gives its own index (when `index` is not given) and loses its pseries
# classes. Returns list(data, index).
synergy_frame <- function(data, index, arg = "data") {
  if (is.matrix(data) && is.numeric(data)) {
    if (is.null(colnames(data))) colnames(data) <- paste0("x", seq_len(ncol(data)))
    data <- as.data.frame(data, stringsAsFactors = FALSE, optional = TRUE)
  }
  if (is.numeric(data) && is.null(dim(data))) {
    abort_input(sprintf(paste("must be a data frame, not %s: put the series in columns, e.g.",
                              "data.frame(a = a, b = b), and name them."), describe(data)),
                arg = arg)
  }
  check_data_frame(data, arg, min_rows = 0L)
  if (inherits(data, "pdata.frame")) {
    if (is.null(index)) index <- utils::head(names(attr(data, "index")), 2L)
    attr(data, "index") <- NULL
    for (j in seq_along(data)) {
      v <- data[[j]]
      if (inherits(v, "pseries")) {
        attr(v, "index") <- NULL
        cl <- setdiff(class(v), "pseries")
        class(v) <- if (length(cl) == 1L && cl %in% c("numeric", "integer", "character", "logical"))
          NULL else cl
        data[[j]] <- v
      }
    }
    data <- as.data.frame(unclass(data), stringsAsFactors = FALSE, optional = TRUE)
  }
  list(data = data, index = index)
}

# A column name that reads as a key (a period, a unit id or name), in
# English or Chinese: such a column is never taken as an indicator by
# default, and its presence stops rows from being read as consecutive
# periods when no `index` is given.
key_like_name <- function(nm) {
  x <- tolower(trimws(nm))
  x %in% c("year", "years", "yr", "time", "period", "date", "month", "quarter", "t", "id",
           "unit", "region", "city", "province", "county", "country", "district", "code",
           "name", "obs") ||
    grepl("(^|[._ ])(id|code)$", x) || grepl("^(id|code)[._ ]", x) ||
    nm %in% c("\u5e74\u4efd", "\u5e74\u5ea6", "\u5e74", "\u65f6\u95f4", "\u65e5\u671f",
              "\u6708\u4efd", "\u5b63\u5ea6", "\u5730\u533a", "\u57ce\u5e02",
              "\u7701\u4efd", "\u7701", "\u533a\u57df", "\u53bf", "\u533a\u53bf",
              "\u4ee3\u7801", "\u7f16\u53f7", "\u540d\u79f0")
}

# `index`: NULL, one column (the period of one series) or two (unit and
# period of a panel), as column names of data.
check_synergy_index <- function(index, data, max_keys = 2L) {
  if (is.null(index)) return(NULL)
  if (is.character(index) && length(index) &&
      all(tolower(index) %in% c("+", "-", "positive", "negative", "pos", "neg"))) {
    abort_input(sprintf(paste("names %s, which are directions, not key columns; directions of",
                              "indicators go in `direction =`."),
                        paste0('"', index, '"', collapse = ", ")), arg = "index")
  }
  if (!is.character(index) || !length(index) || length(index) > max_keys || anyNA(index) ||
      !all(nzchar(index))) {
    abort_input(sprintf("must be %s, not %s.",
                        if (max_keys == 1L) "the name of the period column" else
                          "c(unit, time) column names for a panel, or the period column of one series",
                        describe(index)),
                arg = "index")
  }
  if (anyDuplicated(index)) {
    abort_input(sprintf('names column "%s" twice.', index[1L]), arg = "index", column = index[1L])
  }
  for (k in index) get_column(data, k, "index")
  index
}

# The variables taken when none are named: every column but the keys and
# the columns already used, each of which must be numeric and must not be
# named like a key (a key column is never silently taken as a variable).
default_variables <- function(data, exclude, arg, what) {
  cand <- setdiff(names(data), exclude)
  if (!length(cand)) {
    abort_input(sprintf("is not given and `data` has no column besides the keys to take as %ss.",
                        what), arg = arg)
  }
  how <- sprintf(paste("give the keys as `index =` (c(unit, time) for a panel, the period",
                       "column for one series), or name the %ss: %s = c(\"a\", \"b\") or ~ a + b."),
                 what, arg)
  for (v in cand) {
    x <- data[[v]]
    if (key_like_name(v)) {
      abort_input(sprintf(paste('is not given, so every column of `data` but the keys would be',
                                'taken as %ss, but column "%s" reads as a key (a period or a',
                                "unit), not an %s; %s"), what, v, what, how),
                  arg = arg, column = v)
    }
    if (!is.numeric(x) || is.factor(x) || !is.null(dim(x))) {
      abort_input(sprintf(paste('is not given, so every column of `data` but the keys would be',
                                'taken as %ss, but column "%s" is %s, not numeric; %s%s'),
                          what, v, class(x)[1L], how, text_number_hint(x)),
                  arg = arg, column = v)
    }
  }
  parse_variables(cand, data, arg)
}

# With no keys the rows are read as consecutive periods (or points) in the
# order given; that reading is refused when `data` has a column, besides
# the ones used, that reads as a key (named like one, or not numeric).
check_row_order <- function(data, used, what_rows = "periods") {
  other <- setdiff(names(data), used)
  keyish <- other[vapply(other, function(v) {
    x <- data[[v]]
    key_like_name(v) || !is.numeric(x) || is.factor(x)
  }, NA)]
  if (!length(keyish)) return(invisible())
  # columns that are not numeric first: they are more likely the unit
  keyish <- keyish[order(vapply(keyish, function(v) is.numeric(data[[v]]), NA))]
  q <- paste0('"', keyish, '"', collapse = ", ")
  eg <- if (length(keyish) >= 2L) sprintf("index = c(%s)", paste0('"', keyish[1:2], '"', collapse = ", ")) else
    sprintf('index = "%s"', keyish)
  abort_input(sprintf(paste(
    "is not given, so the rows would be taken as consecutive %s in the order given, but",
    "`data` has %s %s, which read%s as %s. Give the keys (here perhaps %s): index =",
    "c(unit, time) for a unit x period panel, or the period column for one series; or",
    "leave such columns out of `data`."),
    what_rows, if (length(keyish) == 1L) "the column" else "the columns", q,
    if (length(keyish) == 1L) "s" else "", if (length(keyish) == 1L) "a key" else "keys", eg),
    arg = "index", column = keyish[1L])
}

# The variables of a synergy function read from its data, with the keys and
# the missing-value policy applied. `vars` is a named list of variable
# specifications, one per argument (list(indicators = ...), or
# list(reference = ..., compare = ...)); NULL means the default selection
# (every numeric column but the keys and the other arguments' columns).
# Returns
#   x        numeric matrix (rows: the rows kept, in key order; columns: the
#            variables, named by their labels)
#   labels, groups   the labels and the argument each came from
#   keys     data frame of the keys of the rows of x: unit and time (panel),
#            time (one series), or, without keys, time = the row number
#            (rows_are_periods) or row = the row number
#   rows     the rows of `data` that x holds, in x's order
#   grid     positions of the periods on their calendar (panel_time()),
#            NULL without keys
#   time_note  a caveat from panel_time() on the spacing of the periods
#   notes    what was dropped (na_action = "omit")
#   index    the key columns; dropped: the rows dropped
read_synergy_data <- function(data, vars, index, na_action, what = "indicator",
                              rows_are_periods = FALSE, min_rows = 1L, min_vars = 1L,
                              max_keys = 2L) {
  fr <- synergy_frame(data, index)
  data <- fr$data
  index <- check_synergy_index(fr$index, data, max_keys)
  parsed <- list(labels = character(), exprs = list(), columns = character(), env = list())
  groups <- character()
  for (a in names(vars)) {
    spec <- vars[[a]]
    p <- if (is.null(spec)) default_variables(data, c(index, parsed$columns), a, what) else
      parse_variables(spec, data, a)
    clash <- intersect(p$columns, index)
    if (length(clash)) {
      abort_input(sprintf('column "%s" is a key (`index`) and cannot also be a variable.',
                          clash[1L]), arg = a, column = clash[1L])
    }
    again <- intersect(p$labels, parsed$labels)
    if (length(again)) {
      abort_input(sprintf('names "%s", which is already given as `%s`.', again[1L],
                          groups[match(again[1L], parsed$labels)]), arg = a, column = again[1L])
    }
    parsed$labels <- c(parsed$labels, p$labels)
    parsed$exprs <- c(parsed$exprs, p$exprs)
    parsed$columns <- union(parsed$columns, p$columns)
    parsed$env <- c(parsed$env, rep(list(p$env), length(p$labels)))
    groups <- c(groups, rep(a, length(p$labels)))
  }
  first_arg <- names(vars)[length(vars)]
  if (length(parsed$labels) < min_vars) {
    abort_input(sprintf("names %d %s%s; at least %d are needed.", length(parsed$labels), what,
                        if (length(parsed$labels) == 1L) "" else "s", min_vars), arg = first_arg)
  }
  if (is.null(index) && rows_are_periods) {
    check_row_order(data, parsed$columns, if (identical(what, "comparison sequence"))
      "points of the sequences" else "periods")
  }
  n <- nrow(data)
  if (n < min_rows) {
    abort_input(sprintf("has %d row%s; at least %d %s needed.", n, if (n == 1L) "" else "s",
                        min_rows, if (min_rows == 1L) "is" else "are"), arg = "data")
  }
  arg_of <- function(col) groups[vapply(seq_along(groups), function(j)
    col %in% all.vars(parsed$exprs[[j]]), NA)][1L]
  cols <- lapply(parsed$columns, function(v) {
    check_numeric_column(data, v, arg_of(v), allow_na = TRUE, na_hint = TRUE)
  })
  names(cols) <- parsed$columns
  vals <- lapply(seq_along(parsed$labels), function(j) {
    one <- list(labels = parsed$labels[j], exprs = parsed$exprs[j], env = parsed$env[[j]])
    eval_variables(one, cols, n, groups[j])[[1L]]
  })
  names(vals) <- parsed$labels
  keys <- lapply(index, function(k) check_key_column(data, k, "index", allow_na = TRUE))
  names(keys) <- index

  # missing values: the raw columns, the keys, then NA made by an expression
  # (the elementwise masks only for the columns that have some)
  miss <- c(cols, keys)
  miss <- lapply(miss[vapply(miss, anyNA, NA)], is.na)
  miss_arg <- c(vapply(parsed$columns, arg_of, ""),
                stats::setNames(rep("index", length(keys)), names(keys)))
  raw_na <- miss[intersect(names(miss), parsed$columns)]
  x <- matrix(NA_real_, n, length(vals), dimnames = list(NULL, parsed$labels))
  for (j in seq_along(vals)) {
    v <- vals[[j]]
    lab <- parsed$labels[j]
    if (!is.numeric(v) || is.factor(v)) {
      abort_input(sprintf("term %s is %s, not numeric.", lab, class(v)[1L]),
                  arg = groups[j], column = lab)
    }
    v <- as.double(v)
    # a plain column was checked by check_numeric_column(); a term can give
    # NaN or +-Inf (log(0)), or NA where its columns have none
    if (!is.name(parsed$exprs[[j]]) && !all(is.finite(v))) {
      from_raw <- Reduce(`|`, raw_na[intersect(all.vars(parsed$exprs[[j]]), names(raw_na))],
                         rep(FALSE, n))
      bad <- which(!is.finite(v) & !from_raw & !(is.na(v) & !is.nan(v)))
      if (length(bad)) {
        i <- bad[1L]
        abort_input(sprintf("term %s is %s at row %d, not a finite number.", lab,
                            format(v[i]), i), arg = groups[j], column = lab, row = i)
      }
      made <- is.na(v) & !from_raw
      if (any(made)) {
        miss[[lab]] <- made
        miss_arg[lab] <- groups[j]
      }
    }
    x[, j] <- v
  }
  any_miss <- Reduce(`|`, miss, rep(FALSE, n))
  notes <- character()
  dropped <- integer()
  if (any(any_miss)) {
    hit <- names(miss)[vapply(miss, any, NA)]
    if (na_action == "fail") {
      abort_missing(hit[1L], which(miss[[hit[1L]]]), miss_arg[[hit[1L]]], hint = TRUE)
    }
    dropped <- which(any_miss)
    notes <- sprintf(paste(
      "%d of %d rows dropped for missing values (na_action = \"omit\"): row%s %s, with NA in",
      "%s. The scaling of every other row depends on the rows kept (?coagg_missing)."),
      length(dropped), n, if (length(dropped) == 1L) "" else "s", format_rows(dropped, 10L),
      paste0('"', hit, '"', collapse = ", "))
  }
  rows <- which(!any_miss)
  if (length(rows) < min_rows) {
    abort_input(sprintf(paste("has %d row%s left after dropping the rows with missing values;",
                              "at least %d %s needed."), length(rows),
                        if (length(rows) == 1L) "" else "s", min_rows,
                        if (min_rows == 1L) "is" else "are"), arg = "data")
  }
  k <- synergy_keys(keys, index, rows, rows_are_periods)
  if (length(k$rows) != n || is.unsorted(k$rows)) x <- x[k$rows, , drop = FALSE]
  list(x = x, labels = parsed$labels, groups = groups,
       keys = k$keys, rows = k$rows, grid = k$grid, time_note = k$note, notes = notes,
       index = index, dropped = dropped)
}

# The keys of the rows kept, and the order of those rows: by unit, then by
# period on its calendar (panel_time()); without keys, the order given.
# Duplicated keys and periods that are text are errors naming the row of
# `data`.
synergy_keys <- function(keys, index, rows, rows_are_periods) {
  if (!length(index)) {
    kd <- if (rows_are_periods) data.frame(time = rows) else data.frame(row = rows)
    return(list(keys = kd, rows = rows, grid = if (rows_are_periods) rows - rows[1L],
                note = NULL))
  }
  tcol <- index[length(index)]
  tm <- keys[[tcol]][rows]
  if (is.character(tm)) {
    bad <- which(is.na(suppressWarnings(as.numeric(tm))))
    if (length(bad)) {
      i <- rows[bad[1L]]
      abort_input(sprintf(paste0('column "%s" holds text ("%s" at row %d), which would be ',
                                 'ordered alphabetically ("10" before "2"). Give the periods ',
                                 "as numbers, as Dates, or as a factor whose levels are in ",
                                 "time order."), tcol, tm[bad[1L]], i),
                  arg = "index", column = tcol, row = i)
    }
  }
  pt <- panel_time(tm, tcol, "index")
  uc <- if (length(index) == 2L) group_codes(keys[[index[1L]]][rows])$code else
    integer(length(rows))
  code <- uc * as.double(length(pt$levels)) + pt$code
  if (anyDuplicated(code)) {
    d <- which(duplicated(code))[1L]
    first <- match(code[d], code)
    key_str <- vapply(index, function(k) as.character(keys[[k]][rows[d]]), "")
    abort_input(sprintf("duplicated (%s) = (%s): row %d repeats row %d.",
                        paste(index, collapse = ", "), paste(key_str, collapse = ", "),
                        rows[d], rows[first]),
                arg = "index", column = index, row = rows[d])
  }
  o <- order(uc, pt$code)
  kd <- if (length(index) == 2L) {
    data.frame(unit = keys[[index[1L]]][rows][o], time = tm[o], stringsAsFactors = FALSE)
  } else {
    data.frame(time = tm[o], stringsAsFactors = FALSE)
  }
  list(keys = kd, rows = rows[o], grid = pt$grid[o], note = pt$note)
}

# Min-max normalisation oriented by direction (1 is the best value), for
# the weights: an indicator that takes one value only has none, and is an
# error naming it.
minmax_oriented <- function(x, positive, groups) {
  rg <- vapply(seq_len(ncol(x)), function(j) range(x[, j]), numeric(2L))
  lo <- rg[1L, ]
  hi <- rg[2L, ]
  for (j in which(hi == lo)) {
    abort_input(sprintf(paste0('indicator "%s" is constant (every row is %s); ',
                               "it carries no information and its normalised ",
                               "values are undefined. Drop it."),
                        colnames(x)[j], format(lo[j])),
                arg = groups[j], column = colnames(x)[j])
  }
  z <- minmax_columns(x, lo, hi)
  z[, !positive] <- 1 - z[, !positive]
  z
}

# ---------------------------------------------------------------------------
# Directions
# ---------------------------------------------------------------------------

# Directions as list(positive = logical named by indicator, defaulted = the
# indicators taken as positive because `direction` does not name them).
# `direction`: NULL (all positive), one value for all, one per indicator in
# order, or a vector named by some or all indicators. Values:
# "positive" / "negative" (partial matching) or "+" / "-".
parse_direction <- function(direction, indicators, arg = "direction") {
  m <- length(indicators)
  if (is.null(direction)) {
    return(list(positive = stats::setNames(rep(TRUE, m), indicators), defaulted = indicators))
  }
  if (!is.character(direction) || length(direction) < 1L) {
    abort_input(sprintf(paste0('must be a character vector of "positive" / "negative" ',
                               '("+" / "-"), not %s.'), describe(direction)), arg = arg)
  }
  nms <- names(direction)
  defaulted <- character()
  if (!is.null(nms) && any(!is.na(nms) & nzchar(nms))) {
    if (anyNA(nms) || !all(nzchar(nms))) {
      abort_input("names some values but not others; name every value, or none.", arg = arg)
    }
    if (anyDuplicated(nms)) {
      dup <- nms[duplicated(nms)][1L]
      abort_input(sprintf('names indicator "%s" twice.', dup), arg = arg, column = dup)
    }
    extra <- setdiff(nms, indicators)
    if (length(extra)) {
      abort_input(sprintf('names "%s", which is not one of the indicators (%s).%s',
                          extra[1L], paste0('"', indicators, '"', collapse = ", "),
                          did_you_mean(extra[1L], indicators)),
                  arg = arg, column = extra[1L])
    }
    full <- stats::setNames(rep("+", m), indicators)
    full[nms] <- direction
    defaulted <- setdiff(indicators, nms)
    direction <- unname(full)
  } else if (length(direction) == 1L) {
    direction <- rep(direction, m)
  } else if (length(direction) != m) {
    abort_input(sprintf(paste0("has %d values for %d indicators; give one value, one ",
                               "per indicator, or a vector named by indicator (those not ",
                               "named are positive)."),
                        length(direction), m), arg = arg)
  }
  val <- tolower(trimws(direction))
  out <- rep(NA, m)
  out[val %in% "+"] <- TRUE
  out[val %in% "-"] <- FALSE
  rest <- is.na(out) & !is.na(val) & nzchar(val)
  hit <- pmatch(val[rest], c("positive", "negative"), duplicates.ok = TRUE)
  out[rest] <- hit == 1L
  if (anyNA(out)) {
    j <- which(is.na(out))[1L]
    abort_input(sprintf(paste0('indicator "%s" has direction "%s"; use "positive" ',
                               '("+", larger is better) or "negative" ("-", larger ',
                               "is worse)."), indicators[j], direction[j]),
                arg = arg, column = indicators[j])
  }
  list(positive = stats::setNames(out, indicators), defaulted = defaulted)
}

positive_labels <- function(positive) {
  stats::setNames(ifelse(positive, "positive", "negative"), names(positive))
}

# The line a print method shows about directions that were not given.
direction_line <- function(defaulted, m) {
  if (!length(defaulted)) return(NULL)
  if (length(defaulted) == m) return("  direction: every indicator taken as positive (no `direction` given)\n")
  sprintf("  taken as positive (not named in `direction`): %s\n",
          paste(defaulted, collapse = ", "))
}

# ---------------------------------------------------------------------------
# Scaling
# ---------------------------------------------------------------------------

# The power of two nearest below the largest |v| (1 when v is all zero).
# Dividing by it is exact, and brings the values into [-2, 2], where
# differences of extreme but finite numbers (1e308 - (-1e308)) do not
# overflow and denormal ones (1e-320) regain their precision.
pow2_scale <- function(v) {
  m <- max(abs(v))
  if (!is.finite(m) || m == 0) return(1)
  # log2() of the largest doubles rounds up to 1024, and 2^1024 overflows
  s <- 2^min(floor(log2(m)), 1023)
  if (s > m) s / 2 else s
}

# (x[, j] - lower[j]) / (upper[j] - lower[j]) for every column j. Where the
# range overflows (-1e308 to 1e308) the column and its bounds are first
# divided by a power of two (pow2_scale()), which is exact, so that neither
# difference overflows. (A subtraction whose result is denormal is exact,
# and the division is correctly rounded, so tiny ranges need no scaling.)
minmax_columns <- function(x, lower, upper) {
  for (j in seq_len(ncol(x))) {
    if (is.finite(upper[j] - lower[j])) {
      # the range is representable, and so is every x - lower: the scaling
      # below would give the same bits
      x[, j] <- (x[, j] - lower[j]) / (upper[j] - lower[j])
    } else {
      s <- pow2_scale(c(lower[j], upper[j]))
      lo <- lower[j] / s
      x[, j] <- (x[, j] / s - lo) / (upper[j] / s - lo)
    }
  }
  x
}

# Column minima and maxima (apply() would transpose the matrix first).
col_min <- function(x) vapply(seq_len(ncol(x)), function(j) min(x[, j]), 0)
col_max <- function(x) vapply(seq_len(ncol(x)), function(j) max(x[, j]), 0)

# Numeric weights named by indicator, non-negative, summing to one.
check_weight_vector <- function(weights, names_expected, arg = "weights",
                                what = "indicator") {
  m <- length(names_expected)
  if (!is.numeric(weights) || length(weights) < 1L) {
    abort_input(sprintf("must be a numeric vector of %s weights, not %s.", what,
                        describe(weights)), arg = arg)
  }
  nms <- names(weights)
  if (!is.null(nms) && all(nzchar(nms))) {
    missing <- setdiff(names_expected, nms)
    if (length(missing)) {
      abort_input(sprintf('gives no weight for %s "%s".', what, missing[1L]),
                  arg = arg, column = missing[1L])
    }
    extra <- setdiff(nms, names_expected)
    if (length(extra)) {
      abort_input(sprintf('names "%s", which is not one of the %ss (%s).', extra[1L],
                          what, paste0('"', names_expected, '"', collapse = ", ")),
                  arg = arg, column = extra[1L])
    }
    weights <- weights[names_expected]
  } else if (length(weights) != m) {
    abort_input(sprintf("has %d values for %d %ss.", length(weights), m, what),
                arg = arg)
  }
  weights <- as.double(weights)
  bad <- which(is.na(weights) | !is.finite(weights) | weights < 0)
  if (length(bad)) {
    j <- bad[1L]
    abort_input(sprintf('the weight of %s "%s" is %s; weights must be finite and >= 0.',
                        what, names_expected[j], format(weights[j])),
                arg = arg, column = names_expected[j])
  }
  s <- sum(weights)
  if (abs(s - 1) > 1e-6) {
    abort_input(sprintf(paste0("sum to %s, not 1 (%s). Rescale them, e.g. w / sum(w), ",
                               "if that is what you mean."),
                        format(s, digits = 8),
                        paste0(names_expected, " = ", format(weights, digits = 6),
                               collapse = ", ")), arg = arg)
  }
  stats::setNames(weights, names_expected)
}

# plm, Stata and older coagg spellings of the synergy functions' arguments.
synergy_foreign <- c(
  by = "give the keys as `index = c(unit, time)` (a unit x period panel) or `index = \"<period column>\"` (one series).",
  time = "give the periods as a column of `data` and name it in `index` (`index = \"year\"`, or `index = c(unit, time)` for a panel).",
  id = "give the keys as `index = c(unit, time)`.",
  vars = "name the variables in `indicators =` (column names or a one-sided formula).",
  na.action = "the missing-value policy is `na_action = \"fail\"` or `\"omit\"` (see ?coagg_missing).",
  na.rm = "the missing-value policy is `na_action = \"fail\"` or `\"omit\"` (see ?coagg_missing)."
)
