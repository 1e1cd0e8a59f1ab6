# Panel and key data: group codes, panel keys and their calendar, and the
# missing-value policy shared by every function that takes data. C only ever
# sees finite doubles, integers and 0-based group codes made here.

# ---------------------------------------------------------------------------
# Missing values
# ---------------------------------------------------------------------------

#' Missing values: one policy, one argument
#'
#' Every coagg function that takes a data frame has the argument
#' `na_action`, with the same two values and the same meaning everywhere:
#'
#' * `"fail"`: a missing value (`NA`, `NaN`, or a factor level that is
#'   itself `NA`, as [addNA()] makes) in any column the function uses is an
#'   error of class `coagg_missing_value` (a `coagg_input_error`) that names
#'   the column and the rows, and says how to opt in to dropping them.
#' * `"omit"`: the rows with a missing value in a column the function uses
#'   are dropped before anything is computed, and the result records which
#'   and how many (in its `notes`, printed with it, and where a function
#'   says so in its settings). Columns the function does not use never
#'   cause a row to be dropped.
#'
#' Defaults differ where dropping a row means different things:
#'
#' | functions | default | why |
#' |---|---|---|
#' | [eg_index()], [eg_coagg()], [eg_coagg_matrix()], [location_quotient()] | `"fail"` | a dropped cell changes every region's and industry's shares, hence every index; with `"omit"` the result records how many cells and what share of the known employment were lost |
#' | [entropy_weights()], [critic_weights()], [grey_relation()], [order_degree()], [coupling_coordination()], [synergy_degree()] | `"fail"` | a dropped row moves the minimum and maximum that scale every other row |
#' | [panel_re()], [panel_fe()], [panel_pooled()], [panel_unitroot()] | `"omit"` | the convention of `lm()`, plm, Stata and EViews: the estimation sample is the complete rows, and the result records the rows dropped |
#'
#' Nothing is ever imputed, and no function returns a row (a region, an
#' industry, a unit, a period) that is not in its input.
#'
#' Yearbook tables often mark a missing cell with a blank or a dash and
#' write numbers with thousands separators (`"8,550"`); read such a column
#' as text and convert it yourself, deciding what each mark means, e.g.
#' `as.numeric(gsub(",", "", x))`, which makes blanks and dashes `NA` (with
#' a warning). A numeric function given such text says so in its error.
#'
#' @md
#' @name coagg_missing
#' @aliases na_action
NULL

# Validate na_action; `default` is the function's own default, used when the
# argument is left at its default vector c("fail", "omit") (or c("omit",
# "fail")).
check_na_action <- function(na_action, default) {
  if (is.character(na_action) && length(na_action) == 2L &&
      setequal(na_action, c("fail", "omit"))) return(default)
  check_choice(na_action, c("fail", "omit"), "na_action")
}

# The error for missing values under na_action = "fail": the column, how
# many, the first rows, and (hint = TRUE, where the function has na_action)
# how to drop them.
abort_missing <- function(col, rows, arg, hint = TRUE) {
  n <- length(rows)
  abort_input(sprintf('column "%s" has %s (NA) at row%s %s.%s', col,
                      if (n == 1L) "a missing value" else sprintf("%d missing values", n),
                      if (n == 1L) "" else "s", format_rows(rows, 5L),
                      if (hint) paste(" Fill them in, or set `na_action = \"omit\"` to drop",
                                      "these rows (the result records what was dropped; see",
                                      "?coagg_missing).") else ""),
              arg = arg, column = col, row = rows[1L], class = "coagg_missing_value")
}

# The caveat for the rows check_panel_index(na_action = "omit") set aside
# for a missing unit or period: warned, and returned for the notes
# (character(0) when there are none).
missing_key_caveat <- function(pidx, index) {
  r <- pidx$dropped_rows
  if (!length(r)) return(character())
  warn_caveat(sprintf(
    '%d row%s with a missing unit or period (column "%s" or "%s") set aside: row%s %s.',
    length(r), if (length(r) > 1L) "s" else "", index[1L], index[2L],
    if (length(r) > 1L) "s" else "", format_rows(r)), "coagg_missing_warning")
}

# ---------------------------------------------------------------------------
# Group codes
# ---------------------------------------------------------------------------

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
  l <- group_lookup(x)
  if (is.null(l)) return(NULL)
  pos <- if (l$offset == 1L) l$values else l$values - (l$offset - 1L)
  list(code = l$lut[pos], levels = l$levels)
}

# The lookup behind group_codes_whole(), for callers that pass long keys to C
# without a recoded copy: values (x as integer, not copied when it is one),
# offset and lut such that the 0-based code of x[k] is
# lut[values[k] - offset + 1], and the sorted levels. NULL when x does not
# hold whole numbers (no NA) spanning at most max(length(x), 2^20) values.
group_lookup <- function(x) {
  if (!length(x) || anyNA(x)) return(NULL)
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
  # counts of 1..max need no shifted copy of x when the values are positive
  present <- if (lo >= 1L && rng[2L] <= 2 * span + 1048576) {
    tabulate(xi, nbins = as.integer(rng[2L]))[lo:as.integer(rng[2L])] > 0L
  } else {
    tabulate(xi - (lo - 1L), nbins = as.integer(span)) > 0L
  }
  lev <- which(present) + (lo - 1L)
  if (is.double(x)) lev <- as.double(lev)
  list(values = xi, offset = lo, lut = cumsum(present) - 1L, levels = lev)
}

# ---------------------------------------------------------------------------
# Panels
# ---------------------------------------------------------------------------

# The panel keys of `data` as two column names c(unit, time), and `data` as
# a plain data frame. `index = NULL` means the first two columns of `data`
# (as plm), or, when `data` is a plm pdata.frame, its own index. A
# pdata.frame's columns lose their "pseries" class and their index
# attributes (what remains, numbers or factors, is read as usual), and index
# columns that plm dropped (drop.index = TRUE) are put back from its index.
# The input is not modified.
panel_data_index <- function(data, index, arg = "index", data_arg = "data") {
  check_data_frame(data, data_arg, min_rows = 0L)
  if (inherits(data, "pdata.frame")) {
    pind <- attr(data, "index")
    if (is.null(index) && !is.null(pind)) index <- names(pind)[1:2]
    cols <- lapply(as.list(unclass(data)), function(v) {
      attr(v, "index") <- NULL
      names(v) <- NULL
      cl <- setdiff(class(v), "pseries")
      if (length(cl)) class(v) <- cl else v <- unclass(v)
      v
    })
    plain <- as.data.frame(cols, stringsAsFactors = FALSE, optional = TRUE)
    names(plain) <- names(data)
    if (!is.null(pind)) {
      for (k in setdiff(names(pind)[1:2], names(plain))) plain[[k]] <- pind[[k]]
    }
    data <- plain
  }
  if (is.null(index)) {
    if (ncol(data) < 2L) {
      abort_input(sprintf(paste("is NULL, which means the first two columns of `%s` (unit, time),",
                                "but it has %d column%s; give index = c(unit, time)."),
                          data_arg, ncol(data), if (ncol(data) == 1L) "" else "s"), arg = arg)
    }
    index <- names(data)[1:2]
  }
  list(data = data, index = index)
}

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
#   dropped_rows rows set aside for a missing key (na_action = "omit")
# Character time is accepted only when every value is a number (it is then
# ordered numerically); otherwise it would sort alphabetically ("10" before
# "2") and the error asks for numbers, Dates or a factor.
# Missing keys (NA, or a factor level that is NA): with na_action = NULL an
# error; "fail" the same error with a hint how to drop them; "omit" the rows
# are set aside: `order` then skips them, the codes and grid are NA there, and
# their row numbers are in `dropped_rows` (every row number reported refers to
# `data` as given).
check_panel_index <- function(data, index, arg = "index", min_units = 1L, na_action = NULL) {
  if (!is.character(index) || length(index) != 2L || anyNA(index)) {
    abort_input(sprintf("must be a character vector c(id, time) of two column names, not %s.",
                        describe(index)), arg = arg)
  }
  omit <- identical(na_action, "omit")
  id <- check_key_column(data, index[1L], arg, allow_na = omit, na_hint = !is.null(na_action))
  tm <- check_key_column(data, index[2L], arg, allow_na = omit, na_hint = !is.null(na_action))
  n <- length(id)
  rows <- if (omit && (anyNA(id) || anyNA(tm))) which(!is.na(id) & !is.na(tm)) else NULL
  kept <- function(v) if (is.null(rows)) v else v[rows]
  full <- function(v) {
    if (is.null(rows)) return(v)
    out <- rep(NA_integer_, n)
    out[rows] <- v
    out
  }
  idc <- group_codes(kept(id))
  tmc <- panel_time(kept(tm), index[2L], arg, rows = rows)
  # Duplicates are found on the integer codes (fast); the slow, descriptive
  # check runs only to build the error message.
  if (anyDuplicated(idc$code * as.double(length(tmc$levels)) + tmc$code)) {
    check_unique_keys(list(kept(id), if (is.null(tmc$value)) kept(tm) else tmc$value), index,
                      arg, rows = rows)
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
  list(id = id, time = tm, id_code = full(idc$code), time_code = full(tmc$code),
       id_levels = idc$levels, time_levels = tmc$levels, time_grid = full(tmc$grid),
       time_spacing = tmc$spacing, time_note = tmc$note, time_missing = tmc$missing,
       order = if (is.null(rows)) ord else rows[ord],
       n_units = n_units, n_periods = length(tmc$levels), n_obs = length(idc$code),
       t_i = t_i, balanced = all(t_i == length(tmc$levels)),
       gaps = any(span != t_i), index = index,
       dropped_rows = if (is.null(rows)) integer() else setdiff(seq_len(n), rows))
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
# `rows`: the data's row numbers of tm's elements, for error messages.
panel_time <- function(tm, col, arg, rows = NULL) {
  value <- NULL
  if (is.character(tm)) {
    num <- suppressWarnings(as.numeric(tm))
    bad <- is.na(num) | !is.finite(num)
    if (any(bad)) {
      k <- which(bad)[1L]
      row <- if (is.null(rows)) k else rows[k]
      abort_input(sprintf(paste0('column "%s" holds text ("%s" at row %d), which would be ordered ',
                                 'alphabetically ("10" before "2"). Give the periods as numbers, ',
                                 'as Dates, or as a factor whose levels are in time order.'),
                          col, tm[k], row),
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
