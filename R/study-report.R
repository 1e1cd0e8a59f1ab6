# The report of a study: a Markdown document generated from the coagg_study
# object (the narrative of study_findings(), the tables of model_table(),
# unitroot_table() and the package's table renderer, the figures of the
# plot methods as PNG files), converted by pandoc to a self-contained HTML
# file or a Word document, in English or Chinese.

#' Write the report of a study: HTML, Word or Markdown, in English or Chinese
#'
#' Writes everything [coagg_study()] found into one document: the
#' narrative of [study_findings()], the tables a paper prints (the index,
#' the ranking of the regions, the E-G index of the groups, the variants of
#' the index, the unit-root batteries by [unitroot_table()], the tests of
#' cross-sectional dependence, the three models and the chosen one by
#' [model_table()], the tests behind the choice, the unit effects, the audit
#' of a printed table), the figures of `plot()` and a reproducibility
#' record (the package and R versions, the conventions and thresholds, the
#' fingerprint of every input, the seed and the call).
#'
#' @md
#' @details
#' The document is generated as Markdown and converted by pandoc (through
#' [rmarkdown::pandoc_convert()]; the rmarkdown package and pandoc are
#' needed for HTML and Word, not for Markdown). The HTML file is
#' self-contained: its figures are embedded, its style is in the file, and
#' it loads nothing from the network (no MathJax, fonts or scripts), so it
#' can be opened offline and sent as one file. The Word file has the same
#' content (styles are pandoc's defaults). A Markdown report is written with
#' its figures as PNG files in a folder beside it (`<name>_files`).
#'
#' With `lang = "zh"` the headings, captions, column labels and the
#' narrative are in Chinese; region, industry and variable names are as you
#' gave them; the caveats recorded by the functions stay in English, and
#' the labels inside the figures are those of the plot methods (English).
#' Chinese text in the figures (region names) needs a font with Chinese
#' glyphs on the machine (the PNG files are drawn with the cairo device
#' where there is one).
#'
#' Results that rest on simulated inputs (see [coagg_study()]) are marked
#' in the narrative, and a banner at the top says which inputs are
#' simulated.
#'
#' @param x a result of [coagg_study()].
#' @param file the file to write; its extension chooses the format: `.html`
#'   (or `.htm`), `.docx` or `.md`.
#' @param lang `"en"` or `"zh"`.
#' @param title the report's title; `NULL` for a default in `lang`.
#' @return `file`, invisibly, with attributes `tables` and `figures` (the
#'   captions of the tables and figures the report holds).
#' @seealso [coagg_study()], [study_findings()], [model_table()],
#'   [unitroot_table()], [save_table()]
#' @examples
#' st <- suppressWarnings(coagg_study(
#'   coagg = zhejiang_coagg, region = "city", time = "year",
#'   covariates = simulate_zhejiang_panel(),
#'   formula = coagg ~ electronic + CBECL + IoIAI + Express + BFEC, variants = FALSE))
#' f <- study_report(st, tempfile(fileext = ".md"))
#' head(readLines(f, encoding = "UTF-8"), 20)
#' if (rmarkdown::pandoc_available()) {
#'   study_report(st, tempfile(fileext = ".html"), lang = "zh")
#' }
#' @export
study_report <- function(x, file, lang = c("en", "zh"), title = NULL) {
  if (!inherits(x, "coagg_study")) {
    abort_input(sprintf("must be a result of coagg_study(), not %s.", describe(x)), arg = "x")
  }
  lang <- check_choice(lang, c("en", "zh"), "lang")
  check_string(file, "file")
  check_string(title, "title", null_ok = TRUE)
  ext <- tolower(sub("^.*\\.", "", basename(file)))
  known <- c(html = "html", htm = "html", docx = "docx", md = "md", markdown = "md")
  if (!grepl(".", basename(file), fixed = TRUE) || !ext %in% names(known)) {
    abort_input(sprintf('has extension "%s"; use .html, .docx or .md to choose the format.',
                        if (grepl(".", basename(file), fixed = TRUE)) ext else ""), arg = "file")
  }
  if (!dir.exists(dirname(file))) {
    abort_input(sprintf('the directory "%s" does not exist.', dirname(file)), arg = "file")
  }
  fmt <- known[[ext]]
  if (fmt != "md" && (!requireNamespace("rmarkdown", quietly = TRUE) ||
                      !rmarkdown::pandoc_available())) {
    abort_input(paste("writing .html or .docx needs the rmarkdown package and pandoc; write",
                      "a .md report instead."), arg = "file", class = "coagg_missing_tool")
  }
  w <- report_words[[lang]]
  if (is.null(title)) title <- w[["title"]]
  work <- tempfile("coagg-report")
  dir.create(work)
  on.exit(unlink(work, recursive = TRUE), add = TRUE)
  fig_dir <- if (fmt == "md") paste0(sub("\\.[^.]*$", "", basename(file)), "_files") else "figures"
  dir.create(file.path(work, fig_dir))
  doc <- report_document(x, lang, title, file.path(work, fig_dir), fig_dir)
  md <- file.path(work, "report.md")
  writeLines(enc2utf8(doc$lines), md, useBytes = TRUE)
  # absolute, as pandoc runs in the working folder (a relative name was
  # written there and deleted with it)
  out <- file.path(normalizePath(dirname(file)), basename(file))
  if (fmt == "md") {
    file.copy(md, out, overwrite = TRUE)
    dest <- file.path(dirname(out), fig_dir)
    dir.create(dest, showWarnings = FALSE)
    file.copy(list.files(file.path(work, fig_dir), full.names = TRUE), dest, overwrite = TRUE)
  } else {
    opts <- c("--standalone", paste0("--resource-path=", work),
              "--metadata", paste0("pagetitle=", title))
    if (fmt == "html") {
      embed <- if (rmarkdown::pandoc_available("2.19")) "--embed-resources" else
        "--self-contained"
      opts <- c(opts, embed, paste0("--template=", report_template()))
    }
    old <- setwd(work)
    on.exit(setwd(old), add = TRUE, after = FALSE)
    rmarkdown::pandoc_convert("report.md", to = if (fmt == "html") "html5" else "docx",
                              from = "markdown-smart", output = out, options = opts,
                              verbose = FALSE)
  }
  invisible(structure(file, tables = doc$tables, figures = doc$figures))
}

report_template <- function() {
  f <- system.file("report", "study.html", package = "coagg")
  if (!nzchar(f)) abort_internal("the report template inst/report/study.html is missing")
  f
}

# Markdown text: the characters pandoc would read as markup are escaped.
md_text <- function(s) {
  s <- gsub("\\", "\\\\", s, fixed = TRUE)
  for (ch in c("*", "_", "`", "$", "[", "]", "<", ">", "|", "#")) {
    s <- gsub(ch, paste0("\\", ch), s, fixed = TRUE)
  }
  s
}

# A data frame of text cells as a table of the package (rendered by
# format.coagg_table()).
report_table <- function(df, lang, notes = character()) {
  df[] <- lapply(df, function(v) if (is.numeric(v)) vapply(v, fnum, "") else
    ifelse(is.na(v), "", as.character(v)))
  rownames(df) <- NULL
  structure(df, class = c("coagg_table", "data.frame"), title = NULL, notes = notes,
            section = NA_integer_, lang = lang)
}

# The Markdown lines of a table with its caption (pandoc's "Table:" line).
md_table <- function(tab, caption) {
  attr(tab, "title") <- NULL
  c(paste("Table:", md_text(caption)), "", format(tab, "markdown"), "")
}

# The document: list(lines, tables, figures).
report_document <- function(x, lang, title, fig_path, fig_rel) {
  w <- report_words[[lang]]
  s <- x$settings
  lines <- c("---", sprintf("title: \"%s\"", gsub("\"", "\\\\\"", title)),
             sprintf("lang: %s", if (lang == "zh") "zh-CN" else "en"), "---", "")
  tables <- character()
  figures <- character()
  add <- function(...) lines <<- c(lines, ...)
  table <- function(tab, key) {
    cap <- w[[key]]
    tables <<- c(tables, cap)
    add(md_table(tab, cap))
  }
  figure <- function(key, draw, height = 600) {
    f <- file.path(fig_path, paste0(key, ".png"))
    if (capabilities("cairo")) {
      grDevices::png(f, width = 1000, height = height, res = 120, type = "cairo")
    } else grDevices::png(f, width = 1000, height = height, res = 120)
    tryCatch(draw(), finally = grDevices::dev.off())
    cap <- w[[paste0("fig_", key)]]
    figures <<- c(figures, cap)
    add(sprintf("![%s](%s/%s.png)", md_text(cap), fig_rel, key), "")
  }
  heading <- function(key) add(paste("##", w[[key]]), "")
  sim_tag <- if (lang == "zh") "**\u3010\u6a21\u62df\u6570\u636e\u3011**" else "**[SIMULATED]**"
  if (any(s$simulated)) add("::: {.simulated}", md_text(w[["simulated_note"]]), ":::", "")

  # findings
  fi <- study_findings(x, lang)
  heading("sec_summary")
  add(paste0("- ", ifelse(fi$simulated, paste0(sim_tag, " "), ""), md_text(fi$sentence)), "")

  # data and settings
  heading("sec_data")
  add(md_text(w[[if (s$source == "computed") "data_index_computed" else "data_index_given"]]), "",
      md_text(sprintf(w[["data_panel"]], fnum(nrow(x$panel)),
                      fnum(length(unique(x$panel[[s$region]]))),
                      fnum(length(unique(x$panel[[s$time]]))), fnum(x$models$chosen$n_obs))), "",
      paste0("`", paste(deparse(s$formula, width.cutoff = 200L), collapse = " "), "`"), "")

  # the index
  heading("sec_index")
  v <- x$index$values
  regs <- unique(as.character(v[[1L]]))
  if (length(regs) <= 40L) table(report_index_wide(x, lang), "tab_index")
  table(report_ranking(x, lang), "tab_ranking")
  if (!is.null(x$index$groups)) table(report_groups(x, lang), "tab_groups")
  if (!is.null(x$index$variant_table)) table(report_variants(x, lang), "tab_variants")
  figure("index", function() study_draw(x, "index", list(index = "")),
         height = min(1600, max(600, 22 * min(length(regs), 60) + 200)))
  figure("trend", function() study_draw(x, "trend", list(trend = "")))
  if (!is.null(x$index$groups)) figure("groups", function() study_draw(x, "groups",
                                                                       list(groups = "")))

  # unit roots
  heading("sec_unitroot")
  ur <- x$unitroot
  for (set in c("index", "covariates")) for (gen in c("first", "second")) {
    r <- ur[[set]][[gen]]
    if (!is.null(r)) table(unitroot_table(r, lang = lang), sprintf("tab_ur_%s_%s", set, gen))
  }
  for (set in c("index", "covariates")) {
    r <- ur[[set]]$first
    if (!is.null(r)) {
      nv <- length(unique(r$variable))
      figure(paste0("unitroot_", set), local({
        rr <- r
        function() plot(rr, main = "")
      }), height = 200 + 90 * nv)
    }
  }

  # cross-sectional dependence
  heading("sec_cd")
  table(report_cd(x, lang), "tab_cd")
  if (!is.null(attr(x$cd$index, "units"))) {
    figure("cd", function() plot(x$cd$index), height = min(1600, max(600, 22 * length(regs) + 200)))
  }

  # models
  heading("sec_models")
  mods <- x$models
  ms <- list(mods$pooled, mods$fe, mods$re, mods$chosen)
  names(ms) <- c(w[["est_pooled"]], w[["est_fe"]], w[["est_re"]],
                 sprintf("%s: %s", w[["models_chosen"]], w[[paste0("est_", x$choice$estimator)]]))
  table(model_table(ms, hausman = x$hausman$classical, lang = lang), "tab_models")
  table(report_tests(x, lang), "tab_tests")
  ch <- fi[fi$section == "models" & grepl("^(choice|vcov|hausman_rule)", fi$id), , drop = FALSE]
  add(paste0("- ", ifelse(ch$simulated, paste0(sim_tag, " "), ""), md_text(ch$sentence)), "")
  if ("hausman" %in% study_available_figures(x)) {
    figure("hausman", function() study_draw(x, "hausman", list(hausman = "")))
  }
  figure("coefficients", function() study_draw(x, "coefficients", list(coefficients = "")))

  # unit effects
  if (!is.null(x$effects) && nrow(x$effects)) {
    heading("sec_effects")
    table(report_effects(x, lang), "tab_effects")
    figure("effects", function() study_draw(x, "effects", list(effects = "")),
           height = min(1600, max(600, 22 * min(nrow(x$effects), 60) + 200)))
  }

  # audit
  if (!is.null(x$audit)) {
    heading("sec_audit")
    table(report_audit(x, lang), "tab_audit")
    au <- fi[fi$section == "audit", , drop = FALSE]
    add(paste0("- ", md_text(au$sentence)), "")
    figure("audit", function() study_draw(x, "audit", list(audit = "")))
  }

  # caveats and reproducibility
  heading("sec_notes")
  if (length(x$notes)) {
    if (lang == "zh") add(md_text("\u4ee5\u4e0b\u6ce8\u610f\u4e8b\u9879\u7531\u5404\u51fd\u6570\u4ee5\u82f1\u6587\u8bb0\u5f55\u3002"), "")
    add(paste0("- ", md_text(x$notes)), "")
  } else add(w[["no_notes"]], "")
  heading("sec_repro")
  table(report_provenance(x, lang), "tab_repro")
  add("```", strsplit(x$provenance$call, "\n", fixed = TRUE)[[1L]], "```", "")
  list(lines = lines, tables = tables, figures = figures)
}

# -- the tables ---------------------------------------------------------------

report_index_wide <- function(x, lang) {
  w <- report_words[[lang]]
  v <- x$index$values
  reg <- as.character(v[[1L]])
  regs <- unique(reg)
  tl <- sort(unique(v[[2L]]))
  m <- matrix("", length(regs), length(tl))
  m[cbind(match(reg, regs), match(v[[2L]], tl))] <- vapply(v[[3L]], fnum, "")
  m[m == "NA"] <- ""
  df <- data.frame(regs, m, stringsAsFactors = FALSE)
  names(df) <- c(w[["col_region"]], format(tl))
  report_table(df, lang)
}

report_ranking <- function(x, lang) {
  w <- report_words[[lang]]
  r <- x$index$ranking
  notes <- character()
  if (nrow(r) > 40L) {
    n <- nrow(r)
    r <- r[c(1:20, (n - 19L):n), , drop = FALSE]
    notes <- sprintf(w[["showing"]], "20", "20", format(n))
  }
  df <- data.frame(r$rank, r$region, r$mean, r$min, r$max, r$periods, stringsAsFactors = FALSE)
  names(df) <- w[c("col_rank", "col_region", "col_mean", "col_min", "col_max", "col_periods")]
  report_table(df, lang, notes)
}

report_groups <- function(x, lang) {
  w <- report_words[[lang]]
  g <- x$index$groups
  df <- data.frame(g$group, g$time, g$estimate, g$gini, g$herfindahl, stringsAsFactors = FALSE)
  names(df) <- w[c("col_group", "col_period", "col_gamma", "col_gini", "col_herfindahl")]
  report_table(df, lang)
}

report_variants <- function(x, lang) {
  w <- report_words[[lang]]
  v <- x$index$variant_table
  df <- data.frame(v$per_region, v$combine, ifelse(v$chosen, w[["yes"]], ""), v$defined,
                   v$undefined, v$min, v$median, v$max, v$rank_correlation,
                   stringsAsFactors = FALSE)
  names(df) <- w[c("col_per_region", "col_combine", "col_chosen", "col_defined",
                   "col_undefined", "col_min", "col_median", "col_max", "col_rank_cor")]
  report_table(df, lang)
}

report_cd <- function(x, lang) {
  w <- report_words[[lang]]
  one <- function(r, what) {
    data.frame(what, unname(cd_labels[r$test]), r$statistic, vapply(r$p_value, format_p, ""),
               r$units, r$pairs, stringsAsFactors = FALSE)
  }
  df <- rbind(one(x$cd$index, w[["cd_of_index"]]), one(x$cd$residuals, w[["cd_of_residuals"]]))
  df[[4L]][df[[4L]] == "NA"] <- ""
  names(df) <- w[c("col_variable", "col_test", "col_statistic", "col_p", "col_units",
                   "col_pairs")]
  report_table(df, lang)
}

report_tests <- function(x, lang) {
  w <- report_words[[lang]]
  ft <- x$effects_test
  hc <- x$hausman$classical
  hr <- x$hausman$robust
  dec <- function(p) if (is.na(p)) "" else if (p < x$settings$alpha) w[["rejected"]] else
    w[["not_rejected"]]
  df <- data.frame(c(w[["test_f"]], w[["test_hausman_classical"]], w[["test_hausman_robust"]]),
                   c(ft$statistic, unname(hc$statistic), unname(hr$statistic)),
                   c(sprintf("%d, %d", ft$df1, ft$df2), format(hc$df), format(hr$df)),
                   c(format_p(ft$p_value), format_p(hc$p_value), format_p(hr$p_value)),
                   c(dec(ft$p_value), dec(hc$p_value), dec(hr$p_value)),
                   stringsAsFactors = FALSE)
  names(df) <- w[c("col_test", "col_statistic", "col_df", "col_p", "col_decision")]
  report_table(df, lang)
}

report_effects <- function(x, lang) {
  w <- report_words[[lang]]
  e <- x$effects
  e <- e[order(-e$effect), , drop = FALSE]
  notes <- character()
  if (nrow(e) > 40L) {
    n <- nrow(e)
    e <- e[c(1:20, (n - 19L):n), , drop = FALSE]
    notes <- sprintf(w[["showing"]], "20", "20", format(n))
  }
  df <- data.frame(as.character(e[[1L]]), e$effect, stringsAsFactors = FALSE)
  names(df) <- w[c("col_region", "col_effect")]
  if (!is.null(e$std_error)) df[[w[["col_se"]]]] <- e$std_error
  report_table(df, lang, notes)
}

report_audit <- function(x, lang) {
  w <- report_words[[lang]]
  a <- x$audit$coefficients
  txt <- function(v) if (is.null(v)) rep("", nrow(a)) else ifelse(is.na(v), "", as.character(v))
  df <- data.frame(a$term, txt(a$statistic_printed), txt(a$p_value_printed),
                   vapply(a$implied_p_two_sided, format_p, ""), a$finding,
                   stringsAsFactors = FALSE)
  df[[4L]][df[[4L]] == "NA"] <- ""
  names(df) <- w[c("col_term", "col_printed_t", "col_printed_p", "col_implied_p", "col_finding")]
  report_table(df, lang)
}

report_provenance <- function(x, lang) {
  w <- report_words[[lang]]
  p <- x$provenance
  s <- x$settings
  fp <- p$fingerprints
  fp <- fp[!is.na(fp)]
  items <- c(w[["rep_package"]], w[["rep_r"]], w[["rep_date"]], w[["rep_convention"]],
             w[["rep_na"]], w[["rep_variant"]], w[["rep_rules"]],
             sprintf("%s `%s`", w[["rep_fingerprint"]], names(fp)), w[["rep_index_fp"]],
             w[["rep_seed"]])
  values <- c(p$package, p$r_version, p$date, s$convention, s$na_action,
              if (s$source == "computed") paste(x$index$variant, collapse = "/") else "-",
              sprintf(w[["rules_text"]], format(s$alpha), s$min_units, s$min_periods),
              unname(fp), p$index_fingerprint,
              if (is.null(p$seed)) w[["rep_no_seed"]] else format(p$seed))
  df <- data.frame(items, values, stringsAsFactors = FALSE)
  names(df) <- w[c("col_item", "col_value")]
  report_table(df, lang)
}
