# Methods of coagg_study: print (the narrative of study_findings()), plot
# (the key figures, through the results' own plot methods), as.data.frame,
# and broom's tidy and glance (registered in R/coagg-package.R).

#' Print, plot and convert a study
#'
#' `print()` gives what was run and the narrative of [study_findings()],
#' sentence by sentence; sentences that rest on simulated inputs start with
#' `SIMULATED |`. `plot()` draws the key figures with the results' own plot
#' methods, one figure per page. `as.data.frame()` gives the study panel or
#' another of its tables.
#'
#' @md
#' @param x a result of [coagg_study()].
#' @param notes print the caveats recorded by the steps (`TRUE`), or only
#'   their number (`FALSE`, default).
#' @param which the figures: any of `"index"` (the index as a region x
#'   period heat map), `"trend"` (the index over time: each region's line
#'   when there are at most 12, else the 10th, 50th and 90th percentiles and
#'   the mean), `"groups"` (the E-G index of the two groups over time),
#'   `"unitroot"` (the first-generation tests of the index and of the
#'   covariates), `"cd"` (each region's correlation with the others),
#'   `"hausman"` (fixed- against random-effects estimates), `"coefficients"`
#'   (the chosen model's estimates with intervals from its covariance),
#'   `"effects"` (the unit effects), `"audit"` (the audit of a printed
#'   table). `NULL` (default): all that the study has.
#' @param what for `as.data.frame()`: `"panel"` (default; the study panel,
#'   one row per region and period), `"index"` (the index), `"ranking"`,
#'   `"coefficients"` (the chosen model's table), `"findings"` (the
#'   narrative, as [study_findings()]).
#' @param row.names,optional ignored (for the generic).
#' @param ... must be empty.
#' @return `print()` returns `x` invisibly; `plot()`, invisibly, a named
#'   list of the data each figure drew; `as.data.frame()` a data frame.
#' @name coagg_study-methods
#' @examples
#' st <- suppressWarnings(coagg_study(
#'   coagg = zhejiang_coagg, region = "city", time = "year",
#'   covariates = simulate_zhejiang_panel(),
#'   formula = coagg ~ electronic + CBECL + IoIAI + Express + BFEC, variants = FALSE))
#' print(st)
#' plot(st, which = c("index", "effects"))
#' head(as.data.frame(st))
NULL

#' @rdname coagg_study-methods
#' @export
print.coagg_study <- function(x, notes = FALSE, ...) {
  check_dots_empty(...)
  check_flag(notes, "notes")
  s <- x$settings
  cat("Co-agglomeration study (coagg ", x$provenance$package, ", convention \"",
      s$convention, "\")\n", sep = "")
  src <- if (s$source == "computed") {
    sprintf("computed by eg_coagg() (per_region = \"%s\", combine = \"%s\")",
            x$index$variant[["per_region"]], x$index$variant[["combine"]])
  } else "given (coagg)"
  cat(sprintf("Index: %s; %d regions x %d periods; model: %s\n", src,
              length(unique(x$index$values[[1L]])), length(unique(x$index$values[[2L]])),
              paste(deparse(s$formula, width.cutoff = 200L), collapse = " ")))
  if (any(s$simulated)) {
    cat(sprintf("SIMULATED inputs: %s. Results resting on them are marked.\n",
                paste(names(s$simulated)[s$simulated], collapse = " and ")))
  }
  f <- study_findings(x, "en")
  heads <- c(index = "The index", unitroot = "Unit roots", cd = "Cross-sectional dependence",
             models = "Models", audit = "Audit of the printed table")
  for (sec in unique(f$section)) {
    cat("\n", heads[[sec]], "\n", sep = "")
    rows <- f[f$section == sec, , drop = FALSE]
    for (k in seq_len(nrow(rows))) {
      tag <- if (rows$simulated[k]) "SIMULATED | " else ""
      w <- strwrap(rows$sentence[k], width = if (nzchar(tag)) 64L else 76L)
      cat(paste0("  ", tag, c(w[1L], if (length(w) > 1L) paste0("  ", w[-1L]))), sep = "\n")
    }
  }
  cat("\nComponents: $index, $unitroot, $cd, $models, $hausman, $choice, $effects",
      if (!is.null(x$audit)) ", $audit", "; study_report() writes the report.\n", sep = "")
  if (notes) print_notes(x$notes) else if (length(x$notes)) {
    cat(sprintf("%d caveat%s recorded: print(x, notes = TRUE) lists them.\n", length(x$notes),
                if (length(x$notes) > 1L) "s" else ""))
  }
  invisible(x)
}

study_figures <- c("index", "trend", "groups", "unitroot", "cd", "hausman", "coefficients",
                   "effects", "audit")

# The figures a study has.
study_available_figures <- function(x) {
  has <- c(index = TRUE, trend = TRUE, groups = !is.null(x$index$groups),
           unitroot = !is.null(x$unitroot$index$first) || !is.null(x$unitroot$covariates$first),
           cd = !is.null(attr(x$cd$index, "units")),
           hausman = identical(x$hausman$classical$type, "classical") &&
             !is.null(x$hausman$classical$comparisons),
           coefficients = TRUE, effects = !is.null(x$effects) && nrow(x$effects) > 0L,
           audit = !is.null(x$audit))
  names(has)[has]
}

#' @rdname coagg_study-methods
#' @export
plot.coagg_study <- function(x, which = NULL, ...) {
  check_dots_empty(..., foreign = plot_foreign)
  avail <- study_available_figures(x)
  if (is.null(which)) which <- avail
  if (!is.character(which) || !length(which) || anyNA(which) || !all(which %in% study_figures)) {
    abort_input(sprintf("must name figures among %s, not %s.",
                        paste0('"', study_figures, '"', collapse = ", "), describe(which)),
                arg = "which")
  }
  miss <- setdiff(which, avail)
  if (length(miss)) {
    abort_input(sprintf('the study has no "%s" figure (it has %s).', miss[1L],
                        paste0('"', avail, '"', collapse = ", ")), arg = "which")
  }
  out <- list()
  for (w in which) {
    d <- study_draw(x, w, NULL)
    out[names(d)] <- d
  }
  invisible(out)
}

# Draw one figure (a figure may be several pages: unit roots of the index and
# of the covariates); returns the data drawn, named. `main` (a named list of
# titles by page) replaces the default titles where the plot method takes one.
study_draw <- function(x, which, main = NULL) {
  ttl <- function(key) if (is.null(main)) NULL else main[[key]]
  switch(which,
    index = {
      if (!is.null(x$index$coagg) && length(unique(x$index$values[[2L]])) > 1L) {
        list(index = plot(x$index$coagg, main = ttl("index")))
      } else {
        list(index = study_draw_index(x, ttl("index")))
      }
    },
    trend = list(trend = study_draw_trend(x, ttl("trend"))),
    groups = {
      g <- x$index$groups
      draw_series(g$time, g$estimate, g$group, ylab = "E-G gamma", xlab = "period",
                  main = if (is.null(ttl("groups"))) "E-G index of the two groups" else ttl("groups"),
                  hline = 0, legend_title = "group")
      list(groups = data.frame(group = g$group, time = g$time, estimate = g$estimate,
                               stringsAsFactors = FALSE))
    },
    unitroot = {
      out <- list()
      if (!is.null(x$unitroot$index$first)) {
        out$unitroot_index <- plot(x$unitroot$index$first, main = ttl("unitroot_index"))
      }
      if (!is.null(x$unitroot$covariates$first)) {
        out$unitroot_covariates <- plot(x$unitroot$covariates$first,
                                        main = ttl("unitroot_covariates"))
      }
      out
    },
    cd = list(cd = plot(x$cd$index)),
    hausman = list(hausman = plot(x$hausman$classical, main = ttl("hausman"))),
    coefficients = list(coefficients = plot(x$models$chosen, main = ttl("coefficients"))),
    effects = list(effects = study_draw_effects(x, ttl("effects"))),
    audit = list(audit = plot(x$audit$coefficients, main = ttl("audit"))))
}

# The index as a heat map (a given index, or a single period: a ranked dot
# plot), drawn as plot.eg_coagg() draws it.
study_draw_index <- function(x, main) {
  v <- x$index$values
  reg <- as.character(v[[1L]])
  tl <- sort(unique(v[[2L]]))
  if (is.null(main)) main <- "Co-agglomeration index by region and period"
  if (length(tl) == 1L) {
    d <- data.frame(region = reg, time = v[[2L]], estimate = v[[3L]], stringsAsFactors = FALSE)
    d <- d[order(-d$estimate), , drop = FALSE]
    draw_intervals(d$region, d$estimate, ref = NULL, main = main, xlab = "index")
    return(invisible(d))
  }
  means <- tapply(v[[3L]], reg, mean, na.rm = TRUE)
  keep <- utils::head(names(sort(means, decreasing = TRUE)), 60L)
  m <- matrix(NA_real_, length(keep), length(tl), dimnames = list(keep, as.character(tl)))
  sel <- reg %in% keep
  m[cbind(match(reg[sel], keep), match(v[[2L]][sel], tl))] <- v[[3L]][sel]
  draw_heatmap(m, main = main, xlab = "period", legend_title = "index")
  data.frame(region = rep(keep, times = length(tl)), time = rep(tl, each = length(keep)),
             estimate = as.vector(m), stringsAsFactors = FALSE)
}

# The index over time: each region (at most 12), else percentiles and mean.
study_draw_trend <- function(x, main) {
  v <- x$index$values
  v <- v[!is.na(v[[3L]]), , drop = FALSE]
  if (is.null(main)) main <- "The co-agglomeration index over time"
  regs <- unique(as.character(v[[1L]]))
  if (length(regs) <= 12L) {
    d <- data.frame(series = as.character(v[[1L]]), time = v[[2L]], estimate = v[[3L]],
                    stringsAsFactors = FALSE)
    title <- "region"
  } else {
    tl <- sort(unique(v[[2L]]))
    stat <- function(fn) vapply(tl, function(t) fn(v[[3L]][v[[2L]] == t]), 0)
    q <- function(p) function(z) unname(stats::quantile(z, p, type = 7))
    d <- data.frame(series = rep(c("90th percentile", "mean", "median", "10th percentile"),
                                 each = length(tl)),
                    time = rep(tl, 4L),
                    estimate = c(stat(q(0.9)), stat(mean), stat(q(0.5)), stat(q(0.1))),
                    stringsAsFactors = FALSE)
    title <- sprintf("%d regions", length(regs))
  }
  draw_series(d$time, d$estimate, d$series, ylab = "index", xlab = "period", main = main,
              legend_title = title)
  d
}

study_draw_effects <- function(x, main) {
  ef <- x$effects
  if (inherits(ef, "coagg_unit_effects")) return(plot(ef, main = main))
  d <- data.frame(unit = as.character(ef[[1L]]), estimate = ef$effect, stringsAsFactors = FALSE)
  d <- d[order(d$estimate), , drop = FALSE]
  if (nrow(d) > 60L) d <- d[unique(c(seq_len(30L), nrow(d) - 29:0)), , drop = FALSE]
  draw_intervals(d$unit, d$estimate, main = if (is.null(main)) "Estimated fixed effects" else main,
                 xlab = "fixed effect (no interval: estimates of the unit intercepts)")
  d
}

#' @rdname coagg_study-methods
#' @export
as.data.frame.coagg_study <- function(x, row.names = NULL, optional = FALSE, ...,
                                      what = c("panel", "index", "ranking", "coefficients",
                                               "findings")) {
  check_dots_empty(...)
  what <- check_choice(what, c("panel", "index", "ranking", "coefficients", "findings"), "what")
  switch(what, panel = x$panel, index = x$index$values, ranking = x$index$ranking,
         coefficients = coef_table(x$models$chosen), findings = study_findings(x, "en"))
}

# broom: the coefficients of the four models (pooled, fe, re with classical
# errors, and the chosen one with its errors), one row per model and term.
tidy_coagg_study <- function(x, ...) {
  ms <- x$models[c("pooled", "fe", "re", "chosen")]
  out <- do.call(rbind, lapply(names(ms), function(nm) {
    t <- tidy_coagg_panel(ms[[nm]])
    cbind(model = nm, t, stringsAsFactors = FALSE)
  }))
  rownames(out) <- NULL
  out
}

glance_coagg_study <- function(x, ...) {
  p <- function(tab, test = "cd") {
    i <- match(test, tab$test)
    if (is.na(i)) NA_real_ else tab$p_value[i]
  }
  ch <- x$choice
  data.frame(n_regions = length(unique(x$index$values[[1L]])),
             n_periods = length(unique(x$index$values[[2L]])),
             nobs = x$models$chosen$n_obs, index_mean = mean(x$index$values[[3L]], na.rm = TRUE),
             estimator = ch$estimator, vcov = ch$vcov, f_p.value = x$effects_test$p_value,
             hausman_p.value = x$hausman$classical$p_value,
             hausman_robust_p.value = x$hausman$robust$p_value,
             cd_index_p.value = p(x$cd$index), cd_residuals_p.value = p(x$cd$residuals),
             n_notes = length(x$notes), simulated = any(x$settings$simulated),
             stringsAsFactors = FALSE)
}
