# MacKinnon (1996) p-values and critical values of Dickey-Fuller statistics:
# the user face of src/mackinnon.c (also used, inside C, by the per-unit
# regressions of panel_unitroot()).

mk_table <- function(exo) {
  c(none = 0L, intercept = 1L, trend = 2L, quadratic = 3L)[[exo]]
}

check_mk_n <- function(n, len, arg = "n") {
  if (!is.numeric(n) || anyNA(n) || !(length(n) %in% c(1L, len))) {
    abort_input(sprintf("must be a numeric vector of length 1 or %d without NA, not %s.",
                        len, describe(n)), arg = arg)
  }
  bad <- which(!(is.infinite(n) & n > 0) & !(is.finite(n) & n >= 1 & n == round(n)))
  if (length(bad)) {
    abort_input(sprintf("must hold whole numbers >= 1 (sample sizes) or Inf; element %d is %s.",
                        bad[1L], format(n[bad[1L]])), arg = arg)
  }
  n <- rep_len(as.double(n), len)
  n[is.infinite(n)] <- 0   # the C code reads 0 as "asymptotic"
  n
}

#' MacKinnon (1996) p-values and critical values of Dickey-Fuller tests
#'
#' `mackinnon_p()` gives the lower-tail p-value of a Dickey-Fuller (or ADF,
#' or Phillips-Perron) \eqn{\tau} statistic from the response surfaces of
#' MacKinnon (1996), for a regression with `n` observations (finite-sample
#' distribution, as EViews reports) or asymptotically (`n = Inf`, as plm
#' uses). `mackinnon_crit()` gives the corresponding critical values.
#'
#' MacKinnon estimated, for each of 221 probabilities \eqn{p_j}, the
#' quantile of \eqn{\tau} at sample size \eqn{T} as the response surface
#' \deqn{q_j(T) = \beta_{\infty,j} + \beta_{1,j}/T + \beta_{2,j}/T^2 \;(+ \beta_{3,j}/T^3).}
#' The p-value of a statistic \eqn{\tau} is found, as in his paper (section
#' 4), by a local regression of \eqn{\Phi^{-1}(p_j)} on a cubic in
#' \eqn{q_j(T)} over the nine quantiles nearest to \eqn{\tau} (fewer at the
#' ends of the table), estimated by GLS with the covariance of the estimated
#' quantiles, the cubic term kept only when its t ratio exceeds 2; then
#' \eqn{p = \Phi(\hat\gamma_0 + \hat\gamma_1 \tau + \hat\gamma_2 \tau^2 +
#' \hat\gamma_3\tau^3)}. Critical values (`method = "regression"`) use the
#' same local regression with the roles of quantile and
#' \eqn{\Phi^{-1}(p)} exchanged (MacKinnon's own routine, also used by
#' `urca::qunitroot()`); `method = "invert"` solves `mackinnon_p(c) = level`
#' instead, which reproduces the critical values EViews prints (e.g.
#' -3.679322 at 1\%, constant, \eqn{n = 29}).
#'
#' The local regression is solved by a Cholesky factor of the covariance and
#' a QR decomposition of the transformed cubic. The package's tests compare
#' the results with the same method carried out in 60-digit arithmetic
#' (`data-raw/mackinnon_exact.R`): they agree to 1e-12 (relative; measured
#' 2.5e-13). `urca::punitroot()` runs MacKinnon's own Fortran routine, which
#' inverts the covariance and solves the normal equations
#' \eqn{X'\Omega^{-1}X\gamma = X'\Omega^{-1}y} of a cubic in quantiles a
#' few hundredths apart; their condition number is about 3e7 without
#' deterministic terms and 2e10, 6e11 and 5e12 with a constant, a trend and
#' a quadratic trend, and its p-values carry rounding errors of that order:
#' up to 3e-8, 1.2e-6, 4e-6 and 1e-5 relative to the exact values (measured
#' inside the tables for n = 10 to 500 and Inf). These are urca's errors,
#' not differences of method.
#'
#' Beyond the ends of the table (statistics past the 0.0001 or 0.9999
#' quantile) the p-value is an extrapolation of the local cubic. MacKinnon's
#' routine evaluates the cubic itself, which can turn back (without
#' deterministic terms and \eqn{n = 10} it gives a larger p-value at -50
#' than at -10); here the extrapolation is held at its extreme once it
#' turns, so that the p-value is monotone in the statistic, and it stays
#' below 0.0001 (above 0.9999) as in MacKinnon's routine. Where MacKinnon's
#' extrapolation does not turn back the two agree. Inside the table, the
#' p-value function can step back by a little where the local regression
#' moves to the next quantile (by less than 3e-6 for \eqn{n \ge 20}; at
#' \eqn{n \le 10} by up to 0.01 with a trend, where the finite-sample
#' quantiles are themselves extrapolations and not always increasing).
#'
#' MacKinnon recommends the finite-sample surfaces for \eqn{T \ge 20};
#' below that they are extrapolations (EViews applies them anyway).
#'
#' @md
#' @param stat numeric vector of \eqn{\tau} statistics (classed numbers such
#'   as `bit64::integer64` or `I()` are read exactly, see [coagg_conditions]).
#' @param n number of observations in the test regression: a whole number,
#'   or `Inf` for the asymptotic distribution; length 1 or `length(stat)`.
#' @param exo deterministic terms of the test regression: `"intercept"`,
#'   `"trend"` (intercept and linear trend), `"none"`, or `"quadratic"`
#'   (intercept, linear and quadratic trend).
#' @return `mackinnon_p()`: numeric vector of p-values (lower tail), the same
#'   length as `stat`. `mackinnon_crit()`: numeric vector of critical values,
#'   named by level.
#' @references MacKinnon, J. G. (1996). Numerical distribution functions for
#'   unit root and cointegration tests. *Journal of Applied Econometrics*,
#'   11(6), 601-618. \doi{10.1002/(SICI)1099-1255(199611)11:6<601::AID-JAE417>3.0.CO;2-T}
#' @seealso [panel_unitroot()]
#' @examples
#' # EViews reports p = 0.0024 for this ADF statistic (constant, 29 obs.)
#' mackinnon_p(-4.261330, n = 29)
#' mackinnon_p(-4.261330, n = Inf)          # asymptotic, as plm
#' mackinnon_crit(n = 29)
#' mackinnon_crit(n = 29, method = "invert")
#' @export
mackinnon_p <- function(stat, n = Inf, exo = c("intercept", "trend", "none", "quadratic")) {
  exo <- check_choice(exo, c("intercept", "trend", "none", "quadratic"), "exo")
  nms <- names(stat)
  stat <- as_plain_number(stat, "stat")
  if (!is.numeric(stat) || is.object(stat)) {
    abort_input(sprintf("must be a numeric vector, not %s.", describe(stat)), arg = "stat")
  }
  nn <- check_mk_n(as_plain_number(n, "n"), length(stat))
  out <- .Call(C_mackinnon_p, as.double(stat), nn, mk_table(exo))
  names(out) <- nms
  out
}

#' @md
#' @rdname mackinnon_p
#' @param level probabilities (test sizes) in \[1e-4, 0.9999\].
#' @param method `"regression"` (MacKinnon's quantile regression) or
#'   `"invert"` (the root of `mackinnon_p(c) = level`).
#' @export
mackinnon_crit <- function(level = c(0.01, 0.05, 0.10), n = Inf,
                           exo = c("intercept", "trend", "none", "quadratic"),
                           method = c("regression", "invert")) {
  exo <- check_choice(exo, c("intercept", "trend", "none", "quadratic"), "exo")
  method <- check_choice(method, c("regression", "invert"), "method")
  level <- as_plain_number(level, "level")
  if (!is.numeric(level) || !length(level) || anyNA(level) ||
      any(level < 1e-4 | level > 0.9999)) {
    abort_input(sprintf("must be probabilities in [1e-4, 0.9999], not %s.", describe(level)),
                arg = "level")
  }
  nn <- check_mk_n(as_plain_number(n, "n"), length(level))
  tab <- mk_table(exo)
  out <- if (method == "regression") {
    .Call(C_mackinnon_q, as.double(level), nn, tab)
  } else {
    start <- .Call(C_mackinnon_q, as.double(level), nn, tab)
    vapply(seq_along(level), function(i) {
      f <- function(x) .Call(C_mackinnon_p, x, nn[i], tab) - level[i]
      # At very small n the extrapolated surfaces need not reach every
      # level, and uniroot() failed with an unclassed error (fuzz finding)
      tryCatch(stats::uniroot(f, start[i] + c(-0.25, 0.25), extendInt = "yes",
                              tol = 1e-12)$root,
               error = function(e) abort_input(sprintf(paste(
                 "no critical value at level %s for n = %s: the finite-sample p-values",
                 "do not reach it (MacKinnon's surfaces are extrapolations below n = 20);",
                 'use method = "regression" or a larger n.'), format(level[i]),
                 format(if (nn[i] == 0) Inf else nn[i])), arg = "n"))
    }, 0)
  }
  names(out) <- paste0(format(100 * level, trim = TRUE), "%")
  out
}
