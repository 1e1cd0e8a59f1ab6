# Per-test shaping of the kernel's output for panel_unitroot() (R/unitroot.R):
# the rows of the result (one per test), the statistics attribute (every
# statistic with its units and observations), the per-unit table, and the
# caveats the kernel's flags call for. Also the majority verdict.

# Turn the kernel calls of one variable and form (ur_run()) into the rows of
# the result and its attributes. `warn` warns and records a caveat, `note`
# only records it.
ur_shape <- function(run, v, form, ids, set, warn, note) {
  sh <- ur_shaper(v, form, set$tests)
  U <- run$calls$unit
  units <- NULL
  if (!is.null(U)) {
    ok <- U$units$status == 0L
    units <- ur_shape_units(U, ok, v, form, ids, run$label)
    ur_shape_unit_notes(U, ok, ids, set, warn)
    if (any(ok)) {
      ur_shape_ips(sh, U, ok, set, warn, note)
      ur_shape_fisher_adf(sh, U, ok)
      ur_shape_fisher_pp(sh, U, ok, ids, set, warn)
    }
  }
  call_of <- function(test) {
    k <- run$source[test]
    if (is.na(k)) NULL else run$calls[[k]]
  }
  ur_shape_llc(sh, call_of("llc"), set, warn)
  ur_shape_breitung(sh, call_of("breitung"))
  ur_shape_ht(sh, call_of("ht"), note)
  ur_shape_hadri(sh, call_of(intersect(c("hadri", "hadri_het"), set$tests)[1L]))
  cips_call <- call_of(intersect(c("cips", "cips_trunc"), set$tests)[1L])
  ur_shape_cips(sh, cips_call, set, ids, warn, note)
  units <- ur_shape_unit_extras(units, call_of("llc"),
                                call_of(intersect(c("hadri", "hadri_het"), set$tests)[1L]), ids,
                                cips_call)
  units <- ur_shape_variance_range(units, warn)
  tab <- sh$table
  done <- !is.na(tab$statistic)
  tab$sample[done] <- unname(set$samples[tab$test[done]])
  tab$periods[done] <- unname(run$periods[run$source[tab$test[done]]])
  miss <- tab$test[!done]
  if (length(miss)) {
    warn(sprintf("not computed (too few usable units or periods): %s.",
                 paste(ur_labels[miss], collapse = ", ")), "coagg_not_computed_warning")
  }
  list(table = tab, statistics = sh$stats, units = units)
}

# The result rows of one variable and form (blank until set) and the
# statistics table, in an environment that the functions below fill.
ur_shaper <- function(v, form, tests) {
  sh <- new.env(parent = emptyenv())
  sh$v <- v
  sh$form <- form
  sh$table <- data.frame(
    variable = v, form = form, test = tests, statistic_name = unname(ur_stat_names[tests]),
    statistic = NA_real_, p_value = NA_real_, p_bracket = NA_character_, df = NA_real_,
    lags = NA_character_,
    lag_mean = NA_real_, maxlag = NA_integer_, bandwidth = NA_real_, units = 0L,
    obs = NA_real_, periods = NA_character_, sample = NA_character_,
    stringsAsFactors = FALSE)
  sh$stats <- data.frame(variable = character(), form = character(), test = character(),
                         statistic_name = character(), statistic = numeric(),
                         p_value = numeric(), df = numeric(), units = integer(),
                         obs = numeric(), crit_01 = numeric(), crit_05 = numeric(),
                         crit_10 = numeric(), stringsAsFactors = FALSE)
  sh
}

# One statistic (with its units and observations) into the statistics table.
ur_add_stat <- function(sh, test, name, stat, p, units, obs, df = NA_real_,
                        crit = rep(NA_real_, 3)) {
  sh$stats[nrow(sh$stats) + 1L, ] <- list(sh$v, sh$form, test, name, stat, p, df,
                                          as.integer(units), obs, crit[1], crit[2], crit[3])
}

# The headline of a test into its row of the result (if the test was asked for).
ur_set_row <- function(sh, test, stat, p, df = NA_real_, units = NA, obs = NA, lags = NULL,
                       maxlag = NULL, bw = NA_real_, bracket = NA_character_) {
  i <- match(test, sh$table$test)
  if (is.na(i)) return(invisible())
  sh$table$statistic[i] <- stat
  sh$table$p_value[i] <- p
  sh$table$p_bracket[i] <- bracket
  sh$table$df[i] <- df
  sh$table$units[i] <- as.integer(units)
  sh$table$obs[i] <- obs
  if (!is.null(lags)) {
    sh$table$lags[i] <- lag_range(lags)
    sh$table$lag_mean[i] <- mean(lags)
  }
  if (!is.null(maxlag)) sh$table$maxlag[i] <- max(maxlag)
  sh$table$bandwidth[i] <- bw
  invisible()
}

# ---------------------------------------------------------------------------
# Per-unit results
# ---------------------------------------------------------------------------

ur_shape_units <- function(U, ok, v, form, ids, label) {
  R <- U$units
  periods <- if (is.null(label)) NA_character_ else
    ifelse(U$first == U$last, label(U$first), paste(label(U$first), label(U$last), sep = "-"))
  data.frame(variable = v, form = form, unit = as.character(ids[U$keep]), periods = periods,
             lags = R$lags, maxlag = R$maxlag, obs = R$obs, statistic = R$statistic,
             p_value = R$p_value, rho = R$rho, sigma2 = R$sigma2,
             pp_statistic = R$pp_statistic, pp_p_value = R$pp_p_value,
             pp_bandwidth = R$pp_bandwidth, pp_obs = R$pp_obs,
             lrvar = NA_real_, bandwidth = NA_real_, hadri_lm = NA_real_,
             cadf = NA_real_, cadf_lags = NA_integer_, cadf_obs = NA_integer_,
             stringsAsFactors = FALSE)[ok, , drop = FALSE]
}

# LLC's long-run variances and bandwidths, Hadri's LM statistics and the
# CADF statistics of CIPS by unit, from the calls that computed them.
ur_shape_unit_extras <- function(units, llc, hadri, ids, cips = NULL) {
  if (is.null(units)) return(units)
  put <- function(units, res, cols, from) {
    if (is.null(res)) return(units)
    m <- match(as.character(ids[res$keep]), units$unit)
    for (j in seq_along(cols)) units[[cols[j]]][m[!is.na(m)]] <- res$units[[from[j]]][!is.na(m)]
    units
  }
  units <- put(units, llc, c("lrvar", "bandwidth"), c("lrvar", "bandwidth"))
  units <- put(units, cips, c("cadf", "cadf_lags", "cadf_obs"), c("cadf", "cadf_lags", "cadf_obs"))
  put(units, hadri, "hadri_lm", "hadri_lm")
}

# Per-unit variances are returned in the data's units (the kernel works on
# each unit divided by its own scale): for a series near the largest double
# their square overflows. Such variances are NA with a caveat; the
# statistics do not depend on the scale and are unaffected.
ur_shape_variance_range <- function(units, warn) {
  if (is.null(units) || !nrow(units)) return(units)
  cols <- c(sigma2 = "residual variance", lrvar = "LLC long-run variance")
  over <- lapply(names(cols), function(cl) which(is.infinite(units[[cl]])))
  names(over) <- names(cols)
  hit <- lengths(over) > 0L
  if (!any(hit)) return(units)
  for (cl in names(cols)[hit]) units[[cl]][over[[cl]]] <- NA_real_
  rows <- sort(unique(unlist(over)))
  warn(sprintf(paste("the %s of %d unit%s (e.g. %s) exceed%s the largest representable",
                     "number in the data's units and %s reported as NA; the test statistics",
                     "do not depend on the scale and are unaffected."),
               paste(cols[hit], collapse = " and "), length(rows),
               if (length(rows) == 1L) "" else "s", units$unit[rows[1L]],
               if (sum(hit) == 1L) "s" else "", if (sum(hit) == 1L) "is" else "are"))
  units
}

# Caveats about the individual regressions: a reduced maximum lag, and
# MacKinnon's finite-sample surfaces below n = 20.
ur_shape_unit_notes <- function(U, ok, ids, set, warn) {
  R <- U$units
  if (any(R$lag_capped[ok] == 1L)) {
    w <- which(ok & R$lag_capped == 1L)
    warn(sprintf(paste("the maximum lag was reduced for %d unit%s (e.g. %s) so that the common",
                       "sample of the lag search keeps a residual degree of freedom."),
                 length(w), if (length(w) > 1) "s" else "", ids[U$keep[w[1L]]]),
         "coagg_small_t_warning")
  }
  if (set$pvalues == "finite" && any(ok) && min(R$obs[ok]) < 20L &&
      any(c("fisher_adf", "choi_adf", "fisher_pp", "choi_pp") %in% set$tests)) {
    warn(sprintf(paste("individual ADF/PP p-values use MacKinnon's finite-sample surfaces at",
                       "n = %d observations, below the n >= 20 he recommends (an",
                       "extrapolation of the response surfaces)."), min(R$obs[ok])),
         "coagg_small_t_warning")
  }
}

# ---------------------------------------------------------------------------
# Tests on the individual regressions: IPS, Fisher ADF and PP
# ---------------------------------------------------------------------------

ur_shape_ips <- function(sh, U, ok, set, warn, note) {
  P <- U$panel
  if (!("ips" %in% set$tests) || is.na(P[["ips_W"]])) return(invisible())
  R <- U$units
  n_ok <- sum(ok)
  obs <- sum(R$obs[ok])
  W <- P[["ips_W"]]
  ur_set_row(sh, "ips", W, stats::pnorm(W), units = n_ok, obs = obs, lags = R$lags[ok],
             maxlag = R$maxlag[ok])
  ur_add_stat(sh, "ips", "W-t-bar", W, stats::pnorm(W), n_ok, obs)
  # Table 2 is for balanced panels without lags
  balanced_t <- length(unique(R$obs[ok])) == 1L
  ur_add_stat(sh, "ips", "t-bar", P[["ips_tbar"]], NA_real_, n_ok, obs,
              crit = if (balanced_t) c(P[["tbar_c1"]], P[["tbar_c5"]], P[["tbar_c10"]]) else
                rep(NA_real_, 3))
  tb <- ur_tables()
  if (balanced_t && isTRUE(P[["tbar_table"]] == 1)) {
    note(sprintf(paste("IPS t-bar: N = %d, T = %d lies outside IPS Table 2 (N %g-%g, T %g-%g);",
                       "critical values of the nearest edge are shown."),
                 n_ok, R$obs[ok][1L], min(tb$ips2_N), max(tb$ips2_N), min(tb$ips2_T),
                 max(tb$ips2_T)))
  }
  plural <- function(k, one, more) if (k > 1) more else one
  if (P[["ips_below"]] > 0) {
    k <- P[["ips_below"]]
    warn(sprintf(paste("IPS: %d unit%s ha%s fewer observations per regression (minimum %d) than",
                       "IPS Table 3 covers (%s); moments %s."), k, plural(k, "", "s"),
                 plural(k, "s", "ve"), min(R$obs[ok]), ur_ips_coverage(set$exo),
                 if (set$small_t == "clamp") "of the first column used (clamp)" else
                   "extrapolated linearly from the first two columns"),
         "coagg_small_t_warning")
  }
  if (P[["ips_lagcap"]] > 0) {
    k <- P[["ips_lagcap"]]
    top <- nrow(tb$ips3_mean) - 1L
    warn(sprintf("IPS: %d unit%s use%s more than %d lags; Table 3 stops at %d, whose moments are used.",
                 k, plural(k, "", "s"), plural(k, "s", ""), top, top), "coagg_small_t_warning")
  }
  if (P[["ips_above"]] > 0) {
    k <- P[["ips_above"]]
    last <- max(tb$ips3_T)
    note(sprintf(paste("IPS: %d unit%s ha%s more than %g observations per regression; Table 3",
                       "moments at T = %g used."), k, plural(k, "", "s"), plural(k, "s", "ve"),
                 last, last))
  }
}

# Where IPS Table 3 starts, by lag order: "10 observations with 0-4 lags,
# 20 with 5, 25 with 6-8" (from the table itself).
ur_ips_coverage <- function(exo) {
  tb <- ur_tables()
  m <- tb$ips3_mean[, , if (exo == "trend") 2L else 1L, drop = TRUE]
  first <- apply(m, 1L, function(r) tb$ips3_T[which(!is.na(r))[1L]])
  grp <- cumsum(c(TRUE, diff(first) != 0))
  parts <- vapply(split(seq_along(first) - 1L, grp), function(l) {
    lg <- if (length(l) == 1L) as.character(l) else paste(min(l), max(l), sep = "-")
    sprintf("%g with %s lag%s", first[l[1L] + 1L], lg, if (identical(lg, "1")) "" else "s")
  }, "")
  parts[1L] <- sub(" with", " observations with", parts[1L], fixed = TRUE)
  paste(parts, collapse = ", ")
}

ur_shape_fisher_adf <- function(sh, U, ok) {
  if (!any(c("fisher_adf", "choi_adf") %in% sh$table$test)) return(invisible())
  R <- U$units
  fs <- fisher_stats(R$p_value[ok])
  if (is.null(fs)) return(invisible())
  obs <- sum(R$obs[ok])
  nfs <- sum(!is.na(R$p_value[ok]))
  for (j in seq_len(nrow(fs))) {
    ur_add_stat(sh, "fisher_adf", fs$statistic_name[j], fs$statistic[j], fs$p_value[j],
                sum(ok), obs, df = fs$df[j])
  }
  ur_set_row(sh, "fisher_adf", fs$statistic[1], fs$p_value[1], fs$df[1], units = nfs,
             obs = obs, lags = R$lags[ok], maxlag = R$maxlag[ok])
  ur_set_row(sh, "choi_adf", fs$statistic[2], fs$p_value[2], units = nfs, obs = obs,
             lags = R$lags[ok], maxlag = R$maxlag[ok])
}

ur_shape_fisher_pp <- function(sh, U, ok, ids, set, warn) {
  if (!any(c("fisher_pp", "choi_pp") %in% sh$table$test)) return(invisible())
  R <- U$units
  okp <- ok & R$pp_status == 0L
  if (any(ok & R$pp_status != 0L)) {
    w <- which(ok & R$pp_status != 0L)
    why <- ur_status_conditions(U, ids, set)$pp_reason
    shown <- utils::head(w, 5L)
    warn(sprintf("PP: %d unit%s left out of the Phillips-Perron tests: %s%s.",
                 length(w), if (length(w) > 1) "s" else "",
                 paste(sprintf("%s (%s)", ids[U$keep[shown]], why[shown]), collapse = ", "),
                 if (length(w) > 5L) sprintf(" and %d more", length(w) - 5L) else ""),
         "coagg_dropped_unit_warning")
  }
  fs <- fisher_stats(R$pp_p_value[okp])
  if (is.null(fs)) return(invisible())
  obs <- sum(R$pp_obs[okp])
  for (j in seq_len(nrow(fs))) {
    ur_add_stat(sh, "fisher_pp", fs$statistic_name[j], fs$statistic[j], fs$p_value[j],
                sum(okp), obs, df = fs$df[j])
  }
  bw <- mean(R$pp_bandwidth[okp])
  ur_set_row(sh, "fisher_pp", fs$statistic[1], fs$p_value[1], fs$df[1], units = sum(okp),
             obs = obs, lags = rep(0L, sum(okp)), bw = bw)
  ur_set_row(sh, "choi_pp", fs$statistic[2], fs$p_value[2], units = sum(okp), obs = obs,
             lags = rep(0L, sum(okp)), bw = bw)
}

# Maddala-Wu P, Choi's Z, the logit L* and Pm from individual p-values.
fisher_stats <- function(p) {
  p <- p[!is.na(p)]
  N <- length(p)
  if (N == 0L) return(NULL)
  P <- -2 * sum(log(p))
  Z <- sum(stats::qnorm(p)) / sqrt(N)
  k <- 3 * (5 * N + 4) / (pi^2 * N * (5 * N + 2))
  L <- sqrt(k) * sum(log(p / (1 - p)))
  Pm <- sum(-2 * log(p) - 2) / (2 * sqrt(N))
  data.frame(statistic_name = c("P (chi-square)", "Z", "L*", "Pm"),
             statistic = c(P, Z, L, Pm),
             p_value = c(stats::pchisq(P, 2 * N, lower.tail = FALSE), stats::pnorm(Z),
                         stats::pt(L, 5 * N + 4), stats::pnorm(Pm, lower.tail = FALSE)),
             df = c(2 * N, NA, 5 * N + 4, NA), stringsAsFactors = FALSE)
}

lag_range <- function(l) {
  l <- l[!is.na(l)]
  if (!length(l)) return(NA_character_)
  if (min(l) == max(l)) as.character(min(l)) else sprintf("%d-%d", min(l), max(l))
}

# ---------------------------------------------------------------------------
# Pooled tests: LLC, Breitung, Harris-Tzavalis, Hadri
# ---------------------------------------------------------------------------

ur_shape_llc <- function(sh, B, set, warn) {
  if (is.null(B) || !("llc" %in% set$tests)) return(invisible())
  P <- B$panel
  okb <- B$units$status == 0L
  if (!any(okb) || is.na(P[["llc_tstar"]])) return(invisible())
  nb <- sum(okb)
  ts <- P[["llc_tstar"]]
  ur_set_row(sh, "llc", ts, stats::pnorm(ts), units = nb, obs = P[["llc_obs"]],
             lags = B$units$lags[okb], maxlag = B$units$maxlag[okb], bw = P[["llc_bw"]])
  ur_add_stat(sh, "llc", "t*", ts, stats::pnorm(ts), nb, P[["llc_obs"]])
  ur_add_stat(sh, "llc", "t (unadjusted)", P[["llc_t"]], NA_real_, nb, P[["llc_obs"]])
  if (P[["llc_table"]] == 1) {
    warn(sprintf(paste("LLC: T~ = %s is below LLC Table 2 (which starts at %g); mu* = %.3f and",
                       "sigma* = %.3f %s."), format(P[["llc_T"]], digits = 4),
                 ur_tables()$llc_T[1L], P[["llc_mu"]], P[["llc_sd"]],
                 if (set$small_t == "clamp") sprintf("are those of T = %g (clamp)",
                                                     ur_tables()$llc_T[1L]) else
                   sprintf("extrapolated linearly from T = %g and %g", ur_tables()$llc_T[1L],
                           ur_tables()$llc_T[2L])),
         "coagg_small_t_warning")
  }
}

ur_shape_breitung <- function(sh, B) {
  if (is.null(B) || !("breitung" %in% sh$table$test)) return(invisible())
  P <- B$panel
  okb <- B$units$status == 0L
  if (!any(okb) || is.na(P[["br_t"]])) return(invisible())
  nb <- sum(okb)
  ur_set_row(sh, "breitung", P[["br_t"]], stats::pnorm(P[["br_t"]]), units = nb,
             obs = P[["br_obs"]], lags = B$units$lags[okb], maxlag = B$units$maxlag[okb])
  ur_add_stat(sh, "breitung", "t", P[["br_t"]], stats::pnorm(P[["br_t"]]), nb, P[["br_obs"]])
}

ur_shape_ht <- function(sh, B, note) {
  if (is.null(B) || !("ht" %in% sh$table$test)) return(invisible())
  P <- B$panel
  okb <- B$units$status == 0L
  if (!any(okb) || is.na(P[["ht_z"]])) return(invisible())
  nb <- sum(okb)
  obs <- nb * P[["ht_T"]]
  ur_set_row(sh, "ht", P[["ht_z"]], stats::pnorm(P[["ht_z"]]), units = nb, obs = obs,
             lags = rep(0L, nb))
  ur_add_stat(sh, "ht", "Z", P[["ht_z"]], stats::pnorm(P[["ht_z"]]), nb, obs)
  ur_add_stat(sh, "ht", "rho", P[["ht_rho"]], NA_real_, nb, obs)
  if (any(B$units$lags[okb] != 0L)) {
    note(paste("Harris-Tzavalis uses no lagged differences (it assumes serially uncorrelated",
               "errors); the lags chosen for the other tests do not enter it."))
  }
}

ur_shape_hadri <- function(sh, B) {
  if (is.null(B) || !any(c("hadri", "hadri_het") %in% sh$table$test)) return(invisible())
  P <- B$panel
  okb <- B$units$status == 0L
  if (!any(okb) || is.na(P[["hadri_z"]])) return(invisible())
  nb <- sum(okb)
  obs <- sum(B$ulen[okb])
  hz <- c(P[["hadri_z"]], P[["hadri_z_het"]])
  hp <- stats::pnorm(hz, lower.tail = FALSE)
  ur_set_row(sh, "hadri", hz[1], hp[1], units = nb, obs = obs)
  ur_set_row(sh, "hadri_het", hz[2], hp[2], units = nb, obs = obs)
  ur_add_stat(sh, "hadri", "Z", hz[1], hp[1], nb, obs)
  ur_add_stat(sh, "hadri_het", "Z (het.)", hz[2], hp[2], nb, obs)
}

# Pesaran's (2007) CIPS and CIPS*: no p-value is computed from the tables;
# the row carries the bracket of the tabulated critical values the
# statistic falls in ("< 0.01", "0.01-0.05", "0.05-0.10", "> 0.10"), and a
# note gives the critical values and where they were looked up.
ur_shape_cips <- function(sh, B, set, ids, warn, note) {
  if (is.null(B) || !any(c("cips", "cips_trunc") %in% sh$table$test)) return(invisible())
  P <- B$panel
  U <- B$units
  nc <- P[["cips_units"]]
  bad <- which(U$cadf_status != 0L)
  if (length(bad)) {
    why <- c("too short for the CADF regression", "degenerate CADF regression (y[t-1] collinear)",
             "exact fit of the CADF regression")[U$cadf_status[bad]]
    warn(sprintf("CIPS: %d unit%s without a CADF statistic: %s.", length(bad),
                 if (length(bad) > 1L) "s" else "",
                 paste(sprintf("%s (%s)", ids[B$keep[utils::head(bad, 5L)]], utils::head(why, 5L)),
                       collapse = ", ")), "coagg_dropped_unit_warning")
  }
  if (is.na(nc) || nc < 1) return(invisible())
  ok <- U$cadf_status == 0L
  obs <- sum(U$cadf_obs[ok])
  lookup <- switch(set$cips_lookup,
    interpolate = sprintf("interpolated at N = %d, T = %g (the observations of a CADF regression without lags)",
                          as.integer(nc), P[["cips_T"]]),
    plm = sprintf("interpolated at N = %d, T = %g (T - p - 1, as plm)", as.integer(nc),
                  P[["cips_T"]]),
    stata = sprintf("of the first tabulated N >= %d and T >= %g (as Stata's xtcips)",
                    as.integer(nc), P[["cips_T"]]))
  case <- c("II(a), no intercept or trend", "II(b), intercepts", "II(c), intercepts and trends")[
    match(set$exo, c("none", "intercept", "trend"))]
  for (tr in c(FALSE, TRUE)) {
    test <- if (tr) "cips_trunc" else "cips"
    stat <- P[[if (tr) "cips_trunc" else "cips"]]
    cv <- c(P[[paste0(if (tr) "cipst" else "cips", "_c1")]], P[[paste0(if (tr) "cipst" else "cips", "_c5")]],
            P[[paste0(if (tr) "cipst" else "cips", "_c10")]])
    bracket <- if (anyNA(cv)) NA_character_ else
      c("< 0.01", "0.01-0.05", "0.05-0.10", "> 0.10")[findInterval(stat, cv, left.open = FALSE) + 1L]
    ur_set_row(sh, test, stat, NA_real_, units = nc, obs = obs, lags = U$cadf_lags[ok],
               maxlag = U$cadf_maxlag[ok], bracket = bracket)
    ur_add_stat(sh, test, if (tr) "CIPS*" else "CIPS", stat, NA_real_, nc, obs, crit = cv)
    if (!(test %in% sh$table$test)) next
    if (anyNA(cv)) next
    note(sprintf(paste("%s = %.4f; Pesaran (2007) Table %s, critical values %s: 1%% %.3f,",
                       "5%% %.3f, 10%% %.3f; so the p-value is %s (a bracket: no p-value is",
                       "computed from the tables)."), ur_labels[[test]], stat, case, lookup,
                 cv[1], cv[2], cv[3],
                 if (grepl("-", bracket)) paste("between", sub("-", " and ", bracket)) else bracket))
  }
  if ("cips_trunc" %in% sh$table$test && P[["cips_truncated"]] > 0) {
    note(sprintf("CIPS*: %d CADF statistic%s truncated to [-K1, K2] (Pesaran 2007, eq. 34).",
                 as.integer(P[["cips_truncated"]]), if (P[["cips_truncated"]] > 1) "s" else ""))
  }
  fN <- P[["cips_table_N"]]
  fT <- P[["cips_table_T"]]
  grid <- ur_tables()$cips_grid
  if (fN == 1 || fT == 1) {
    warn(sprintf(paste("CIPS: N = %d, T = %g lie below Pesaran's (2007) tables (N and T from %g",
                       "to %g): the statistic is given without critical values or p-value. (Stata's",
                       "xtcips would use the cell N = %g, T = %g.)"), as.integer(nc), P[["cips_T"]],
                 min(grid), max(grid), max(min(grid), min(grid[grid >= nc], max(grid))),
                 max(min(grid), min(grid[grid >= P[["cips_T"]]], max(grid)))),
         "coagg_small_t_warning")
  } else if (fN == 2 || fT == 2) {
    note(sprintf(paste("CIPS: N = %d, T = %g lie beyond Pesaran's (2007) tables (up to %g):",
                       "the critical values at %g are used."), as.integer(nc), P[["cips_T"]],
                 max(grid), max(grid)))
  }
  invisible()
}

# ---------------------------------------------------------------------------
# Verdict and tables
# ---------------------------------------------------------------------------

# Majority-rule verdict per variable and form.
ur_verdict <- function(tab, set) {
  hadri <- tab$test %in% c("hadri", "hadri_het")
  tab$reject <- tab$p_value < set$level
  # CIPS: from the bracket of the tabulated critical values, at the
  # tabulated levels only
  br <- !is.na(tab$p_bracket)
  if (any(br)) {
    below <- c("< 0.01" = 0.01, "0.01-0.05" = 0.05, "0.05-0.10" = 0.10, "> 0.10" = Inf)
    tab$reject[br] <- if (set$level %in% c(0.01, 0.05, 0.10)) {
      below[tab$p_bracket[br]] <= set$level
    } else NA
  }
  tab$supports <- ifelse(hadri, !tab$reject, tab$reject)
  key <- paste(tab$variable, tab$form, sep = "\r")
  votes <- stats::ave(as.integer(tab$supports %in% TRUE), key, FUN = sum)
  nas <- stats::ave(as.integer(is.na(tab$supports)), key, FUN = sum)
  tab$votes <- votes
  tab$verdict <- ifelse(votes >= set$majority, "stationary",
                        ifelse(votes + nas < set$majority, "unit root", NA_character_))
  tab
}

# The published tables the kernel uses (LLC 2002 Table 2, IPS 2003 Tables 2
# and 3), read once from src/unitroot_tables.c: the notes above word the
# tables' ranges from them.
ur_tables <- local({
  cache <- NULL
  function() {
    if (is.null(cache)) cache <<- .Call(C_unitroot_tables)
    cache
  }
})
