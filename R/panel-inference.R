# Panel regression, inference: the coefficient covariance each choice of
# `vcov` and `convention` gives, the distribution of the coefficient
# statistics, the coefficient table and the goodness of fit.

# The choices of `vcov`, and their options (vcov_lag, vcov_adjust) checked
# and recorded in the settings: a list with vcov_lag (Driscoll-Kraay; NULL
# until the data give the default) and vcov_adjust (Driscoll-Kraay and
# two-way clustering), empty for the other choices.
panel_vcov_types <- c("classical", "cluster", "driscoll-kraay", "twoway")

panel_vcov_options <- function(vcov, lag, adjust, convention) {
  if (!is.null(lag) && vcov != "driscoll-kraay") {
    abort_input(sprintf('applies to vcov = "driscoll-kraay" only (vcov is "%s").', vcov),
                arg = "vcov_lag")
  }
  if (!vcov %in% c("driscoll-kraay", "twoway")) {
    if (!is.null(adjust)) {
      abort_input(sprintf(paste('applies to vcov = "driscoll-kraay" and "twoway" only (vcov',
                                'is "%s"; "cluster" is always CR1).'), vcov), arg = "vcov_adjust")
    }
    return(list())
  }
  adjust <- if (is.null(adjust)) {
    if (convention == "plm") "none" else "stata"
  } else check_choice(adjust, c("none", "sss", "stata"), "vcov_adjust")
  if (vcov == "twoway") return(list(vcov_adjust = adjust))
  if (!is.null(lag)) {
    lag <- as_plain_number(lag, "vcov_lag")
    check_number(lag, "vcov_lag", lower = 0, upper = 1e6, integer = TRUE)
    lag <- as.integer(lag)
  }
  list(vcov_lag = lag, vcov_adjust = adjust)
}

# The Driscoll-Kraay maximum lag: the user's, or the convention's rule
# (plm's vcovSCC: floor(max T_i^(1/4)); Stata's xtscc, and coagg under
# "eviews": floor(4 (T/100)^(2/9)), T the number of periods).
dk_lag_rule <- function(set, spec) {
  if (!is.null(set$vcov_lag)) return(set$vcov_lag)
  if (set$convention == "plm") return(as.integer(floor(max(spec$t_i)^(1 / 4))))
  as.integer(floor(4 * (spec$n_periods / 100)^(2 / 9)))
}

# Fixed effects for which EViews and Stata report an overall intercept.
fe_reports_intercept <- function(spec) {
  spec$model_type == "within" && spec$settings$convention != "plm" && spec$icol >= 0L &&
    spec$settings$effect != "twoways"
}

# A robust covariance whose first row and column belong to a column of ones
# (D = [1, X~], X~ within-demeaned), turned into that of (c, b) for the
# regression on [1, X~ + 1 xbar'] whose intercept c = ybar - xbar'b EViews
# and Stata report: (c, b) = T^-1 (b0, b) with T^-1 = [[1, -xbar'], [0, I]].
fe_intercept_transform <- function(M, xm) {
  a <- M[1L, 1L]
  b0 <- M[1L, -1L]
  C <- M[-1L, -1L, drop = FALSE]
  Cx <- drop(C %*% xm)
  v0 <- b0 - Cx
  rbind(c(a - 2 * sum(xm * b0) + sum(xm * Cx), v0), cbind(v0, C))
}

# The coefficient covariance: classical (s^2 P, or sigma2_e P for random
# effects under EViews' convention), cluster-robust by unit (CR1, from the
# kernel's sandwich), Driscoll-Kraay or two-way clustered (see
# robust_vcov_choice()), and for one-way fixed effects under EViews' and
# Stata's conventions the overall intercept those programs print, with its
# variance. Returns the coefficients as reported, the covariances and any
# caveat (notes).
panel_vcov_choice <- function(res, spec, keep, beta, s2, P) {
  set <- spec$settings
  n <- spec$n
  n_units <- spec$n_units
  twoways <- spec$model_type == "within" && set$effect == "twoways"
  notes <- character()
  V_cl <- if (spec$model_type == "random" && set$convention == "eviews") {
    res$sigma2[1L] * P
  } else s2 * P
  V_cluster <- if (!is.null(res$vcov_cluster)) res$vcov_cluster[keep, keep, drop = FALSE] else NULL
  if (!is.null(V_cluster)) dimnames(V_cluster) <- dimnames(P)

  # The overall intercept EViews and Stata print for fixed-effects models.
  if (spec$model_type == "within" && set$convention != "plm" && spec$icol >= 0L && !twoways) {
    xm <- res$x_mean[keep]
    add_int <- function(V, classical) {
      Vx <- drop(V %*% xm)
      v00 <- sum(xm * Vx) + if (classical) s2 / n else 0
      out <- rbind(c(v00, -Vx), cbind(-Vx, V))
      dimnames(out) <- list(c("(Intercept)", names(beta)), c("(Intercept)", names(beta)))
      out
    }
    c0 <- res$y_mean - sum(xm * beta)
    V_cl <- add_int(V_cl, TRUE)
    if (!is.null(V_cluster)) V_cluster <- add_int(V_cluster, FALSE)
    beta <- c("(Intercept)" = c0, beta)
  }

  if (!is.null(V_cluster)) {
    V_cluster <- V_cluster * (n_units / (n_units - 1)) * ((n - 1) / (n - length(beta)))
    # The cluster scores sum to zero, so the matrix has rank at most G - 1:
    # with fewer clusters than estimated coefficients it is singular and
    # some standard errors are zero up to rounding (fuzz finding).
    if (set$vcov == "cluster" && n_units - 1L < nrow(P)) {
      notes <- c(notes, warn_caveat(sprintf(paste(
        "only %d clusters (units) for %d estimated coefficients: the cluster-robust",
        "covariance matrix has rank at most %d and is singular, so some standard errors",
        "(or their combinations) are zero up to rounding. Use more units or",
        "vcov = \"classical\"."), n_units, nrow(P), n_units - 1L),
        class = "coagg_few_clusters"))
    }
  }
  V <- switch(set$vcov, classical = V_cl, cluster = V_cluster, {
    rv <- robust_vcov_choice(res, spec, keep, names(beta))
    notes <- c(notes, rv$notes)
    rv$V
  })
  list(coefficients = beta, vcov = V, vcov_classical = V_cl, vcov_cluster = V_cluster,
       notes = notes)
}

# Driscoll-Kraay (vcov = "driscoll-kraay") or two-way clustering (vcov =
# "twoway") from the kernel's sandwiches, with the small-sample factor of
# `vcov_adjust`; K is the number of coefficients reported (with the
# intercept EViews and Stata report with fixed effects):
#   "none"   no factor (plm's type = "HC0");
#   "sss"    DK: T/(T-1) (n-1)/(n-K); two-way: each term its own,
#            G_u/(G_u-1) (n-1)/(n-K) V_unit + G_t/(G_t-1) (n-1)/(n-K) V_time
#            - n/(n-K) V_white (plm's type = "sss");
#   "stata"  DK: T/(T-1) (n-1)/(n-K) (xtscc); two-way: one factor
#            G/(G-1) (n-1)/(n-K) on the whole matrix, G = min(G_u, G_t)
#            (ivreg2's rule).
# A two-way matrix that is not positive semi-definite gets Cameron, Gelbach
# and Miller's fix (negative eigenvalues set to zero), with a caveat.
robust_vcov_choice <- function(res, spec, keep, nm) {
  set <- spec$settings
  n <- spec$n
  K <- length(nm)
  ones <- fe_reports_intercept(spec)
  cols <- c(if (ones) spec$icol + 1L, which(keep))
  xm <- res$x_mean[keep]
  pick <- function(M) {
    M <- M[cols, cols, drop = FALSE]
    if (ones) M <- fe_intercept_transform(M, xm)
    dimnames(M) <- list(nm, nm)
    M
  }
  c1 <- (n - 1) / (n - K)
  Gu <- spec$n_units
  Gt <- spec$n_periods
  notes <- character()
  if (set$vcov == "driscoll-kraay") {
    V <- pick(res$vcov_dk)
    if (set$vcov_adjust != "none") V <- V * (Gt / (Gt - 1)) * c1
    if (Gt < 20L) {
      notes <- c(notes, warn_caveat(sprintf(paste(
        "Driscoll-Kraay standard errors rest on asymptotics in the number of periods, and",
        "the panel has %d: treat them with caution (Hoechle 2007; with a short panel and",
        "many units, the cluster-robust errors by unit are the safer choice)."), Gt),
        class = "coagg_few_clusters"))
    }
    return(list(V = V, notes = notes))
  }
  Vu <- pick(res$vcov_unit)
  Vt <- pick(res$vcov_time)
  Vw <- pick(res$vcov_white)
  V <- switch(set$vcov_adjust,
              none = Vu + Vt - Vw,
              sss = (Gu / (Gu - 1)) * c1 * Vu + (Gt / (Gt - 1)) * c1 * Vt - (n / (n - 1)) * c1 * Vw,
              stata = {
                G <- min(Gu, Gt)
                (G / (G - 1)) * c1 * (Vu + Vt - Vw)
              })
  V <- (V + t(V)) / 2
  ev <- eigen(V, symmetric = TRUE)
  lam <- ev$values
  fix <- function(e) e$vectors %*% (pmax(e$values, 0) * t(e$vectors))
  V0 <- V
  if (min(lam) < -1e-12 * max(abs(lam))) V <- fix(ev)
  # With regressors on very different scales the eigenvalues of the small
  # ones lie below the rounding of the large ones, and a negative variance
  # survives: the fix is then made on the matrix scaled by the standard
  # errors of its unit and period parts (fuzz finding, fuzz.R seed 20240601
  # case 6985)
  if (any(diag(V) < 0)) {
    d <- sqrt(diag(Vu) + diag(Vt))
    d[!(d > 0) | !is.finite(d)] <- 1
    ev <- eigen(V0 / outer(d, d), symmetric = TRUE)
    lam <- ev$values
    V <- fix(ev) * outer(d, d)
  }
  if (!identical(V, V0)) {
    dimnames(V) <- list(nm, nm)
    notes <- c(notes, warn_caveat(sprintf(paste(
      "the two-way clustered covariance matrix was not positive semi-definite (smallest",
      "eigenvalue %s); its negative eigenvalues were set to zero (Cameron, Gelbach and",
      "Miller 2011). plm's vcovDC() does not do this."), format(min(lam), digits = 3)),
      class = "coagg_not_psd"))
  }
  if (min(Gu, Gt) < 20L) {
    notes <- c(notes, warn_caveat(sprintf(paste(
      "two-way clustering with %d units and %d periods: cluster-robust inference needs",
      "many clusters in each dimension, and with this few the standard errors are",
      "unreliable."), Gu, Gt), class = "coagg_few_clusters"))
  }
  list(V = V, notes = notes)
}

# Distribution of the coefficient statistics: list(type = "t"/"z", df).
panel_test_dist <- function(x) {
  # Stata: xtscc's t(T - 1) for Driscoll-Kraay; t(min(G) - 1) for two-way
  # clustering (reghdfe's df) outside random effects
  if (x$vcov_type == "driscoll-kraay" && x$convention == "stata") {
    return(list(type = "t", df = x$n_periods - 1))
  }
  if (x$vcov_type == "twoway" && x$convention == "stata" && x$model_type != "random") {
    return(list(type = "t", df = min(x$n_units, x$n_periods) - 1))
  }
  if (x$model_type == "random" && x$convention != "eviews") return(list(type = "z", df = Inf))
  if (x$vcov_type == "cluster" && x$convention == "stata" && x$model_type != "random") {
    return(list(type = "t", df = x$n_units - 1))
  }
  list(type = "t", df = x$df_residual)
}

coef_table <- function(x, level = 0.95) {
  b <- x$coefficients
  se <- sqrt(diag(x$vcov))
  stat <- b / se
  # a zero standard error (an exact fit, noted in the object) leaves the
  # statistic undefined: NA, not 0/0 = NaN or b/0 = Inf (fuzz finding)
  stat[!(se > 0)] <- NA_real_
  d <- panel_test_dist(x)
  p <- if (d$type == "z") 2 * stats::pnorm(-abs(stat)) else 2 * stats::pt(-abs(stat), d$df)
  q <- if (d$type == "z") stats::qnorm(1 - (1 - level) / 2) else stats::qt(1 - (1 - level) / 2, d$df)
  data.frame(term = names(b), estimate = unname(b), std_error = unname(se),
             statistic = unname(stat), p_value = unname(p),
             conf_low = unname(b - q * se), conf_high = unname(b + q * se),
             stringsAsFactors = FALSE)
}

# b' A^-1 b for a symmetric non-singular A, solved with A scaled to a unit
# diagonal (in absolute value): regressors on very different scales
# (x * 1e-12 beside x * 1) make A badly conditioned only through its
# scaling, and solve() would call it singular (fuzz finding). The form is
# invariant to the scaling.
quad_inv <- function(A, b) {
  d <- abs(diag(A))
  s <- if (all(d > 0)) 1 / sqrt(d) else rep(1, length(d))
  drop(crossprod(b * s, solve(A * outer(s, s), b * s)))
}

# Goodness of fit under the object's convention.
panel_gof <- function(x) {
  s <- x$stats
  # 1 - RSS/TSS, undefined (NA) when the response does not vary (TSS = 0),
  # where the ratio would be -Inf or NaN (fuzz finding)
  one_minus <- function(rss, tss) if (is.finite(tss) && tss > 0) 1 - rss / tss else NA_real_
  n <- x$n_obs
  k <- length(x$coefficients)
  out <- list()
  slopes <- setdiff(names(x$coefficients), "(Intercept)")
  wald <- NA_real_
  if (length(slopes)) {
    b <- x$coefficients[slopes]
    V <- x$vcov[slopes, slopes, drop = FALSE]
    wald <- tryCatch(quad_inv(V, b), error = function(e) NA_real_)
  }
  if (x$model_type == "random") {
    r2w <- one_minus(s[["rss_transformed"]], s[["tss_transformed"]])
    out$weighted <- c(
      r_squared = r2w,
      adj_r_squared = 1 - (1 - r2w) * (n - 1) / (n - k),
      se_regression = sqrt(s[["rss_transformed"]] / (n - k)),
      f_statistic = if (k > 1) (r2w / (k - 1)) / ((1 - r2w) / (n - k)) else NA_real_,
      f_p_value = if (k > 1) stats::pf((r2w / (k - 1)) / ((1 - r2w) / (n - k)), k - 1, n - k,
                                        lower.tail = FALSE) else NA_real_,
      mean_dependent = s[["mean_transformed"]],
      sd_dependent = sqrt(s[["tss_transformed"]] / (n - 1)),
      ssr = s[["rss_transformed"]])
    out$unweighted <- c(r_squared = one_minus(s[["rss_original"]], s[["tss"]]),
                        ssr = s[["rss_original"]], mean_dependent = s[["mean_y"]])
    r2 <- switch(x$convention, eviews = r2w, plm = s[["r2_cor_transformed"]],
                 stata = s[["r2_overall"]])
  } else if (x$model_type == "within") {
    df <- x$df_residual
    # total sum of squares of the within-transformed response (one- or
    # two-way): SSR + b' (X~'X~) b, X~ the regressors net of the effects,
    # whose cross-product is the inverse of the kept block of (Z'Z)^-1
    b <- x$coefficients[rownames(x$xtxinv)]
    tss_w <- s[["rss_transformed"]] + quad_inv(x$xtxinv, b)
    r2_within <- one_minus(s[["rss_transformed"]], tss_w)
    r2_lsdv <- one_minus(s[["rss_transformed"]], s[["tss"]])
    kk <- n - df # parameters of the dummy-variable regression
    out$lsdv <- c(r_squared = r2_lsdv,
                  adj_r_squared = 1 - (1 - r2_lsdv) * (n - 1) / df,
                  f_statistic = ((r2_lsdv) / (kk - 1)) / ((1 - r2_lsdv) / df),
                  f_p_value = stats::pf(((r2_lsdv) / (kk - 1)) / ((1 - r2_lsdv) / df),
                                        kk - 1, df, lower.tail = FALSE))
    r2 <- switch(x$convention, eviews = r2_lsdv, plm = r2_within, stata = r2_within)
    out$r2_within <- r2_within
  } else {
    r2 <- one_minus(s[["rss_transformed"]], s[["tss"]])
  }
  df_adj <- if (x$model_type == "within") x$df_residual else n - k
  adj <- if (x$model_type == "random" && x$convention == "plm") {
    1 - (1 - r2) * (n - 1) / x$df_residual
  } else if (x$model_type == "within" && x$convention == "eviews") {
    out$lsdv[["adj_r_squared"]]
  } else 1 - (1 - r2) * (n - 1) / df_adj
  out$r_squared <- r2
  out$adj_r_squared <- adj
  out$stata <- c(within = s[["r2_within"]], between = s[["r2_between"]],
                 overall = s[["r2_overall"]])
  out$wald <- c(statistic = wald, df = length(slopes),
                p_value = if (is.na(wald)) NA_real_ else
                  stats::pchisq(wald, length(slopes), lower.tail = FALSE))
  out
}

# The goodness-of-fit line each program prints as its headline, under the
# model's convention: the R-squared of the right kind, its adjustment, and
# the overall test of the slopes. summary() prints these numbers and
# glance() and model_table() report them, so that all three agree.
#   pooled: R-squared, adjusted, F: EViews the R-squared form
#     (R2/(k-1)) / ((1-R2)/(n-k)); plm and Stata the Wald form W/q with the
#     model's covariance (equal under vcov = "classical").
#   fixed effects: EViews the dummy-variable regression's R-squared and F
#     (all effects and slopes); plm and Stata the within R-squared and the
#     Wald F of the slopes; Stata prints no adjusted R-squared.
#   random effects: EViews the weighted (quasi-demeaned) R-squared and its
#     F; plm its R-squared and the Wald chi-square; Stata the overall
#     R-squared and the Wald chi-square, no adjusted R-squared.
# The Wald F's denominator degrees of freedom are the residual degrees of
# freedom, or G - 1 with the cluster-robust covariance (as plm's
# pwaldtest() and Stata). Returns a list: r_squared, r_squared_kind,
# adj_r_squared, statistic, statistic_kind ("F" or "chisq"), df1, df2,
# p_value.
panel_headline <- function(x, g = panel_gof(x)) {
  n <- x$n_obs
  k <- length(x$coefficients)
  conv <- x$convention
  q <- g$wald[["df"]]
  df2_wald <- if (x$vcov_type == "cluster") x$n_units - 1 else x$df_residual
  wald_f <- function() {
    f <- g$wald[["statistic"]] / q
    list(statistic = f, statistic_kind = "F", df1 = q, df2 = df2_wald,
         p_value = if (is.na(f)) NA_real_ else stats::pf(f, q, df2_wald, lower.tail = FALSE))
  }
  r2_f <- function(r2, df1, df2) {
    f <- if (df1 > 0) (r2 / df1) / ((1 - r2) / df2) else NA_real_
    list(statistic = f, statistic_kind = "F", df1 = df1, df2 = df2,
         p_value = if (is.na(f)) NA_real_ else stats::pf(f, df1, df2, lower.tail = FALSE))
  }
  chisq <- list(statistic = g$wald[["statistic"]], statistic_kind = "chisq", df1 = q,
                df2 = NA_real_, p_value = g$wald[["p_value"]])
  out <- switch(x$model_type,
    pooling = c(list(r_squared = g$r_squared, r_squared_kind = "R-squared",
                     adj_r_squared = g$adj_r_squared),
                if (conv == "eviews") {
                  if (x$has_intercept) r2_f(g$r_squared, k - 1, n - k) else
                    list(statistic = NA_real_, statistic_kind = "F", df1 = NA_real_,
                         df2 = NA_real_, p_value = NA_real_)
                } else wald_f()),
    within = if (conv == "eviews") {
      l <- g$lsdv
      kk <- n - x$df_residual
      c(list(r_squared = l[["r_squared"]], r_squared_kind = "R-squared (dummy variables)",
             adj_r_squared = l[["adj_r_squared"]]),
        list(statistic = l[["f_statistic"]], statistic_kind = "F", df1 = kk - 1,
             df2 = x$df_residual, p_value = l[["f_p_value"]]))
    } else {
      c(list(r_squared = g$r2_within, r_squared_kind = "R-squared (within)",
             adj_r_squared = if (conv == "plm") g$adj_r_squared else NA_real_), wald_f())
    },
    random = switch(conv,
      eviews = {
        w <- g$weighted
        c(list(r_squared = w[["r_squared"]], r_squared_kind = "R-squared (weighted)",
               adj_r_squared = w[["adj_r_squared"]]),
          list(statistic = w[["f_statistic"]], statistic_kind = "F", df1 = k - 1, df2 = n - k,
               p_value = w[["f_p_value"]]))
      },
      plm = c(list(r_squared = g$r_squared, r_squared_kind = "R-squared",
                   adj_r_squared = g$adj_r_squared), chisq),
      stata = c(list(r_squared = g$stata[["overall"]], r_squared_kind = "R-squared (overall)",
                     adj_r_squared = NA_real_), chisq)))
  out
}
