# The narrative of a study: one sentence per finding, in English or Chinese,
# each made from the fields of the coagg_study object it names, so that
# print() and the report say only what the object holds. The words of the
# report (headings, captions, column labels) are here too.

#' The findings of a study, sentence by sentence
#'
#' The narrative that `print()` shows and [study_report()] writes: one
#' sentence per finding, each built from a field of the study, which the
#' table names, so that every number said can be found in the object.
#'
#' @md
#' @param x a result of [coagg_study()].
#' @param lang `"en"` or `"zh"`.
#' @return A data frame, one row per sentence: `section` (`"index"`,
#'   `"unitroot"`, `"cd"`, `"models"`, `"audit"`), `id`, `sentence`,
#'   `field` (an R expression in `x` giving the sentence's headline number),
#'   `value` (that number) and `simulated` (the finding rests on simulated
#'   inputs).
#' @seealso [coagg_study()], [study_report()]
#' @examples
#' st <- suppressWarnings(coagg_study(
#'   coagg = zhejiang_coagg, region = "city", time = "year",
#'   covariates = simulate_zhejiang_panel(),
#'   formula = coagg ~ electronic + CBECL + IoIAI + Express + BFEC, variants = FALSE))
#' study_findings(st)[, c("id", "value")]
#' @export
study_findings <- function(x, lang = c("en", "zh")) {
  if (!inherits(x, "coagg_study")) {
    abort_input(sprintf("must be a result of coagg_study(), not %s.", describe(x)), arg = "x")
  }
  lang <- check_choice(lang, c("en", "zh"), "lang")
  rows <- list()
  add <- function(section, id, field, args, sim) {
    value <- eval(str2lang(field), list(x = x))
    tmpl <- study_sentences[[id]][[lang]]
    rows[[length(rows) + 1L]] <<- data.frame(
      section = section, id = id, sentence = do.call(sprintf, c(list(tmpl), args)),
      field = field, value = as.numeric(value)[1L], simulated = sim, stringsAsFactors = FALSE)
  }
  sim <- x$settings$simulated
  s_ix <- unname(sim[["index"]])
  s_cov <- unname(sim[["covariates"]])
  s_mod <- s_ix || s_cov
  w <- report_words[[lang]]
  join <- function(v) paste(v, collapse = if (lang == "zh") "\u3001" else ", ")
  pct <- fnum(100 * x$settings$alpha)

  # the index
  v <- x$index$values
  est <- v[[3L]]
  periods <- sort(unique(v[[2L]]))
  ok <- est[!is.na(est)]
  rng <- if (length(ok)) range(ok) else c(NA_real_, NA_real_)
  common <- list(fnum(length(ok)), fnum(length(unique(v[[1L]]))), fnum(length(periods)),
                 format(periods[1L]), format(periods[length(periods)]),
                 fnum(if (length(ok)) mean(ok) else NA_real_), fnum(rng[1L]), fnum(rng[2L]))
  if (x$settings$source == "computed") {
    g <- names(attr(x$index$coagg, "settings")$pair)
    add("index", "index_computed", "mean(x$index$values[[3]], na.rm = TRUE)",
        c(list(g[1L], g[2L], paste(x$index$variant, collapse = "/")), common), s_ix)
  } else {
    add("index", "index_given", "mean(x$index$values[[3]], na.rm = TRUE)", common, s_ix)
  }
  n_na <- sum(is.na(est))
  if (n_na) add("index", "index_undefined", "sum(is.na(x$index$values[[3]]))", list(fnum(n_na)),
                s_ix)
  rk <- x$index$ranking[!is.na(x$index$ranking$mean), , drop = FALSE]
  if (nrow(rk) >= 2L) {
    top <- utils::head(rk, min(3L, nrow(rk) - 1L))
    bottom <- rk[nrow(rk), ]
    add("index", "ranking", "x$index$ranking$mean[1]",
        list(join(sprintf("%s (%s)", top$region, vapply(top$mean, fnum, ""))),
             sprintf("%s (%s)", bottom$region, fnum(bottom$mean))), s_ix)
  }
  if (!is.null(x$index$groups) && any(is.finite(x$index$groups$estimate))) {
    gt <- x$index$groups
    gn <- unique(gt$group)
    m <- vapply(gn, function(k) mean(gt$estimate[gt$group == k], na.rm = TRUE), 0)
    add("index", "groups", sprintf("mean(x$index$groups$estimate[x$index$groups$group == %s])",
                                   deparse(gn[1L])),
        list(gn[1L], fnum(m[[1L]]), gn[2L], fnum(m[[2L]])), s_ix)
  }
  vt <- x$index$variant_table
  if (!is.null(vt) && sum(!vt$chosen) > 0L && any(is.finite(vt$rank_correlation[!vt$chosen]))) {
    o <- vt[!vt$chosen, , drop = FALSE]
    j <- which.min(o$rank_correlation)
    add("index", "variants", "min(x$index$variant_table$rank_correlation, na.rm = TRUE)",
        list(fnum(nrow(o)), fnum(o$rank_correlation[j]),
             paste(o$per_region[j], o$combine[j], sep = "/")), s_ix)
  }

  # unit roots
  ur <- x$unitroot
  verdict_word <- function(v) if (is.na(v)) w[["undetermined"]] else
    if (v == "stationary") w[["stationary_word"]] else w[["unit_root_word"]]
  if (!is.null(ur$index$first)) {
    t <- as.data.frame(ur$index$first)
    n_tests <- length(unique(t$test))
    lv <- t[t$form == "level", , drop = FALSE][1L, ]
    fd <- t[t$form == "first difference", , drop = FALSE][1L, ]
    add("unitroot", "ur_index",
        "as.data.frame(x$unitroot$index$first)$votes[as.data.frame(x$unitroot$index$first)$form == 'level'][1]",
        list(join(unname(ur_labels[unique(t$test)])), verdict_word(lv$verdict), fnum(lv$votes),
             fnum(n_tests), verdict_word(fd$verdict), fnum(fd$votes), fnum(n_tests)), s_ix)
  }
  if (!is.null(ur$index$second)) {
    t <- as.data.frame(ur$index$second)
    r <- t[t$form == "level" & t$test == t$test[1L], , drop = FALSE][1L, ]
    field <- "as.data.frame(x$unitroot$index$second)$statistic[1]"
    if (is.na(r$statistic)) {
      add("unitroot", "cips_none", field, list(unname(ur_labels[r$test])), s_ix)
    } else if (is.na(r$p_bracket)) {
      add("unitroot", "cips_untabulated", field, list(unname(ur_labels[r$test]),
                                                      fnum(r$statistic), fnum(r$units),
                                                      r$periods), s_ix)
    } else {
      add("unitroot", "cips", field, list(unname(ur_labels[r$test]), fnum(r$statistic),
                                          r$p_bracket), s_ix)
    }
  }
  if (!is.null(ur$covariates$first)) {
    t <- as.data.frame(ur$covariates$first)
    vf <- t[!duplicated(paste(t$variable, t$form, sep = "\r")), , drop = FALSE]
    n_lv <- sum(vf$form == "level" & vf$verdict %in% "stationary")
    n_fd <- sum(vf$form == "first difference" & vf$verdict %in% "stationary")
    add("unitroot", "ur_covariates",
        "glance_coagg_unitroot(x$unitroot$covariates$first)$n_stationary",
        list(fnum(length(unique(t$variable))), fnum(n_lv), fnum(n_fd)), s_cov)
  }
  n_ur_notes <- length(unlist(lapply(c(ur$index, ur$covariates), attr, "notes")))
  if (n_ur_notes) {
    add("unitroot", "ur_caveats",
        "length(unlist(lapply(c(x$unitroot$index, x$unitroot$covariates), attr, 'notes')))",
        list(fnum(n_ur_notes), fnum(x$models$re$n_periods)), s_mod)
  }

  # cross-sectional dependence
  cdi <- x$cd$index
  i <- match("cd", cdi$test)
  if (!is.na(i)) {
    u <- attr(cdi, "units")
    add("cd", "cd_index", "x$cd$index$statistic[x$cd$index$test == 'cd']",
        list(fnum(cdi$statistic[i]), fnum_p(cdi$p_value[i]),
             if (isTRUE(cdi$p_value[i] < x$settings$alpha)) w[["rejects"]] else w[["not_rejects"]],
             pct, fnum(sum(u$mean_abs_rho * u$pairs, na.rm = TRUE) / sum(u$pairs, na.rm = TRUE))),
        s_ix)
  }

  # models
  ch <- x$choice
  ft <- x$effects_test
  add("models", "f_test", "x$effects_test$statistic",
      list(fnum(ft$df1), fnum(ft$df2), fnum(ft$statistic), fnum_p(ft$p_value),
           if (isTRUE(ft$p_value < x$settings$alpha)) w[["effects_yes"]] else w[["effects_no"]]),
      s_mod)
  hc <- x$hausman$classical
  hr <- x$hausman$robust
  add("models", "hausman_classical", "unname(x$hausman$classical$statistic)",
      list(fnum(hc$df), fnum(unname(hc$statistic)), fnum_p(hc$p_value)), s_mod)
  add("models", "hausman_robust", "unname(x$hausman$robust$statistic)",
      list(fnum(hr$df), fnum(unname(hr$statistic)), fnum_p(hr$p_value)), s_mod)
  if (isTRUE(ch$hausman_disagree)) {
    add("models", "hausman_disagree", "x$choice$alpha", list(pct), s_mod)
  }
  est_word <- function(e) w[[paste0("est_", e)]]
  used <- ch$hausman_used
  hp <- switch(used, robust = hr$p_value, classical = hc$p_value, none = NA_real_)
  hp_field <- switch(used, robust = "x$hausman$robust$p_value",
                     classical = "x$hausman$classical$p_value", none = "x$effects_test$p_value")
  switch(ch$estimator_reason,
         f_test = add("models", "choice_f", "x$effects_test$p_value",
                      list(pct, fnum_p(ft$p_value)), s_mod),
         hausman_rejects = add("models", "choice_fe", hp_field,
                               list(w[[paste0("test_", used)]], pct, fnum_p(hp)), s_mod),
         hausman_accepts = add("models", "choice_re", hp_field,
                               list(w[[paste0("test_", used)]], pct, fnum_p(hp)), s_mod),
         hausman_undefined = add("models", "choice_undefined", "x$effects_test$p_value",
                                 list(), s_mod))
  if (ch$estimator_reason != "f_test" && used != "none") {
    add("models", "hausman_rule", "x$choice$n_units",
        list(fnum(ch$n_units), fnum(ch$min_units), w[[paste0("test_", used)]]), s_mod)
  }
  if (ch$estimator != ch$estimator_rule) {
    add("models", "choice_override", "x$choice$n_units",
        list(est_word(ch$estimator), ch$estimator, est_word(ch$estimator_rule)), s_mod)
  }
  cdr <- x$cd$residuals
  i <- match("cd", cdr$test)
  if (!is.na(i)) {
    add("models", "cd_residuals", "x$cd$residuals$statistic[x$cd$residuals$test == 'cd']",
        list(est_word(ch$estimator), fnum(cdr$statistic[i]), fnum_p(cdr$p_value[i])), s_mod)
  }
  switch(ch$vcov_reason,
         cd_rejects = add("models", "vcov_dk", "x$choice$n_periods",
                          list(fnum(ch$n_periods), fnum(ch$min_periods)), s_mod),
         cd_rejects_short = add("models", "vcov_cluster_short", "x$choice$n_periods",
                                list(fnum(ch$n_units), fnum(ch$min_units), fnum(ch$n_periods)),
                                s_mod),
         cd_accepts = add("models", "vcov_cluster", "x$choice$n_units",
                          list(fnum(ch$n_units), fnum(ch$min_units)), s_mod),
         too_small = add("models", "vcov_classical", "x$choice$n_units",
                         list(fnum(ch$n_units), fnum(ch$n_periods), fnum(ch$min_units)), s_mod))
  if (ch$vcov != ch$vcov_rule) {
    add("models", "vcov_override", "x$choice$n_units",
        list(w[[paste0("vcov_", ch$vcov)]], ch$vcov, w[[paste0("vcov_", ch$vcov_rule)]]), s_mod)
  }
  ct <- coef_table(x$models$chosen)
  ct <- ct[ct$term != "(Intercept)", , drop = FALSE]
  sig <- ct[!is.na(ct$p_value) & ct$p_value < x$settings$alpha, , drop = FALSE]
  field <- "sum(coef_table(x$models$chosen)$p_value[coef_table(x$models$chosen)$term != '(Intercept)'] < x$settings$alpha, na.rm = TRUE)"
  if (nrow(sig)) {
    add("models", "coefficients", field,
        list(fnum(nrow(sig)), fnum(nrow(ct)), pct,
             join(sprintf("%s (%s%s)", sig$term, ifelse(sig$estimate > 0, "+", ""),
                          vapply(sig$estimate, fnum, "")))), s_mod)
  } else {
    add("models", "coefficients_none", field, list(fnum(nrow(ct)), pct), s_mod)
  }
  ef <- x$effects
  if (!is.null(ef) && nrow(ef) >= 2L) {
    lo <- which.min(ef$effect)
    hi <- which.max(ef$effect)
    add("models", if (ch$estimator == "re") "effects_re" else "effects_fe", "min(x$effects$effect)",
        list(fnum(ef$effect[lo]), as.character(ef[[1L]][lo]), fnum(ef$effect[hi]),
             as.character(ef[[1L]][hi])), s_mod)
  }

  # audit
  au <- x$audit
  if (!is.null(au)) {
    a <- au$coefficients
    checked <- sum(!is.na(a$p_ok))
    add("audit", "audit_table", "sum(!x$audit$coefficients$p_ok, na.rm = TRUE)",
        list(fnum(sum(!a$p_ok, na.rm = TRUE)), fnum(checked), fnum(au$df)), FALSE)
    if (!is.null(au$hausman)) {
      h <- au$hausman
      add("audit", "audit_hausman", "x$audit$hausman$p_at_df",
          list(h$statistic_text, fnum(h$df), fnum_p(h$p_at_df), h$p_value_text), FALSE)
    }
  }
  out <- do.call(rbind, rows)
  rownames(out) <- NULL
  out
}

# Numbers in sentences: four significant digits; p-values as format_p(),
# with their relation ("= 0.03", "< 1e-16"): the templates say "p %s".
fnum <- function(v) {
  if (length(v) != 1L || is.na(v)) return("NA")
  if (v == round(v) && abs(v) < 1e9) return(format(v, scientific = FALSE))
  format(signif(v, 4L))
}
fnum_p <- function(p) {
  s <- format_p(p)
  if (startsWith(s, "<")) s else paste("=", s)
}

# ---------------------------------------------------------------------------
# The sentences (sprintf templates; every slot is a formatted string)
# ---------------------------------------------------------------------------

study_sentences <- list(
  index_computed = c(
    en = paste("The co-agglomeration index of %s and %s (variant %s) has %s values for %s",
               "regions over %s periods (%s-%s); its mean is %s (range %s to %s)."),
    zh = "%s\u4e0e%s\u7684\u534f\u540c\u96c6\u805a\u6307\u6570\uff08\u53e3\u5f84%s\uff09\u5171\u6709%s\u4e2a\u89c2\u6d4b\u503c\uff0c\u8986\u76d6%s\u4e2a\u5730\u533a\u3001%s\u4e2a\u65f6\u671f\uff08%s\u2014%s\uff09\uff1b\u5747\u503c\u4e3a%s\uff08\u8303\u56f4%s\u81f3%s\uff09\u3002"),
  index_given = c(
    en = paste("The index given has %s values for %s regions over %s periods (%s-%s); its",
               "mean is %s (range %s to %s)."),
    zh = "\u6240\u7ed9\u534f\u540c\u96c6\u805a\u6307\u6570\u5171\u6709%s\u4e2a\u89c2\u6d4b\u503c\uff0c\u8986\u76d6%s\u4e2a\u5730\u533a\u3001%s\u4e2a\u65f6\u671f\uff08%s\u2014%s\uff09\uff1b\u5747\u503c\u4e3a%s\uff08\u8303\u56f4%s\u81f3%s\uff09\u3002"),
  index_undefined = c(
    en = "%s region-periods have no index value and are left out of the tests and models.",
    zh = "%s\u4e2a\u5730\u533a-\u65f6\u671f\u6ca1\u6709\u6307\u6570\u503c\uff0c\u68c0\u9a8c\u548c\u6a21\u578b\u4e2d\u4e0d\u4f7f\u7528\u3002"),
  ranking = c(
    en = "Highest mean index: %s; lowest: %s.",
    zh = "\u6307\u6570\u5747\u503c\u6700\u9ad8\u7684\u5730\u533a\uff1a%s\uff1b\u6700\u4f4e\u7684\u5730\u533a\uff1a%s\u3002"),
  groups = c(
    en = "Over the periods the E-G index of %s averages %s, that of %s %s.",
    zh = "\u5404\u65f6\u671f%s\u7684E-G\u6307\u6570\u5e73\u5747\u4e3a%s\uff0c%s\u4e3a%s\u3002"),
  variants = c(
    en = paste("Of the %s other variants of the index, the lowest rank correlation of its",
               "region means with the chosen variant's is %s (%s)."),
    zh = "\u5728\u5176\u4f59%s\u79cd\u6307\u6570\u53e3\u5f84\u4e2d\uff0c\u4e0e\u6240\u9009\u53e3\u5f84\u5730\u533a\u5747\u503c\u7684\u79e9\u76f8\u5173\u7cfb\u6570\u6700\u4f4e\u4e3a%s\uff08%s\uff09\u3002"),
  ur_index = c(
    en = paste("First-generation unit-root tests (%s) find the index %s in levels (%s of %s",
               "tests support stationarity) and %s in first differences (%s of %s)."),
    zh = "\u7b2c\u4e00\u4ee3\u9762\u677f\u5355\u4f4d\u6839\u68c0\u9a8c\uff08%s\uff09\u8868\u660e\uff1a\u6307\u6570\u6c34\u5e73\u503c%s\uff08%s/%s\u4e2a\u68c0\u9a8c\u652f\u6301\u5e73\u7a33\uff09\uff0c\u4e00\u9636\u5dee\u5206%s\uff08%s/%s\uff09\u3002"),
  cips = c(
    en = "%s of the index in levels: %s, p-value in the bracket %s of Pesaran's tables.",
    zh = "\u6307\u6570\u6c34\u5e73\u503c\u7684%s\u7edf\u8ba1\u91cf\u4e3a%s\uff0cp\u503c\u4f4d\u4e8ePesaran\u4e34\u754c\u503c\u8868\u7684\u533a\u95f4%s\u3002"),
  cips_untabulated = c(
    en = paste("%s of the index in levels: %s (on %s units over %s), without critical values",
               "or p-value at this panel size (Pesaran's tables start at 10 units and 10",
               "periods)."),
    zh = "\u6307\u6570\u6c34\u5e73\u503c\u7684%s\u7edf\u8ba1\u91cf\u4e3a%s\uff08%s\u4e2a\u4e2a\u4f53\uff0c%s\uff09\uff1b\u8be5\u9762\u677f\u89c4\u6a21\u4e0b\u6ca1\u6709\u4e34\u754c\u503c\u548cp\u503c\uff08Pesaran\u4e34\u754c\u503c\u8868\u59cb\u4e8e10\u4e2a\u4e2a\u4f53\u300110\u4e2a\u65f6\u671f\uff09\u3002"),
  cips_none = c(
    en = "%s could not be computed for the index: the panel is too short.",
    zh = "\u6307\u6570\u7684%s\u68c0\u9a8c\u65e0\u6cd5\u8ba1\u7b97\uff1a\u9762\u677f\u65f6\u671f\u8fc7\u77ed\u3002"),
  ur_covariates = c(
    en = paste("Of the %s covariates, %s are stationary in levels and %s in first",
               "differences by the first-generation tests."),
    zh = "%s\u4e2a\u89e3\u91ca\u53d8\u91cf\u4e2d\uff0c\u6309\u7b2c\u4e00\u4ee3\u68c0\u9a8c\uff0c%s\u4e2a\u6c34\u5e73\u503c\u5e73\u7a33\uff0c%s\u4e2a\u4e00\u9636\u5dee\u5206\u5e73\u7a33\u3002"),
  ur_caveats = c(
    en = paste("The unit-root tests recorded %s caveats: with %s periods several tests lie",
               "outside the range of their tables (see the notes)."),
    zh = "\u5355\u4f4d\u6839\u68c0\u9a8c\u8bb0\u5f55\u4e86%s\u6761\u6ce8\u610f\u4e8b\u9879\uff1a\u9762\u677f\u53ea\u6709%s\u4e2a\u65f6\u671f\uff0c\u90e8\u5206\u68c0\u9a8c\u8d85\u51fa\u5176\u4e34\u754c\u503c\u8868\u7684\u9002\u7528\u8303\u56f4\uff08\u89c1\u6ce8\u610f\u4e8b\u9879\uff09\u3002"),
  cd_index = c(
    en = paste("Pesaran's CD test of the index: CD = %s, p %s; it %s weak cross-sectional",
               "dependence at %s%% (mean absolute correlation %s)."),
    zh = "\u6307\u6570\u7684Pesaran CD\u68c0\u9a8c\uff1aCD = %s\uff0cp %s\uff0c%3$s\u5f31\u622a\u9762\u76f8\u5173\u7684\u539f\u5047\u8bbe\uff08\u663e\u8457\u6027\u6c34\u5e73%4$s%%\uff1b\u5e73\u5747\u7edd\u5bf9\u76f8\u5173\u7cfb\u6570%5$s\uff09\u3002"),
  f_test = c(
    en = "F test of the unit effects: F(%s, %s) = %s, p %s: %s.",
    zh = "\u4e2a\u4f53\u6548\u5e94F\u68c0\u9a8c\uff1aF(%s, %s) = %s\uff0cp %s\uff0c%s\u3002"),
  hausman_classical = c(
    en = "Classical Hausman test: chi2(%s) = %s, p %s.",
    zh = "\u7ecf\u5178Hausman\u68c0\u9a8c\uff1a\u03c7\u00b2(%s) = %s\uff0cp %s\u3002"),
  hausman_robust = c(
    en = "Robust Hausman test (Mundlak regression, cluster-robust Wald): chi2(%s) = %s, p %s.",
    zh = "\u7a33\u5065Hausman\u68c0\u9a8c\uff08Mundlak\u56de\u5f52\uff0c\u805a\u7c7b\u7a33\u5065Wald\u68c0\u9a8c\uff09\uff1a\u03c7\u00b2(%s) = %s\uff0cp %s\u3002"),
  hausman_disagree = c(
    en = "The classical and robust Hausman tests disagree at %s%%.",
    zh = "\u7ecf\u5178\u4e0e\u7a33\u5065Hausman\u68c0\u9a8c\u5728%s%%\u6c34\u5e73\u4e0a\u7ed3\u8bba\u4e0d\u4e00\u81f4\u3002"),
  hausman_rule = c(
    en = "The panel has %s units (the robust test needs at least %s), so the %s test decides.",
    zh = "\u9762\u677f\u6709%s\u4e2a\u4e2a\u4f53\uff08\u7a33\u5065\u68c0\u9a8c\u81f3\u5c11\u9700\u8981%s\u4e2a\uff09\uff0c\u56e0\u6b64\u4ee5%s\u68c0\u9a8c\u7684\u7ed3\u8bba\u4e3a\u51c6\u3002"),
  choice_f = c(
    en = paste("Model: pooled OLS, because the F test does not reject equal unit intercepts",
               "at %s%% (p %s)."),
    zh = "\u6a21\u578b\uff1a\u6df7\u5408OLS\uff0c\u56e0\u4e3aF\u68c0\u9a8c\u5728%s%%\u6c34\u5e73\u4e0a\u4e0d\u62d2\u7edd\u5404\u4e2a\u4f53\u622a\u8ddd\u76f8\u7b49\uff08p %s\uff09\u3002"),
  choice_fe = c(
    en = "Model: fixed effects, because the %s Hausman test rejects at %s%% (p %s).",
    zh = "\u6a21\u578b\uff1a\u56fa\u5b9a\u6548\u5e94\uff0c\u56e0\u4e3a%sHausman\u68c0\u9a8c\u5728%s%%\u6c34\u5e73\u4e0a\u62d2\u7edd\u539f\u5047\u8bbe\uff08p %s\uff09\u3002"),
  choice_re = c(
    en = "Model: random effects, because the %s Hausman test does not reject at %s%% (p %s).",
    zh = "\u6a21\u578b\uff1a\u968f\u673a\u6548\u5e94\uff0c\u56e0\u4e3a%sHausman\u68c0\u9a8c\u5728%s%%\u6c34\u5e73\u4e0a\u4e0d\u62d2\u7edd\u539f\u5047\u8bbe\uff08p %s\uff09\u3002"),
  choice_undefined = c(
    en = paste("Model: fixed effects, because neither Hausman test has a p-value (fixed",
               "effects are consistent either way)."),
    zh = "\u6a21\u578b\uff1a\u56fa\u5b9a\u6548\u5e94\uff0c\u56e0\u4e3a\u4e24\u79cdHausman\u68c0\u9a8c\u5747\u65e0p\u503c\uff08\u56fa\u5b9a\u6548\u5e94\u4f30\u8ba1\u91cf\u5728\u4e24\u79cd\u60c5\u5f62\u4e0b\u90fd\u662f\u4e00\u81f4\u7684\uff09\u3002"),
  choice_override = c(
    en = "Model used: %s, as requested (estimator = \"%s\"); the rules would choose %s.",
    zh = "\u5b9e\u9645\u4f7f\u7528\u7684\u6a21\u578b\uff1a%s\uff08\u6309\u6307\u5b9a\uff0cestimator = \"%s\"\uff09\uff1b\u6309\u89c4\u5219\u5e94\u9009\u62e9%s\u3002"),
  cd_residuals = c(
    en = "CD test of the residuals of the %s model: CD = %s, p %s.",
    zh = "%s\u6a21\u578b\u6b8b\u5dee\u7684CD\u68c0\u9a8c\uff1aCD = %s\uff0cp %s\u3002"),
  vcov_dk = c(
    en = paste("Standard errors: Driscoll-Kraay, because CD rejects weak dependence of the",
               "residuals and the panel has %s periods (at least %s)."),
    zh = "\u6807\u51c6\u8bef\uff1aDriscoll-Kraay\uff0c\u56e0\u4e3a\u6b8b\u5dee\u7684CD\u68c0\u9a8c\u62d2\u7edd\u5f31\u622a\u9762\u76f8\u5173\uff0c\u4e14\u9762\u677f\u6709%s\u4e2a\u65f6\u671f\uff08\u81f3\u5c11\u9700\u8981%s\u4e2a\uff09\u3002"),
  vcov_cluster_short = c(
    en = paste("Standard errors: clustered by unit, because the panel has %s units (at least",
               "%s); CD rejects weak dependence of the residuals, but %s periods are too few",
               "for Driscoll-Kraay errors."),
    zh = "\u6807\u51c6\u8bef\uff1a\u6309\u4e2a\u4f53\u805a\u7c7b\uff0c\u56e0\u4e3a\u9762\u677f\u6709%s\u4e2a\u4e2a\u4f53\uff08\u81f3\u5c11\u9700\u8981%s\u4e2a\uff09\uff1b\u6b8b\u5dee\u7684CD\u68c0\u9a8c\u62d2\u7edd\u5f31\u622a\u9762\u76f8\u5173\uff0c\u4f46%s\u4e2a\u65f6\u671f\u4e0d\u8db3\u4ee5\u4f7f\u7528Driscoll-Kraay\u6807\u51c6\u8bef\u3002"),
  vcov_cluster = c(
    en = paste("Standard errors: clustered by unit, because CD does not reject weak dependence",
               "of the residuals and the panel has %s units (at least %s)."),
    zh = "\u6807\u51c6\u8bef\uff1a\u6309\u4e2a\u4f53\u805a\u7c7b\uff0c\u56e0\u4e3a\u6b8b\u5dee\u7684CD\u68c0\u9a8c\u4e0d\u62d2\u7edd\u5f31\u622a\u9762\u76f8\u5173\uff0c\u4e14\u9762\u677f\u6709%s\u4e2a\u4e2a\u4f53\uff08\u81f3\u5c11\u9700\u8981%s\u4e2a\uff09\u3002"),
  vcov_classical = c(
    en = paste("Standard errors: classical, because %s units and %s periods are too few for",
               "cluster-robust or Driscoll-Kraay errors (each needs at least %s)."),
    zh = "\u6807\u51c6\u8bef\uff1a\u7ecf\u5178\u6807\u51c6\u8bef\uff0c\u56e0\u4e3a%s\u4e2a\u4e2a\u4f53\u548c%s\u4e2a\u65f6\u671f\u4e0d\u8db3\u4ee5\u4f7f\u7528\u805a\u7c7b\u7a33\u5065\u6216Driscoll-Kraay\u6807\u51c6\u8bef\uff08\u5404\u9700\u81f3\u5c11%s\u4e2a\uff09\u3002"),
  vcov_override = c(
    en = "Standard errors used: %s, as requested (vcov = \"%s\"); the rules would choose %s.",
    zh = "\u5b9e\u9645\u4f7f\u7528\u7684\u6807\u51c6\u8bef\uff1a%s\uff08\u6309\u6307\u5b9a\uff0cvcov = \"%s\"\uff09\uff1b\u6309\u89c4\u5219\u5e94\u9009\u62e9%s\u3002"),
  coefficients = c(
    en = "With these errors %s of the %s slopes are significant at %s%%: %s.",
    zh = "\u5728\u6b64\u6807\u51c6\u8bef\u4e0b\uff0c%2$s\u4e2a\u659c\u7387\u7cfb\u6570\u4e2d\u6709%1$s\u4e2a\u5728%3$s%%\u6c34\u5e73\u4e0a\u663e\u8457\uff1a%4$s\u3002"),
  coefficients_none = c(
    en = "With these errors none of the %s slopes is significant at %s%%.",
    zh = "\u5728\u6b64\u6807\u51c6\u8bef\u4e0b\uff0c%s\u4e2a\u659c\u7387\u7cfb\u6570\u5728%s%%\u6c34\u5e73\u4e0a\u5747\u4e0d\u663e\u8457\u3002"),
  effects_re = c(
    en = "The predicted unit effects range from %s (%s) to %s (%s).",
    zh = "\u4e2a\u4f53\u968f\u673a\u6548\u5e94\u7684\u9884\u6d4b\u503c\u4ece%s\uff08%s\uff09\u5230%s\uff08%s\uff09\u3002"),
  effects_fe = c(
    en = "The estimated fixed effects range from %s (%s) to %s (%s).",
    zh = "\u4e2a\u4f53\u56fa\u5b9a\u6548\u5e94\u7684\u4f30\u8ba1\u503c\u4ece%s\uff08%s\uff09\u5230%s\uff08%s\uff09\u3002"),
  audit_table = c(
    en = paste("Audit of the printed table: %s of the %s printed p-values checked do not",
               "follow from the printed numbers (t with %s degrees of freedom)."),
    zh = "\u5bf9\u6240\u7ed9\u7cfb\u6570\u8868\u7684\u6838\u67e5\uff1a\u5728\u6838\u67e5\u7684%2$s\u4e2ap\u503c\u4e2d\uff0c\u6709%1$s\u4e2a\u4e0e\u8868\u4e2d\u5176\u4ed6\u6570\u5b57\u4e0d\u4e00\u81f4\uff08t\u5206\u5e03\u81ea\u7531\u5ea6%3$s\uff09\u3002"),
  audit_hausman = c(
    en = "Audit of the printed Hausman line: chi2 = %s on %s degrees of freedom gives p %s; printed: %s.",
    zh = "\u5bf9\u6240\u7ed9Hausman\u68c0\u9a8c\u7684\u6838\u67e5\uff1a\u03c7\u00b2 = %s\u3001\u81ea\u7531\u5ea6%s\u65f6p %s\uff1b\u539f\u6587\u4e3a%s\u3002"))

# ---------------------------------------------------------------------------
# The words of the narrative and of the report
# ---------------------------------------------------------------------------

report_words <- list(
  en = c(
    stationary_word = "stationary", unit_root_word = "to have a unit root",
    undetermined = "undetermined", rejects = "rejects", not_rejects = "does not reject",
    effects_yes = "the unit intercepts differ", effects_no = "no evidence of unit effects",
    est_pooled = "pooled OLS", est_fe = "fixed effects", est_re = "random effects",
    test_robust = "robust", test_classical = "classical",
    vcov_classical = "classical", vcov_cluster = "clustered by unit",
    "vcov_driscoll-kraay" = "Driscoll-Kraay", vcov_twoway = "clustered by unit and period",
    simulated = "SIMULATED",
    title = "Co-agglomeration study",
    sec_summary = "Findings", sec_data = "Data and settings",
    sec_index = "The co-agglomeration index", sec_unitroot = "Panel unit-root tests",
    sec_cd = "Cross-sectional dependence", sec_models = "Panel models and the choice of model",
    sec_effects = "Unit effects", sec_audit = "Audit of the printed tables",
    sec_notes = "Caveats", sec_repro = "Reproducibility",
    tab_index = "Co-agglomeration index by region and period",
    tab_ranking = "Regions ranked by their mean index",
    tab_groups = "E-G index of each industry group by period",
    tab_variants = "The variants of the index",
    tab_ur_index_first = "First-generation unit-root tests of the index",
    tab_ur_index_second = "Second-generation unit-root tests (CIPS) of the index",
    tab_ur_covariates_first = "First-generation unit-root tests of the covariates",
    tab_ur_covariates_second = "Second-generation unit-root tests (CIPS) of the covariates",
    tab_cd = "Tests of cross-sectional dependence",
    tab_models = "Pooled, fixed- and random-effects models",
    tab_tests = "Tests for the choice of model",
    tab_effects = "Unit effects of the chosen model",
    tab_audit = "Audit of the printed coefficient table",
    tab_repro = "Reproducibility record",
    fig_index = "Co-agglomeration index by region and period",
    fig_trend = "The index over time",
    fig_groups = "E-G index of the two industry groups over time",
    fig_unitroot_index = "Unit-root tests of the index: p-values",
    fig_unitroot_covariates = "Unit-root tests of the covariates: p-values",
    fig_cd = "Each region's correlation with the other regions (index)",
    fig_hausman = "Fixed- against random-effects estimates",
    fig_coefficients = "Coefficients of the chosen model",
    fig_effects = "Unit effects of the chosen model",
    fig_audit = "Audit of the printed coefficient table",
    col_rank = "Rank", col_region = "Region", col_mean = "Mean", col_min = "Minimum",
    col_max = "Maximum", col_periods = "Periods", col_group = "Group", col_period = "Period",
    col_gamma = "E-G gamma", col_gini = "Gini G", col_herfindahl = "Herfindahl H",
    col_per_region = "Per-region index", col_combine = "Combination", col_chosen = "Chosen",
    col_defined = "Defined", col_undefined = "Undefined", col_median = "Median",
    col_rank_cor = "Rank correlation", col_variable = "Variable", col_test = "Test",
    col_statistic = "Statistic", col_p = "p-value", col_df = "df", col_units = "Units",
    col_pairs = "Pairs", col_estimate = "Estimate", col_decision = "At the level",
    col_effect = "Effect", col_se = "Std. error", col_term = "Term",
    col_printed_t = "Printed t", col_printed_p = "Printed p", col_implied_p = "Recomputed p",
    col_finding = "Finding", col_item = "Item", col_value = "Value",
    yes = "yes", no = "no", rejected = "rejected", not_rejected = "not rejected",
    models_chosen = "Chosen", test_f = "F test of unit effects",
    test_hausman_classical = "Hausman (classical)", test_hausman_robust = "Hausman (robust)",
    cd_of_index = "index", cd_of_residuals = "residuals of the chosen model",
    rep_package = "coagg version", rep_r = "R version", rep_date = "Date",
    rep_convention = "Convention", rep_na = "Missing values (na_action)",
    rep_variant = "Variant of the index", rep_rules = "Thresholds of the rules",
    rep_fingerprint = "Fingerprint (MD5) of input", rep_index_fp = "Fingerprint (MD5) of the index",
    rep_seed = "Seed of the simulated inputs", rep_no_seed = "none (inputs not simulated)",
    rep_call = "The call",
    rules_text = "alpha = %s; at least %s units for the robust Hausman test and cluster-robust errors; at least %s periods for Driscoll-Kraay errors",
    data_index_computed = "The index was computed from the employment rows by eg_coagg().",
    data_index_given = "The index was given (argument coagg); it was not recomputed.",
    data_panel = "The study panel has %s region-periods of %s regions and %s periods; the models use %s observations.",
    simulated_note = "SIMULATED data: the results marked so rest on simulated inputs and describe no real economy.",
    showing = "The %s highest and the %s lowest of %s regions.",
    no_notes = "None."),
  zh = c(
    stationary_word = "\u5e73\u7a33", unit_root_word = "\u5b58\u5728\u5355\u4f4d\u6839",
    undetermined = "\u65e0\u6cd5\u5224\u65ad", rejects = "\u62d2\u7edd", not_rejects = "\u4e0d\u62d2\u7edd",
    effects_yes = "\u5404\u4e2a\u4f53\u622a\u8ddd\u5b58\u5728\u5dee\u5f02", effects_no = "\u6ca1\u6709\u4e2a\u4f53\u6548\u5e94\u7684\u8bc1\u636e",
    est_pooled = "\u6df7\u5408OLS", est_fe = "\u56fa\u5b9a\u6548\u5e94", est_re = "\u968f\u673a\u6548\u5e94",
    test_robust = "\u7a33\u5065", test_classical = "\u7ecf\u5178",
    vcov_classical = "\u7ecf\u5178\u6807\u51c6\u8bef", vcov_cluster = "\u6309\u4e2a\u4f53\u805a\u7c7b\u7a33\u5065\u6807\u51c6\u8bef",
    "vcov_driscoll-kraay" = "Driscoll-Kraay\u6807\u51c6\u8bef", vcov_twoway = "\u6309\u4e2a\u4f53\u548c\u65f6\u671f\u53cc\u5411\u805a\u7c7b\u6807\u51c6\u8bef",
    simulated = "\u6a21\u62df\u6570\u636e",
    title = "\u4ea7\u4e1a\u534f\u540c\u96c6\u805a\u7814\u7a76\u62a5\u544a",
    sec_summary = "\u4e3b\u8981\u53d1\u73b0", sec_data = "\u6570\u636e\u4e0e\u8bbe\u5b9a",
    sec_index = "\u534f\u540c\u96c6\u805a\u6307\u6570", sec_unitroot = "\u9762\u677f\u5355\u4f4d\u6839\u68c0\u9a8c",
    sec_cd = "\u622a\u9762\u76f8\u5173\u68c0\u9a8c", sec_models = "\u9762\u677f\u6a21\u578b\u4e0e\u6a21\u578b\u9009\u62e9",
    sec_effects = "\u4e2a\u4f53\u6548\u5e94", sec_audit = "\u5df2\u53d1\u8868\u7ed3\u679c\u6838\u67e5",
    sec_notes = "\u6ce8\u610f\u4e8b\u9879", sec_repro = "\u53ef\u91cd\u590d\u6027\u4fe1\u606f",
    tab_index = "\u5404\u5730\u533a\u5404\u65f6\u671f\u7684\u534f\u540c\u96c6\u805a\u6307\u6570",
    tab_ranking = "\u5730\u533a\u6307\u6570\u5747\u503c\u6392\u540d",
    tab_groups = "\u5404\u65f6\u671f\u4e24\u7c7b\u4ea7\u4e1a\u7684E-G\u6307\u6570",
    tab_variants = "\u6307\u6570\u7684\u4e0d\u540c\u6d4b\u7b97\u53e3\u5f84",
    tab_ur_index_first = "\u6307\u6570\u7684\u7b2c\u4e00\u4ee3\u9762\u677f\u5355\u4f4d\u6839\u68c0\u9a8c",
    tab_ur_index_second = "\u6307\u6570\u7684\u7b2c\u4e8c\u4ee3\u9762\u677f\u5355\u4f4d\u6839\u68c0\u9a8c\uff08CIPS\uff09",
    tab_ur_covariates_first = "\u89e3\u91ca\u53d8\u91cf\u7684\u7b2c\u4e00\u4ee3\u9762\u677f\u5355\u4f4d\u6839\u68c0\u9a8c",
    tab_ur_covariates_second = "\u89e3\u91ca\u53d8\u91cf\u7684\u7b2c\u4e8c\u4ee3\u9762\u677f\u5355\u4f4d\u6839\u68c0\u9a8c\uff08CIPS\uff09",
    tab_cd = "\u622a\u9762\u76f8\u5173\u68c0\u9a8c",
    tab_models = "\u6df7\u5408OLS\u3001\u56fa\u5b9a\u6548\u5e94\u4e0e\u968f\u673a\u6548\u5e94\u6a21\u578b",
    tab_tests = "\u6a21\u578b\u9009\u62e9\u68c0\u9a8c",
    tab_effects = "\u6240\u9009\u6a21\u578b\u7684\u4e2a\u4f53\u6548\u5e94",
    tab_audit = "\u5df2\u53d1\u8868\u7cfb\u6570\u8868\u6838\u67e5",
    tab_repro = "\u53ef\u91cd\u590d\u6027\u8bb0\u5f55",
    fig_index = "\u5404\u5730\u533a\u5404\u65f6\u671f\u7684\u534f\u540c\u96c6\u805a\u6307\u6570",
    fig_trend = "\u6307\u6570\u7684\u65f6\u95f4\u53d8\u5316",
    fig_groups = "\u4e24\u7c7b\u4ea7\u4e1aE-G\u6307\u6570\u7684\u65f6\u95f4\u53d8\u5316",
    fig_unitroot_index = "\u6307\u6570\u5355\u4f4d\u6839\u68c0\u9a8c\u7684p\u503c",
    fig_unitroot_covariates = "\u89e3\u91ca\u53d8\u91cf\u5355\u4f4d\u6839\u68c0\u9a8c\u7684p\u503c",
    fig_cd = "\u5404\u5730\u533a\u6307\u6570\u4e0e\u5176\u4ed6\u5730\u533a\u7684\u76f8\u5173\u7cfb\u6570",
    fig_hausman = "\u56fa\u5b9a\u6548\u5e94\u4e0e\u968f\u673a\u6548\u5e94\u4f30\u8ba1\u503c\u6bd4\u8f83",
    fig_coefficients = "\u6240\u9009\u6a21\u578b\u7684\u7cfb\u6570",
    fig_effects = "\u6240\u9009\u6a21\u578b\u7684\u4e2a\u4f53\u6548\u5e94",
    fig_audit = "\u5df2\u53d1\u8868\u7cfb\u6570\u8868\u6838\u67e5",
    col_rank = "\u6392\u540d", col_region = "\u5730\u533a", col_mean = "\u5747\u503c", col_min = "\u6700\u5c0f\u503c",
    col_max = "\u6700\u5927\u503c", col_periods = "\u65f6\u671f\u6570", col_group = "\u4ea7\u4e1a\u7ec4", col_period = "\u65f6\u671f",
    col_gamma = "E-G\u6307\u6570", col_gini = "\u57fa\u5c3c\u7cfb\u6570G", col_herfindahl = "\u8d6b\u82ac\u8fbe\u5c14\u6307\u6570H",
    col_per_region = "\u5730\u533a\u6307\u6570", col_combine = "\u7ec4\u5408\u65b9\u5f0f", col_chosen = "\u662f\u5426\u9009\u7528",
    col_defined = "\u6709\u5b9a\u4e49", col_undefined = "\u65e0\u5b9a\u4e49", col_median = "\u4e2d\u4f4d\u6570",
    col_rank_cor = "\u79e9\u76f8\u5173\u7cfb\u6570", col_variable = "\u53d8\u91cf", col_test = "\u68c0\u9a8c",
    col_statistic = "\u7edf\u8ba1\u91cf", col_p = "p\u503c", col_df = "\u81ea\u7531\u5ea6", col_units = "\u4e2a\u4f53\u6570",
    col_pairs = "\u914d\u5bf9\u6570", col_estimate = "\u4f30\u8ba1\u503c", col_decision = "\u68c0\u9a8c\u7ed3\u8bba",
    col_effect = "\u6548\u5e94", col_se = "\u6807\u51c6\u8bef", col_term = "\u53d8\u91cf",
    col_printed_t = "\u539f\u6587t\u503c", col_printed_p = "\u539f\u6587p\u503c", col_implied_p = "\u91cd\u7b97p\u503c",
    col_finding = "\u6838\u67e5\u7ed3\u679c", col_item = "\u9879\u76ee", col_value = "\u5185\u5bb9",
    yes = "\u662f", no = "\u5426", rejected = "\u62d2\u7edd", not_rejected = "\u4e0d\u62d2\u7edd",
    models_chosen = "\u6240\u9009\u6a21\u578b", test_f = "\u4e2a\u4f53\u6548\u5e94F\u68c0\u9a8c",
    test_hausman_classical = "Hausman\u68c0\u9a8c\uff08\u7ecf\u5178\uff09", test_hausman_robust = "Hausman\u68c0\u9a8c\uff08\u7a33\u5065\uff09",
    cd_of_index = "\u6307\u6570", cd_of_residuals = "\u6240\u9009\u6a21\u578b\u6b8b\u5dee",
    rep_package = "coagg\u7248\u672c", rep_r = "R\u7248\u672c", rep_date = "\u65e5\u671f",
    rep_convention = "\u8ba1\u7b97\u53e3\u5f84", rep_na = "\u7f3a\u5931\u503c\u5904\u7406\uff08na_action\uff09",
    rep_variant = "\u6307\u6570\u53e3\u5f84", rep_rules = "\u9009\u62e9\u89c4\u5219\u7684\u9608\u503c",
    rep_fingerprint = "\u8f93\u5165\u6570\u636e\u6307\u7eb9\uff08MD5\uff09", rep_index_fp = "\u6307\u6570\u6307\u7eb9\uff08MD5\uff09",
    rep_seed = "\u6a21\u62df\u6570\u636e\u7684\u968f\u673a\u79cd\u5b50", rep_no_seed = "\u65e0\uff08\u8f93\u5165\u6570\u636e\u975e\u6a21\u62df\uff09",
    rep_call = "\u8c03\u7528",
    rules_text = "\u663e\u8457\u6027\u6c34\u5e73 = %s\uff1b\u7a33\u5065Hausman\u68c0\u9a8c\u548c\u805a\u7c7b\u7a33\u5065\u6807\u51c6\u8bef\u81f3\u5c11\u9700\u8981%s\u4e2a\u4e2a\u4f53\uff1bDriscoll-Kraay\u6807\u51c6\u8bef\u81f3\u5c11\u9700\u8981%s\u4e2a\u65f6\u671f",
    data_index_computed = "\u6307\u6570\u7531eg_coagg()\u6839\u636e\u4ece\u4e1a\u4eba\u5458\u6570\u636e\u8ba1\u7b97\u3002",
    data_index_given = "\u6307\u6570\u4e3a\u7528\u6237\u7ed9\u5b9a\uff08\u53c2\u6570coagg\uff09\uff0c\u672a\u91cd\u65b0\u8ba1\u7b97\u3002",
    data_panel = "\u7814\u7a76\u9762\u677f\u5171\u6709%s\u4e2a\u5730\u533a-\u65f6\u671f\uff0c\u6d89\u53ca%s\u4e2a\u5730\u533a\u3001%s\u4e2a\u65f6\u671f\uff1b\u6a21\u578b\u4f7f\u7528%s\u4e2a\u89c2\u6d4b\u503c\u3002",
    simulated_note = "\u6a21\u62df\u6570\u636e\uff1a\u6807\u6ce8\u4e3a\u6a21\u62df\u7684\u7ed3\u679c\u57fa\u4e8e\u6a21\u62df\u6570\u636e\uff0c\u4e0d\u53cd\u6620\u4efb\u4f55\u771f\u5b9e\u7ecf\u6d4e\u3002",
    showing = "%3$s\u4e2a\u5730\u533a\u4e2d\u6307\u6570\u5747\u503c\u6700\u9ad8\u7684%1$s\u4e2a\u548c\u6700\u4f4e\u7684%2$s\u4e2a\u3002",
    no_notes = "\u65e0\u3002"))
