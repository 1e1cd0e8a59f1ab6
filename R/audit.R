# Internal-consistency audit of published coefficient tables and test lines,
# in the spirit of the statcheck package (Nuijten et al. 2016) for psychology.

#' Audit a published coefficient table for internal consistency
#'
#' From whichever of estimate, standard error, t statistic and p-value a
#' table prints, `audit_coef_table()` recomputes the others under the stated
#' degrees of freedom and checks whether the printed numbers can be true
#' together, allowing for the rounding of what was printed. It is a check of
#' arithmetic, not of the model: a table can pass and still be wrong, but a
#' table that fails cannot be right as printed.
#'
#' @md
#' @details
#' \strong{Rounding.} A value printed with \eqn{d} decimals stands for any
#' number within \eqn{\pm 0.5 \times 10^{-d}}{+/- 0.5 * 10^-d} of it. Give
#' the printed columns as character strings (`"0.02410"`) to keep their
#' exact number of decimals; numeric input loses trailing zeros, and the
#' decimals are then inferred from the shortest representation (a more
#' lenient interval), unless `digits` says otherwise.
#'
#' \strong{Checks.} With \eqn{b} the estimate, \eqn{s} the standard error,
#' \eqn{t} the statistic and \eqn{p} the p-value:
#' \itemize{
#'   \item t against b / s: the printed \eqn{t} must lie in the range of
#'     \eqn{b/s} over the rounding intervals of \eqn{b} and \eqn{s};
#'   \item p against t: the printed \eqn{p} must lie in the range of the
#'     two-sided \eqn{p = 2 P(T_{df} > |t|)}{p = 2 P(T_df > |t|)} over the
#'     rounding interval of \eqn{t} (or of \eqn{b/s} when no t is printed);
#'     \eqn{T_{df}}{T_df} is Student's t, the standard normal when
#'     `df = Inf`. The one-sided p is checked too, so that a table that
#'     silently reports one-sided p-values is recognised as such;
#'   \item stars against p: with `stars` given, the number of stars must
#'     match the printed p under `star_levels` (and is also compared with
#'     the recomputed p).
#' }
#' When a printed p disagrees, the audit looks for the usual slips and names
#' the first that fits: a one-sided p, a decimal shift (the printed p is the
#' recomputed p divided or multiplied by 10 or 100), the p of another row
#' repeated, or a p computed under the normal rather than the t distribution
#' (or the reverse).
#'
#' @param estimate numeric or character vector: the printed coefficients.
#' @param std_error,statistic,p_value optional vectors of the same length as
#'   `estimate`: printed standard errors, t (or z) statistics and p-values.
#'   `NA` entries are skipped. At least two of the four columns, or a
#'   p-value with a statistic, are needed for anything to be checked.
#' @param df degrees of freedom of the t distribution (residual df, e.g.
#'   \eqn{NT - K} for EViews panel output); `Inf` for z statistics.
#'   A single number, or one per row.
#' @param term optional row labels.
#' @param stars optional character vector of printed significance stars
#'   (`""`, `"*"`, `"**"`, `"***"`); `NA` where the table prints none by
#'   design (often the intercept), so that row's stars are not checked.
#' @param star_levels the p thresholds of one, two and three stars.
#' @param digits optional named list or named integer vector giving the
#'   number of printed decimals for any of `estimate`, `std_error`,
#'   `statistic`, `p_value`, overriding what is inferred.
#' @param alternative `"two.sided"` (default) when the table claims
#'   two-sided p-values, `"one.sided"` when it says its p-values are one-sided.
#'
#' @return A data frame of class `coagg_audit`, one row per table row, with
#'   the printed columns, `implied_statistic` (\eqn{b/s}, or the statistic
#'   implied by p when no s is printed), `implied_std_error`,
#'   `implied_p_two_sided` and `implied_p_one_sided` (from the printed t, or
#'   \eqn{b/s}), the logical columns `statistic_ok`, `p_ok`, `stars_ok`
#'   (`NA` where nothing could be checked) and `finding`, a sentence in plain
#'   language. Attributes `settings` (`df`, the degrees of freedom of each
#'   row, `alternative`, `star_levels`) and `notes`.
#'
#' @references
#' Nuijten, M. B., Hartgerink, C. H. J., van Assen, M. A. L. M., Epskamp, S.
#' and Wicherts, J. M. (2016). The prevalence of statistical reporting errors
#' in psychology (1985-2013). \emph{Behavior Research Methods} 48, 1205-1226.
#' \doi{10.3758/s13428-015-0664-2}
#'
#' @seealso [audit_chisq()] for a printed chi-square test line (such as a
#'   Hausman test).
#' @examples
#' # Table 4 of the Zhejiang study (EViews 7.2, 66 observations, 6
#' # coefficients, so df = 60), as printed:
#' audit_coef_table(
#'   estimate  = c("0.650662", "0.501983", "0.186744", "0.025669", "0.028133", "0.187812"),
#'   statistic = c("7.234906", "1.184125", "0.332269", "0.224803", "0.050075", "0.278282"),
#'   p_value   = c("0.0000", "0.02410", "0.07408", "0.07818", "0.09602", "0.07818"),
#'   stars     = c(NA, "**", "*", "*", "*", "*"),
#'   term = c("(Intercept)", "electronic", "CBECL", "IoIAI", "Express", "BFEC"),
#'   df = 60)
#' @export
audit_coef_table <- function(estimate, std_error = NULL, statistic = NULL,
                             p_value = NULL, df = Inf, term = NULL,
                             stars = NULL, star_levels = c(0.10, 0.05, 0.01),
                             digits = NULL,
                             alternative = c("two.sided", "one.sided")) {
  alternative <- check_choice(alternative, c("two.sided", "one.sided"), "alternative")
  est <- printed_column(estimate, "estimate", NULL)
  n <- length(est$value)
  if (n < 1L) abort_input("must hold at least one coefficient.", arg = "estimate")
  se <- printed_column(std_error, "std_error", n)
  st <- printed_column(statistic, "statistic", n)
  pv <- printed_column(p_value, "p_value", n)
  if (!is.null(digits)) {
    digits <- as.list(digits)
    known <- c("estimate", "std_error", "statistic", "p_value")
    if (is.null(names(digits)) || !all(names(digits) %in% known)) {
      abort_input(sprintf("must be named with some of %s.", paste0('"', known, '"', collapse = ", ")),
                  arg = "digits")
    }
    for (nm in names(digits)) {
      check_number(digits[[nm]], paste0("digits$", nm), lower = 0, upper = 15, integer = TRUE)
    }
    set_dec <- function(col, nm) {
      if (!is.null(col) && !is.null(digits[[nm]])) col$decimals[] <- as.integer(digits[[nm]])
      col
    }
    est <- set_dec(est, "estimate"); se <- set_dec(se, "std_error")
    st <- set_dec(st, "statistic"); pv <- set_dec(pv, "p_value")
  }
  if (is.null(se) && is.null(st) && is.null(pv)) {
    abort_input("nothing to check: give at least one of `std_error`, `statistic`, `p_value`.",
                arg = "estimate")
  }
  if (!is.numeric(df) || !length(df) %in% c(1L, n) || anyNA(df) || any(df <= 0)) {
    abort_input(sprintf("must be one positive number (or Inf), or one per row (%d); got %s.",
                        n, describe(df)), arg = "df")
  }
  df <- rep_len(df, n)
  # is.atomic(): a function has length 1 too (fuzz finding)
  if (!is.null(term) && (!is.atomic(term) || length(term) != n)) {
    abort_input(sprintf("must be a vector of %d row labels, not %s.", n, describe(term)), arg = "term")
  }
  if (is.null(term)) term <- as.character(seq_len(n))
  if (!is.null(pv)) {
    bad <- which(pv$value < 0 | pv$value > 1)
    if (length(bad)) {
      abort_input(sprintf("row %d holds %s, which is not a probability.", bad[1L],
                          format(pv$value[bad[1L]])), arg = "p_value", row = bad[1L])
    }
  }
  if (!is.null(se)) {
    bad <- which(se$value < 0)
    if (length(bad)) {
      abort_input(sprintf("row %d holds a negative standard error (%s).", bad[1L],
                          format(se$value[bad[1L]])), arg = "std_error", row = bad[1L])
    }
  }
  if (!is.null(stars)) {
    if (!is.character(stars) || length(stars) != n) {
      abort_input(sprintf("must be a character vector of length %d.", n), arg = "stars")
    }
    s <- trimws(stars)
    bad <- which(!is.na(s) & !grepl("^\\**$", s))
    if (length(bad)) {
      abort_input(sprintf('row %d holds "%s"; only "", "*", "**", "***" are understood.',
                          bad[1L], s[bad[1L]]), arg = "stars", row = bad[1L])
    }
    stars <- ifelse(is.na(s), NA_integer_, nchar(s))
  }
  # anyNA() first: is.unsorted() of an NA is NA (fuzz finding)
  if (!is.numeric(star_levels) || length(star_levels) != 3L || anyNA(star_levels) ||
      is.unsorted(rev(star_levels))) {
    abort_input("must be three decreasing p thresholds, e.g. c(0.10, 0.05, 0.01).",
                arg = "star_levels")
  }

  sides <- if (alternative == "two.sided") 2 else 1
  p_of <- function(t, d, k = sides) k * stats::pt(-abs(t), d)

  out <- data.frame(term = term, estimate = est$value,
                    std_error = printed_values_or_na(se, n), statistic = printed_values_or_na(st, n),
                    p_value = printed_values_or_na(pv, n), df = df, stringsAsFactors = FALSE)
  out$implied_statistic <- NA_real_
  out$implied_std_error <- NA_real_
  out$implied_p_two_sided <- NA_real_
  out$implied_p_one_sided <- NA_real_
  out$statistic_ok <- NA
  out$p_ok <- NA
  out$stars_ok <- NA
  out$finding <- ""

  for (i in seq_len(n)) {
    notes <- character()
    e_iv <- printed_interval(est, i)
    s_iv <- if (!is.null(se)) printed_interval(se, i) else NULL
    t_iv <- if (!is.null(st)) printed_interval(st, i) else NULL
    p_iv <- if (!is.null(pv)) printed_interval(pv, i) else NULL

    # t implied by estimate / std. error, as an interval of |t|.
    ratio_iv <- NULL
    if (!is.null(e_iv) && !is.null(s_iv)) {
      # 0 / 0 (estimate and std. error both printed as zero) is no
      # statistic: NA, not NaN (fuzz finding)
      out$implied_statistic[i] <- if (se$value[i] > 0 || est$value[i] != 0)
        est$value[i] / se$value[i] else NA_real_
      ratio_iv <- ratio_interval_abs(e_iv, s_iv)
      if (!is.null(t_iv)) {
        ok <- intervals_overlap(ratio_iv, abs_printed_interval(t_iv))
        sign_ok <- sign(est$value[i]) == sign(st$value[i]) || est$value[i] == 0 ||
          st$value[i] == 0
        out$statistic_ok[i] <- ok && sign_ok
        if (!sign_ok) {
          notes <- c(notes, "the t statistic has the opposite sign to the estimate")
        } else if (!ok) {
          notes <- c(notes, sprintf("t = %s, but estimate / std. error = %s",
                                    st$text[i], audit_format_stat(out$implied_statistic[i])))
        }
      }
    }
    if (!is.null(e_iv) && !is.null(t_iv) && is.null(s_iv) && st$value[i] != 0) {
      out$implied_std_error[i] <- est$value[i] / st$value[i]
    }

    # p implied by the printed t (preferred) or by estimate / std. error.
    t_use <- if (!is.null(t_iv)) abs_printed_interval(t_iv) else ratio_iv
    t_point <- if (!is.null(t_iv)) st$value[i] else out$implied_statistic[i]
    if (!is.null(t_use)) {
      out$implied_p_two_sided[i] <- 2 * stats::pt(-abs(t_point), df[i])
      out$implied_p_one_sided[i] <- stats::pt(-abs(t_point), df[i])
      if (!is.null(p_iv)) {
        p_rng <- c(p_of(t_use[2L], df[i]), p_of(t_use[1L], df[i]))
        ok <- intervals_overlap(p_rng, p_iv)
        out$p_ok[i] <- ok
        if (!ok) {
          notes <- c(notes, sprintf("printed p = %s, but t = %s on %s df gives p = %s%s",
                                    pv$text[i], audit_format_stat(t_point), audit_format_df(df[i]),
                                    audit_format_p(p_of(t_point, df[i])),
                                    if (sides == 2) " (two-sided)" else " (one-sided)"))
          notes <- c(notes, diagnose_printed_p(i, t_use, df[i], p_iv, pv, sides, term))
        }
      }
    } else if (!is.null(p_iv) && !is.null(e_iv) && pv$value[i] > 0) {
      # Only estimate and p: report the implied statistic and standard error.
      tt <- stats::qt(1 - pv$value[i] / sides, df[i])
      # a one-sided p of 1 gives t = -Inf, and 0 * -Inf is NaN (fuzz finding)
      out$implied_statistic[i] <- if (is.finite(tt)) sign(est$value[i]) * tt else NA_real_
      # p = 1 gives t = 0: no standard error follows (fuzz finding)
      out$implied_std_error[i] <- if (tt > 0) abs(est$value[i]) / tt else NA_real_
    }

    if (!is.null(stars) && !is.na(stars[i]) && !is.null(p_iv)) {
      want <- sum(pv$value[i] < star_levels)
      out$stars_ok[i] <- stars[i] == want
      if (stars[i] != want) {
        notes <- c(notes, sprintf("%d star%s printed, but p = %s earns %d",
                                  stars[i], if (stars[i] == 1L) "" else "s", pv$text[i], want))
      }
      if (!is.na(out$p_ok[i]) && !out$p_ok[i]) {
        p_true <- p_of(t_point, df[i])
        earned <- sum(p_true < star_levels)
        if (earned != stars[i]) {
          notes <- c(notes, sprintf("the recomputed p = %s earns %d star%s, not %d",
                                    audit_format_p(p_true), earned, if (earned == 1L) "" else "s",
                                    stars[i]))
        }
      }
    }
    checked <- !is.na(c(out$statistic_ok[i], out$p_ok[i], out$stars_ok[i]))
    out$finding[i] <- if (length(notes)) {
      paste0(toupper(substring(notes[1L], 1L, 1L)), substring(paste(notes, collapse = "; "), 2L), ".")
    } else if (any(checked)) {
      "Consistent within the printed rounding."
    } else {
      "Nothing could be checked on this row."
    }
  }
  structure(out, class = c("coagg_audit", "data.frame"), notes = character(),
            settings = list(df = df, alternative = alternative, star_levels = star_levels))
}

#' @export
print.coagg_audit <- function(x, ...) {
  st <- attr(x, "settings")
  d <- unique(st$df)
  cat("Audit of a coefficient table (", if (st$alternative == "two.sided")
    "two-sided" else "one-sided", " p-values, df = ",
    paste(vapply(d, audit_format_df, ""), collapse = ", "), ")\n\n", sep = "")
  show <- data.frame(term = x$term, estimate = x$estimate,
                     std_error = x$std_error, statistic = x$statistic,
                     p_value = x$p_value, implied_p = signif(x$implied_p_two_sided, 4),
                     check.names = FALSE)
  if (st$alternative == "one.sided") show$implied_p <- signif(x$implied_p_one_sided, 4)
  show$verdict <- ifelse(is.na(x$statistic_ok) & is.na(x$p_ok) & is.na(x$stars_ok), "-",
                         ifelse(x$statistic_ok %in% FALSE | x$p_ok %in% FALSE |
                                  x$stars_ok %in% FALSE, "INCONSISTENT", "ok"))
  keep <- vapply(show, function(v) !all(is.na(v)), TRUE)
  print(show[, keep, drop = FALSE], row.names = FALSE)
  bad <- which(show$verdict == "INCONSISTENT")
  cat("\n")
  if (!length(bad)) {
    cat("Every checked number is consistent with the others within the printed rounding.\n")
  } else {
    cat(sprintf("%d of %d rows cannot be right as printed:\n", length(bad), nrow(x)))
    for (i in bad) cat(strwrap(sprintf("%s: %s", x$term[i], x$finding[i]),
                               indent = 2, exdent = 4), sep = "\n")
  }
  invisible(x)
}

#' Audit a printed chi-square test line
#'
#' Checks a printed chi-square statistic against its printed p-value, such as
#' the Hausman test line of a panel study: which degrees of freedom, if any,
#' reproduce the printed p within its rounding, and what p the statistic has
#' at the degrees of freedom the test should have had.
#'
#' @md
#' @details The p-value of a statistic \eqn{q} on \eqn{k} degrees of freedom
#' is \eqn{P(\chi^2_k > q)}. For each whole \eqn{k} from 1 to `max_df` the
#' audit computes that p over the rounding interval of \eqn{q} and keeps the
#' \eqn{k} whose range meets the rounding interval of the printed p. It also
#' reports the (generally fractional) \eqn{k} that reproduces the printed p
#' exactly. For the Hausman test \eqn{k} is the number of coefficients
#' compared, i.e. the slopes of regressors that vary within units.
#'
#' @param statistic the printed statistic (numeric, or character to keep its
#'   printed decimals).
#' @param p_value the printed p-value (numeric or character).
#' @param df optional: the degrees of freedom the test should have (e.g. the
#'   number of time-varying regressors in a Hausman test).
#' @param max_df largest whole df to try.
#' @param level significance level used in the plain-language conclusion.
#' @return A list of class `coagg_chisq_audit`: the printed values,
#'   `matching_df` (whole df that reproduce the printed p, possibly empty),
#'   `exact_df` (the real df that gives the printed p exactly, `NA` when none
#'   does), `df`, `p_at_df` (p at the stated df), and `finding` (sentences).
#' @examples
#' # The Hausman line of the Zhejiang study: chi2 = 12.0105, p = 0.0853,
#' # five time-varying regressors.
#' audit_chisq("12.0105", "0.0853", df = 5)
#' @seealso [audit_coef_table()]
#' @export
audit_chisq <- function(statistic, p_value, df = NULL, max_df = 50, level = 0.05) {
  st <- printed_column(statistic, "statistic", NULL)
  pv <- printed_column(p_value, "p_value", NULL)
  if (length(st$value) != 1L) abort_input("must be a single number.", arg = "statistic")
  if (length(pv$value) != 1L) abort_input("must be a single number.", arg = "p_value")
  # a blank (NA) value would reach the comparisons below as NA (fuzz finding)
  if (is.na(st$value)) abort_input("is missing (NA); give the printed statistic.", arg = "statistic")
  if (is.na(pv$value)) abort_input("is missing (NA); give the printed p-value.", arg = "p_value")
  if (st$value < 0) abort_input("must be non-negative.", arg = "statistic")
  if (pv$value < 0 || pv$value > 1) abort_input("must lie in [0, 1].", arg = "p_value")
  check_number(df, "df", lower = 0, null_ok = TRUE, inclusive = FALSE)
  check_number(max_df, "max_df", lower = 1, upper = 1e4, integer = TRUE)
  check_number(level, "level", lower = 0, upper = 1, inclusive = FALSE)
  q_iv <- printed_interval(st, 1L)
  p_iv <- printed_interval(pv, 1L)
  ks <- seq_len(max_df)
  hit <- vapply(ks, function(k) {
    rng <- c(stats::pchisq(q_iv[2L], k, lower.tail = FALSE),
             stats::pchisq(q_iv[1L], k, lower.tail = FALSE))
    intervals_overlap(rng, p_iv)
  }, TRUE)
  f <- function(k) stats::pchisq(st$value, k, lower.tail = FALSE) - pv$value
  exact <- if (pv$value > 0 && pv$value < 1 && st$value > 0) {
    tryCatch(stats::uniroot(f, c(1e-6, max(200, 2 * max_df)), tol = 1e-10)$root,
             error = function(e) NA_real_)
  } else NA_real_
  p_at <- if (!is.null(df)) stats::pchisq(st$value, df, lower.tail = FALSE) else NA_real_
  finding <- if (any(hit)) {
    sprintf("The printed p = %s follows from chi2 = %s on %s df.", pv$text, st$text,
            paste(ks[hit], collapse = " or "))
  } else {
    sprintf("No whole number of degrees of freedom from 1 to %d turns chi2 = %s into the printed p = %s%s.",
            max_df, st$text, pv$text,
            if (!is.na(exact)) sprintf(" (it would take %.2f df)", exact) else "")
  }
  if (!is.null(df)) {
    finding <- c(finding, sprintf(
      "At the stated %s df, chi2 = %s gives p = %s, which %s the null hypothesis at the %s level.",
      audit_format_df(df), st$text, audit_format_p(p_at), if (p_at < level) "rejects" else "does not reject",
      format(level)))
    if (!any(hit) || !df %in% ks[hit]) {
      if ((p_at < level) != (pv$value < level)) {
        finding <- c(finding, "The printed p and the recomputed p lead to opposite decisions.")
      }
    }
  }
  structure(list(statistic = st$value, p_value = pv$value, statistic_text = st$text,
                 p_value_text = pv$text, matching_df = ks[hit], exact_df = exact,
                 df = df, p_at_df = p_at, level = level, finding = finding),
            class = "coagg_chisq_audit")
}

#' @export
print.coagg_chisq_audit <- function(x, ...) {
  cat("Audit of a chi-square test line: chi2 = ", x$statistic_text, ", p = ",
      x$p_value_text, "\n", sep = "")
  cat("  whole df reproducing the printed p: ",
      if (length(x$matching_df)) paste(x$matching_df, collapse = ", ") else "none", "\n",
      sep = "")
  if (!is.na(x$exact_df)) cat(sprintf("  df giving the printed p exactly: %.3f\n", x$exact_df))
  if (!is.null(x$df)) cat(sprintf("  p at the stated df (%s): %s\n", audit_format_df(x$df), audit_format_p(x$p_at_df)))
  cat("\n")
  cat(strwrap(paste(x$finding, collapse = " "), indent = 0), sep = "\n")
  invisible(x)
}

# ---------------------------------------------------------------------------
# internals
# ---------------------------------------------------------------------------

# A printed column: numeric values, their text and their printed decimals.
printed_column <- function(x, arg, n) {
  if (is.null(x)) return(NULL)
  if (is.factor(x)) x <- as.character(x)
  # is.na() only on a logical vector: on a function it warns (fuzz finding)
  if (!is.numeric(x) && !is.character(x) && !(is.logical(x) && all(is.na(x)))) {
    abort_input(sprintf("must be numeric or character, not %s.", class(x)[1L]), arg = arg)
  }
  if (!is.null(n) && length(x) != n) {
    abort_input(sprintf("has length %d; `estimate` has %d.", length(x), n), arg = arg)
  }
  if (is.character(x) || (is.logical(x) && all(is.na(x)))) {
    txt <- trimws(as.character(x))
    txt <- gsub("[[:space:]\u00a0]", "", txt)     # "0.511 9" as printed in Chinese journals
    txt <- gsub("\u2212|\uff0d", "-", txt)         # typographic minus signs
    txt[txt %in% c("", "NA", "-", "\u2014")] <- NA
    val <- suppressWarnings(as.numeric(txt))
    # "Inf" parses as a number but is not one a table prints (fuzz finding)
    bad <- which(!is.na(txt) & !is.finite(val))
    if (length(bad)) {
      abort_input(sprintf('row %d holds "%s", which is not a number.', bad[1L], x[bad[1L]]),
                  arg = arg, row = bad[1L])
    }
    dec <- ifelse(is.na(txt), NA_integer_,
                  ifelse(grepl("\\.", txt), nchar(sub("^[^.]*\\.", "", sub("[eE].*$", "", txt))), 0L))
    exp10 <- ifelse(grepl("[eE]", txt), as.integer(sub("^.*[eE]", "", txt)), 0L)
    dec <- as.integer(dec - exp10)
  } else {
    val <- as.double(x)
    # NaN is no printed number either (is.na() is TRUE for it; fuzz finding)
    if (any(is.nan(val) | (!is.finite(val) & !is.na(val)))) {
      row <- which(is.nan(val) | (!is.finite(val) & !is.na(val)))[1L]
      abort_input(sprintf("row %d is not finite.", row), arg = arg, row = row)
    }
    txt <- ifelse(is.na(val), NA_character_, shortest_printed_text(val))
    dec <- vapply(val, printed_decimals, 0L)
  }
  list(value = val, text = txt, decimals = dec)
}

shortest_printed_text <- function(v) vapply(v, function(z) {
  if (is.na(z)) return(NA_character_) # a blank cell of a numeric column (fuzz finding)
  for (d in 1:15) {
    s <- formatC(z, digits = d, format = "g")
    if (as.numeric(s) == z) return(format(as.numeric(s), scientific = FALSE, digits = d))
  }
  format(z, digits = 15)
}, "")

printed_decimals <- function(z) {
  if (is.na(z)) return(NA_integer_)
  for (d in 0:15) if (abs(round(z, d) - z) <= 1e-12 * max(1, abs(z))) return(as.integer(d))
  15L
}

printed_interval <- function(col, i) {
  v <- col$value[i]
  if (is.na(v)) return(NULL)
  h <- 0.5 * 10^(-col$decimals[i])
  c(v - h, v + h)
}

printed_values_or_na <- function(col, n) if (is.null(col)) rep(NA_real_, n) else col$value

abs_printed_interval <- function(iv) {
  if (iv[1L] <= 0 && iv[2L] >= 0) c(0, max(abs(iv))) else sort(abs(iv))
}

# Range of |e / s| for e and s in their intervals (s > 0 assumed possible).
ratio_interval_abs <- function(e_iv, s_iv) {
  ea <- abs_printed_interval(e_iv)
  s_lo <- max(s_iv[1L], 0)
  hi <- if (s_lo <= 0) Inf else ea[2L] / s_lo
  c(ea[1L] / s_iv[2L], hi)
}

intervals_overlap <- function(a, b, eps = 1e-12) {
  a[1L] <= b[2L] + eps && b[1L] <= a[2L] + eps
}

# Name the slip that turns the recomputed p into the printed one.
diagnose_printed_p <- function(i, t_use, d, p_iv, pv, sides, term) {
  p_two <- c(2 * stats::pt(-t_use[2L], d), 2 * stats::pt(-t_use[1L], d))
  p_one <- p_two / 2
  if (sides == 2 && intervals_overlap(p_one, p_iv)) {
    return("it matches the one-sided p-value")
  }
  if (sides == 1 && intervals_overlap(p_two, p_iv)) {
    return("it matches the two-sided p-value")
  }
  base <- if (sides == 2) p_two else p_one
  for (f in c(10, 100)) {
    if (intervals_overlap(base / f, p_iv)) return(sprintf("it equals the recomputed p divided by %d (a decimal shift)", f))
    if (intervals_overlap(base * f, p_iv)) return(sprintf("it equals the recomputed p times %d (a decimal shift)", f))
  }
  alt_d <- if (is.finite(d)) Inf else NA
  if (!is.na(alt_d)) {
    p_norm <- sides * c(stats::pnorm(-t_use[2L]), stats::pnorm(-t_use[1L]))
    if (intervals_overlap(p_norm, p_iv)) return("it matches the normal (z) p-value instead of Student's t")
  }
  others <- setdiff(which(!is.na(pv$value) & pv$value == pv$value[i]), i)
  if (length(others)) {
    return(sprintf("the same p is printed for %s", paste(term[others], collapse = ", ")))
  }
  character()
}

audit_format_stat <- function(x) formatC(x, digits = 6, format = "g")
audit_format_p <- function(p) if (is.na(p)) "NA" else if (p < 1e-4) format(signif(p, 3), scientific = TRUE) else
  formatC(p, digits = 4, format = "f")
audit_format_df <- function(d) if (is.infinite(d)) "Inf (normal)" else format(d)

# ---------------------------------------------------------------------------
# plot, tidy, glance
# ---------------------------------------------------------------------------

#' Plot, tidy and glance for audits of published tables
#'
#' `plot()` of an [audit_coef_table()] result draws, for each row, the
#' printed p-value beside the p-value recomputed from the printed statistic
#' (or estimate and standard error) under the stated degrees of freedom,
#' with the usual star thresholds as dashed lines; rows that cannot be right
#' as printed are shaded. `plot()` of an [audit_chisq()] result draws the
#' p-value of the printed statistic on each whole number of degrees of
#' freedom, the printed p-value as a line, and marks the degrees of freedom
#' that reproduce it and the stated ones.
#'
#' @md
#' @param x a result of [audit_coef_table()] or [audit_chisq()].
#' @param main plot title (a default is made).
#' @param ... must be empty.
#' @return `plot()`: the data it drew, invisibly: for a coefficient table
#'   `term`, `which` (`"printed"` or `"recomputed"`), `p_value`,
#'   `consistent`; for a chi-square line `df`, `p_value`, `matches`
#'   (reproduces the printed p within its rounding), `stated`. `tidy()`
#'   (broom) gives the audit's rows as a plain data frame (`p.value` the
#'   printed p-value); `glance()` one row with the counts of rows checked
#'   and found inconsistent (for a chi-square line: the statistic, the
#'   printed p, the matching and stated degrees of freedom).
#' @seealso [audit_coef_table()], [audit_chisq()]
#' @examples
#' a <- audit_coef_table(c("0.650662", "0.501983"), statistic = c("7.234906", "1.184125"),
#'                       p_value = c("0.0000", "0.02410"), df = 60,
#'                       term = c("(Intercept)", "electronic"))
#' plot(a)
#' plot(audit_chisq("12.0105", "0.0853", df = 5))
#' @name plot.coagg_audit
#' @export
plot.coagg_audit <- function(x, main = NULL, ...) {
  check_dots_empty(..., foreign = plot_foreign)
  st <- attr(x, "settings")
  implied <- if (identical(st$alternative, "one.sided")) x$implied_p_one_sided else
    x$implied_p_two_sided
  bad <- x$statistic_ok %in% FALSE | x$p_ok %in% FALSE | x$stars_ok %in% FALSE
  term <- if (is.null(x$term) || all(is.na(x$term))) as.character(seq_len(nrow(x))) else
    as.character(x$term)
  d <- data.frame(term = rep(term, each = 2L), which = rep(c("printed", "recomputed"), nrow(x)),
                  p_value = as.vector(rbind(x$p_value, implied)),
                  consistent = rep(!bad, each = 2L), stringsAsFactors = FALSE)
  if (all(is.na(d$p_value))) abort_input("the audit has no p-value to plot.", arg = "x")
  lv <- st$star_levels
  if (is.null(main)) {
    main <- sprintf("Printed and recomputed p-values (df = %s); shaded: inconsistent",
                    paste(vapply(unique(st$df), audit_format_df, ""), collapse = ", "))
  }
  draw_intervals(d$term, d$p_value, group = d$which, main = main, ref = lv,
                 xlab = sprintf("p-value (dashed: %s)", paste(format(sort(lv)), collapse = ", ")),
                 highlight = unique(term[bad]))
  invisible(d)
}

#' @rdname plot.coagg_audit
#' @export
plot.coagg_chisq_audit <- function(x, main = NULL, ...) {
  check_dots_empty(..., foreign = plot_foreign)
  top <- max(10L, x$matching_df, if (!is.null(x$df)) ceiling(x$df) else 0L, na.rm = TRUE)
  top <- min(top + 2L, 60L)
  d <- data.frame(df = seq_len(top),
                  p_value = stats::pchisq(x$statistic, seq_len(top), lower.tail = FALSE))
  d$matches <- d$df %in% x$matching_df
  d$stated <- if (is.null(x$df)) FALSE else d$df == x$df
  op <- graphics::par(mar = c(4.2, 4.2, 3.2, 1.2))
  on.exit(graphics::par(op))
  cols <- ifelse(d$matches, verdict_colours[["ok"]], "grey55")
  graphics::plot(d$df, d$p_value, type = "b", pch = 19, col = cols, las = 1, cex.axis = 0.8,
                 ylim = c(0, max(d$p_value, x$p_value) * 1.05), xlab = "degrees of freedom",
                 ylab = sprintf("p-value of chi2 = %s", x$statistic_text), cex.main = 1,
                 main = if (is.null(main)) sprintf("Chi-square line: chi2 = %s, printed p = %s",
                                                    x$statistic_text, x$p_value_text) else main)
  graphics::abline(h = x$p_value, lty = 2, col = verdict_colours[["inconsistent"]])
  if (any(d$stated)) {
    graphics::points(d$df[d$stated], d$p_value[d$stated], pch = 1, cex = 2.2, lwd = 1.5)
  }
  graphics::legend("topleft", bty = "n", cex = 0.8,
                   legend = c("printed p", "df reproducing it", if (any(d$stated)) "stated df"),
                   lty = c(2, NA, NA)[seq_len(2L + any(d$stated))],
                   pch = c(NA, 19, 1)[seq_len(2L + any(d$stated))],
                   col = c(verdict_colours[["inconsistent"]], verdict_colours[["ok"]],
                           "black")[seq_len(2L + any(d$stated))])
  invisible(d)
}

tidy_coagg_audit <- function(x, ...) broom_frame(x)

glance_coagg_audit <- function(x, ...) {
  checked <- !is.na(x$statistic_ok) | !is.na(x$p_ok) | !is.na(x$stars_ok)
  bad <- x$statistic_ok %in% FALSE | x$p_ok %in% FALSE | x$stars_ok %in% FALSE
  data.frame(n_rows = nrow(x), n_checked = sum(checked), n_inconsistent = sum(bad),
             alternative = attr(x, "settings")$alternative, stringsAsFactors = FALSE)
}

tidy_coagg_chisq_audit <- function(x, ...) {
  data.frame(statistic = x$statistic, p.value = x$p_value,
             matching_df = paste(x$matching_df, collapse = ", "), exact_df = x$exact_df,
             df = if (is.null(x$df)) NA_real_ else x$df, p_at_df = x$p_at_df,
             stringsAsFactors = FALSE)
}

glance_coagg_chisq_audit <- function(x, ...) tidy_coagg_chisq_audit(x)
