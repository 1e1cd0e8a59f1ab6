# The study's statistical steps (see coagg_study() in study.R): unit roots,
# the models, the rules that choose the model and its covariance, the audit
# of a printed table; and the study's notes, simulated inputs, provenance.

# ---------------------------------------------------------------------------
# Unit roots, models, choices
# ---------------------------------------------------------------------------

study_unitroot <- function(panel, keys, name, series, set, env) {
  one <- function(vars, tests) {
    if (!length(vars) || !length(tests)) return(NULL)
    v <- if (all(vars %in% names(panel))) vars else
      stats::as.formula(paste("~", paste(vars, collapse = " + ")), env = env)
    panel_unitroot(panel, v, index = keys, tests = tests, convention = set$convention,
                   na_action = "omit")
  }
  list(index = list(first = one(name, set$unitroot_first),
                    second = one(name, set$unitroot_second)),
       covariates = list(first = one(series, set$unitroot_first),
                         second = one(series, set$unitroot_second)))
}

study_models <- function(formula, panel, keys, set) {
  list(pooled = study_fit("pooled", formula, panel, keys, set, "classical"),
       fe = study_fit("fe", formula, panel, keys, set, "classical"),
       re = study_fit("re", formula, panel, keys, set, "classical"))
}

# One model, fitted by a call whose arguments are written out (so that the
# model's recorded call reads as one a user would write, `panel` being the
# study's panel).
study_fit <- function(estimator, formula, panel, keys, set, vcov) {
  conv <- set$convention
  cl <- switch(estimator,
    pooled = bquote(panel_pooled(.(formula), panel, index = .(keys), convention = .(conv),
                                 vcov = .(vcov), na_action = "omit")),
    fe = bquote(panel_fe(.(formula), panel, index = .(keys), convention = .(conv),
                         vcov = .(vcov), na_action = "omit")),
    re = bquote(panel_re(.(formula), panel, index = .(keys), re_method = .(set$re_method),
                         convention = .(conv), vcov = .(vcov), na_action = "omit")))
  eval(cl)
}

# The F test of the unit effects: pooled against fixed effects (plm's
# pFtest()).
effects_f_test <- function(pooled, fe) {
  df1 <- pooled$df_residual - fe$df_residual
  df2 <- fe$df_residual
  stat <- if (df1 > 0 && df2 > 0) ((pooled$rss - fe$rss) / df1) / (fe$rss / df2) else NA_real_
  p <- if (is.finite(stat)) stats::pf(stat, df1, df2, lower.tail = FALSE) else NA_real_
  list(statistic = stat, df1 = as.integer(df1), df2 = as.integer(df2), p_value = p,
       method = "F test of the unit effects (pooled OLS against fixed effects)")
}

study_choose_estimator <- function(set, ft, hs, mods) {
  alpha <- set$alpha
  n_units <- mods$re$n_units
  hc <- hs$classical$p_value
  hr <- hs$robust$p_value
  decisive <- if (n_units >= set$min_units && !is.na(hr)) "robust" else
    if (!is.na(hc)) "classical" else if (!is.na(hr)) "robust" else "none"
  rule <- if (!is.na(ft$p_value) && ft$p_value >= alpha) {
    list(estimator = "pooled", reason = "f_test")
  } else {
    hp <- switch(decisive, robust = hr, classical = hc, none = NA_real_)
    if (is.na(hp)) list(estimator = "fe", reason = "hausman_undefined") else
      if (hp < alpha) list(estimator = "fe", reason = "hausman_rejects") else
        list(estimator = "re", reason = "hausman_accepts")
  }
  disagree <- !is.na(hc) && !is.na(hr) && ((hc < alpha) != (hr < alpha))
  est <- if (set$estimator == "auto") rule$estimator else set$estimator
  list(estimator = est, estimator_rule = rule$estimator, estimator_reason = rule$reason,
       estimator_overridden = set$estimator != "auto" && set$estimator != rule$estimator,
       hausman_used = decisive, hausman_disagree = disagree, n_units = n_units,
       alpha = alpha, min_units = set$min_units, min_periods = set$min_periods,
       notes = character())
}

study_choose_vcov <- function(set, ch, cd_res, base) {
  i <- match("cd", cd_res$test)
  cd_p <- if (is.na(i)) NA_real_ else cd_res$p_value[i]
  n_periods <- base$n_periods
  n_units <- base$n_units
  rejects <- !is.na(cd_p) && cd_p < set$alpha
  rule <- if (rejects && n_periods >= set$min_periods) {
    list(vcov = "driscoll-kraay", reason = "cd_rejects")
  } else if (n_units >= set$min_units) {
    list(vcov = "cluster", reason = if (rejects) "cd_rejects_short" else "cd_accepts")
  } else {
    list(vcov = "classical", reason = "too_small")
  }
  v <- if (set$vcov == "auto") rule$vcov else set$vcov
  notes <- character()
  if (rule$reason == "too_small" && set$vcov == "auto") {
    notes <- sprintf(paste("The panel has %d units and %d periods: too few units for",
                           "cluster-robust errors and too few periods for Driscoll-Kraay ones",
                           "(thresholds %d and %d), so the chosen model has classical standard",
                           "errors, which assume independent, homoskedastic errors."),
                     n_units, n_periods, set$min_units, set$min_periods)
  } else if (rule$reason == "cd_rejects_short" && set$vcov == "auto") {
    notes <- sprintf(paste("CD rejects weak cross-sectional dependence of the residuals, but",
                           "with %d periods (fewer than %d) Driscoll-Kraay errors are",
                           "unreliable: the errors are clustered by unit, which does not",
                           "allow for correlation between units."), n_periods, set$min_periods)
  }
  c(ch[setdiff(names(ch), "notes")],
    list(vcov = v, vcov_rule = rule$vcov, vcov_reason = rule$reason,
         vcov_overridden = set$vcov != "auto" && set$vcov != rule$vcov,
         cd_residuals_p = cd_p, n_periods = n_periods, notes = c(ch$notes, notes)))
}

# The unit effects of the chosen model: random_effects() for random effects,
# the estimated fixed effects for fixed effects, none for pooled OLS.
study_effects <- function(model, estimator, keys) {
  if (estimator == "re") return(random_effects(model))
  if (estimator == "fe" && !is.null(model$unit_effects)) {
    ue <- model$unit_effects
    out <- data.frame(unit = names(ue), effect = unname(ue), stringsAsFactors = FALSE)
    names(out)[1L] <- keys[1L]
    return(out)
  }
  NULL
}

study_audit <- function(published, mods, hausman) {
  co <- published$coefficients
  df <- if (is.null(published$df)) mods$re$n_obs - nrow(co) else published$df
  col <- function(nm) if (nm %in% names(co)) co[[nm]] else NULL
  a <- audit_coef_table(co$estimate, std_error = col("std_error"), statistic = col("statistic"),
                        p_value = col("p_value"), df = df, term = col("term"),
                        stars = col("stars"))
  h <- NULL
  if (!is.null(published$hausman)) {
    hdf <- if (is.null(published$hausman_df)) hausman$df else published$hausman_df
    h <- audit_chisq(published$hausman$statistic, published$hausman$p_value, df = hdf)
  }
  list(coefficients = a, hausman = h, df = df)
}

# ---------------------------------------------------------------------------
# Notes, simulated inputs, provenance
# ---------------------------------------------------------------------------

# Every component's notes, each prefixed with its step.
study_component_notes <- function(x) {
  tag <- function(step, n) if (length(n)) paste0("[", step, "] ", n) else character()
  ur <- x$unitroot
  c(tag("index", attr(x$index$coagg, "notes")),
    tag("unit roots, index", c(attr(ur$index$first, "notes"), attr(ur$index$second, "notes"))),
    tag("unit roots, covariates", c(attr(ur$covariates$first, "notes"),
                                    attr(ur$covariates$second, "notes"))),
    tag("CD, index", attr(x$cd$index, "notes")),
    tag("CD, residuals", attr(x$cd$residuals, "notes")),
    tag("pooled OLS", x$models$pooled$notes), tag("fixed effects", x$models$fe$notes),
    tag("random effects", x$models$re$notes),
    tag("chosen model", if (!identical(x$models$chosen, x$models[[x$choice$estimator]]))
      x$models$chosen$notes),
    tag("Hausman", c(x$hausman$classical$notes, x$hausman$robust$notes)))
}

# Which inputs are simulated: a `data_source` column or attribute that says
# "SIMULATED".
is_simulated <- function(x) {
  if (is.null(x)) return(FALSE)
  a <- attr(x, "data_source")
  if (is.character(a) && any(grepl("simulated", a, ignore.case = TRUE))) return(TRUE)
  if (is.data.frame(x) && "data_source" %in% names(x)) {
    v <- x[["data_source"]]
    return(any(grepl("simulated", as.character(v), ignore.case = TRUE)))
  }
  FALSE
}

study_simulated <- function(data, reference, coagg, covariates) {
  c(index = is_simulated(data) || is_simulated(reference) || is_simulated(coagg),
    covariates = is_simulated(covariates))
}

# A fingerprint of an R object: the MD5 sum of its serialization (version 2,
# XDR) with the 4 bytes of its header that name the R version that wrote it
# set to zero, so that the same data give the same fingerprint under any R
# version. The serialization is streamed to a file (no copy in memory).
fingerprint <- function(x) {
  f <- tempfile("coagg-fingerprint")
  on.exit(unlink(f))
  con <- file(f, "wb")
  tryCatch(serialize(x, con, xdr = TRUE, version = 2L), finally = close(con))
  con <- file(f, "r+b")
  tryCatch({
    seek(con, 6L, rw = "write")
    writeBin(as.raw(c(0L, 0L, 0L, 0L)), con)
  }, finally = close(con))
  unname(tools::md5sum(f))
}

study_provenance <- function(x, inputs, seed) {
  inputs <- inputs[!vapply(inputs, is.null, TRUE)]
  fp <- vapply(names(inputs), function(nm) {
    v <- inputs[[nm]]
    if (nm == "data" && !is.data.frame(v)) return(NA_character_)
    fingerprint(v)
  }, "")
  if (is.null(seed)) {
    s <- lapply(inputs, attr, "seed")
    s <- s[!vapply(s, is.null, TRUE)]
    seed <- if (length(s)) s[[1L]] else NULL
  }
  list(package = as.character(utils::packageVersion("coagg")),
       r_version = R.version.string, date = format(Sys.Date()),
       fingerprints = fp, index_fingerprint = fingerprint(x$index$values),
       seed = seed, convention = x$settings$convention, na_action = x$settings$na_action,
       call = paste(deparse(x$call, width.cutoff = 100L), collapse = "\n"))
}

# A string cut to n characters.
shorten_text <- function(s, n) if (nchar(s) > n) paste0(substr(s, 1L, n - 3L), "...") else s
