# Checks of arguments, columns and named values, shared by every exported
# function: each returns the validated value or raises a coagg_input_error
# (R/conditions.R) naming the argument, the column and the first offending
# row. Nothing here modifies its input.

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
    abort_input(sprintf('no column "%s" in `%s`.%s', col, data_arg, did_you_mean(col, nms)),
                arg = arg, column = col)
  }
  x <- data[[col]]
  if (!is.atomic(x) || !is.null(dim(x))) {
    abort_input(sprintf('column "%s" must be an atomic vector, not %s.', col, describe(x)),
                arg = arg, column = col)
  }
  x
}

# " Did you mean ...?" for a name `x` that is not among `choices`: the
# case-insensitive match, else the nearest by edit distance (within a
# quarter of its length); "" when nothing is near. Long lists of choices
# (more than max_choices) are not searched.
did_you_mean <- function(x, choices, max_choices = 5000L) {
  choices <- as.character(choices)
  if (!length(choices) || length(choices) > max_choices || is.na(x)) return("")
  near <- choices[tolower(choices) == tolower(x)]
  if (!length(near)) {
    d <- utils::adist(tolower(x), tolower(choices))[1L, ]
    near <- choices[d <= max(1, nchar(x) %/% 4) & d == min(d)]
  }
  if (length(near)) sprintf(" Did you mean %s?", paste0('"', unique(near), '"', collapse = " or ")) else ""
}

# `...` must be empty. `foreign` maps argument names that plm, Stata or
# EViews users may write (random.method, model, vce, ...) to advice naming
# ours; such an argument gets an error of class coagg_foreign_argument.
check_dots_empty <- function(..., foreign = NULL) {
  if (!...length()) return(invisible())
  nm <- ...names()
  if (is.null(nm)) nm <- rep("", ...length())
  nm[is.na(nm)] <- ""
  hit <- nm[nzchar(nm) & nm %in% names(foreign)]
  if (length(hit)) {
    abort_input(sprintf("`%s` is not an argument of coagg's; %s", hit[1L], foreign[[hit[1L]]]),
                arg = hit[1L], class = "coagg_foreign_argument")
  }
  what <- if (any(nzchar(nm))) paste0("`", nm[nzchar(nm)][1L], "`") else "an unnamed argument"
  abort_input(sprintf("unknown argument %s; check its spelling.", what), arg = "...")
}

# ---------------------------------------------------------------------------
# Numbers with a class
# ---------------------------------------------------------------------------

# Classes whose numeric storage holds the values themselves: unclassing them
# is exact. bit64's integer64 is not among them (see int64_as_double()).
plain_number_classes <- c("AsIs", "units", "haven_labelled", "haven_labelled_spss",
                          "labelled", "noquote")

# A numeric vector with a class as a plain double (or integer) vector with
# the same values, exactly, or an error of class coagg_foreign_number.
# integer64 (bit64) keeps 64-bit integers in the bits of doubles, which C, and
# R without bit64's methods, would read as tiny denormal numbers: its values
# are decoded here and must lie within +-2^53, where doubles are exact.
as_plain_number <- function(x, arg, column = NULL) {
  if (!is.object(x) || is.factor(x) || !is.numeric(x)) return(x)
  if (inherits(x, "integer64")) return(int64_as_double(x, arg, column))
  if (!all(class(x) %in% plain_number_classes)) {
    abort_input(sprintf(paste("%s has class \"%s\", whose values coagg cannot read exactly;",
                              "convert it to a plain number first (as.numeric(), after",
                              "checking what its values mean)."),
                        if (is.null(column)) "the value" else sprintf('column "%s"', column),
                        class(x)[1L]),
                arg = arg, column = column, class = "coagg_foreign_number")
  }
  storage <- if (is.integer(x)) integer() else double()
  v <- unclass(x)
  attributes(v) <- NULL
  if (is.integer(storage)) as.integer(v) else as.double(v)
}

# bit64::integer64 as doubles, decoded from the two 32-bit halves of each
# value (no dependency on bit64). NA_integer64_ (the smallest 64-bit
# integer) is NA; a value outside [-2^53, 2^53) is an error naming its row.
int64_as_double <- function(x, arg, column = NULL) {
  n <- length(x)
  if (!n) return(double())
  words <- readBin(writeBin(as.vector(unclass(x), "double"), raw(), endian = "little"),
                   "integer", n = 2L * n, size = 4L, endian = "little")
  # readBin reads the word 0x80000000 as NA_integer_: as the low half it is
  # 2^31, as the high half -2^31 (out of range, or NA_integer64_ when the
  # low half is 0)
  lo <- as.double(words[c(TRUE, FALSE)])
  hi <- words[c(FALSE, TRUE)]
  lo[is.na(lo)] <- 2147483648
  lo[lo < 0] <- lo[lo < 0] + 4294967296
  na64 <- is.na(hi) & lo == 0
  bad <- !na64 & (is.na(hi) | hi < -2097152L | hi >= 2097152L)
  if (any(bad)) {
    row <- which(bad)[1L]
    abort_input(sprintf(paste("%s is bit64::integer64 and holds a value beyond 2^53 (about",
                              "9.007e15) at row %d, which a double cannot represent exactly;",
                              "rescale it, or give it as character if it is an identifier."),
                        if (is.null(column)) "the value" else sprintf('column "%s"', column),
                        row),
                arg = arg, column = column, row = row, class = "coagg_foreign_number")
  }
  out <- as.double(hi) * 4294967296 + lo
  out[na64] <- NA_real_
  out
}

# A numeric measurement column: numeric type (classed numbers converted
# exactly, see as_plain_number()), no NA unless allowed, finite,
# optionally non-negative or whole. Returns it as double (or, with
# as_double = FALSE, as stored: integer or double). The common case of a long
# clean column is checked without elementwise temporaries (sum() and min()
# scan it once); the exact elementwise checks run only when those flag
# something, so the rows reported are the same. With na_hint = TRUE the
# error for a missing value tells how to drop it (na_action = "omit").
check_numeric_column <- function(data, col, arg, allow_na = FALSE,
                                 nonnegative = FALSE, whole = FALSE,
                                 data_arg = "data", as_double = TRUE, na_hint = FALSE) {
  x <- as_plain_number(get_column(data, col, arg, data_arg), arg, col)
  if (!is.numeric(x) || is.factor(x)) {
    row <- first_non_numeric(x)
    abort_input(sprintf('column "%s" is %s, not numeric%s.%s', col, class(x)[1L],
                        if (!is.na(row)) sprintf('; row %d holds "%s"', row,
                                                 as.character(x[row])) else "",
                        text_number_hint(x)),
                arg = arg, column = col, row = if (is.na(row)) NULL else row)
  }
  has_na <- anyNA(x)
  if (!allow_na && has_na) abort_missing(col, which(is.na(x)), arg, na_hint)
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

# Text that reads as numbers once thousands separators are removed ("8,550",
# as pasted from Excel or a yearbook): a hint on how to convert it.
text_number_hint <- function(x) {
  if (!is.character(x) && !is.factor(x)) return("")
  v <- trimws(as.character(utils::head(x[!is.na(x)], 1000L)))
  v <- v[nzchar(v)]
  if (!length(v) || !any(grepl(",", v, fixed = TRUE))) return("")
  num <- suppressWarnings(as.numeric(gsub(",", "", v, fixed = TRUE)))
  if (mean(!is.na(num)) < 0.5) return("")
  odd <- unique(v[is.na(num)])
  sprintf(paste0(' It holds numbers written with thousands separators ("%s"): convert it with',
                 ' as.numeric(gsub(",", "", x))%s.'), v[!is.na(num)][1L],
          if (length(odd)) sprintf(', after deciding what %s mean%s (missing values are NA)',
                                   paste0('"', utils::head(odd, 3L), '"', collapse = ", "),
                                   if (length(odd) == 1L) "s" else "") else "")
}

# A key column (region, industry, unit id, time): atomic, finite. Classed
# numbers are converted exactly (as_plain_number()); a factor level that is
# itself NA (as addNA() makes) is a missing key, not a category called "NA".
# Missing keys are an error, or with allow_na = TRUE returned as NA for the
# caller's missing-value policy (coagg_missing).
check_key_column <- function(data, col, arg, data_arg = "data", allow_na = FALSE,
                             na_hint = FALSE) {
  x <- as_plain_number(get_column(data, col, arg, data_arg), arg, col)
  if (is.factor(x) && anyNA(levels(x))) {
    keep <- levels(x)[!is.na(levels(x))]
    x <- factor(as.character(x), levels = keep, ordered = is.ordered(x))
  }
  if (!allow_na && anyNA(x)) abort_missing(col, which(is.na(x)), arg, na_hint)
  if (is.double(x) && !all(is.finite(x) | is.na(x))) {
    row <- which(!is.finite(x) & !is.na(x))[1L]
    abort_input(sprintf('column "%s" has a non-finite value at row %d.', col, row),
                arg = arg, column = col, row = row)
  }
  x
}

# Error on the first row whose key (a list of equally long vectors) repeats
# an earlier row's key. `rows`, when given, are the data's row numbers of the
# keys' elements (the caller set some rows aside), used in the message.
check_unique_keys <- function(keys, cols, arg, rows = NULL) {
  dup <- if (length(keys) == 1L) duplicated(keys[[1L]]) else
    duplicated(as.data.frame(keys, stringsAsFactors = FALSE, optional = TRUE))
  if (any(dup)) {
    row <- which(dup)[1L]
    key_str <- vapply(keys, function(k) as.character(k[row]), "")
    first <- which(Reduce(`&`, lapply(keys, function(k) k == k[row])))[1L]
    if (!is.null(rows)) {
      row <- rows[row]
      first <- rows[first]
    }
    abort_input(sprintf("duplicated (%s) = (%s): row %d repeats row %d.",
                        paste(cols, collapse = ", "), paste(key_str, collapse = ", "),
                        row, first),
                arg = arg, column = cols, row = row)
  }
  invisible(TRUE)
}

# ---------------------------------------------------------------------------
# Variables given as column names or as a one-sided formula
# ---------------------------------------------------------------------------

# `spec` names variables of `data`: a character vector of column names, or a
# one-sided formula (~ log(x) + y) whose terms are the variables. Returns
# list(labels, exprs, columns): the variables' labels (the names, or the
# term labels), the expression of each (a symbol for a plain column) and the
# columns of `data` read by them. Symbols that are not columns of `data` are
# looked up in the formula's environment when evaluated (constants such as
# `k` in I(x / k)); a plain name that is not a column is an error naming it.
parse_variables <- function(spec, data, arg) {
  nms <- names(data)
  if (inherits(spec, "formula")) {
    if (length(spec) != 2L) {
      abort_input(sprintf("must be a one-sided formula (~ a + log(b)), not %s.",
                          deparse1(spec)), arg = arg)
    }
    if ("." %in% all.vars(spec)) {
      abort_input(sprintf('cannot expand "." in %s; name the variables (~ a + log(b)).',
                          deparse1(spec)), arg = arg)
    }
    tt <- stats::terms(spec, keep.order = TRUE)
    if (any(attr(tt, "order") > 1L)) {
      lab <- attr(tt, "term.labels")[attr(tt, "order") > 1L][1L]
      abort_input(sprintf(paste("term %s is an interaction; give one variable per term",
                                "(I(a * b) for a product)."), lab), arg = arg)
    }
    labels <- attr(tt, "term.labels")
    vars <- as.list(attr(tt, "variables"))[-1L]
    vlab <- vapply(vars, deparse1, "")
    exprs <- vars[match(labels, vlab)]
    if (!length(labels) || anyNA(match(labels, vlab))) {
      abort_input(sprintf("must name at least one variable, as in ~ a + log(b); got %s.",
                          deparse1(spec)), arg = arg)
    }
    env <- environment(spec)
    used <- unique(unlist(lapply(exprs, all.vars)))
    for (v in used) {
      if (!v %in% nms && (is.null(env) || !exists(v, envir = env))) {
        abort_input(sprintf('no column "%s" in `data`.%s', v, did_you_mean(v, nms)),
                    arg = arg, column = v)
      }
    }
    columns <- intersect(used, nms)
  } else {
    if (!is.character(spec) || !length(spec) || anyNA(spec) || !all(nzchar(spec))) {
      abort_input(sprintf(paste("must be column names (a character vector) or a one-sided",
                                "formula (~ a + log(b)), not %s."), describe(spec)), arg = arg)
    }
    for (v in spec) get_column(data, v, arg)
    labels <- spec
    exprs <- lapply(spec, as.name)
    columns <- unique(spec)
  }
  if (anyDuplicated(labels)) {
    dup <- labels[duplicated(labels)][1L]
    abort_input(sprintf('names "%s" twice.', dup), arg = arg, column = dup)
  }
  list(labels = labels, exprs = exprs, columns = columns,
       env = if (inherits(spec, "formula")) environment(spec) else globalenv())
}

# The value of each parsed variable (parse_variables()) on `columns`, a named
# list of the (validated) columns it reads. Returns a named list of vectors
# of length n; a term that does not give one value per row is an error, and
# so is a term that warns when evaluated (log() of a negative number): its
# values would be NaN, which the missing-value policy would then mistake for
# missing data.
eval_variables <- function(parsed, columns, n, arg) {
  out <- lapply(seq_along(parsed$labels), function(j) {
    e <- parsed$exprs[[j]]
    lab <- parsed$labels[j]
    if (is.name(e) && as.character(e) %in% names(columns)) {
      v <- columns[[as.character(e)]]
    } else {
      warned <- NULL
      v <- withCallingHandlers(
        tryCatch(eval(e, columns, parsed$env), error = function(err) {
          abort_input(sprintf("term %s cannot be evaluated: %s", lab, conditionMessage(err)),
                      arg = arg, column = lab)
        }),
        warning = function(w) {
          if (is.null(warned)) warned <<- conditionMessage(w)
          invokeRestart("muffleWarning")
        })
      if (!is.null(warned)) {
        abort_input(sprintf(paste("term %s warned when evaluated in `data` (%s); transform the",
                                  "column so that every value is defined."), lab, warned),
                    arg = arg, column = lab)
      }
    }
    if (!is.atomic(v) || length(v) != n || !is.null(dim(v))) {
      abort_input(sprintf("term %s gives %s, not one value per row (%d).", lab,
                          describe(v), n), arg = arg, column = lab)
    }
    v
  })
  stats::setNames(out, parsed$labels)
}
