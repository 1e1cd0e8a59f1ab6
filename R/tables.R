# Tables for papers: several panel models side by side (model_table()) and
# a unit-root battery in the layout papers print (unitroot_table()), as a
# data frame of formatted cells (class coagg_table) rendered to plain text,
# Markdown, LaTeX and HTML, and saved by file extension (Word through
# pandoc). English or Chinese headings.

# ---------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------

# The headings and notes of the tables in English and Chinese (escaped so
# that the R code stays ASCII).
table_words <- list(
  en = c(
    variable = "Variable", constant = "Constant", estimator = "Estimator",
    within = "Fixed effects", random = "Random effects", pooling = "Pooled OLS",
    twoways = "Fixed effects (unit and period)",
    nobs = "Observations", units = "Units", periods = "Periods",
    r2 = "R-squared", r2_lsdv = "R-squared (dummy variables)",
    r2_weighted = "R-squared (weighted)", r2_unweighted = "R-squared (unweighted)",
    r2_within = "R-squared (within)", r2_between = "R-squared (between)",
    r2_overall = "R-squared (overall)", adj_r2 = "Adj. R-squared",
    f = "F statistic", wald = "Wald chi2", hausman = "Hausman test chi2",
    se_note = "Standard errors in parentheses.",
    t_note = "t statistics (z for models with normal inference) in parentheses.",
    p_note = "p-values in parentheses.",
    convention = "Convention", covariance = "coefficient covariance",
    classical = "classical", cluster = "cluster-robust by unit (CR1)",
    normal = "normal", hausman_note = "Hausman test (%s): chi2(%d) = %s, p = %s.",
    form = "Form", level = "Level", difference = "First difference", verdict = "Verdict",
    stationary = "stationary", unit_root = "unit root", undetermined = "undetermined",
    ur_cell_sp = "Statistic with p-value in parentheses.", ur_cell_s = "Statistic.",
    ur_cell_p = "p-values.", hadri = "Hadri: null of stationarity (a rejection is evidence of a unit root).",
    ur_verdict = "Verdict: stationary when at least %d of %d tests support it at the %s%% level.",
    ur_bracket = paste("CIPS, CIPS*: no p-value is computed; the parentheses give the bracket",
                       "of Pesaran's (2007) tabulated levels its p-value lies in."),
    stars = "%s."),
  zh = c(
    variable = "\u53d8\u91cf", constant = "\u5e38\u6570\u9879",
    estimator = "\u4f30\u8ba1\u65b9\u6cd5", within = "\u56fa\u5b9a\u6548\u5e94",
    random = "\u968f\u673a\u6548\u5e94", pooling = "\u6df7\u5408OLS",
    twoways = "\u53cc\u5411\u56fa\u5b9a\u6548\u5e94",
    nobs = "\u89c2\u6d4b\u503c", units = "\u622a\u9762\u4e2a\u6570",
    periods = "\u65f6\u671f\u6570", r2 = "R\u00b2", r2_lsdv = "R\u00b2\uff08LSDV\uff09",
    r2_weighted = "\u52a0\u6743R\u00b2", r2_unweighted = "\u672a\u52a0\u6743R\u00b2",
    r2_within = "\u7ec4\u5185R\u00b2", r2_between = "\u7ec4\u95f4R\u00b2",
    r2_overall = "\u603b\u4f53R\u00b2", adj_r2 = "\u8c03\u6574R\u00b2",
    f = "F\u7edf\u8ba1\u91cf", wald = "Wald\u5361\u65b9", hausman = "Hausman\u68c0\u9a8c\u5361\u65b9",
    se_note = "\u62ec\u53f7\u5185\u4e3a\u6807\u51c6\u8bef\u3002",
    t_note = "\u62ec\u53f7\u5185\u4e3at\u503c\uff08\u6b63\u6001\u63a8\u65ad\u7684\u6a21\u578b\u4e3az\u503c\uff09\u3002",
    p_note = "\u62ec\u53f7\u5185\u4e3ap\u503c\u3002",
    convention = "\u53e3\u5f84", covariance = "\u7cfb\u6570\u534f\u65b9\u5dee",
    classical = "\u7ecf\u5178", cluster = "\u6309\u4e2a\u4f53\u805a\u7c7b\u7a33\u5065\uff08CR1\uff09",
    normal = "\u6b63\u6001",
    hausman_note = "Hausman\u68c0\u9a8c\uff08%s\uff09\uff1a\u03c7\u00b2(%d) = %s\uff0cp = %s\u3002",
    form = "\u5f62\u5f0f", level = "\u6c34\u5e73\u503c", difference = "\u4e00\u9636\u5dee\u5206",
    verdict = "\u7ed3\u8bba", stationary = "\u5e73\u7a33", unit_root = "\u975e\u5e73\u7a33",
    undetermined = "\u4e0d\u786e\u5b9a",
    ur_cell_sp = "\u5355\u5143\u683c\u4e3a\u7edf\u8ba1\u91cf\uff0c\u62ec\u53f7\u5185\u4e3ap\u503c\u3002",
    ur_cell_s = "\u5355\u5143\u683c\u4e3a\u7edf\u8ba1\u91cf\u3002",
    ur_cell_p = "\u5355\u5143\u683c\u4e3ap\u503c\u3002",
    hadri = "Hadri\u68c0\u9a8c\u7684\u539f\u5047\u8bbe\u4e3a\u5e73\u7a33\u3002",
    ur_verdict = "\u7ed3\u8bba\uff1a\u81f3\u5c11%d\u4e2a\uff08\u5171%d\u4e2a\uff09\u68c0\u9a8c\u5728%s%%\u6c34\u5e73\u4e0a\u652f\u6301\u5e73\u7a33\u65f6\u5224\u4e3a\u5e73\u7a33\u3002",
    ur_bracket = "CIPS\u3001CIPS*\u4e0d\u8ba1\u7b97p\u503c\uff0c\u62ec\u53f7\u5185\u4e3aPesaran\uff082007\uff09\u4e34\u754c\u503c\u8868\u7ed9\u51fa\u7684p\u503c\u533a\u95f4\u3002",
    stars = "%s\u3002"))

words <- function(lang) table_words[[lang]]

# The star legend in the table's language.
stars_note <- function(levels, lang) {
  if (lang == "en") return(paste0(stars_legend(levels), "."))
  lv <- sort(levels)
  pct <- paste0(format(100 * lv, trim = TRUE, drop0trailing = TRUE), "%")
  paste0(paste(strrep("*", rev(seq_along(lv))), collapse = "\u3001"),
         "\u5206\u522b\u8868\u793a\u5728", paste(pct, collapse = "\u3001"),
         "\u7684\u6c34\u5e73\u4e0a\u663e\u8457\u3002")
}

# ---------------------------------------------------------------------------
# model_table()
# ---------------------------------------------------------------------------

#' Regression table of several panel models, for papers
#'
#' Lays fitted panel models side by side, as Stata's `esttab` and fixest's
#' `etable()` do: coefficients with stars, their standard errors (or t / z
#' statistics, or p-values) in parentheses, the numbers of observations,
#' units and periods, the R-squared of the right kind for each model, the
#' overall test of the slopes, and optionally the Hausman test; the
#' convention and coefficient covariance of each model go into the notes.
#' The numbers are those `summary()` prints (and `glance()` returns) under
#' each model's convention.
#'
#' @md
#' @details
#' **R-squared.** Each model reports the R-squared its convention's program
#' prints: fixed effects under EViews the dummy-variable regression's
#' R-squared and the within R-squared, under plm the within R-squared, under
#' Stata within, between and overall; random effects under EViews the
#' weighted (quasi-demeaned) and unweighted R-squared, under plm its
#' R-squared, under Stata within, between and overall; pooled OLS its
#' R-squared. Each kind has its own row, so that no row mixes kinds.
#'
#' **Tests.** The F statistic (EViews' R-squared form for fixed effects and
#' random effects; the Wald form of the slopes for plm and Stata) or the
#' Wald chi-square (random effects under plm and Stata), with stars from its
#' p-value. `hausman`: a [hausman_test()] result; its statistic (with the
#' p-value in parentheses) is written in the column of the random-effects
#' model whose estimates it compared, and always in the notes.
#'
#' **Rendering.** `format(x, format = )` gives the lines of the table as
#' plain text (what `print()` shows), Markdown (pipe table), LaTeX
#' (`booktabs` rules: add `\usepackage{booktabs}` to the preamble; Chinese
#' text needs a CJK setup such as `ctex`) or HTML; [save_table()] writes it
#' to a file chosen by its extension, Word (`.docx`) through pandoc.
#' Tables made for other tools: `modelsummary::modelsummary()` reads the
#' models through their `tidy()` and `glance()` methods, and
#' `texreg::texreg()` through the `extract()` method registered when texreg
#' is loaded; `stargazer` cannot be extended to new classes.
#'
#' @param ... the models (from [panel_fe()], [panel_re()], [panel_pooled()]),
#'   named to name their columns, or one list of them.
#' @param statistic what goes in parentheses under each estimate:
#'   `"std_error"` (default), `"statistic"` (t or z, as the summary) or
#'   `"p_value"`.
#' @param stars add significance stars to the estimates.
#' @param star_levels p-value thresholds of one, two and three stars.
#' @param digits decimals of the estimates and their parenthesised numbers.
#' @param hausman optional: a [hausman_test()] result to report.
#' @param coef_labels optional named character vector: labels of the terms
#'   (`c(x1 = "log GDP")`); the terms it names come first, in its order.
#' @param intercept_last put the intercept after the other terms (as most
#'   papers do).
#' @param lang `"en"` or `"zh"`: the language of the headings and notes.
#' @param title optional title (caption).
#' @return A data frame of class `coagg_table`: one character column per
#'   model after the row labels (`term`), the estimates and their
#'   parenthesised numbers in two rows per term, then the statistics;
#'   attributes `title`, `notes` (the footnotes), `section` (the first row
#'   of the statistics) and `lang`. `print()` shows it as text;
#'   `format(x, format = c("text", "markdown", "latex", "html"))` gives the
#'   lines; `as.data.frame()` the plain cells.
#' @seealso [unitroot_table()], [save_table()], [summary.coagg_panel()]
#' @examples
#' set.seed(6)
#' d <- data.frame(id = rep(1:40, each = 5), year = rep(1:5, 40))
#' a <- rep(rnorm(40), each = 5)
#' d$x <- rnorm(200) + 0.5 * a
#' d$z <- rnorm(200)
#' d$y <- 1 + d$x - 0.3 * d$z + a + rnorm(200)
#' fe <- panel_fe(y ~ x + z, d)
#' re <- panel_re(y ~ x + z, d)
#' po <- panel_pooled(y ~ x + z, d)
#' tab <- model_table(FE = fe, RE = re, Pooled = po, hausman = hausman_test(fe, re))
#' tab
#' format(tab, "markdown")
#' model_table(fe, re, lang = "zh", statistic = "statistic")
#' @export
model_table <- function(..., statistic = c("std_error", "statistic", "p_value"), stars = TRUE,
                        star_levels = c(0.1, 0.05, 0.01), digits = 3L, hausman = NULL,
                        coef_labels = NULL, intercept_last = TRUE, lang = c("en", "zh"),
                        title = NULL) {
  models <- list(...)
  if (length(models) == 1L && is.list(models[[1L]]) && !inherits(models[[1L]], "coagg_panel")) {
    models <- models[[1L]]
  }
  if (!length(models)) abort_input("give at least one model.", arg = "...")
  for (i in seq_along(models)) {
    check_panel_model(models[[i]], c("within", "random", "pooling"),
                      if (is.null(names(models)) || !nzchar(names(models)[i])) sprintf("..%d", i) else
                        names(models)[i])
  }
  statistic <- check_choice(statistic, c("std_error", "statistic", "p_value"), "statistic")
  check_flag(stars, "stars")
  star_levels <- check_star_levels(star_levels)
  check_number(digits, "digits", lower = 0, upper = 10, integer = TRUE)
  check_flag(intercept_last, "intercept_last")
  lang <- check_choice(lang, c("en", "zh"), "lang")
  check_string(title, "title", null_ok = TRUE)
  if (!is.null(hausman) && !inherits(hausman, "coagg_hausman")) {
    abort_input(sprintf("must be a result of hausman_test(), not %s.", describe(hausman)),
                arg = "hausman")
  }
  if (!is.null(coef_labels) && (!is.character(coef_labels) || is.null(names(coef_labels)) ||
                                anyNA(coef_labels) || any(!nzchar(names(coef_labels))))) {
    abort_input("must be a named character vector, c(term = \"label\").", arg = "coef_labels")
  }
  w <- words(lang)
  nm <- names(models)
  if (is.null(nm)) nm <- rep("", length(models))
  nm[!nzchar(nm)] <- sprintf("(%d)", which(!nzchar(nm)))
  tabs <- lapply(models, coef_table)

  # terms: the labelled ones first, then in order of appearance; intercept last
  terms <- unique(unlist(lapply(tabs, `[[`, "term")))
  lab_first <- intersect(names(coef_labels), terms)
  terms <- c(lab_first, setdiff(terms, lab_first))
  if (intercept_last && "(Intercept)" %in% terms) terms <- c(setdiff(terms, "(Intercept)"), "(Intercept)")
  labels <- terms
  labels[labels == "(Intercept)"] <- w[["constant"]]
  hit <- terms %in% names(coef_labels)
  labels[hit] <- coef_labels[terms[hit]]

  fmt <- function(v) ifelse(is.na(v), "", formatC(v, format = "f", digits = digits))
  cells <- matrix("", 2L * length(terms), length(models))
  for (j in seq_along(models)) {
    t <- tabs[[j]]
    i <- match(terms, t$term)
    ok <- !is.na(i)
    est <- fmt(t$estimate[i])
    if (stars) est <- paste0(est, ifelse(ok, format_stars(t$p_value[i], star_levels), ""))
    par <- switch(statistic, std_error = t$std_error, statistic = t$statistic, p_value = t$p_value)[i]
    cells[2L * seq_along(terms) - 1L, j] <- ifelse(ok, est, "")
    cells[2L * seq_along(terms), j] <- ifelse(ok & !is.na(par), paste0("(", fmt(par), ")"), "")
  }
  row_lab <- as.vector(rbind(labels, ""))

  # statistics
  gl <- lapply(models, glance_coagg_panel)
  est_name <- vapply(models, function(m) {
    if (m$model_type == "within" && m$effect == "twoways") w[["twoways"]] else w[[m$model_type]]
  }, "")
  stat_rows <- list()
  add <- function(label, values) {
    if (any(nzchar(values))) stat_rows[[length(stat_rows) + 1L]] <<- c(label, values)
  }
  add(w[["estimator"]], est_name)
  add(w[["nobs"]], vapply(gl, function(g) format(g$nobs), ""))
  add(w[["units"]], vapply(gl, function(g) format(g$n_units), ""))
  add(w[["periods"]], vapply(gl, function(g) format(g$n_periods), ""))
  r2 <- function(key, getter) {
    add(w[[key]], vapply(gl, function(g) {
      v <- getter(g)
      if (is.null(v) || is.na(v)) "" else formatC(v, format = "f", digits = digits)
    }, ""))
  }
  kind_key <- c("R-squared" = "r2", "R-squared (dummy variables)" = "r2_lsdv",
                "R-squared (weighted)" = "r2_weighted", "R-squared (within)" = "r2_within",
                "R-squared (overall)" = "r2_overall")
  headline_r2 <- function(key) function(g) if (kind_key[[g$r.squared.kind]] == key) g$r.squared else NA
  r2("r2", headline_r2("r2"))
  r2("r2_lsdv", headline_r2("r2_lsdv"))
  r2("r2_weighted", headline_r2("r2_weighted"))
  r2("r2_unweighted", function(g) g$unweighted.r.squared)
  r2("r2_within", function(g) if (is.na(g$within.r.squared)) headline_r2("r2_within")(g) else
    g$within.r.squared)
  r2("r2_between", function(g) g$between.r.squared)
  r2("r2_overall", function(g) if (is.na(g$overall.r.squared)) headline_r2("r2_overall")(g) else
    g$overall.r.squared)
  r2("adj_r2", function(g) g$adj.r.squared)
  test_cell <- function(g, kind) {
    if (g$statistic.kind != kind || is.na(g$statistic)) return("")
    paste0(formatC(g$statistic, format = "f", digits = digits),
           if (stars) format_stars(g$p.value, star_levels) else "")
  }
  add(w[["f"]], vapply(gl, test_cell, "", kind = "F"))
  add(w[["wald"]], vapply(gl, test_cell, "", kind = "chisq"))
  notes <- character()
  if (!is.null(hausman)) {
    h_cells <- rep("", length(models))
    at <- hausman_column(hausman, models)
    hs <- paste0(formatC(unname(hausman$statistic), format = "f", digits = digits),
                 if (stars && !is.na(hausman$p_value)) format_stars(hausman$p_value, star_levels) else "")
    if (length(at)) h_cells[at] <- hs
    add(w[["hausman"]], h_cells)
    if (length(at)) {
      add("", ifelse(seq_along(models) %in% at,
                     sprintf("(p = %s)", formatC(hausman$p_value, format = "f", digits = digits)), ""))
    }
    notes <- c(notes, sprintf(w[["hausman_note"]], hausman$type, as.integer(hausman$df),
                              formatC(unname(hausman$statistic), format = "f", digits = digits),
                              format_p(hausman$p_value)))
  }
  stat_mat <- do.call(rbind, stat_rows)
  body <- rbind(cbind(row_lab, cells), stat_mat)
  out <- as.data.frame(body, stringsAsFactors = FALSE)
  names(out) <- c(w[["variable"]], nm)
  rownames(out) <- NULL

  par_note <- switch(statistic, std_error = w[["se_note"]], statistic = w[["t_note"]],
                     p_value = w[["p_note"]])
  notes <- c(par_note, if (stars) stars_note(star_levels, lang), model_table_conventions(models, nm, lang),
             notes)
  structure(out, class = c("coagg_table", "data.frame"), title = title, notes = notes,
            section = 2L * length(terms) + 1L, lang = lang)
}

# The columns of the random-effects models whose estimates the Hausman test
# compared (the comparisons' random-effects estimates equal theirs).
hausman_column <- function(h, models) {
  # the robust test keeps no estimates of the random-effects model: notes only
  if (!identical(h$type, "classical")) return(integer())
  cm <- h$comparisons
  hit <- vapply(models, function(m) {
    if (m$model_type != "random" || !all(cm$term %in% names(m$coefficients))) return(FALSE)
    b <- unname(m$coefficients[cm$term])
    all(abs(b - cm$random) <= 1e-8 * pmax(abs(b), 1e-12))
  }, TRUE)
  which(hit)
}

# Notes on each model's convention, coefficient covariance and the
# distribution of its p-values; one line when all models share them.
model_table_conventions <- function(models, nm, lang) {
  w <- words(lang)
  desc <- vapply(models, function(m) {
    d <- panel_test_dist(m)
    sprintf("%s \"%s\", %s %s, p: %s", w[["convention"]], m$convention, w[["covariance"]],
            w[[m$vcov_type]], if (d$type == "z") w[["normal"]] else sprintf("t(%s)", format(d$df)))
  }, "")
  if (length(unique(sub(", p: .*$", "", desc))) == 1L &&
      length(unique(desc)) == 1L) return(paste0(desc[1L], if (lang == "zh") "\u3002" else "."))
  paste0(paste(sprintf("%s: %s", nm, desc), collapse = "; "), if (lang == "zh") "\u3002" else ".")
}

# ---------------------------------------------------------------------------
# unitroot_table()
# ---------------------------------------------------------------------------

#' Table of a panel unit-root battery, for papers
#'
#' The layout papers print: variables in rows (levels and first
#' differences), tests in columns, each cell the test's statistic with its
#' p-value in parentheses (or the statistic with stars, or the p-value
#' alone), and the verdict of each row.
#'
#' @md
#' @param x a result of [panel_unitroot()].
#' @param cell `"statistic_p"` (statistic, p-value in parentheses;
#'   default), `"statistic"` (statistic only) or `"p_value"`.
#' @param stars add significance stars (from the p-values) to the cells.
#' @param star_levels p-value thresholds of one, two and three stars.
#' @param digits decimals.
#' @param verdict add the verdict column.
#' @param lang `"en"` or `"zh"`: headings and notes.
#' @param title optional title.
#' @return A `coagg_table` (see [model_table()]).
#' @seealso [panel_unitroot()], [plot.coagg_unitroot()], [save_table()]
#' @examples
#' set.seed(1)
#' d <- data.frame(id = rep(1:10, each = 30), t = rep(1:30, 10))
#' d$rw <- ave(rnorm(300), d$id, FUN = cumsum)
#' r <- panel_unitroot(d, "rw")
#' unitroot_table(r)
#' unitroot_table(r, cell = "statistic", lang = "zh")
#' @export
unitroot_table <- function(x, cell = c("statistic_p", "statistic", "p_value"), stars = TRUE,
                           star_levels = c(0.1, 0.05, 0.01), digits = 3L, verdict = TRUE,
                           lang = c("en", "zh"), title = NULL) {
  if (!inherits(x, "coagg_unitroot")) {
    abort_input(sprintf("must be a result of panel_unitroot(), not %s.", describe(x)), arg = "x")
  }
  cell <- check_choice(cell, c("statistic_p", "statistic", "p_value"), "cell")
  check_flag(stars, "stars")
  star_levels <- check_star_levels(star_levels)
  check_number(digits, "digits", lower = 0, upper = 10, integer = TRUE)
  check_flag(verdict, "verdict")
  lang <- check_choice(lang, c("en", "zh"), "lang")
  check_string(title, "title", null_ok = TRUE)
  w <- words(lang)
  s <- attr(x, "settings")
  tab <- as.data.frame(x)
  tests <- unique(tab$test)
  key <- unique(tab[c("variable", "form")])
  fmt <- function(v) ifelse(is.na(v), "", formatC(v, format = "f", digits = digits))
  out <- data.frame(key$variable, ifelse(key$form == "level", w[["level"]], w[["difference"]]),
                    stringsAsFactors = FALSE)
  names(out) <- c(w[["variable"]], w[["form"]])
  bracketed <- FALSE
  for (t in tests) {
    i <- match(paste(key$variable, key$form, t), paste(tab$variable, tab$form, tab$test))
    st <- tab$statistic[i]
    p <- tab$p_value[i]
    # CIPS has no p-value, only the bracket of Pesaran's tabulated levels
    br <- if (is.null(tab$p_bracket)) rep(NA_character_, length(i)) else tab$p_bracket[i]
    by_br <- is.na(p) & !is.na(br)
    bracketed <- bracketed || any(by_br)
    sx <- if (stars) ifelse(by_br, bracket_stars(br, star_levels),
                            format_stars(p, star_levels)) else ""
    pt <- ifelse(by_br, gsub(" ", "", br, fixed = TRUE), fmt(p))
    out[[unname(ur_labels[t])]] <- ifelse(is.na(i) | (is.na(st) & is.na(p)), "-", switch(cell,
      # a statistic without p-value or bracket (CIPS below Pesaran's tables)
      # has no parentheses
      statistic_p = paste0(fmt(st), sx, ifelse(nzchar(pt), paste0(" (", pt, ")"), "")),
      statistic = paste0(fmt(st), sx),
      p_value = ifelse(nzchar(pt), paste0(pt, sx), "-")))
  }
  if (verdict) {
    i <- match(paste(key$variable, key$form), paste(tab$variable, tab$form))
    v <- tab$verdict[i]
    out[[w[["verdict"]]]] <- ifelse(is.na(v), w[["undetermined"]],
                                    ifelse(v == "stationary", w[["stationary"]], w[["unit_root"]]))
  }
  notes <- c(switch(cell, statistic_p = w[["ur_cell_sp"]], statistic = w[["ur_cell_s"]],
                    p_value = w[["ur_cell_p"]]),
             if (stars) stars_note(star_levels, lang),
             if (bracketed) w[["ur_bracket"]],
             if (any(tests %in% c("hadri", "hadri_het"))) w[["hadri"]],
             if (verdict) sprintf(w[["ur_verdict"]], as.integer(s$majority), length(tests),
                                  format(100 * s$level)),
             sprintf("%s \"%s\"%s", w[["convention"]], s$convention,
                     if (lang == "zh") "\u3002" else "."))
  rownames(out) <- NULL
  structure(out, class = c("coagg_table", "data.frame"), title = title, notes = notes,
            section = NA_integer_, lang = lang)
}

# Stars of a p-value known only by its bracket ("< 0.01", "0.01-0.05",
# "0.05-0.10", "> 0.10"): a star for each level the bracket's upper end does
# not exceed, so that a star is never given that the p-value might not earn.
bracket_stars <- function(bracket, levels = c(0.1, 0.05, 0.01)) {
  upper <- c("< 0.01" = 0.01, "0.01-0.05" = 0.05, "0.05-0.10" = 0.10, "> 0.10" = Inf)
  u <- unname(upper[bracket])
  strrep("*", vapply(u, function(v) if (is.na(v)) 0L else sum(v <= levels), 0L))
}

# ---------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------

#' @rdname model_table
#' @param x a `coagg_table`.
#' @param format `"text"`, `"markdown"`, `"latex"` or `"html"`.
#' @export
format.coagg_table <- function(x, format = c("text", "markdown", "latex", "html"), ...) {
  check_dots_empty(...)
  format <- check_choice(format, c("text", "markdown", "latex", "html"), "format")
  cells <- as.matrix(as.data.frame.coagg_table(x))
  cells[is.na(cells)] <- ""
  head <- names(x)
  sec <- attr(x, "section")
  title <- attr(x, "title")
  notes <- attr(x, "notes")
  out <- switch(format,
         text = render_text(cells, head, sec, title, notes),
         markdown = render_markdown(cells, head, title, notes),
         latex = render_latex(cells, head, sec, title, notes),
         html = render_html(cells, head, sec, title, notes))
  unname(out)
}

#' @rdname model_table
#' @export
print.coagg_table <- function(x, ...) {
  if (is.null(attr(x, "notes"))) return(print(as.data.frame.coagg_table(x)))
  cat(format.coagg_table(x, "text"), sep = "\n")
  invisible(x)
}

#' @rdname model_table
#' @param row.names,optional ignored (for the generic).
#' @export
as.data.frame.coagg_table <- function(x, row.names = NULL, optional = FALSE, ...) {
  attributes(x)[c("title", "notes", "section", "lang")] <- NULL
  class(x) <- "data.frame"
  x
}

# Pad to a display width (CJK characters are two columns wide).
pad_to <- function(s, width, align = c("left", "right", "centre")) {
  align <- match.arg(align)
  gap <- pmax(width - nchar(s, type = "width"), 0L)
  switch(align,
         left = paste0(s, strrep(" ", gap)),
         right = paste0(strrep(" ", gap), s),
         centre = paste0(strrep(" ", gap %/% 2L), s, strrep(" ", gap - gap %/% 2L)))
}

render_text <- function(cells, head, sec, title, notes) {
  all <- rbind(head, cells)
  wd <- apply(all, 2L, function(v) max(nchar(v, type = "width")))
  line <- function(v) {
    paste(c(pad_to(v[1L], wd[1L], "left"),
            vapply(seq_along(v)[-1L], function(j) pad_to(v[j], wd[j], "centre"), "")),
          collapse = "  ")
  }
  width <- sum(wd) + 2L * (length(wd) - 1L)
  rule <- strrep("-", width)
  body <- apply(cells, 1L, line)
  if (!is.na(sec) && sec <= length(body)) body <- append(body, rule, after = sec - 1L)
  c(if (!is.null(title)) title, strrep("=", width), line(head), rule, body, strrep("=", width),
    strwrap(notes, width = max(width, 60L)))
}

md_escape <- function(s) {
  s <- gsub("\\", "\\\\", s, fixed = TRUE)
  s <- gsub("*", "\\*", s, fixed = TRUE)
  s <- gsub("|", "\\|", s, fixed = TRUE)
  gsub("_", "\\_", s, fixed = TRUE)
}

render_markdown <- function(cells, head, title, notes) {
  row <- function(v) paste0("| ", paste(md_escape(v), collapse = " | "), " |")
  align <- paste0("|:", strrep("-", 3L), "|", paste(rep(":---:", length(head) - 1L), collapse = "|"),
                  "|")
  c(if (!is.null(title)) c(paste0("**", md_escape(title), "**"), ""), row(head), align,
    apply(cells, 1L, row), as.vector(rbind("", md_escape(notes))))
}

tex_escape <- function(s) {
  s <- gsub("\\", "\\textbackslash{}", s, fixed = TRUE)
  for (ch in c("&", "%", "$", "#", "_", "{", "}")) s <- gsub(ch, paste0("\\", ch), s, fixed = TRUE)
  s <- gsub("~", "\\textasciitilde{}", s, fixed = TRUE)
  s <- gsub("^", "\\textasciicircum{}", s, fixed = TRUE)
  s <- gsub("\u00b2", "$^2$", s, fixed = TRUE)
  s <- gsub("\u03c7", "$\\chi$", s, fixed = TRUE)
  # stars as superscripts
  gsub("(\\*+)", "$^{\\1}$", s)
}

render_latex <- function(cells, head, sec, title, notes) {
  nc <- length(head)
  row <- function(v) paste0(paste(tex_escape(v), collapse = " & "), " \\\\")
  body <- apply(cells, 1L, row)
  if (!is.na(sec) && sec <= length(body)) body <- append(body, "\\midrule", after = sec - 1L)
  c("\\begin{table}[htbp]", "\\centering",
    if (!is.null(title)) sprintf("\\caption{%s}", tex_escape(title)),
    sprintf("\\begin{tabular}{l%s}", strrep("c", nc - 1L)), "\\toprule", row(head), "\\midrule",
    body, "\\bottomrule",
    sprintf("\\multicolumn{%d}{l}{\\footnotesize %s} \\\\", nc, tex_escape(notes)),
    "\\end{tabular}", "\\end{table}")
}

html_escape <- function(s) {
  s <- gsub("&", "&amp;", s, fixed = TRUE)
  s <- gsub("<", "&lt;", s, fixed = TRUE)
  s <- gsub(">", "&gt;", s, fixed = TRUE)
  gsub("(\\*+)", "<sup>\\1</sup>", s)
}

render_html <- function(cells, head, sec, title, notes) {
  nc <- length(head)
  td <- function(v, tag = "td", style = "") {
    al <- c("left", rep("center", length(v) - 1L))
    paste0("<tr>", paste0("<", tag, " style=\"text-align:", al, ";padding:2px 8px;", style, "\">",
                          html_escape(v), "</", tag, ">", collapse = ""), "</tr>")
  }
  rows <- vapply(seq_len(nrow(cells)), function(i) {
    td(cells[i, ], style = if (!is.na(sec) && i == sec) "border-top:1px solid black;" else "")
  }, "")
  c("<table style=\"border-collapse:collapse;border-top:2px solid black;border-bottom:2px solid black\">",
    if (!is.null(title)) sprintf("<caption>%s</caption>", html_escape(title)),
    "<thead>", td(head, "th", "border-bottom:1px solid black;"), "</thead>", "<tbody>", rows,
    "</tbody>", "<tfoot>",
    sprintf("<tr><td colspan=\"%d\" style=\"text-align:left;font-size:smaller;padding:2px 8px\">%s</td></tr>",
            nc, html_escape(notes)),
    "</tfoot>", "</table>")
}

#' Save a table to a file chosen by its extension
#'
#' Writes a [model_table()] or [unitroot_table()] to `file` as plain text
#' (`.txt`), Markdown (`.md`), LaTeX (`.tex`), HTML (`.html`, `.htm`) or
#' Word (`.docx`: the Markdown converted by pandoc through
#' [rmarkdown::pandoc_convert()], which needs rmarkdown and pandoc).
#'
#' @md
#' @param x a `coagg_table`.
#' @param file the file to write; its extension chooses the format.
#' @return `file`, invisibly.
#' @examples
#' set.seed(1)
#' d <- data.frame(id = rep(1:10, each = 30), t = rep(1:30, 10))
#' d$rw <- ave(rnorm(300), d$id, FUN = cumsum)
#' f <- tempfile(fileext = ".md")
#' save_table(unitroot_table(panel_unitroot(d, "rw")), f)
#' readLines(f)
#' @export
save_table <- function(x, file) {
  if (!inherits(x, "coagg_table")) {
    abort_input(sprintf("must be a table from model_table() or unitroot_table(), not %s.",
                        describe(x)), arg = "x")
  }
  check_string(file, "file")
  ext <- tolower(sub("^.*\\.", "", basename(file)))
  known <- c(txt = "text", md = "markdown", markdown = "markdown", tex = "latex", html = "html",
             htm = "html", docx = "docx")
  if (!grepl(".", basename(file), fixed = TRUE) || !ext %in% names(known)) {
    abort_input(sprintf(paste('has extension "%s"; use .txt, .md, .tex, .html or .docx to choose',
                              "the format."), if (grepl(".", basename(file), fixed = TRUE)) ext else ""),
                arg = "file")
  }
  if (!dir.exists(dirname(file))) {
    abort_input(sprintf('the directory "%s" does not exist.', dirname(file)), arg = "file")
  }
  fmt <- known[[ext]]
  if (fmt != "docx") {
    writeLines(enc2utf8(format.coagg_table(x, fmt)), file, useBytes = TRUE)
    return(invisible(file))
  }
  if (!requireNamespace("rmarkdown", quietly = TRUE) || !rmarkdown::pandoc_available()) {
    abort_input(paste("writing .docx needs the rmarkdown package and pandoc; save as .md or",
                      ".html and open that in Word instead."), arg = "file",
                class = "coagg_missing_tool")
  }
  md <- tempfile(fileext = ".md")
  on.exit(unlink(md))
  writeLines(enc2utf8(format.coagg_table(x, "markdown")), md, useBytes = TRUE)
  rmarkdown::pandoc_convert(md, to = "docx", output = normalizePath(file, mustWork = FALSE),
                            verbose = FALSE)
  invisible(file)
}
