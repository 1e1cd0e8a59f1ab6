# The study's data steps (see coagg_study() in study.R): the index, computed
# by eg_coagg() or given, its ranking and variants, and the study panel of
# the index joined with the covariates.

# ---------------------------------------------------------------------------
# The index
# ---------------------------------------------------------------------------

study_index_computed <- function(eg_args, keys, name, set) {
  co <- do.call(eg_coagg, eg_args)
  values <- data.frame(region = co$region, time = co$time, estimate = co$estimate,
                       stringsAsFactors = FALSE)
  if (is.null(co$time)) abort_internal("eg_coagg() returned no time column")
  variants <- NULL
  vtab <- NULL
  notes <- character()
  if (set$variants) {
    grid <- expand.grid(per_region = c("lq", "decomposition", "location_quotient"),
                        combine = c("ratio", "ratio_plus_sum"), stringsAsFactors = FALSE)
    variants <- list()
    for (k in seq_len(nrow(grid))) {
      lab <- paste(grid$per_region[k], grid$combine[k], sep = "/")
      if (grid$per_region[k] == set$per_region && grid$combine[k] == set$combine) {
        variants[[lab]] <- co
        next
      }
      a <- eg_args
      a$per_region <- grid$per_region[k]
      a$combine <- grid$combine[k]
      v <- tryCatch(do.call(eg_coagg, a), coagg_input_error = function(e) e)
      if (inherits(v, "error")) {
        notes <- c(notes, sprintf("Variant %s of the index could not be computed: %s", lab,
                                  conditionMessage(v)))
      } else {
        variants[[lab]] <- v
      }
    }
    vtab <- study_variant_table(variants, paste(set$per_region, set$combine, sep = "/"))
  }
  groups <- study_groups(co, variants, eg_args)
  list(values = values, notes = notes, result = list(
    coagg = co, values = study_index_frame(values, keys, name), groups = groups,
    ranking = study_ranking(values), variants = variants, variant_table = vtab,
    variant = c(per_region = set$per_region, combine = set$combine)))
}

# The E-G index of each industry group per period. The variant
# per_region = "location_quotient" does not need the groups' gamma, so
# eg_coagg() leaves it NA there; the study reports it in every variant, from
# the "lq" variant (computed among the variants, or here for its groups
# only: its per-region caveats belong to a variant not chosen and are not
# kept).
study_groups <- function(co, variants, eg_args) {
  groups <- attr(co, "groups")
  if (is.null(groups) || !all(is.na(groups$estimate))) return(groups)
  lq <- variants[["lq/ratio"]]
  if (is.null(lq)) {
    a <- eg_args
    a$per_region <- "lq"
    lq <- tryCatch(withCallingHandlers(do.call(eg_coagg, a),
                                       coagg_warning = function(w) invokeRestart("muffleWarning")),
                   coagg_input_error = function(e) NULL)
  }
  if (is.null(lq)) groups else attr(lq, "groups")
}

study_index_given <- function(coagg, region, time, name, na_action) {
  check_data_frame(coagg, "coagg")
  get_column(coagg, region, "region", "coagg")
  get_column(coagg, time, "time", "coagg")
  get_column(coagg, name, "formula", "coagg")
  omit <- na_action == "omit"
  rk <- check_key_column(coagg, region, "region", "coagg", allow_na = omit)
  tk <- check_key_column(coagg, time, "time", "coagg", allow_na = omit)
  v <- check_numeric_column(coagg, name, "coagg", allow_na = TRUE, data_arg = "coagg")
  notes <- character()
  bad <- is.na(rk) | is.na(tk) | is.na(v)
  if (any(bad) && !omit) {
    abort_missing(name, which(is.na(v)), "coagg")
  }
  rows <- which(!bad)
  if (any(bad)) {
    notes <- c(notes, sprintf(paste("%d of %d rows of `coagg` with a missing key or index were",
                                    "dropped (na_action = \"omit\")."), sum(bad), length(bad)))
  }
  check_unique_keys(list(rk[rows], tk[rows]), c(region, time), "coagg", rows = rows)
  values <- data.frame(region = rk[rows], time = tk[rows], estimate = v[rows],
                       stringsAsFactors = FALSE)
  list(values = values, notes = notes, result = list(
    coagg = NULL, values = study_index_frame(values, c(region, time), name), groups = NULL,
    ranking = study_ranking(values), variants = NULL, variant_table = NULL,
    variant = c(per_region = NA_character_, combine = NA_character_)))
}

study_index_frame <- function(values, keys, name) {
  out <- values
  names(out) <- c(keys, name)
  rownames(out) <- NULL
  out
}

# Regions ranked by their mean index over the periods.
study_ranking <- function(values) {
  r <- as.character(values$region)
  ok <- !is.na(values$estimate)
  regs <- unique(r)
  v <- lapply(regs, function(g) values$estimate[r == g & ok])
  mean_v <- vapply(v, function(z) if (length(z)) mean(z) else NA_real_, 0)
  out <- data.frame(region = regs, mean = mean_v,
                    min = vapply(v, function(z) if (length(z)) min(z) else NA_real_, 0),
                    max = vapply(v, function(z) if (length(z)) max(z) else NA_real_, 0),
                    periods = lengths(v), stringsAsFactors = FALSE)
  out <- out[order(-out$mean, out$region, method = "radix", na.last = TRUE), , drop = FALSE]
  out <- cbind(rank = seq_len(nrow(out)), out)
  rownames(out) <- NULL
  out
}

# The variants side by side: how many values each defines, their range, and
# the rank correlation of its region means with the chosen variant's.
study_variant_table <- function(variants, chosen) {
  ref <- study_ranking(study_values(variants[[chosen]]))
  rows <- lapply(names(variants), function(lab) {
    v <- variants[[lab]]$estimate
    ok <- v[!is.na(v)]
    rk <- study_ranking(study_values(variants[[lab]]))
    m <- rk$mean[match(ref$region, rk$region)]
    use <- is.finite(m) & is.finite(ref$mean)
    # a constant column has no rank correlation (cor() would warn)
    rho <- if (sum(use) > 2L && length(unique(m[use])) > 1L && length(unique(ref$mean[use])) > 1L) {
      stats::cor(m[use], ref$mean[use], method = "spearman")
    } else NA_real_
    parts <- strsplit(lab, "/", fixed = TRUE)[[1L]]
    data.frame(per_region = parts[1L], combine = parts[2L], chosen = lab == chosen,
               defined = length(ok), undefined = sum(is.na(v)),
               min = if (length(ok)) min(ok) else NA_real_,
               median = if (length(ok)) stats::median(ok) else NA_real_,
               max = if (length(ok)) max(ok) else NA_real_, rank_correlation = rho,
               stringsAsFactors = FALSE)
  })
  out <- do.call(rbind, rows)
  rownames(out) <- NULL
  out
}

study_values <- function(co) {
  data.frame(region = co$region, time = co$time, estimate = co$estimate,
             stringsAsFactors = FALSE)
}

# ---------------------------------------------------------------------------
# The panel: index and covariates joined
# ---------------------------------------------------------------------------

# A key as text, so that 2011L, 2011 and "2011" match (numbers written as
# text are read as numbers, as the panel functions read them).
key_text <- function(v) {
  if (is.factor(v)) v <- as.character(v)
  if (is.character(v)) {
    num <- suppressWarnings(as.numeric(v))
    if (!anyNA(num[!is.na(v)])) v <- num
  }
  if (is.numeric(v)) return(ifelse(is.na(v), NA_character_, format(v, digits = 15L, trim = TRUE)))
  as.character(v)
}

study_panel <- function(values, region, time, f, covariates, index, na_action) {
  notes <- character()
  keys <- study_covariate_keys(covariates, index, region, time)
  omit <- na_action == "omit"
  rk <- check_key_column(covariates, keys[1L], "index", "covariates", allow_na = omit)
  tk <- check_key_column(covariates, keys[2L], "index", "covariates", allow_na = omit)
  vars <- f$vars
  usable <- c(setdiff(names(covariates), keys), region, time)
  miss <- setdiff(vars, usable)
  if (length(miss)) {
    abort_input(sprintf('no column "%s" in `covariates`.%s', miss[1L],
                        did_you_mean(miss[1L], names(covariates))), arg = "formula",
                column = miss[1L])
  }
  cov_vars <- setdiff(vars, c(region, time))
  if (f$index %in% names(covariates) && !f$index %in% keys) {
    notes <- c(notes, sprintf(paste("`covariates` has a column \"%s\", the index's name; the",
                                    "index used is the one of the study, not that column."),
                              f$index))
  }
  ir <- key_text(values$region)
  it <- key_text(values$time)
  cr <- key_text(rk)
  ct <- key_text(tk)
  nokey <- is.na(cr) | is.na(ct)
  inside <- !nokey & cr %in% ir & ct %in% it
  if (any(nokey)) {
    notes <- c(notes, sprintf(paste("%d rows of `covariates` with a missing key were set aside",
                                    "(na_action = \"omit\")."), sum(nokey)))
  }
  outside <- !nokey & !inside
  if (any(outside)) {
    notes <- c(notes, sprintf(paste("%d rows of `covariates` are for regions or periods without",
                                    "an index (first: %s, %s) and were set aside."),
                              sum(outside), cr[outside][1L], ct[outside][1L]))
  }
  rows <- which(inside)
  check_unique_keys(list(cr[rows], ct[rows]), keys, "covariates", rows = rows)
  cols <- lapply(stats::setNames(cov_vars, cov_vars), function(v) {
    x <- covariates[[v]]
    if (is.numeric(x) && !is.null(oldClass(x))) x <- as_plain_number(x, "covariates", v)
    x
  })
  if (!omit) {
    for (v in cov_vars) {
      bad <- rows[is.na(cols[[v]][rows])]
      if (length(bad)) abort_missing(v, bad, "covariates")
    }
  }
  # the rows: every region-period of the index or of the kept covariates
  ik <- paste(ir, it, sep = "\r")
  ck <- paste(cr[rows], ct[rows], sep = "\r")
  all_keys <- union(ik, ck)
  rlev <- if (is.factor(values$region)) levels(values$region) else
    sort(unique(as.character(values$region)), method = "radix")
  rtext <- key_text(rlev)
  tvals <- unique(values$time)
  tord <- if (is.numeric(tvals) || !anyNA(suppressWarnings(as.numeric(as.character(tvals))))) {
    order(as.numeric(as.character(tvals)))
  } else order(as.character(tvals), method = "radix")
  ttext <- key_text(tvals[tord])
  kr <- sub("\r.*$", "", all_keys)
  kt <- sub("^[^\r]*\r", "", all_keys)
  o <- order(match(kr, rtext), match(kt, ttext))
  all_keys <- all_keys[o]
  kr <- kr[o]
  kt <- kt[o]
  first_r <- match(kr, ir)
  first_t <- match(kt, it)
  panel <- data.frame(region = values$region[first_r], time = values$time[first_t],
                      stringsAsFactors = FALSE)
  names(panel) <- c(region, time)
  panel[[f$index]] <- values$estimate[match(all_keys, ik)]
  j <- rows[match(all_keys, ck)]
  for (v in cov_vars) panel[[v]] <- cols[[v]][j]
  rownames(panel) <- NULL
  n_na <- sum(is.na(panel[[f$index]]))
  if (n_na) {
    notes <- c(notes, sprintf(paste("%d of %d region-periods of the study panel have no index",
                                    "value (undefined, or covariates only): the tests and models",
                                    "leave them out."), n_na, nrow(panel)))
  }
  no_cov <- sum(is.na(j))
  if (no_cov) {
    notes <- c(notes, sprintf(paste("%d region-periods with an index have no row in",
                                    "`covariates`: the models leave them out."), no_cov))
  }
  list(panel = panel, notes = notes, keys = keys, series = study_series(f, panel))
}

# The index must be defined in at least 3 regions and 3 periods: the CD test
# needs them (an error of cd_test()'s class, said in the study's terms).
study_check_size <- function(panel, keys, name, source) {
  ok <- !is.na(panel[[name]])
  n_r <- length(unique(panel[[keys[1L]]][ok]))
  n_t <- length(unique(panel[[keys[2L]]][ok]))
  # regions with the index in 3 or more periods: the correlations of the
  # CD test and the regressions of the unit-root tests need them
  per_region <- table(panel[[keys[1L]]][ok])
  n_r3 <- sum(per_region >= 3L)
  if (n_r < 3L || n_t < 3L || n_r3 < 3L) {
    abort_input(sprintf(paste("the index is defined in %d region%s and %d period%s (%d region%s",
                              "with 3 or more periods; %d of %d region-periods have a value); a study needs",
                              "at least 3 regions with 3 or more periods each (the tests of",
                              "cross-sectional dependence and the panel models need them).%s"),
                        n_r, if (n_r == 1L) "" else "s", n_t, if (n_t == 1L) "" else "s",
                        n_r3, if (n_r3 == 1L) "" else "s", sum(ok), nrow(panel),
                        if (source == "computed") paste(" Undefined values of the index are",
                                                        "explained in the caveats of eg_coagg().")
                        else ""),
                arg = if (source == "computed") "data" else "coagg", class = "coagg_too_small")
  }
  invisible(TRUE)
}

# The keys of `covariates`: `index`, or the region and time names, or its
# first two columns.
study_covariate_keys <- function(covariates, index, region, time) {
  if (is.null(index)) {
    if (all(c(region, time) %in% names(covariates))) return(c(region, time))
    if (ncol(covariates) < 2L) {
      abort_input(sprintf(paste("has no columns \"%s\" and \"%s\"; give its keys with",
                                "`index = c(unit, time)`."), region, time), arg = "covariates")
    }
    return(names(covariates)[1:2])
  }
  if (!is.character(index) || length(index) != 2L || anyNA(index) || index[1L] == index[2L]) {
    abort_input(sprintf("must be NULL or two column names of `covariates`, c(unit, time), not %s.",
                        describe(index)), arg = "index")
  }
  for (k in index) get_column(covariates, k, "index", "covariates")
  index
}

# The covariate series to test for unit roots: the terms of the formula that
# evaluate to numbers (not factor(), not interactions).
study_series <- function(f, panel) {
  keep <- vapply(f$labels, function(lab) {
    if (grepl(":", lab, fixed = TRUE)) return(FALSE)
    v <- tryCatch(eval(str2lang(lab), panel, environment(f$formula)), error = function(e) NULL)
    is.numeric(v) && !is.factor(v) && length(v) == nrow(panel)
  }, TRUE)
  f$labels[keep]
}

