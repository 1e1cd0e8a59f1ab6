# Methods for the result of cd_test() (class coagg_cd): print, `[`,
# as.data.frame and the htest face (the as_htest() generic is in
# R/unitroot-methods.R).

#' @export
print.coagg_cd <- function(x, digits = 4, ...) {
  s <- attr(x, "settings")
  if (is.null(s)) return(print(as.data.frame(x), ...))
  cat(sprintf("Tests of cross-sectional dependence (convention \"%s\")\n", s$convention))
  vars <- unique(x$variable)
  cat(sprintf("Series: %s\n", if (identical(vars, "residuals")) s$residuals else
    sprintf("%s (%s)", paste(vars, collapse = ", "),
            if (length(vars) > 1L) "each variable itself" else "the variable itself")))
  pr <- s$pairs
  for (k in seq_len(nrow(pr))) {
    r <- x[x$variable == pr$variable[k], ][1L, ]
    lead <- if (nrow(pr) > 1L) sprintf("%s: ", pr$variable[k]) else ""
    set_aside <- pr$short[k] + pr$degenerate[k]
    cat(sprintf("%s%d units, %s observations, %s; %d pair%s of units%s, %s common period%s per pair\n",
                lead, r$units, format(r$obs), if (pr$balanced[k]) "balanced" else "unbalanced",
                pr$used[k], if (pr$used[k] == 1L) "" else "s",
                if (set_aside > 0) sprintf(" (%d set aside)", set_aside) else "",
                r$overlap, if (r$overlap == "1") "" else "s"))
  }
  cat(paste("H0 of CD: weak cross-sectional dependence (Pesaran 2015); of the LM tests: no",
            "cross-sectional correlation.\n\n"))
  est_lab <- ifelse(x$test %in% c("cd", "rho"), "avg. rho", "avg. |rho|")
  out <- data.frame(Test = unname(cd_labels[x$test]),
                    Statistic = formatC(x$statistic, format = "f", digits = digits),
                    `p-value` = vapply(x$p_value, function(p) if (is.na(p)) "" else format_p(p), ""),
                    df = ifelse(is.na(x$df), "", format(x$df)),
                    Estimate = sprintf("%s (%s)", formatC(x$estimate, format = "f", digits = digits),
                                       est_lab),
                    check.names = FALSE, stringsAsFactors = FALSE)
  out$Statistic[is.na(x$statistic)] <- "NA"
  if (length(unique(x$variable)) > 1L) out <- cbind(Variable = x$variable, out)
  print(out, row.names = FALSE, right = TRUE)
  print_notes(attr(x, "notes"))
  invisible(x)
}

cd_attributes <- c("units", "notes", "settings")

#' @export
`[.coagg_cd` <- function(x, ...) {
  out <- NextMethod()
  if (is.data.frame(out)) {
    attributes(out)[cd_attributes] <- NULL
    class(out) <- "data.frame"
  }
  out
}

#' @export
as.data.frame.coagg_cd <- function(x, ...) {
  attributes(x)[cd_attributes] <- NULL
  class(x) <- "data.frame"
  x
}

#' @rdname as_htest
#' @export
as_htest.coagg_cd <- function(x, test = NULL, variable = NULL, ...) {
  check_dots_empty(...)
  tab <- as.data.frame(x)
  pick <- function(val, col, arg) {
    if (is.null(val)) return(TRUE)
    val <- check_choice(val, unique(tab[[col]]), arg, several_ok = TRUE)
    tab[[col]] %in% val
  }
  tab <- tab[pick(test, "test", "test") & pick(variable, "variable", "variable"), , drop = FALSE]
  conv <- attr(x, "settings")$convention
  out <- lapply(seq_len(nrow(tab)), function(i) cd_htest(tab[i, ], conv))
  names(out) <- paste(tab$variable, tab$test, sep = " / ")
  if (length(out) == 1L) out[[1L]] else out
}

cd_methods <- c(
  cd = "Pesaran (2004) CD test of cross-sectional dependence",
  lm = "Breusch-Pagan (1980) LM test of cross-sectional independence",
  sclm = "Pesaran (2004) scaled LM test of cross-sectional independence",
  bcsclm = "Baltagi, Feng and Kao (2012) bias-corrected scaled LM test",
  lm_adj = "Pesaran, Ullah and Yamagata (2008) bias-adjusted LM test",
  rho = "Average pairwise correlation", absrho = "Average absolute pairwise correlation")

cd_htest <- function(r, convention) {
  alt <- switch(r$test,
                cd = "strong cross-sectional dependence (H0: weak dependence, Pesaran 2015)",
                rho = , absrho = "none (descriptive)",
                lm_adj = "cross-sectional correlation (upper tail)",
                "cross-sectional correlation")
  est_name <- if (r$test %in% c("cd", "rho")) "average correlation" else
    "average absolute correlation"
  structure(list(
    statistic = stats::setNames(r$statistic, r$statistic_name),
    parameter = if (!is.na(r$df)) c(df = r$df) else NULL,
    p.value = r$p_value,
    estimate = stats::setNames(r$estimate, est_name),
    method = sprintf('%s (convention "%s")', cd_methods[[r$test]], convention),
    data.name = sprintf("%s: %d units, %d pairs, %s common periods per pair", r$variable,
                        r$units, r$pairs, r$overlap),
    alternative = alt), class = "htest")
}

#' @rdname cd_test
#' @param x a `coagg_cd` result.
#' @param variable for `plot()`: which variable (by default the first).
#' @details `plot()` draws, for each unit, its average correlation and
#'   average absolute correlation with the other units (the `units`
#'   attribute), sorted, and returns those data invisibly.
#' @export
plot.coagg_cd <- function(x, variable = NULL, ...) {
  u <- attr(x, "units")
  if (is.null(u)) abort_input("has no units table (not a cd_test() result).", arg = "x")
  vars <- unique(u$variable)
  variable <- if (is.null(variable)) vars[1L] else check_choice(variable, vars, "variable")
  u <- u[u$variable == variable & u$status == "used", , drop = FALSE]
  u <- u[order(u$mean_rho), , drop = FALSE]
  rng <- range(c(0, u$mean_rho, u$mean_abs_rho))
  graphics::dotchart(u$mean_rho, labels = u$unit, xlim = rng, pch = 19,
                     xlab = "average correlation with the other units",
                     main = sprintf("Cross-sectional correlation: %s", variable), ...)
  graphics::points(u$mean_abs_rho, seq_len(nrow(u)), pch = 1)
  graphics::abline(v = 0, lty = 3)
  graphics::legend("bottomright", c("mean correlation", "mean |correlation|"), pch = c(19, 1),
                   bty = "n", cex = 0.8)
  invisible(u[c("unit", "mean_rho", "mean_abs_rho", "pairs")])
}

# broom's tidy() and glance() (registered in R/panel-methods.R): one row per
# variable and test; one row per result (the CD test of its first variable).
tidy_coagg_cd <- function(x, ...) {
  data.frame(variable = x$variable, test = x$test, statistic = x$statistic,
             p.value = x$p_value, parameter = x$df, estimate = x$estimate,
             method = unname(cd_labels[x$test]), stringsAsFactors = FALSE)
}

glance_coagg_cd <- function(x, ...) {
  r <- x[x$variable == x$variable[1L], , drop = FALSE]
  i <- match("cd", r$test)
  data.frame(variable = r$variable[1L], units = r$units[1L], pairs = r$pairs[1L],
             nobs = r$obs[1L], cd = if (is.na(i)) NA_real_ else r$statistic[i],
             cd.p.value = if (is.na(i)) NA_real_ else r$p_value[i],
             convention = attr(x, "settings")$convention, stringsAsFactors = FALSE)
}
