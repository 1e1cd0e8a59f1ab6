# Methods for the results of the Ellison-Glaeser functions: printing,
# conversion of the pairwise result to a matrix or a plain data frame, plot
# (through R/plot-utils.R), and broom's tidy() / glance(). Printing goes
# through R/print-utils.R.

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

# What the rows of the input were, and where they were summed.
eg_input_text <- function(s) {
  what <- switch(s$input, firms = "firm rows", counts = "cells with enterprise counts",
                 aggregate = "cells", cell_sums = "cells with their firms' employment sums")
  db <- s$database
  if (is.null(db)) return(what)
  sprintf("%s of a database table (%s), summed by the database: %s rows into %s cells", what,
          db$connection, format(db$rows, big.mark = ","), format(db$cells, big.mark = ","))
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
  if (!is.null(s)) eg_header(c(paste("Input:", eg_input_text(s)), eg_settings_lines(s)))
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

# ---------------------------------------------------------------------------
# plot, tidy, glance
# ---------------------------------------------------------------------------

#' Plots of agglomeration results
#'
#' Base-graphics figures of the E-G results; each returns, invisibly, the
#' data frame it drew.
#'
#' * [eg_index()]: the industries ordered by \eqn{\gamma}, each with the
#'   interval \eqn{\hat\gamma \pm z_{1-\alpha/2}\,\mathrm{sd}_0(\hat\gamma)}
#'   where \eqn{\mathrm{sd}_0(\hat\gamma) = \sqrt{\mathrm{Var}(G)} / ((1 -
#'   S_2)(1 - H))} is the standard deviation of \eqn{\hat\gamma} under the
#'   null of random location (Ellison and Glaeser's \eqn{\mathrm{Var}(G)},
#'   the variance of the z-test; it equals \eqn{\hat\gamma / z}). The
#'   interval excludes 0 exactly when the two-sided z-test rejects
#'   \eqn{\gamma = 0} at \eqn{\alpha}; it is built from the null variance,
#'   so it is not a confidence interval for \eqn{\gamma} away from 0. It is
#'   drawn where the z statistic is defined (not with a supplied \eqn{H}).
#'   With several periods, one period is drawn (`time`, by default the last).
#' * [eg_coagg()]: a region x period heat map of the estimate with a colour
#'   legend (regions ordered by their mean); with one period, a dot plot of
#'   the regions ranked by the estimate.
#' * [eg_coagg_matrix()]: the matrix of pairwise indices of one period as a
#'   heat map with a diverging colour legend centred at 0, the industries
#'   ordered by hierarchical clustering (average linkage on the distance
#'   \eqn{\max(\gamma^c) - \gamma^c}), a pair outlined on request.
#' * [location_quotient()]: a region x industry heat map of the location
#'   quotients on a log scale centred at 1 (blue below 1, red above), cells
#'   with \eqn{LQ = 0} in grey; one period.
#'
#' @md
#' @param x an E-G result.
#' @param time the period to draw (a value of the `time` column), for
#'   results with several periods; `NULL` for the last (for [eg_coagg()]
#'   all periods are drawn).
#' @param level `eg_index`: the level of the intervals.
#' @param n the largest number of industries (`eg_index`), regions
#'   (`eg_coagg`, `location_quotient`) or industries (`eg_coagg_matrix`)
#'   drawn: those with the largest values (`eg_index`, `eg_coagg`), the
#'   largest employment (`location_quotient` regions) or all (`NULL`).
#' @param highlight `eg_coagg_matrix`: a pair of industries to outline,
#'   `c("31-33", "48-49")`; `eg_coagg`: regions to mark.
#' @param cluster `eg_coagg_matrix`: order the industries by hierarchical
#'   clustering (`TRUE`) or keep their order.
#' @param main plot title (a default is made).
#' @param ... must be empty.
#' @return The data drawn, invisibly: `eg_index` one row per industry
#'   (`industry`, `estimate`, `conf_low`, `conf_high`, `level`);
#'   `eg_coagg` one row per region and period (`region`, `time`,
#'   `estimate`); `eg_coagg_matrix` one row per cell of the drawn matrix
#'   (`industry_1`, `industry_2`, `estimate`, `highlight`), in the drawn
#'   order; `location_quotient` one row per cell (`region`, `industry`,
#'   `estimate`).
#' @name plot.eg_index
#' @examples
#' cbp <- cbp_metro[cbp_metro$cbsa_type %in% "metro" & !cbp_metro$naics %in% c("00", "99"), ]
#' g <- eg_index(cbp, region = "cbsa_name", industry = "naics", employment = "employment",
#'               n_firms = "establishments")
#' plot(g)
#' @export
plot.eg_index <- function(x, time = NULL, level = 0.95, n = 40L, main = NULL, ...) {
  check_dots_empty(..., foreign = plot_foreign)
  check_number(level, "level", lower = 0, upper = 1, inclusive = FALSE)
  check_number(n, "n", lower = 1, integer = TRUE)
  tab <- eg_one_period(x, time)
  q <- stats::qnorm(1 - (1 - level) / 2)
  sd0 <- ifelse(is.finite(tab$statistic) & tab$statistic != 0, tab$estimate / tab$statistic,
                NA_real_)
  d <- data.frame(industry = as.character(tab$industry), estimate = tab$estimate,
                  conf_low = tab$estimate - q * sd0, conf_high = tab$estimate + q * sd0,
                  level = level, stringsAsFactors = FALSE)
  d <- d[!is.na(d$estimate), , drop = FALSE]
  d <- utils::head(d[order(-d$estimate), , drop = FALSE], n)
  rownames(d) <- NULL
  if (!nrow(d)) abort_input("no industry has a defined gamma to plot.", arg = "x")
  if (is.null(main)) {
    main <- sprintf("Ellison-Glaeser gamma by industry%s", eg_period_title(tab))
  }
  draw_intervals(d$industry, d$estimate, d$conf_low, d$conf_high, main = main,
                 xlab = sprintf("gamma; interval: +/- %s sd under gamma = 0 (z-test)",
                                format(signif(q, 3))))
  invisible(d)
}

#' @rdname plot.eg_index
#' @export
plot.eg_coagg <- function(x, n = 60L, highlight = NULL, main = NULL, ...) {
  check_dots_empty(..., foreign = plot_foreign)
  check_number(n, "n", lower = 1, integer = TRUE)
  tab <- as.data.frame(unclass(x), stringsAsFactors = FALSE)
  s <- attr(x, "settings")
  pair <- if (!is.null(s$pair)) paste(names(s$pair), collapse = " - ") else "two groups"
  if (!nrow(tab)) abort_input("the result has no rows to plot.", arg = "x")
  region <- as.character(tab$region)
  periods <- if (is.null(tab$time)) NA else unique(tab$time)
  if (length(periods) <= 1L) {
    d <- data.frame(region = region, time = if (is.null(tab$time)) NA else tab$time,
                    estimate = tab$estimate, stringsAsFactors = FALSE)
    d <- d[!is.na(d$estimate), , drop = FALSE]
    d <- utils::head(d[order(-d$estimate), , drop = FALSE], n)
    rownames(d) <- NULL
    draw_intervals(d$region, d$estimate, ref = NULL, highlight = highlight,
                   main = if (is.null(main)) sprintf("Co-agglomeration of %s by region", pair) else main,
                   xlab = "estimate")
    return(invisible(d))
  }
  means <- tapply(tab$estimate, region, mean, na.rm = TRUE)
  keep <- utils::head(names(sort(means, decreasing = TRUE)), n)
  tl <- sort(unique(tab$time))
  m <- matrix(NA_real_, length(keep), length(tl), dimnames = list(keep, as.character(tl)))
  sel <- region %in% keep
  m[cbind(match(region[sel], keep), match(tab$time[sel], tl))] <- tab$estimate[sel]
  draw_heatmap(m, main = if (is.null(main)) sprintf("Co-agglomeration of %s by region and period",
                                                      pair) else main,
               xlab = "period", legend_title = "estimate",
               highlight = if (is.null(highlight)) NULL else
                 matrix(rownames(m) %in% highlight, nrow(m), ncol(m)))
  d <- data.frame(region = rep(keep, times = length(tl)), time = rep(tl, each = length(keep)),
                  estimate = as.vector(m), stringsAsFactors = FALSE)
  invisible(d)
}

#' @rdname plot.eg_index
#' @export
plot.eg_coagg_matrix <- function(x, time = NULL, highlight = NULL, cluster = TRUE, n = NULL,
                                 main = NULL, ...) {
  check_dots_empty(..., foreign = plot_foreign)
  check_flag(cluster, "cluster")
  check_number(n, "n", lower = 2, integer = TRUE, null_ok = TRUE)
  if (is.null(time) && !is.null(x$time)) time <- utils::tail(unique(x$time), 1L)
  m <- as.matrix.eg_coagg_matrix(x, time = time)
  if (nrow(m) < 2L) abort_input("the result has fewer than two industries to plot.", arg = "x")
  if (!is.null(highlight) && (!is.atomic(highlight) || length(highlight) != 2L ||
                              !all(as.character(highlight) %in% rownames(m)))) {
    abort_input(sprintf("must name two industries of the result (%s), not %s.",
                        paste(utils::head(rownames(m), 5L), collapse = ", "), describe(highlight)),
                arg = "highlight")
  }
  if (!is.null(n) && n < nrow(m)) {
    keep <- utils::head(order(-rowMeans(m, na.rm = TRUE)), n)
    keep <- union(keep, match(as.character(highlight), rownames(m)))
    m <- m[keep, keep, drop = FALSE]
  }
  ord <- seq_len(nrow(m))
  if (cluster && nrow(m) > 2L) {
    dm <- max(m, na.rm = TRUE) - m
    dm[is.na(dm)] <- max(dm, na.rm = TRUE)
    diag(dm) <- 0
    ord <- stats::hclust(stats::as.dist(dm), method = "average")$order
  }
  m <- m[ord, ord, drop = FALSE]
  hl <- matrix(FALSE, nrow(m), ncol(m))
  if (!is.null(highlight)) {
    i <- match(as.character(highlight), rownames(m))
    hl[i[1L], i[2L]] <- hl[i[2L], i[1L]] <- TRUE
  }
  if (is.null(main)) {
    main <- sprintf("Pairwise co-agglomeration (EGK 2010)%s",
                    if (is.null(time)) "" else sprintf(", %s", format(time)))
  }
  draw_heatmap(m, main = main, scale = "diverging", centre = 0, legend_title = "gamma^c",
               highlight = hl, digits = 3L)
  d <- data.frame(industry_1 = rep(rownames(m), times = ncol(m)),
                  industry_2 = rep(colnames(m), each = nrow(m)), estimate = as.vector(m),
                  highlight = as.vector(hl), stringsAsFactors = FALSE)
  invisible(d)
}

#' @rdname plot.eg_index
#' @export
plot.coagg_lq <- function(x, time = NULL, n = 40L, main = NULL, ...) {
  check_dots_empty(..., foreign = plot_foreign)
  check_number(n, "n", lower = 1, integer = TRUE)
  tab <- eg_one_period(x, time)
  region <- as.character(tab$region)
  industry <- as.character(tab$industry)
  size <- tapply(tab$employment, region, sum, na.rm = TRUE)
  keep <- utils::head(names(sort(size, decreasing = TRUE)), n)
  inds <- sort(unique(industry))
  m <- matrix(NA_real_, length(keep), length(inds), dimnames = list(keep, inds))
  sel <- region %in% keep
  m[cbind(match(region[sel], keep), match(industry[sel], inds))] <- tab$estimate[sel]
  zero <- which(!is.na(m) & m == 0)
  keys <- if (length(zero)) structure(c("0 (none)" = "grey70"), cells = list("0 (none)" = zero))
  draw_heatmap(m, main = if (is.null(main)) sprintf("Location quotients%s", eg_period_title(tab)) else
                 main, scale = "diverging", log = TRUE, centre = 1, legend_title = "LQ (log scale)",
               extra_keys = keys, xlab = "industry")
  d <- data.frame(region = rep(keep, times = length(inds)), industry = rep(inds, each = length(keep)),
                  estimate = as.vector(m), stringsAsFactors = FALSE)
  invisible(d)
}

# The rows of one period of a result (`time` given, else the last period).
eg_one_period <- function(x, time) {
  tab <- as.data.frame(unclass(x), stringsAsFactors = FALSE)
  if (is.null(tab$time)) return(tab)
  periods <- unique(tab$time)
  if (is.null(time)) time <- utils::tail(sort(periods), 1L)
  if (length(time) != 1L || !(as.character(time) %in% as.character(periods))) {
    abort_input(sprintf("must be one of the periods of the result (%s), not %s.",
                        paste(utils::head(as.character(periods), 5L), collapse = ", "),
                        describe(time)), arg = "time")
  }
  tab[as.character(tab$time) == as.character(time), , drop = FALSE]
}

eg_period_title <- function(tab) {
  if (is.null(tab$time) || !nrow(tab)) "" else sprintf(", %s", format(tab$time[1L]))
}

tidy_eg_index <- function(x, ...) broom_frame(x)
tidy_eg_coagg <- function(x, ...) broom_frame(x)
tidy_eg_coagg_matrix <- function(x, ...) broom_frame(x)
tidy_coagg_lq <- function(x, ...) broom_frame(x)

eg_glance <- function(x, extra = list()) {
  s <- attr(x, "settings")
  est <- x$estimate
  as.data.frame(c(list(n_rows = nrow(x),
                       n_periods = if (is.null(x$time)) 1L else length(unique(x$time)),
                       mean = mean(est, na.rm = TRUE), median = stats::median(est, na.rm = TRUE),
                       n_na = sum(is.na(est)), reference = if (is.null(s$reference)) NA_character_ else
                         as.character(s$reference)[1L]), extra),
                stringsAsFactors = FALSE)
}

glance_eg_index <- function(x, ...) eg_glance(x, list(n_significant = sum(x$p_value < 0.05, na.rm = TRUE)))
glance_eg_coagg <- function(x, ...) eg_glance(x)
glance_eg_coagg_matrix <- function(x, ...) eg_glance(x)
glance_coagg_lq <- function(x, ...) eg_glance(x)
