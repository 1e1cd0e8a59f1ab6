# Methods for the results of the Ellison-Glaeser functions: printing, and
# conversion of the pairwise result to a matrix or a plain data frame. (Plot
# and tidy methods belong here too.) Printing goes through R/print-utils.R.

# The settings of an E-G result as header lines.
eg_settings_lines <- function(s) {
  if (is.null(s)) return(character())
  per <- if (is.null(s$time)) {
    sprintf("regions: %d, sum of x^2 = %s", s$n_regions, format_num(s$sum_x2, 5L))
  } else {
    sprintf("periods: %d (%s to %s), regions per period: %s", length(s$time),
            as.character(s$time[1L]), as.character(s$time[length(s$time)]),
            format_counts(s$n_regions, s$time))
  }
  absent <- sum(s$n_absent)
  c(paste("Reference shares x:", s$reference), paste("Herfindahl H:", s$herfindahl), per,
    if (absent) sprintf(paste("regions with a total but no rows: %d region-period%s, %s",
                              "(absent_regions = \"%s\")"), absent, if (absent > 1) "s" else "",
                        if (s$absent_regions == "zero") "counted with zero employment" else
                          "left out", s$absent_regions),
    if (!is.null(s$dropped)) sprintf("rows dropped for missing values: %d (na_action = \"omit\")",
                                     s$dropped$rows))
}

eg_header <- function(lines) if (length(lines)) cat(paste0("  ", lines), sep = "\n")

# The rows and the notes of a result, which print() returns invisibly.
eg_print_table <- function(x, n, digits) {
  print_table(x, n, digits)
  print_notes(attr(x, "notes"))
  invisible(x)
}

#' Methods for agglomeration results
#'
#' Printing, and for the pairwise result of [eg_coagg_matrix()] the matrix
#' of one period or a plain data frame.
#'
#' @md
#' @param x a result of [eg_index()], [eg_coagg()], [eg_coagg_matrix()] or
#'   [location_quotient()].
#' @param n number of rows to show.
#' @param digits significant digits.
#' @param ... ignored.
#' @return `print()`: `x`, invisibly.
#' @name print.eg_index
#' @keywords internal
#' @export
print.eg_index <- function(x, n = 20L, digits = 4L, ...) {
  s <- attr(x, "settings")
  cat("Ellison-Glaeser agglomeration index (gamma) by industry\n")
  if (!is.null(s)) eg_header(c(paste("Input:", switch(s$input,
    firms = "firm rows", counts = "cells with enterprise counts", aggregate = "cells")),
    eg_settings_lines(s)))
  cat("  statistic = z for gamma = 0 (Ellison-Glaeser 1997); p_value one-sided\n\n")
  eg_print_table(x, n, digits)
}

#' @rdname print.eg_index
#' @export
print.eg_coagg <- function(x, n = 20L, digits = 4L, ...) {
  s <- attr(x, "settings")
  cat("Co-agglomeration of two industry groups by region\n")
  pair <- s$pair
  if (!is.null(pair)) {
    cat(sprintf("  a = %s (%s)\n  b = %s (%s)\n", names(pair)[1L],
                paste(pair[[1L]], collapse = ", "), names(pair)[2L],
                paste(pair[[2L]], collapse = ", ")))
    cat(sprintf("  per-region index: %s\n", switch(s$per_region,
      lq = "\"lq\", the group's E-G gamma x its location quotient",
      decomposition = "\"decomposition\", the region's term of the E-G index",
      location_quotient = "\"location_quotient\", the location quotient")))
    cat(sprintf("  estimate = %s\n", switch(s$combine,
      ratio = "1 - |a - b| / (a + b)", ratio_plus_sum = "1 - |a - b| / (a + b) + (a + b)")))
  }
  eg_header(eg_settings_lines(s))
  g <- attr(x, "groups")
  if (!is.null(g)) {
    cat("\nGroups (E-G index over all regions):\n")
    print_table(g, 40L, digits)
  }
  if (nrow(x)) {
    cat(sprintf("\nestimate over %d region%s: %s\n", nrow(x),
                if (is.null(s$time)) "s" else "-periods", format_quantiles(x$estimate, digits)))
  }
  cat("\n")
  eg_print_table(x, n, digits)
}

#' @rdname print.eg_index
#' @export
print.eg_coagg_matrix <- function(x, n = 20L, digits = 4L, ...) {
  s <- attr(x, "settings")
  inds <- attr(x, "industries")
  cat(sprintf("Pairwise co-agglomeration (Ellison-Glaeser-Kerr 2010): %d industr%s, %d pairs\n",
              length(unique(inds$industry)), if (length(unique(inds$industry)) == 1L) "y" else
                "ies", nrow(x)))
  eg_header(eg_settings_lines(s))
  if (nrow(x)) cat(sprintf("  estimate: %s\n", format_quantiles(x$estimate, digits)))
  cat("\n")
  print_table(x, n, digits)
  cat(sprintf("# as.matrix(x%s) gives the matrix\n", if (!is.null(s$time)) ", time = " else ""))
  g <- attr(x, "groups")
  if (!is.null(g) && nrow(g)) {
    cat("\nGroup co-agglomeration (Ellison-Glaeser 1997, gamma^c):\n")
    print_table(g, 40L, digits)
  }
  print_notes(attr(x, "notes"))
  invisible(x)
}

#' @rdname print.eg_index
#' @export
print.coagg_lq <- function(x, n = 20L, digits = 4L, ...) {
  s <- attr(x, "settings")
  cat("Location quotients LQ = (E_mi / E_m) / (E_i / E)\n")
  if (!is.null(s)) {
    eg_header(c(sprintf("Reference (E_m / E): %s", s$reference),
                eg_settings_lines(s)[-(1:2)]))
  }
  cat("\n")
  eg_print_table(x, n, digits)
}

#' @rdname print.eg_index
#' @param time for a result with several periods, the period whose matrix
#'   is wanted (a value of the `time` column).
#' @return `as.matrix()`: the symmetric matrix of the pairwise indices of
#'   one period, with the industries (those with rows in the period) as
#'   dimnames and `NA` on the diagonal.
#' @export
as.matrix.eg_coagg_matrix <- function(x, time = NULL, ...) {
  s <- attr(x, "settings")
  inds <- attr(x, "industries")
  rows <- seq_len(nrow(x))
  if (!is.null(x$time)) {
    periods <- unique(x$time)
    if (!is.null(inds)) periods <- unique(inds$time)
    if (is.null(time)) {
      if (length(periods) != 1L) {
        abort_input(sprintf(paste("the result holds %d periods (%s); choose the period of the",
                                  "matrix with `time =`."), length(periods),
                            paste(utils::head(as.character(periods), 5L), collapse = ", ")),
                    arg = "time")
      }
      time <- periods
    }
    if (length(time) != 1L || !(as.character(time) %in% as.character(periods))) {
      abort_input(sprintf("must be one of the periods of the result (%s), not %s.",
                          paste(utils::head(as.character(periods), 5L), collapse = ", "),
                          describe(time)), arg = "time")
    }
    rows <- which(as.character(x$time) == as.character(time))
    if (!is.null(inds)) inds <- inds[as.character(inds$time) == as.character(time), ]
  }
  lab <- if (!is.null(inds)) inds$industry else
    unique(c(as.character(x$industry_1[rows]), as.character(x$industry_2[rows])))
  lab <- as.character(lab)
  m <- matrix(NA_real_, length(lab), length(lab), dimnames = list(lab, lab))
  ij <- cbind(match(as.character(x$industry_1[rows]), lab),
              match(as.character(x$industry_2[rows]), lab))
  m[ij] <- x$estimate[rows]
  m[ij[, 2:1, drop = FALSE]] <- x$estimate[rows]
  m
}

#' @rdname print.eg_index
#' @param row.names,optional ignored (for the generic).
#' @param what `"pairs"` (default) for one row per pair of industries and
#'   period, `"groups"` for the EG 1997 group table.
#' @return `as.data.frame()`: the pairs (or the group table) as a plain
#'   data frame.
#' @export
as.data.frame.eg_coagg_matrix <- function(x, row.names = NULL, optional = FALSE, ...,
                                          what = c("pairs", "groups")) {
  what <- check_choice(what, c("pairs", "groups"), "what")
  if (what == "groups") {
    g <- attr(x, "groups")
    return(if (is.null(g)) data.frame() else g)
  }
  tidy_frame(unclass(x)[names(x)])
}
