# Shared plumbing: classed conditions, argument and column validation, group
# codes and panel indexing. Every user-facing function validates its input
# through these helpers before anything crosses into C, so that C only ever sees
# finite doubles, integers and 0-based group codes.

# ---------------------------------------------------------------------------
# Conditions
# ---------------------------------------------------------------------------

#' Conditions signalled by coagg
#'
#' Problems with the input are signalled as errors of class
#' `coagg_input_error` (which inherits from `error`); statistical caveats
#' (short panels, a negative variance component set to zero, a Hausman
#' difference that is not positive definite, ...) are warnings of class
#' `coagg_warning`, and the functions that raise them also record them in
#' the object they return, so that they survive `print()` and knitting.
#'
#' An input error carries the fields `arg` (the argument at fault),
#' `column` (the data column, when there is one), `row` (the first offending
#' row of the data as given, 1-based) and `unit` (the first offending panel
#' unit), any of which may be `NULL`. Catch them with
#' `tryCatch(..., coagg_input_error = function(e) e$row)`.
#'
#' @md
#' @name coagg_conditions
#' @keywords internal
NULL

# Signal a classed input error. `arg` names the argument at fault; `column`,
# `row` and `unit` locate the problem and are stored in the condition.
abort_input <- function(message, arg = NULL, column = NULL, row = NULL,
                        unit = NULL, class = NULL, call = NULL) {
  prefix <- if (!is.null(arg)) sprintf("Argument `%s`: ", arg) else ""
  cond <- structure(
    class = c(class, "coagg_input_error", "error", "condition"),
    list(message = paste0(prefix, message), call = call, arg = arg,
         column = column, row = row, unit = unit)
  )
  stop(cond)
}

# Signal a classed warning and return its message invisibly, so that callers
# can both warn and record: notes <- c(notes, warn_caveat("..."))
warn_caveat <- function(message, class = NULL) {
  cond <- structure(
    class = c(class, "coagg_warning", "warning", "condition"),
    list(message = message, call = NULL)
  )
  warning(cond)
  invisible(message)
}

# ---------------------------------------------------------------------------
# Scalar arguments
# ---------------------------------------------------------------------------

check_string <- function(x, arg, null_ok = FALSE) {
  if (is.null(x) && null_ok) return(invisible(NULL))
  if (!is.character(x) || length(x) != 1L || is.na(x) || !nzchar(x)) {
    abort_input(sprintf("must be a single non-empty string (a column name), not %s.",
                        describe(x)), arg = arg)
  }
  invisible(x)
}

check_flag <- function(x, arg) {
  if (!is.logical(x) || length(x) != 1L || is.na(x)) {
    abort_input(sprintf("must be TRUE or FALSE, not %s.", describe(x)), arg = arg)
  }
  invisible(x)
}

check_number <- function(x, arg, lower = -Inf, upper = Inf, integer = FALSE,
                         null_ok = FALSE, inclusive = TRUE) {
  if (is.null(x) && null_ok) return(invisible(NULL))
  ok <- is.numeric(x) && length(x) == 1L && !is.na(x) && is.finite(x)
  if (ok && integer) ok <- x == round(x)
  if (!ok) {
    abort_input(sprintf("must be a single finite %s, not %s.",
                        if (integer) "whole number" else "number", describe(x)),
                arg = arg)
  }
  bad <- if (inclusive) x < lower || x > upper else x <= lower || x >= upper
  if (bad) {
    abort_input(sprintf("must lie in %s%s, %s%s; got %s.",
                        if (inclusive) "[" else "(", format(lower), format(upper),
                        if (inclusive) "]" else ")", format(x)), arg = arg)
  }
  invisible(x)
}

# match.arg() with a classed error naming the argument. `x` may be the full
# default vector (then the first element is used).
check_choice <- function(x, choices, arg, several_ok = FALSE) {
  if (identical(x, choices) && !several_ok) return(choices[1L])
  if (!is.character(x) || length(x) < 1L || anyNA(x) ||
      (!several_ok && length(x) != 1L)) {
    abort_input(sprintf("must be %s of %s, not %s.",
                        if (several_ok) "one or more" else "one",
                        paste0('"', choices, '"', collapse = ", "), describe(x)),
                arg = arg)
  }
  i <- pmatch(tolower(x), choices, duplicates.ok = TRUE)
  if (anyNA(i)) {
    abort_input(sprintf('"%s" is not one of %s.', x[is.na(i)][1L],
                        paste0('"', choices, '"', collapse = ", ")), arg = arg)
  }
  choices[i]
}

#' @rdname coagg_conventions
#' @keywords internal
match_convention <- function(convention, arg = "convention") {
  check_choice(convention, c("eviews", "stata", "plm"), arg)
}

# A short description of a value for error messages.
describe <- function(x) {
  if (is.null(x)) return("NULL")
  if (is.data.frame(x)) return(sprintf("a data frame with %d rows", nrow(x)))
  cls <- class(x)[1L]
  if (length(x) == 1L && is.atomic(x)) {
    return(sprintf("%s %s", cls, if (is.character(x)) dQuote(x, FALSE) else format(x)))
  }
  sprintf("a %s of length %d", cls, length(x))
}

# ---------------------------------------------------------------------------
# Data frames and columns
# ---------------------------------------------------------------------------

check_data_frame <- function(data, arg = "data", min_rows = 1L) {
  if (!is.data.frame(data)) {
    abort_input(sprintf("must be a data frame, not %s.", describe(data)), arg = arg)
  }
  if (nrow(data) < min_rows) {
    abort_input(sprintf("has %d rows; at least %d %s needed.", nrow(data), min_rows,
                        if (min_rows == 1L) "is" else "are"), arg = arg)
  }
  invisible(data)
}

# `col` must name a column of `data`. Returns the column vector.
get_column <- function(data, col, arg, data_arg = "data") {
  check_string(col, arg)
  nms <- names(data)
  if (!col %in% nms) {
    near <- nms[tolower(nms) == tolower(col)]
    if (!length(near) && length(nms)) {
      d <- utils::adist(tolower(col), tolower(nms))[1L, ]
      near <- nms[d <= max(1, nchar(col) %/% 4) & d == min(d)]
    }
    hint <- if (length(near)) sprintf(" Did you mean %s?",
                                      paste0('"', near, '"', collapse = " or ")) else ""
    abort_input(sprintf('no column "%s" in `%s`.%s', col, data_arg, hint),
                arg = arg, column = col)
  }
  x <- data[[col]]
  if (!is.atomic(x) || !is.null(dim(x))) {
    abort_input(sprintf('column "%s" must be an atomic vector, not %s.', col, describe(x)),
                arg = arg, column = col)
  }
  x
}

# A numeric measurement column: numeric type, no NA unless allowed, finite,
# optionally non-negative or whole. Returns it as double (or, with
# as_double = FALSE, as stored: integer or double). The common case of a long
# clean column is checked without elementwise temporaries (sum() and min()
# scan it once); the exact elementwise checks run only when those flag
# something, so the rows reported are the same.
check_numeric_column <- function(data, col, arg, allow_na = FALSE,
                                 nonnegative = FALSE, whole = FALSE,
                                 data_arg = "data", as_double = TRUE) {
  x <- get_column(data, col, arg, data_arg)
  if (!is.numeric(x) || is.factor(x)) {
    row <- first_non_numeric(x)
    abort_input(sprintf('column "%s" is %s, not numeric%s.', col, class(x)[1L],
                        if (!is.na(row)) sprintf('; row %d holds "%s"', row,
                                                 as.character(x[row])) else ""),
                arg = arg, column = col, row = if (is.na(row)) NULL else row)
  }
  has_na <- anyNA(x)
  if (!allow_na && has_na) {
    row <- which(is.na(x))[1L]
    abort_input(sprintf('column "%s" has a missing value (NA) at row %d.', col, row),
                arg = arg, column = col, row = row)
  }
  if (is.double(x) && (has_na || !is.finite(sum(x)))) {
    fin <- is.finite(x) | is.na(x)
    if (!all(fin)) {
      row <- which(!fin)[1L]
      abort_input(sprintf('column "%s" has a non-finite value (%s) at row %d.', col,
                          format(x[row]), row), arg = arg, column = col, row = row)
    }
  }
  if (nonnegative && length(x) &&
      (if (has_na) any(x < 0, na.rm = TRUE) else min(x) < 0)) {
    row <- which(x < 0)[1L]
    abort_input(sprintf('column "%s" has a negative value (%s) at row %d.', col,
                        format(x[row]), row), arg = arg, column = col, row = row)
  }
  if (whole && is.double(x) && any(x != round(x), na.rm = TRUE)) {
    row <- which(x != round(x))[1L]
    abort_input(sprintf('column "%s" must hold whole numbers; row %d holds %s.', col,
                        row, format(x[row])), arg = arg, column = col, row = row)
  }
  if (as_double) as.double(x) else x
}

first_non_numeric <- function(x) {
  if (is.logical(x)) return(if (length(x)) 1L else NA_integer_)
  v <- as.character(x)
  bad <- !is.na(v) & is.na(suppressWarnings(as.numeric(v)))
  if (any(bad)) which(bad)[1L] else if (length(v)) 1L else NA_integer_
}

# A key column (region, industry, unit id, time): atomic, no NA. Returns it.
check_key_column <- function(data, col, arg, data_arg = "data") {
  x <- get_column(data, col, arg, data_arg)
  if (anyNA(x)) {
    row <- which(is.na(x))[1L]
    abort_input(sprintf('column "%s" has a missing value (NA) at row %d.', col, row),
                arg = arg, column = col, row = row)
  }
  if (is.double(x) && !all(is.finite(x))) {
    row <- which(!is.finite(x))[1L]
    abort_input(sprintf('column "%s" has a non-finite value at row %d.', col, row),
                arg = arg, column = col, row = row)
  }
  x
}

# Error on the first row whose key (a list of equally long vectors) repeats
# an earlier row's key.
check_unique_keys <- function(keys, cols, arg) {
  dup <- if (length(keys) == 1L) duplicated(keys[[1L]]) else
    duplicated(as.data.frame(keys, stringsAsFactors = FALSE, optional = TRUE))
  if (any(dup)) {
    row <- which(dup)[1L]
    key_str <- vapply(keys, function(k) as.character(k[row]), "")
    first <- which(Reduce(`&`, lapply(keys, function(k) k == k[row])))[1L]
    abort_input(sprintf("duplicated (%s) = (%s): row %d repeats row %d.",
                        paste(cols, collapse = ", "), paste(key_str, collapse = ", "),
                        row, first),
                arg = arg, column = cols, row = row)
  }
  invisible(TRUE)
}

# 0-based integer codes for a key vector, with its levels. Factors keep their
# level order (unused levels dropped); other types are sorted. The result is
# the same as match(x, sort(unique(x))) - 1L, computed faster for long
# vectors: whole numbers within a moderate range are coded through a lookup
# table (no hashing), and long character vectors are matched once against
# levels found mostly from their first block (see group_codes_character()).
group_codes <- function(x) {
  if (is.factor(x)) {
    x <- droplevels(x)
    return(list(code = as.integer(x) - 1L, levels = levels(x)))
  }
  n <- length(x)
  plain <- !is.object(x) # classed vectors (Date, POSIXct, ...) keep the general path
  if (plain && n > 1000L && (is.integer(x) || is.double(x)) && !anyNA(x)) {
    fast <- group_codes_whole(x)
    if (!is.null(fast)) return(fast)
  }
  if (plain && is.character(x) && n > 65536L) return(group_codes_character(x))
  lev <- sort(unique(x))
  list(code = match(x, lev) - 1L, levels = lev)
}

# Long character vectors: the sorted levels of a first block, then one
# match() of the whole vector against them (one allocation: the codes). Only
# when some value is not among those levels (a level first seen later, or
# NA) are the levels completed and the codes renumbered. Same result as
# match(x, sort(unique(x))) - 1L without hashing all of x twice.
group_codes_character <- function(x) {
  lev <- sort(unique(x[seq_len(65536L)]))
  code <- match(x, lev) - 1L
  if (!anyNA(code)) return(list(code = code, levels = lev))
  miss <- which(is.na(code))
  rest <- x[miss]
  more <- unique(rest)
  code[miss] <- match(rest, more) - 1L + length(lev)
  all <- c(lev, more)
  slev <- sort(all)
  rank0 <- match(all, slev) - 1L
  list(code = rank0[code + 1L], levels = slev)
}

# Codes through a lookup table when x holds whole numbers spanning at most
# max(length(x), 2^20) values; NULL when it does not qualify.
group_codes_whole <- function(x) {
  rng <- c(min(x), max(x))
  if (!all(is.finite(rng)) || rng[1L] <= -.Machine$integer.max ||
      rng[2L] > .Machine$integer.max) return(NULL)
  span <- rng[2L] - rng[1L] + 1
  if (span > max(length(x), 1048576)) return(NULL)
  if (is.double(x)) {
    if (any(x != trunc(x))) return(NULL)
    xi <- as.integer(x)
  } else {
    xi <- x
  }
  lo <- as.integer(rng[1L])
  pos <- if (lo == 1L) xi else xi - (lo - 1L)
  present <- tabulate(pos, nbins = as.integer(span)) > 0L
  lut <- cumsum(present) - 1L
  lev <- which(present) + (lo - 1L)
  if (is.double(x)) lev <- as.double(lev)
  list(code = lut[pos], levels = lev)
}

# ---------------------------------------------------------------------------
# Panels
# ---------------------------------------------------------------------------

# Validate an index = c(id, time) pair and describe the panel. Returns a list:
#   id, time     the raw key vectors (as given)
#   id_code, time_code   0-based codes (time codes are the ranks of the sorted
#                periods: dense, for period effects and tables)
#   id_levels, time_levels
#   time_grid    0-based positions of the periods on their calendar, so that
#                consecutive periods differ by 1 and a period missing from
#                every unit is a gap (see panel_time() for how the calendar is
#                found); equals time_code when no calendar can be found
#   time_spacing how time_grid was found: "values", "months", "quarters",
#                "levels", "constant" or "ranks"
#   time_note    NULL, or a caveat for callers that need the time order (the
#                spacing of the periods could not be established)
#   time_missing NULL, or a message saying how many periods of the calendar
#                no unit has (callers that need the time order report it)
#   order        permutation sorting rows by (id, time)
#   n_units, n_periods, n_obs, t_i (observations per unit, in id_levels order)
#   balanced     every unit observed in every period
#   gaps         some unit misses a period of the calendar between its first
#                and last
# Character time is accepted only when every value is a number (it is then
# ordered numerically); otherwise it would sort alphabetically ("10" before
# "2") and the error asks for numbers, Dates or a factor.
check_panel_index <- function(data, index, arg = "index", min_units = 1L) {
  if (!is.character(index) || length(index) != 2L || anyNA(index)) {
    abort_input(sprintf("must be a character vector c(id, time) of two column names, not %s.",
                        describe(index)), arg = arg)
  }
  id <- check_key_column(data, index[1L], arg)
  tm <- check_key_column(data, index[2L], arg)
  idc <- group_codes(id)
  tmc <- panel_time(tm, index[2L], arg)
  # Duplicates are found on the integer codes (fast); the slow, descriptive
  # check runs only to build the error message.
  if (anyDuplicated(idc$code * as.double(length(tmc$levels)) + tmc$code)) {
    check_unique_keys(list(id, if (is.null(tmc$value)) tm else tmc$value), index, arg)
  }
  n_units <- length(idc$levels)
  if (n_units < min_units) {
    abort_input(sprintf('the panel has %d unit%s (column "%s"); at least %d %s needed.',
                        n_units, if (n_units == 1L) "" else "s", index[1L], min_units,
                        if (min_units == 1L) "is" else "are"),
                arg = arg, column = index[1L])
  }
  ord <- order(idc$code, tmc$code)
  t_i <- tabulate(idc$code + 1L, nbins = n_units)
  # calendar span per unit from the (id, time)-sorted codes: last - first + 1
  sorted_t <- tmc$grid[ord]
  last <- cumsum(t_i)
  span <- sorted_t[last] - sorted_t[last - t_i + 1L] + 1L
  list(id = id, time = tm, id_code = idc$code, time_code = tmc$code,
       id_levels = idc$levels, time_levels = tmc$levels, time_grid = tmc$grid,
       time_spacing = tmc$spacing, time_note = tmc$note, time_missing = tmc$missing,
       order = ord,
       n_units = n_units, n_periods = length(tmc$levels), n_obs = length(id),
       t_i = t_i, balanced = all(t_i == length(tmc$levels)),
       gaps = any(span != t_i), index = index)
}

# Codes of a panel's time column: ranks (code, levels) and positions on the
# calendar (grid). The calendar is
#   - whole numbers (numeric, or character holding numbers): the values in
#     steps of their greatest common difference (years 2005, 2007 with 2006
#     absent from every unit: 2006 is a gap; 2000, 2005, 2010: steps of 5);
#     numbers that read as year and month (YYYYMM: 200112, 200201) or year
#     and quarter (YYYYQ: 20014, 20021) over more than one year are months
#     or quarters;
#   - Dates that all fall on the same day of the month: months, in steps of
#     the greatest common number of months (monthly, quarterly, yearly);
#   - factors: the levels, taken to be in time order (an unused level between
#     used ones is a missing period);
#   - anything else evenly spaced: the ranks. When the spacing is uneven the
#     ranks are used and `note` says that a missing period cannot be seen.
# A calendar more than ten times longer than the number of periods (and
# longer than the periods plus 1000) is not used either (note given).
panel_time <- function(tm, col, arg) {
  value <- NULL
  if (is.character(tm)) {
    num <- suppressWarnings(as.numeric(tm))
    bad <- is.na(num) | !is.finite(num)
    if (any(bad)) {
      row <- which(bad)[1L]
      abort_input(sprintf(paste0('column "%s" holds text ("%s" at row %d), which would be ordered ',
                                 'alphabetically ("10" before "2"). Give the periods as numbers, ',
                                 'as Dates, or as a factor whose levels are in time order.'),
                          col, tm[row], row),
                  arg = arg, column = col, row = row)
    }
    value <- num
  }
  x <- if (is.null(value)) tm else value
  rc <- group_codes(x)
  levels <- if (is.null(value)) rc$levels else tm[match(rc$levels, value)]
  out <- list(code = rc$code, levels = levels, grid = rc$code, spacing = "ranks",
              note = NULL, missing = NULL, value = value)
  nl <- length(rc$levels)
  if (nl < 2L) {
    out$spacing <- "constant"
    return(out)
  }
  too_sparse <- function(span) span > max(10 * nl, nl + 1000)
  uneven <- function(what) sprintf(paste(
    'the periods in column "%s" %s; they are taken as consecutive in sorted order,',
    "so a period missing from every unit is not seen as a gap."), col, what)
  on_grid <- function(pos, spacing, what) {
    span <- pos[nl] + 1
    if (too_sparse(span)) {
      out$note <- uneven(sprintf("%s span %s steps for %d distinct periods", what,
                                 format(span), nl))
      return(out)
    }
    out$grid <- as.integer(pos)[rc$code + 1L]
    out$spacing <- spacing
    if (span > nl) {
      # periods of the calendar that no unit has: say where the first is
      k <- which(diff(pos) > 1)[1L]
      out$missing <- sprintf(paste(
        'column "%s": %s period%s of the calendar %s missing from every unit (the first',
        "between %s and %s); %s treated as gaps."), col, format(span - nl),
        if (span - nl > 1) "s" else "", if (span - nl > 1) "are" else "is",
        as.character(levels[k]), as.character(levels[k + 1L]),
        if (span - nl > 1) "they are" else "it is")
    }
    out
  }
  if (is.factor(tm)) {
    full <- match(rc$levels, levels(tm))
    return(on_grid(full - full[1L], "levels", "(factor levels)"))
  }
  if (inherits(tm, "Date")) {
    lt <- as.POSIXlt(rc$levels)
    if (all(lt$mday == lt$mday[1L])) {
      mon <- (lt$year - lt$year[1L]) * 12 + (lt$mon - lt$mon[1L])
      step <- gcd_all(diff(mon))
      return(on_grid(mon / step, "months", "(months)"))
    }
  }
  lev <- if (is.numeric(rc$levels) && !is.object(rc$levels)) rc$levels else
    suppressWarnings(as.numeric(rc$levels))
  if (anyNA(lev) || !all(is.finite(lev))) {
    out$note <- uneven("cannot be placed on a calendar")
    return(out)
  }
  d <- diff(lev)
  if (!is.object(x) && all(lev == round(lev)) && max(abs(lev)) < 2^52) {
    # years and months or quarters written as one number (200112, 200201;
    # 20014, 20021): a calendar of months or quarters, not of the numbers
    yyyy <- function(v, base, per) {
      y <- v %/% base
      r <- v %% base
      all(y >= 1800 & y <= 2200 & r >= 1 & r <= per) && any(diff(y) > 0)
    }
    if (yyyy(lev, 100, 12)) {
      pos <- (lev %/% 100) * 12 + lev %% 100
      return(on_grid((pos - pos[1L]) / gcd_all(diff(pos)), "months", "(year and month)"))
    }
    if (yyyy(lev, 10, 4)) {
      pos <- (lev %/% 10) * 4 + lev %% 10
      return(on_grid((pos - pos[1L]) / gcd_all(diff(pos)), "quarters", "(year and quarter)"))
    }
    step <- gcd_all(d)
    return(on_grid((lev - lev[1L]) / step, "values", "(whole numbers)"))
  }
  if (max(d) - min(d) <= 1e-9 * max(abs(lev), 1)) {
    out$spacing <- "constant"
    return(out)
  }
  out$note <- uneven(if (inherits(tm, "Date")) "are Dates on different days of the month and unevenly spaced" else
    "are unevenly spaced")
  out
}

# Greatest common divisor of positive whole numbers (doubles).
gcd_all <- function(d) {
  g <- d[1L]
  for (v in d[-1L]) {
    while (v > 0) {
      r <- g %% v
      g <- v
      v <- r
    }
  }
  g
}
