# Printing helpers shared by every print method: notes, row lists, numbers,
# p-values and tables. A print method formats through these and nothing else,
# so that every result reads the same way.

# Notes (caveats kept in a result) under a "Notes:" heading, one bullet each,
# wrapped. Prints nothing when there are none.
print_notes <- function(notes) {
  if (length(notes)) cat("\nNotes:", wrap_notes(notes), sep = "\n")
  invisible()
}

# strwrap over several notes, each a bullet
wrap_notes <- function(notes) {
  unlist(lapply(notes, function(n) {
    w <- strwrap(n, width = 74)
    c(paste0("  * ", w[1L]), if (length(w) > 1L) paste0("    ", w[-1L]))
  }))
}

print_table <- function(x, n, digits) {
  df <- x
  class(df) <- "data.frame"
  attr(df, "notes") <- attr(df, "settings") <- NULL
  num <- vapply(df, function(v) is.double(v) && any(v != round(v), na.rm = TRUE), TRUE)
  df[num] <- lapply(df[num], function(v) signif(v, digits))
  chr <- vapply(df, is.character, TRUE)
  df[chr] <- lapply(df[chr], function(v) {
    long <- !is.na(v) & nchar(v) > 28L
    v[long] <- paste0(substr(v[long], 1L, 26L), "..")
    v
  })
  print(utils::head(df, n), row.names = FALSE)
  if (nrow(df) > n) {
    cat(sprintf("# ... %d more rows (as.data.frame() gives all of them)\n", nrow(df) - n))
  }
}

# Row numbers for a message: the first `max`, then ", ...".
format_rows <- function(rows, max = 10L) {
  s <- paste(utils::head(rows, max), collapse = ", ")
  if (length(rows) > max) s <- paste0(s, sprintf(", ... (%d in all)", length(rows)))
  s
}

# A number with `digits` significant digits, trailing zeros kept (as
# statistics programs print them).
format_num <- function(v, digits = 6L) formatC(v, digits = digits, format = "fg", flag = "#")

# A p-value: four significant digits, "< 1e-16" below that, "NA" when missing.
format_p <- function(p) if (is.na(p)) "NA" else format.pval(p, digits = 4L, eps = 1e-16)

# Significance stars of p-values: one star for each of `levels` (sorted
# from the largest) that p falls below, "" otherwise and for NA. With the
# default levels, * p < 0.1, ** p < 0.05, *** p < 0.01.
format_stars <- function(p, levels = c(0.1, 0.05, 0.01)) {
  levels <- sort(levels, decreasing = TRUE)
  n <- vapply(p, function(v) if (is.na(v)) 0L else sum(v < levels), 0L)
  strrep("*", n)
}

# The legend of format_stars(): "*** p < 0.01, ** p < 0.05, * p < 0.1".
stars_legend <- function(levels = c(0.1, 0.05, 0.01)) {
  levels <- sort(levels, decreasing = TRUE)
  paste(sprintf("%s p < %s", strrep("*", rev(seq_along(levels))),
                vapply(rev(levels), format, "")),
        collapse = ", ")
}

# Check a vector of star levels: distinct numbers in (0, 1), at most 5.
check_star_levels <- function(levels, arg = "star_levels") {
  if (!is.numeric(levels) || !length(levels) || length(levels) > 5L || anyNA(levels) ||
      any(levels <= 0 | levels >= 1) || anyDuplicated(levels)) {
    abort_input(sprintf("must be one to five distinct p-value thresholds in (0, 1), not %s.",
                        describe(levels)), arg = arg)
  }
  sort(levels, decreasing = TRUE)
}

# The distribution of a numeric vector in one line: "min a, quartiles b / c /
# d, max e" (significant digits), with ", k NA" when some are missing;
# "all NA" when none is known.
format_quantiles <- function(v, digits = 4L) {
  if (!length(v) || all(is.na(v))) return("all NA")
  q <- stats::quantile(v, c(0, 0.25, 0.5, 0.75, 1), na.rm = TRUE, names = FALSE)
  f <- vapply(signif(q, digits), format, "")
  sprintf("min %s, quartiles %s / %s / %s, max %s%s", f[1L], f[2L], f[3L], f[4L], f[5L],
          if (anyNA(v)) sprintf(", %d NA", sum(is.na(v))) else "")
}

# A count per group (say, regions per period) in a few words: the most
# common value (the larger of ties), and the groups that differ from it (the
# first `max`): "30 (29 in 2013, 24 in 2020)".
format_counts <- function(n, labels, max = 5L) {
  if (!length(n)) return("none")
  tab <- table(n)
  common <- max(as.integer(names(tab)[tab == max(tab)])) # the larger of ties
  odd <- which(n != common)
  if (!length(odd)) return(as.character(common))
  shown <- utils::head(odd, max)
  sprintf("%d (%s%s)", common, paste(sprintf("%d in %s", n[shown], as.character(labels[shown])),
                                     collapse = ", "),
          if (length(odd) > max) sprintf(", and %d more", length(odd) - max) else "")
}
