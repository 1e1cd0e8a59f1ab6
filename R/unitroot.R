# Panel unit-root tests: the user face (validation, conventions, shaping) over
# the C kernel in src/unitroot.c.

# ---------------------------------------------------------------------------
# MacKinnon (1996) p-values and critical values
# ---------------------------------------------------------------------------

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
#' @param stat numeric vector of \eqn{\tau} statistics.
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
  if (!is.numeric(stat) || is.object(stat)) {
    abort_input(sprintf("must be a numeric vector, not %s.", describe(stat)), arg = "stat")
  }
  nn <- check_mk_n(n, length(stat))
  out <- .Call(C_mackinnon_p, as.double(stat), nn, mk_table(exo))
  names(out) <- names(stat)
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
  if (!is.numeric(level) || !length(level) || anyNA(level) ||
      any(level < 1e-4 | level > 0.9999)) {
    abort_input(sprintf("must be probabilities in [1e-4, 0.9999], not %s.", describe(level)),
                arg = "level")
  }
  nn <- check_mk_n(n, length(level))
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

# ---------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------

ur_tests <- c("llc", "breitung", "ht", "hadri", "hadri_het", "ips",
              "fisher_adf", "fisher_pp", "choi_adf", "choi_pp")

ur_labels <- c(llc = "LLC", breitung = "Breitung", ht = "Harris-Tzavalis",
               hadri = "Hadri", hadri_het = "Hadri (het.)", ips = "IPS",
               fisher_adf = "ADF-Fisher", fisher_pp = "PP-Fisher",
               choi_adf = "ADF-Choi Z", choi_pp = "PP-Choi Z")

ur_stat_names <- c(llc = "t*", breitung = "t", ht = "Z", hadri = "Z",
                   hadri_het = "Z", ips = "W-t-bar", fisher_adf = "P (chi-square)",
                   fisher_pp = "P (chi-square)", choi_adf = "Z", choi_pp = "Z")

ur_balanced_tests <- c("llc", "breitung", "ht", "hadri", "hadri_het")

ur_resolve <- function(convention, dfcor, pvalues, bandwidth, maxlag) {
  def <- switch(convention,
    eviews = list(dfcor = TRUE, pvalues = "finite", bandwidth = "nw",
                  llc_lookup = "ttilde", maxlag = NULL),
    stata = list(dfcor = TRUE, pvalues = "asymptotic", bandwidth = "llc",
                 llc_lookup = "ttilde", maxlag = NULL),
    plm = list(dfcor = FALSE, pvalues = "asymptotic", bandwidth = "plm",
               llc_lookup = "levels", maxlag = 10))
  if (!is.null(dfcor)) {
    check_flag(dfcor, "dfcor")
    def$dfcor <- dfcor
  }
  if (!is.null(pvalues)) def$pvalues <- check_choice(pvalues, c("finite", "asymptotic"), "pvalues")
  if (!is.null(bandwidth)) {
    if (is.character(bandwidth)) {
      def$bandwidth <- check_choice(bandwidth, c("nw", "llc", "plm"), "bandwidth")
    } else {
      # upper: as.integer() of a larger number is NA, with a warning (fuzz finding)
      check_number(bandwidth, "bandwidth", lower = 0, upper = .Machine$integer.max,
                   integer = TRUE)
      def$bandwidth <- as.integer(bandwidth)
    }
  }
  if (!is.null(maxlag)) {
    check_number(maxlag, "maxlag", lower = 0, upper = 100, integer = TRUE)
    def$maxlag <- as.integer(maxlag)
  }
  def$hadri_dfcor <- convention == "plm" && def$dfcor
  def$convention <- convention
  def
}

bw_code <- function(bw) {
  if (is.numeric(bw)) return(3L)
  c(nw = 0L, llc = 1L, plm = 2L)[[bw]]
}

# EViews' rule for the largest lag considered, from the number of usable
# first differences T of a unit.
maxlag_rule <- function(T) {
  pmax(0L, as.integer(floor(pmin(T / 3, 12) * (T / 100)^(1 / 4))))
}

# ---------------------------------------------------------------------------
# panel_unitroot()
# ---------------------------------------------------------------------------

#' Panel unit-root tests (LLC, IPS, Fisher-ADF/PP, Breitung, Hadri, Harris-Tzavalis)
#'
#' Runs the panel unit-root tests of EViews' "Panel Unit Root Test" view,
#' and those of Stata's `xtunitroot` and plm's `purtest()`, on one or more
#' variables of a long panel data frame, in levels and first differences,
#' and returns a tidy table shaped like Table 3 of the reference study
#' (variable x level / first difference x test) with a verdict per variable
#' and form under a majority rule. The computations run in C: per-unit ADF
#' regressions with lag selection on a common sample, Phillips-Perron
#' corrections, and the pooled statistics.
#'
#' @md
#' @section Individual regressions:
#' For unit \eqn{i} the ADF regression is
#' \deqn{\Delta y_{it} = \rho_i y_{i,t-1} + \sum_{j=1}^{p_i} \theta_{ij}\Delta y_{i,t-j} + d_{it}'\delta_i + \varepsilon_{it}}
#' with \eqn{d_{it}} empty, \eqn{1} or \eqn{(1, t)} (`exo`). The lag order
#' \eqn{p_i} is fixed (`lags` a number) or minimises AIC, SIC (Schwarz) or
#' HQ, \eqn{\log(\mathrm{RSS}/n) + k\,c_n/n} with \eqn{c_n = 2, \log n,
#' 2\log\log n}, over \eqn{0,\dots,p_{\max}}, all candidates being fitted on
#' the common sample that the largest lag leaves; the chosen regression is
#' then re-estimated on all the observations it can use. The default
#' \eqn{p_{\max}} is EViews' rule
#' \eqn{\lfloor \min(T_i/3, 12)\,(T_i/100)^{1/4} \rfloor}, \eqn{T_i} the
#' number of usable first differences (0 for \eqn{T_i \le 6}); it is reduced
#' for a unit whose common sample would leave no residual degree of freedom
#' (reported). The t statistic \eqn{t_i} of \eqn{\rho_i} uses the residual
#' variance \eqn{\mathrm{RSS}/(n-k)} (`dfcor = TRUE`, EViews and Stata) or
#' \eqn{\mathrm{RSS}/n} (`dfcor = FALSE`, plm's default). Its p-value
#' \eqn{p_i} is MacKinnon's (1996) with the finite-sample response surface
#' at \eqn{n} = observations in the regression (`pvalues = "finite"`, as
#' EViews) or asymptotic (`"asymptotic"`, as plm); see [mackinnon_p()].
#'
#' The Phillips-Perron statistic uses the regression without lags and its
#' residuals \eqn{e_t}: with \eqn{\gamma_0 = \sum e_t^2/n}, the Bartlett
#' long-run variance \eqn{f_0 = \gamma_0 + 2\sum_{j=1}^{l}(1 - j/(l+1))\gamma_j}
#' and the regression standard error \eqn{s},
#' \deqn{\tilde t_i = t_i\sqrt{\gamma_0/f_0} - \frac{n(f_0-\gamma_0)\,\mathrm{se}(\hat\rho_i)}{2 f_0^{1/2} s}.}
#'
#' @section Panel statistics:
#' \describe{
#' \item{LLC}{Levin, Lin and Chu (2002). \eqn{\Delta y_{it}} and
#'   \eqn{y_{i,t-1}} are regressed on the lagged differences and
#'   deterministic terms; the residuals \eqn{\tilde e_{it}, \tilde v_{i,t-1}},
#'   divided by the ADF regression's standard error
#'   \eqn{\hat\sigma_{\varepsilon i} = (\mathrm{RSS}_i/(T_i-p_i-1))^{1/2}},
#'   are pooled: \eqn{\tilde e = \delta \tilde v + \tilde\varepsilon}.
#'   With \eqn{\tilde T} the average number of observations per unit in the
#'   ADF regressions, \eqn{\hat\sigma^2_{\tilde\varepsilon} = \mathrm{RSS}/(N\tilde T)},
#'   \eqn{S_N = N^{-1}\sum_i \hat\sigma_{yi}/\hat\sigma_{\varepsilon i}},
#'   \deqn{t^*_\delta = \frac{t_\delta - N\tilde T S_N \hat\sigma^{-2}_{\tilde\varepsilon}\,\mathrm{se}(\hat\delta)\,\mu^*_{\tilde T}}{\sigma^*_{\tilde T}} \sim N(0,1),}
#'   \eqn{\mu^*, \sigma^*} from LLC's Table 2 interpolated linearly at
#'   \eqn{\tilde T}. \eqn{\hat\sigma^2_{yi}} is the Bartlett long-run variance
#'   of \eqn{\Delta y_{it}} over all \eqn{T_i - 1} differences, as in the
#'   paper: \eqn{\Delta y_{it}} is used as it is in models 1 and 2 (it has mean
#'   zero under the null) and demeaned in model 3 (the drift). Table 2 was
#'   computed this way: a simulation at \eqn{T = 30} gives
#'   \eqn{E[\sum_t \tilde e\tilde v/\tilde T]/E[S_N] = -0.551} with
#'   \eqn{\bar K = 9} lags, against -0.548 in the table; demeaning
#'   \eqn{\Delta y} in model 2, as plm and gretl do, biases \eqn{S_N} down
#'   (to 0.80 at \eqn{T = 30}) and makes the test reject a true null almost
#'   always (see Size). `convention = "plm"` reproduces plm (demeaned or
#'   detrended \eqn{\Delta y}, scale and pooled variance by `dfcor`, Table 2
#'   row at \eqn{T} with the limit stored as \eqn{T = 500}).
#'   The bandwidth \eqn{l} is `"nw"`: Newey and West (1994) automatic
#'   selection for the Bartlett kernel, per unit: \eqn{n = \lfloor 4(T/100)^{2/9}\rfloor}
#'   autocovariances \eqn{\hat\gamma_j} give \eqn{s_0 = \hat\gamma_0 + 2\sum_{j=1}^n\hat\gamma_j},
#'   \eqn{s_1 = 2\sum_{j=1}^n j\hat\gamma_j} and
#'   \eqn{l = \lfloor 1.1447 ((s_1/s_0)^2)^{1/3} T^{1/3}\rfloor}, at most \eqn{T - 1}
#'   (the package's tests check it against the floor of
#'   `sandwich::bwNeweyWest(kernel = "Bartlett", prewhite = 0)`). When
#'   \eqn{s_0 \le 0} (an estimate of a positive spectral density that came
#'   out non-positive, which NW's formula does not cover) the bandwidth is 0.
#'   With \eqn{n = 3} autocovariances at \eqn{T = 29}, \eqn{s_0} is often
#'   close to 0 and the bandwidth of white noise ranges from 0 to 28;
#'   `"llc"`: \eqn{\lfloor 3.21\tilde T^{1/3}\rfloor} (LLC 2002);
#'   `"plm"`: \eqn{\mathrm{round}(3.21 T^{1/3})}; or a fixed number. Weights
#'   are \eqn{1 - j/(l+1)}.}
#' \item{Breitung}{Breitung (2000), as EViews describes it: the
#'   autoregressive part (not the deterministic terms) is removed from
#'   \eqn{\Delta y_{it}} and \eqn{y_{i,t-1}} with the coefficients of LLC's
#'   auxiliary regressions, and both are scaled by \eqn{\hat\sigma_{\varepsilon i}};
#'   with a trend, \eqn{\Delta y^*} are forward orthogonal deviations and
#'   \eqn{y^*_{t-1} = \tilde y_{t-1} - \tilde y_1 - \frac{t-1}{T}(\tilde y_{T} - \tilde y_1)}.
#'   With an intercept only, \eqn{y^*_{t-1} = \tilde y_{t-1} - \tilde y_1} and,
#'   in \strong{this package's variant} (not EViews' nor Breitung's
#'   description), the scale is the root mean square of the prewhitened
#'   differences (which have mean zero under the null) instead of
#'   \eqn{\hat\sigma_{\varepsilon i}}. The evidence for the choice: in
#'   2,000 simulated panels of random walks (N = 200, T = 30, computed in
#'   plain R), scaling by \eqn{\hat\sigma_{\varepsilon i}}, which is
#'   estimated around each unit's mean and so correlates with the numerator,
#'   gives a statistic with mean +0.29 and standard deviation 1.05 and
#'   rejects 0.4\%, 3.5\% and 6.9\% at 1\%, 5\% and 10\%; the root mean
#'   square gives mean -0.06, standard deviation 0.98 and 0.9\%, 5.4\%,
#'   10.9\%. Otherwise the scale is \eqn{\hat\sigma_{\varepsilon i}} as
#'   described. (EViews' summary output is believed to show Breitung only
#'   with trends.) The statistic is the t ratio of the pooled regression of
#'   \eqn{\Delta y^*} on \eqn{y^*_{t-1}}, N(0,1) under the null.}
#' \item{Harris-Tzavalis}{Harris and Tzavalis (1999), for fixed \eqn{T} and
#'   large \eqn{N}, without lags: the pooled within estimator \eqn{\hat\rho}
#'   of \eqn{y_{it} = \rho y_{i,t-1} + d_{it}'\delta_i + u_{it}} over
#'   \eqn{T} = observations per unit, \eqn{\sqrt N(\hat\rho - 1 - B_T)/\sqrt{C_T}}
#'   with \eqn{B = 0, C = 2/(T(T-1))} (none), \eqn{B = -3/(T+1)},
#'   \eqn{C = 3(17T^2-20T+17)/(5(T-1)(T+1)^3)} (intercept),
#'   \eqn{B = -15/(2(T+2))}, \eqn{C = 15(193T^2-728T+1147)/(112(T+2)^3(T-2))}
#'   (trend). It is the only test here whose null distribution is exact in
#'   \eqn{T}, hence the one valid at \eqn{T = 6}.}
#' \item{Hadri}{Hadri (2000), null of stationarity: residuals \eqn{e_{it}}
#'   of \eqn{y_{it}} on the deterministic terms, partial sums \eqn{S_{it}},
#'   \eqn{\eta_i = T^{-2}\sum_t S_{it}^2}; `"hadri"` uses
#'   \eqn{LM = \bar\eta/\hat\sigma^2} (pooled variance), `"hadri_het"` the
#'   heteroskedasticity-consistent \eqn{LM = N^{-1}\sum_i \eta_i/\hat\sigma_i^2};
#'   \eqn{Z = \sqrt N(LM - \xi)/\sqrt\zeta}, \eqn{(\xi,\zeta) = (1/6, 1/45)}
#'   or \eqn{(1/15, 11/6300)}; upper tail. `"hadri"` is plm's
#'   `purtest(test = "hadri", Hcons = FALSE)` and `"hadri_het"` its
#'   `Hcons = TRUE` (the tests compare them). Variances divide by \eqn{T}
#'   (plm with `dfcor = TRUE`: \eqn{T-1}, \eqn{T-2}). This reproduces the
#'   EViews 9.5 values recorded in plm's tests (plain variances); EViews'
#'   kernel estimate of the frequency-zero spectrum is not implemented.}
#' \item{IPS}{Im, Pesaran and Shin (2003):
#'   \eqn{W = \sqrt N(\bar t - N^{-1}\sum_i E[t_{i}])/\sqrt{N^{-1}\sum_i \mathrm{Var}[t_{i}]}},
#'   moments from their Table 3 at \eqn{n_i = T_i - p_i - 1} observations and
#'   \eqn{p_i} lags (linear interpolation in \eqn{n_i}; lags above 8 use the
#'   row for 8). When every lag is zero and the panel is balanced, `summary()`
#'   also shows \eqn{\bar t} with the critical values of their Table 2
#'   (bilinear interpolation in \eqn{N} and \eqn{T}).}
#' \item{Fisher}{Maddala and Wu (1999) and Choi (2001), from the individual
#'   ADF (`fisher_adf`) or Phillips-Perron (`fisher_pp`) p-values:
#'   \eqn{P = -2\sum\log p_i \sim \chi^2_{2N}} (upper tail);
#'   Choi's \eqn{Z = N^{-1/2}\sum\Phi^{-1}(p_i)} (lower tail; tests
#'   `choi_adf`, `choi_pp`); `summary()` also gives the logit
#'   \eqn{L^* = \sqrt{k}\sum\log(p_i/(1-p_i))}, \eqn{k = 3(5N+4)/(\pi^2 N(5N+2))},
#'   \eqn{t_{5N+4}}, and \eqn{P_m = (2\sqrt N)^{-1}\sum(-2\log p_i - 2)}.}
#' }
#'
#' @section Small T, unbalanced panels, bad units:
#' LLC's Table 2 starts at \eqn{\tilde T = 25}; IPS's Table 3 at 10
#' observations (20 or 25 for lags 5-8); MacKinnon's response surfaces are
#' recommended from 20 observations. Below a table, `small_t = "clamp"`
#' uses its first row (plm's behaviour) and `"extrapolate"` extends the first
#' segment linearly; either way a warning is given and a note is kept in the
#' result and printed under the table. At \eqn{T = 6} (the reference study)
#' only Harris-Tzavalis has a valid null distribution.
#'
#' IPS and the Fisher tests work unit by unit and accept unbalanced panels
#' and gaps (a regression uses only observations whose lags are present).
#' Periods are placed on their calendar: whole-number periods by their
#' values in steps of their common difference (a year missing from every unit
#' is a gap, not one step, and is reported), numbers of the form YYYYMM or
#' YYYYQ (200112, 20014) by months or quarters, Dates on one day of the month
#' by months, factors by their levels (in time order); character periods must
#' hold numbers
#' (they are ordered numerically; other text is an error, as it would sort
#' "10" before "2"). When the calendar cannot be found (uneven Dates or
#' numbers) the periods are taken as consecutive, with a warning and a note.
#' LLC, Breitung, Hadri and Harris-Tzavalis need a balanced panel without
#' gaps: otherwise they are computed on the longest run of periods observed
#' in every unit, and the result says so. Missing values are dropped.
#' Units that are constant, all missing, or too short for the regression
#' (or for the requested lags) are dropped, named in a warning and listed by
#' `attr(x, "dropped")`; they never blank the table.
#'
#' @section Conventions:
#' \tabular{llll}{
#'   \strong{setting} \tab \strong{"eviews"} \tab \strong{"stata"} \tab \strong{"plm"} \cr
#'   `dfcor` (ADF variance) \tab RSS/(n-k) \tab RSS/(n-k) \tab RSS/n \cr
#'   `pvalues` \tab finite, \eqn{n} obs. \tab asymptotic \tab asymptotic \cr
#'   `bandwidth` (LLC, PP) \tab Newey-West auto \tab \eqn{\lfloor 3.21\tilde T^{1/3}\rfloor} \tab round\eqn{(3.21T^{1/3})} \cr
#'   LLC \eqn{\Delta y} for \eqn{\hat\sigma_{yi}} \tab as LLC (2002) \tab as LLC (2002) \tab demeaned / detrended \cr
#'   LLC scale, table row \tab RSS/(T-p-1), \eqn{\tilde T} \tab RSS/(T-p-1), \eqn{\tilde T} \tab `dfcor`, \eqn{T} \cr
#'   default `maxlag` \tab rule \tab rule \tab 10 \cr
#'   Hadri variance \tab /T \tab /T \tab /T (dfcor: /(T-1), /(T-2)) \cr
#' }
#' With `convention = "plm"` and the same options, LLC, IPS and Hadri equal
#' plm 2.6's `purtest()` to about 1e-12, and its Fisher tests (`madwu`,
#' `invnormal`, `logit`, `Pm`) to 1e-6 with an intercept or none (with a
#' trend, plm's p-values carry urca's rounding, see [mackinnon_p()]).
#'
#' What is verified about EViews: the individual p-values (MacKinnon 1996 at
#' \eqn{n} = observations in the regression) reproduce EViews output to the
#' printed digits (three ADF p-values and the critical values at
#' \eqn{n = 29} recorded in the package's reference cases); the individual
#' t statistics use RSS/(n-k) (plm's tests, file tests/test_purtest.R,
#' record agreement of IPS with EViews 9.5 and gretl with `dfcor = TRUE`);
#' Hadri's statistics reproduce the EViews 9.5 values recorded in the same
#' file (`"hadri"` is plm's `Hcons = FALSE`, 4.18428; `"hadri_het"` its
#' `Hcons = TRUE`, 10.1553). What is belief, from EViews' documentation read
#' second-hand and not checked against EViews output: lag selection on the
#' common sample of the largest lag; the maximum-lag rule; that the summary
#' output names "Newey-West automatic bandwidth selection and Bartlett
#' kernel" and counts LLC observations as \eqn{\sum_i(T_i - p_i - 1)}; the
#' integer Newey-West bandwidth with \eqn{n = \lfloor 4(T/100)^{2/9}\rfloor}
#' (the first line of Newey and West's Table II-C) and weights
#' \eqn{1 - j/(l+1)}; \eqn{\hat\sigma^2_{yi}} and the table row as in LLC's
#' paper; IPS moments at \eqn{T_i - p_i - 1}. The "stata" column is
#' what Stata's manual describes and has not been checked against Stata;
#' Stata's `dfuller` uses MacKinnon's (1994) asymptotic approximation, which
#' differs slightly from the 1996 surfaces used here.
#'
#' @section Size under the null:
#' Simulated driftless random walks, N = 200, T = 30, lags fixed at 0,
#' intercept, 2,000 replications (inst/bench/unitroot.R, seed 1; Monte Carlo
#' standard error about 0.005 at 0.05; the package tests run 200).
#' Rejection rates at 5\% under `convention = "eviews"`: IPS 0.039,
#' ADF-Fisher 0.048, Breitung 0.046, Harris-Tzavalis 0.053, PP-Fisher 0.169
#' (see below), LLC 0.049 with the Newey-West bandwidth (0.056 and 0.068
#' with seeds 2 and 777: LLC's \eqn{t^*} has mean -0.2 here), 0.074 with
#' \eqn{\lfloor 3.21\tilde T^{1/3}\rfloor} and 0.089 with
#' \eqn{\mathrm{round}(3.21T^{1/3})}. With `convention = "plm"` and
#' `dfcor = TRUE`, LLC rejects 0.976 and ADF-Fisher 0.138, as plm 2.6 does:
#' plm demeans \eqn{\Delta y} before the Bartlett estimate of
#' \eqn{\sigma_{yi}}, which biases \eqn{S_N} down by a fifth (0.80 instead of
#' about 1) while LLC's \eqn{\mu^*} assume the undemeaned estimate, so the mean
#' correction falls short by an amount that grows like \eqn{\sqrt N}; and
#' its Fisher test uses asymptotic p-values for 29-observation regressions.
#'
#' PP-Fisher under the eviews convention (Newey-West automatic bandwidth)
#' rejects 0.169 (0.175 with seed 777), outside the range 0.02-0.09 that a
#' correctly sized test
#' would show here. The bandwidth rule is verified (against Newey and
#' West's formula in plain R and against `sandwich::bwNeweyWest()`), and so
#' is the Phillips-Perron statistic (against its formula in plain R). The
#' cause is the Fisher combination of many slightly biased p-values: in
#' 4,000 simulated units each unit's PP test rejects 0.056 at 5\%, close to
#' its level, but its p-values are a little too small on average,
#' \eqn{E[-2\log p_i] = 2.11} instead of 2 (the Bartlett estimate of
#' \eqn{f_0} from the residuals of a 29-observation regression is biased
#' down). \eqn{P = -2\sum\log p_i} adds 200 of them: a shift of 22 against
#' the standard deviation 28 of a \eqn{\chi^2_{400}}. A fixed bandwidth of
#' 3 gives the same \eqn{E[-2\log p_i] = 2.12}, so the instability of the
#' automatic rule (bandwidths from 0 to 28 for white noise) is not the main
#' cause. With bandwidth 0 the PP statistic is the Dickey-Fuller one and
#' PP-Fisher rejects 0.048. Use PP-Fisher with care in short panels with
#' many units.
#'
#' @param data a data frame in long format (one row per unit and period).
#' @param vars names of the numeric columns to test.
#' @param index `c(id, time)`: the unit and period columns.
#' @param tests any of `"llc"`, `"ips"`, `"fisher_adf"`, `"fisher_pp"`
#'   (the default four, as the study), `"choi_adf"`, `"choi_pp"`,
#'   `"breitung"`, `"ht"` (Harris-Tzavalis), `"hadri"`, `"hadri_het"`.
#' @param exo deterministic terms: `"intercept"`, `"trend"` (intercept and
#'   trend) or `"none"` (not for IPS and Hadri).
#' @param lags `"sic"`, `"aic"`, `"hq"`, or the number of lagged differences:
#'   one whole number, or one per unit (in the sorted order of the ids).
#' @param maxlag largest lag for automatic selection; `NULL` uses the rule
#'   above (`convention = "plm"`: 10, plm's default).
#' @param difference which forms to test: `0` levels, `1` first differences.
#' @param convention `"eviews"`, `"stata"` or `"plm"`; see Conventions and
#'   [coagg_conventions].
#' @param bandwidth long-run variance bandwidth for LLC and Phillips-Perron:
#'   `"nw"`, `"llc"`, `"plm"` or a whole number; `NULL` follows `convention`.
#' @param dfcor `TRUE` for RSS/(n-k) in the individual regressions, `FALSE`
#'   for RSS/n; `NULL` follows `convention`.
#' @param pvalues `"finite"` or `"asymptotic"` MacKinnon p-values; `NULL`
#'   follows `convention`.
#' @param small_t policy below a table's range: `"clamp"` or `"extrapolate"`.
#' @param majority number of tests that must support stationarity for the
#'   verdict "stationary"; `NULL` (default) takes three quarters of the tests,
#'   rounded up: 3 of the default 4, as in the study. A test supports
#'   stationarity when it rejects its null at `level`; Hadri (null:
#'   stationarity) when it does not.
#' @param level significance level of the verdict.
#' @return A data frame of class `coagg_unitroot`, one row per variable, form
#'   and test, with columns `variable`, `form` ("level" or "first
#'   difference"), `test`, `statistic_name`, `statistic`, `p_value`, `df`
#'   (chi-square tests), `lags` (range of lags used, e.g. "0-2"), `lag_mean`,
#'   `maxlag` (largest maximum lag), `bandwidth` (mean bandwidth, LLC and
#'   PP), `units`, `obs` (observations used), `reject` (at `level`; for
#'   Hadri, rejection of stationarity), `supports` (the test supports
#'   stationarity), `votes` and `verdict` ("stationary", "unit root" or NA
#'   when too many tests could not be computed) per variable and form.
#'   Attributes: `statistics` (every statistic, including Choi's Z, L*, Pm,
#'   the unadjusted LLC t, IPS t-bar with critical values, both Hadri
#'   variants), `units` (per-unit results: lags, maximum lag, observations,
#'   ADF t and p-value, residual variance, long-run variance and bandwidth,
#'   PP statistic, p-value and bandwidth, Hadri LM), `dropped` (units set
#'   aside and why), `notes` (caveats) and `settings`.
#' @references
#' Levin, A., Lin, C.-F. and Chu, C.-S. J. (2002). Unit root tests in panel
#' data: asymptotic and finite-sample properties. *Journal of Econometrics*
#' 108(1), 1-24. \doi{10.1016/S0304-4076(01)00098-7}
#'
#' Im, K. S., Pesaran, M. H. and Shin, Y. (2003). Testing for unit roots in
#' heterogeneous panels. *Journal of Econometrics* 115(1), 53-74.
#' \doi{10.1016/S0304-4076(03)00092-7}
#'
#' Maddala, G. S. and Wu, S. (1999). A comparative study of unit root tests
#' with panel data and a new simple test. *Oxford Bulletin of Economics and
#' Statistics* 61(S1), 631-652. \doi{10.1111/1468-0084.0610s1631}
#'
#' Choi, I. (2001). Unit root tests for panel data. *Journal of
#' International Money and Finance* 20(2), 249-272.
#' \doi{10.1016/S0261-5606(00)00048-6}
#'
#' Breitung, J. (2000). The local power of some unit root tests for panel
#' data. In B. Baltagi (ed.), *Nonstationary Panels, Panel Cointegration,
#' and Dynamic Panels*, Advances in Econometrics 15, 161-178.
#' \doi{10.1016/S0731-9053(00)15006-6}
#'
#' Hadri, K. (2000). Testing for stationarity in heterogeneous panel data.
#' *Econometrics Journal* 3(2), 148-161. \doi{10.1111/1368-423X.00043}
#'
#' Harris, R. D. F. and Tzavalis, E. (1999). Inference for unit roots in
#' dynamic panels where the time dimension is fixed. *Journal of
#' Econometrics* 91(2), 201-226. \doi{10.1016/S0304-4076(98)00076-1}
#'
#' MacKinnon, J. G. (1996), see [mackinnon_p()].
#'
#' Newey, W. K. and West, K. D. (1994). Automatic lag selection in
#' covariance matrix estimation. *Review of Economic Studies* 61(4),
#' 631-653. \doi{10.2307/2297912}
#'
#' Phillips, P. C. B. and Perron, P. (1988). Testing for a unit root in
#' time series regression. *Biometrika* 75(2), 335-346.
#' \doi{10.1093/biomet/75.2.335}
#' @seealso [mackinnon_p()], [coagg_conventions]
#' @examples
#' # A simulated panel (not real data): 8 units, 40 periods
#' set.seed(42)
#' sim <- data.frame(id = rep(1:8, each = 40), year = rep(1981:2020, 8))
#' sim$rw <- ave(rnorm(320), sim$id, FUN = cumsum)   # random walks
#' sim$ar <- ave(rnorm(320), sim$id, FUN = function(e)
#'   stats::filter(e, 0.3, method = "recursive"))   # stationary AR(1)
#' res <- panel_unitroot(sim, c("rw", "ar"), index = c("id", "year"))
#' res
#' summary(res)
#' @export
panel_unitroot <- function(data, vars, index = c("id", "time"),
                           tests = c("llc", "ips", "fisher_adf", "fisher_pp"),
                           exo = c("intercept", "trend", "none"),
                           lags = "sic", maxlag = NULL, difference = c(0, 1),
                           convention = c("eviews", "stata", "plm"),
                           bandwidth = NULL, dfcor = NULL, pvalues = NULL,
                           small_t = c("clamp", "extrapolate"),
                           majority = NULL, level = 0.05) {
  check_data_frame(data)
  if (!is.character(vars) || !length(vars) || anyNA(vars) || anyDuplicated(vars)) {
    abort_input(sprintf("must be a character vector of distinct column names, not %s.",
                        describe(vars)), arg = "vars")
  }
  tests <- unique(check_choice(tests, ur_tests, "tests", several_ok = TRUE))
  exo <- check_choice(exo, c("intercept", "trend", "none"), "exo")
  convention <- match_convention(convention)
  small_t <- check_choice(small_t, c("clamp", "extrapolate"), "small_t")
  check_number(level, "level", lower = 0, upper = 1, inclusive = FALSE)
  if (is.null(majority)) majority <- ceiling(0.75 * length(tests))
  check_number(majority, "majority", lower = 1, upper = length(tests), integer = TRUE)
  if (!is.numeric(difference) || !length(difference) || anyNA(difference) ||
      !all(difference %in% c(0, 1)) || anyDuplicated(difference)) {
    abort_input(sprintf("must be 0 (levels), 1 (first differences) or c(0, 1), not %s.",
                        describe(difference)), arg = "difference")
  }
  if (exo == "none" && any(c("ips", "hadri", "hadri_het") %in% tests)) {
    abort_input(sprintf('%s need%s deterministic terms: use exo = "intercept" or "trend".',
                        paste(ur_labels[intersect(c("ips", "hadri", "hadri_het"), tests)],
                              collapse = " and "),
                        if (length(intersect(c("ips", "hadri", "hadri_het"), tests)) > 1) "" else "s"),
                arg = "exo")
  }
  set <- ur_resolve(convention, dfcor, pvalues, bandwidth, maxlag)
  pidx <- check_panel_index(data, index, min_units = 2L)
  nunit <- pidx$n_units

  # lag specification
  if (is.character(lags)) {
    lagm <- check_choice(lags, c("sic", "aic", "hq"), "lags")
    lagvec <- integer(nunit)
  } else {
    if (!is.numeric(lags) || !(length(lags) %in% c(1L, nunit)) || anyNA(lags) ||
        any(lags < 0) || any(lags != round(lags)) || any(lags > 100)) {
      abort_input(sprintf(paste0('must be "sic", "aic", "hq", or whole numbers in [0, 100] ',
                                 "(one, or one per unit: %d), not %s."), nunit, describe(lags)),
                  arg = "lags")
    }
    lagm <- "fixed"
    lagvec <- as.integer(rep_len(lags, nunit))
  }
  set$lags <- lagm
  set$exo <- exo
  set$small_t <- small_t
  set$majority <- as.integer(majority)
  set$level <- level
  set$tests <- tests

  rows <- list(); stats <- list(); units <- list(); dropped <- list(); notes <- character()
  for (msg in c(pidx$time_note, pidx$time_missing)) {
    notes <- c(notes, warn_caveat(msg, "coagg_time_spacing_warning"))
  }
  for (v in vars) {
    x <- check_numeric_column(data, v, "vars", allow_na = TRUE)
    for (d in sort(difference)) {
      one <- ur_one(x, v, d, pidx, lagvec, set)
      rows[[length(rows) + 1L]] <- one$table
      stats[[length(stats) + 1L]] <- one$statistics
      units[[length(units) + 1L]] <- one$units
      dropped[[length(dropped) + 1L]] <- one$dropped
      notes <- c(notes, one$notes)
    }
  }
  out <- do.call(rbind, rows)
  out <- ur_verdict(out, set)
  rownames(out) <- NULL
  st <- do.call(rbind, stats); rownames(st) <- NULL
  un <- do.call(rbind, units); rownames(un) <- NULL
  dr <- do.call(rbind, dropped)
  if (is.null(dr)) dr <- data.frame(variable = character(), form = character(),
                                    unit = character(), reason = character())
  rownames(dr) <- NULL
  structure(out, class = c("coagg_unitroot", "data.frame"),
            statistics = st, units = un, dropped = dr, notes = unique(notes),
            settings = set)
}

# Validate one variable in one form, call C, shape the results.
ur_one <- function(x, v, d, pidx, lagvec, set) {
  form <- if (d == 0) "level" else "first difference"
  tag <- sprintf('"%s" (%s)', v, form)
  notes <- character()
  warn <- function(msg, class = NULL) {
    notes <<- c(notes, warn_caveat(paste0(tag, ": ", msg), class = class))
  }
  note <- function(msg) notes <<- c(notes, paste0(tag, ": ", msg))
  ord <- pidx$order
  y <- x[ord]
  u <- pidx$id_code[ord]
  tc <- pidx$time_grid[ord]   # calendar positions: a period missing everywhere is a gap
  ids <- pidx$id_levels
  nunit <- length(ids)
  drop_reason <- rep(NA_character_, nunit)

  # missing values
  miss <- is.na(y)
  if (any(miss)) {
    allmiss <- tabulate(u[miss] + 1L, nunit) == tabulate(u + 1L, nunit)
    drop_reason[allmiss] <- "all values missing"
    if (any(miss & !allmiss[u + 1L])) {
      warn(sprintf("%d missing value%s dropped; the affected units have gaps.",
                   sum(miss & !allmiss[u + 1L]), if (sum(miss) > 1) "s" else ""),
           "coagg_missing_warning")
    }
    y <- y[!miss]; u <- u[!miss]; tc <- tc[!miss]
  }
  if (d == 1) {
    same <- c(FALSE, u[-1L] == u[-length(u)] & tc[-1L] - tc[-length(tc)] == 1L)
    dy <- c(NA, y[-1L] - y[-length(y)])
    y <- dy[same]; u <- u[same]; tc <- tc[same]
  }
  # per-unit checks: constant, too short
  ndet <- c(none = 0L, intercept = 1L, trend = 2L)[[set$exo]]
  len <- tabulate(u + 1L, nunit)
  pairs <- tabulate(u[c(FALSE, u[-1L] == u[-length(u)] & diff(tc) == 1L)] + 1L, nunit)
  # constant: no value departs from the unit's first value (relative 1e-12)
  first <- match(seq_len(nunit) - 1L, u)
  ref <- y[first][u + 1L]
  moves <- abs(y - ref) > 1e-12 * pmax(abs(ref), 1e-300)
  rng <- len > 0L & tabulate(u[moves] + 1L, nunit) == 0L
  ok <- is.na(drop_reason)
  drop_reason[ok & len == 0L] <- if (d == 1) "no two consecutive periods" else "no observations"
  ok <- is.na(drop_reason)
  drop_reason[ok & rng %in% TRUE] <- "constant series"
  ok <- is.na(drop_reason)
  drop_reason[ok & pairs < ndet + 2L] <- sprintf(
    "too short: %s usable difference%s, at least %d needed", pairs[ok & pairs < ndet + 2L],
    ifelse(pairs[ok & pairs < ndet + 2L] == 1L, "", "s"), ndet + 2L)

  # maximum lag per unit
  if (set$lags == "fixed") {
    maxl <- lagvec
  } else if (is.null(set$maxlag)) {
    maxl <- maxlag_rule(pairs)
  } else {
    maxl <- rep(set$maxlag, nunit)
  }

  keep <- which(is.na(drop_reason))
  res <- NULL
  balanced_res <- NULL
  if (length(keep)) {
    sel <- u %in% (keep - 1L)
    want_bal <- any(set$tests %in% ur_balanced_tests)
    bal <- if (want_bal) ur_balance(y[sel], tc[sel], u[sel], keep, ndet) else NULL
    if (want_bal && is.null(bal$note)) {
      # balanced without gaps: one computation for every test
      res <- balanced_res <- ur_call(y[sel], tc[sel], u[sel], keep, lagvec, maxl, set,
                                     set$tests, need_pp = TRUE)
    } else {
      res <- ur_call(y[sel], tc[sel], u[sel], keep, lagvec, maxl, set,
                     setdiff(set$tests, ur_balanced_tests), need_pp = TRUE)
    }
    # units the C code could not use: drop and name
    bad <- res$units$status != 0L
    if (any(bad)) {
      why <- ur_status_reason(res$units$status[bad], set$lags == "fixed")
      drop_reason[keep[bad]] <- why
    }
    keep2 <- keep[!bad]
    if (want_bal && !is.null(bal$note)) {
      warn(bal$note, "coagg_unbalanced_warning")
      if (!is.null(bal$y) && length(keep2)) {
        sel2 <- bal$u %in% (keep2 - 1L)
        maxl2 <- if (set$lags == "fixed" || !is.null(set$maxlag)) maxl else
          maxlag_rule(rep(bal$T - 1L, nunit))
        balanced_res <- ur_call(bal$y[sel2], bal$tc[sel2], bal$u[sel2], keep2, lagvec,
                                maxl2, set, intersect(set$tests, ur_balanced_tests),
                                need_pp = FALSE)
      }
    }
  }

  dropped <- NULL
  if (any(!is.na(drop_reason))) {
    w <- which(!is.na(drop_reason))
    dropped <- data.frame(variable = v, form = form, unit = as.character(ids[w]),
                          reason = drop_reason[w], stringsAsFactors = FALSE)
    shown <- utils::head(w, 5L)
    warn(sprintf("%d unit%s dropped: %s%s.", length(w), if (length(w) > 1) "s" else "",
                 paste(sprintf("%s (%s)", ids[shown], drop_reason[shown]), collapse = ", "),
                 if (length(w) > 5L) sprintf(" and %d more", length(w) - 5L) else ""),
         "coagg_dropped_unit_warning")
  }

  shaped <- ur_shape(res, balanced_res, v, form, ids, set, warn, note)
  list(table = shaped$table, statistics = shaped$statistics, units = shaped$units,
       dropped = dropped, notes = notes)
}

# Balance a panel for LLC, Breitung, Hadri and HT: keep the longest run of
# consecutive periods observed in every unit.
ur_balance <- function(y, tc, u, keep, ndet) {
  ulen <- tabulate(match(u, keep - 1L), length(keep))
  ustart <- c(0L, cumsum(ulen)[-length(ulen)]) + 1L
  t0 <- tc[ustart]
  if (length(ulen) && all(ulen == ulen[1L]) && all(t0 == t0[1L]) &&
      all(tc[ustart + ulen - 1L] - t0 + 1L == ulen)) {
    return(list(y = y, tc = tc, u = u, T = ulen[1L], note = NULL))
  }
  per <- split(tc, factor(u, levels = keep - 1L))
  common <- Reduce(intersect, per)
  allsame <- all(vapply(per, function(p) length(p) == length(common), TRUE))
  contiguous <- function(p) length(p) == 0L || max(p) - min(p) + 1L == length(p)
  if (allsame && contiguous(common)) {
    return(list(y = y, tc = tc, u = u, T = length(common), note = NULL))
  }
  common <- sort(common)
  if (!length(common)) {
    return(list(y = NULL, note = paste("LLC, Breitung, Hadri and Harris-Tzavalis need a",
                                       "balanced panel; no period is observed in every unit,",
                                       "so they are not computed.")))
  }
  brk <- cumsum(c(1L, diff(common) != 1L))
  runs <- split(common, brk)
  best <- runs[[which.max(lengths(runs))]]
  if (length(best) < ndet + 3L) {
    return(list(y = NULL, note = sprintf(paste(
      "LLC, Breitung, Hadri and Harris-Tzavalis need a balanced panel without gaps;",
      "the longest run of periods observed in every unit has %d periods, too few,",
      "so they are not computed."), length(best))))
  }
  sel <- tc %in% best
  list(y = y[sel], tc = tc[sel], u = u[sel], T = length(best),
       note = sprintf(paste("LLC, Breitung, Hadri and Harris-Tzavalis need a balanced panel",
                            "without gaps: they use the %d consecutive periods observed in",
                            "every unit (%d of %d observations; %d set aside)."),
                      length(best), sum(sel), length(sel), length(sel) - sum(sel)))
}

# One .Call on prepared data. `keep` are the 1-based unit numbers present.
ur_call <- function(y, tc, u, keep, lagvec, maxl, set, tests, need_pp) {
  ulen <- tabulate(match(u, keep - 1L), length(keep))
  ustart <- c(0L, cumsum(ulen)[-length(ulen)])
  span <- if (length(tc)) max(tc[ustart + ulen] - tc[ustart + 1L] + 1L) else 1L
  bw <- set$bandwidth
  opts <- c(
    exo = c(none = 0L, intercept = 1L, trend = 2L)[[set$exo]],
    lagmethod = c(fixed = 0L, aic = 1L, sic = 2L, hq = 3L)[[set$lags]],
    dfcor = as.integer(set$dfcor),
    pfinite = as.integer(set$pvalues == "finite"),
    llc = as.integer("llc" %in% tests),
    pp = as.integer(need_pp && any(c("fisher_pp", "choi_pp") %in% tests)),
    breitung = as.integer("breitung" %in% tests),
    hadri = as.integer(any(c("hadri", "hadri_het") %in% tests)),
    ht = as.integer("ht" %in% tests),
    llc_bw = bw_code(bw),
    pp_bw = if (is.numeric(bw)) 3L else if (bw == "nw") 0L else 1L,
    small_t = as.integer(set$small_t == "extrapolate"),
    llc_lookup = as.integer(set$llc_lookup == "levels"),
    hadri_dfcor = as.integer(set$hadri_dfcor),
    span = as.integer(span),
    llc_plm = as.integer(set$convention == "plm"))
  dopts <- c(if (is.numeric(bw)) bw else 0, if (is.numeric(bw)) bw else 0)
  # (C divides each unit by its own scale: the statistics do not depend on it)
  out <- .Call(C_panel_unitroot, as.double(y), as.integer(tc), as.integer(ustart),
               as.integer(ulen), as.integer(lagvec[keep]), as.integer(maxl[keep]),
               opts, as.double(dopts))
  out$keep <- keep
  out$tests <- tests
  out$ulen <- ulen
  out
}

# Why the C code could not use a unit (status 1, 2, 3).
ur_status_reason <- function(status, fixed) {
  c(if (fixed) "too short for the requested lags" else "too short for the regression",
    "degenerate regression (y[t-1] collinear with the deterministic terms)",
    "exact fit (the regression leaves no residual variation: a deterministic series)")[status]
}

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

# Turn the C output into the rows of the result and its attributes.
ur_shape <- function(res, bres, v, form, ids, set, warn, note) {
  tests <- set$tests
  blank <- function(test) data.frame(
    variable = v, form = form, test = test, statistic_name = unname(ur_stat_names[test]),
    statistic = NA_real_, p_value = NA_real_, df = NA_real_, lags = NA_character_,
    lag_mean = NA_real_, maxlag = NA_integer_, bandwidth = NA_real_, units = 0L,
    obs = NA_real_, stringsAsFactors = FALSE)
  table <- do.call(rbind, lapply(tests, blank))
  stats <- data.frame(variable = character(), form = character(), test = character(),
                      statistic_name = character(), statistic = numeric(),
                      p_value = numeric(), df = numeric(), units = integer(), obs = numeric(),
                      crit_01 = numeric(), crit_05 = numeric(), crit_10 = numeric(),
                      stringsAsFactors = FALSE)
  cur <- c(units = NA, obs = NA)   # units and observations of the statistics being added
  add_stat <- function(test, name, stat, p, df = NA_real_, crit = rep(NA_real_, 3)) {
    stats[nrow(stats) + 1L, ] <<- list(v, form, test, name, stat, p, df, as.integer(cur[["units"]]),
                                       cur[["obs"]], crit[1], crit[2], crit[3])
  }
  set_row <- function(test, stat, p, df = NA_real_, units = NA, obs = NA, lags = NULL,
                      maxlag = NULL, bw = NA_real_) {
    i <- match(test, table$test)
    if (is.na(i)) return(invisible())
    table$statistic[i] <<- stat
    table$p_value[i] <<- p
    table$df[i] <<- df
    table$units[i] <<- as.integer(units)
    table$obs[i] <<- obs
    if (!is.null(lags)) {
      table$lags[i] <<- lag_range(lags)
      table$lag_mean[i] <<- mean(lags)
    }
    if (!is.null(maxlag)) table$maxlag[i] <<- max(maxlag)
    table$bandwidth[i] <<- bw
  }
  units <- NULL
  if (!is.null(res)) {
    U <- res$units
    ok <- U$status == 0L
    units <- data.frame(variable = v, form = form, unit = as.character(ids[res$keep]),
                        lags = U$lags, maxlag = U$maxlag, obs = U$obs, statistic = U$statistic,
                        p_value = U$p_value, rho = U$rho, sigma2 = U$sigma2,
                        pp_statistic = U$pp_statistic, pp_p_value = U$pp_p_value,
                        pp_bandwidth = U$pp_bandwidth, pp_obs = U$pp_obs,
                        lrvar = NA_real_, bandwidth = NA_real_, hadri_lm = NA_real_,
                        stringsAsFactors = FALSE)[ok, , drop = FALSE]
    if (any(U$lag_capped[ok] == 1L)) {
      w <- which(ok & U$lag_capped == 1L)
      warn(sprintf("the maximum lag was reduced for %d unit%s (e.g. %s) so that the common sample of the lag search keeps a residual degree of freedom.",
                   length(w), if (length(w) > 1) "s" else "", ids[res$keep[w[1L]]]),
           "coagg_small_t_warning")
    }
    if (set$pvalues == "finite" && any(ok) && min(U$obs[ok]) < 20L &&
        any(c("fisher_adf", "choi_adf", "fisher_pp", "choi_pp") %in% tests)) {
      warn(sprintf("individual ADF/PP p-values use MacKinnon's finite-sample surfaces at n = %d observations, below the n >= 20 he recommends (an extrapolation of the response surfaces).",
                   min(U$obs[ok])), "coagg_small_t_warning")
    }
    n_ok <- sum(ok)
    P <- res$panel
    if (n_ok >= 1L) {
      adf_obs <- sum(U$obs[ok])
      cur <- c(units = n_ok, obs = adf_obs)
      if ("ips" %in% tests && !is.na(P[["ips_W"]])) {
        set_row("ips", P[["ips_W"]], stats::pnorm(P[["ips_W"]]), units = n_ok,
                obs = adf_obs, lags = U$lags[ok], maxlag = U$maxlag[ok])
        add_stat("ips", "W-t-bar", P[["ips_W"]], stats::pnorm(P[["ips_W"]]))
        # Table 2 is for balanced panels without lags
        balanced_t <- length(unique(U$obs[ok])) == 1L
        add_stat("ips", "t-bar", P[["ips_tbar"]], NA_real_,
                 crit = if (balanced_t) c(P[["tbar_c1"]], P[["tbar_c5"]], P[["tbar_c10"]]) else
                   rep(NA_real_, 3))
        if (balanced_t && isTRUE(P[["tbar_table"]] == 1)) {
          note(sprintf("IPS t-bar: N = %d, T = %d lies outside IPS Table 2 (N 5-100, T 5-100); critical values of the nearest edge are shown.",
                       n_ok, U$obs[ok][1L]))
        }
        if (P[["ips_below"]] > 0) {
          warn(sprintf("IPS: %d unit%s ha%s fewer observations per regression (minimum %d) than IPS Table 3 covers (10, or 20-25 for 5-8 lags); moments %s.",
                       P[["ips_below"]], if (P[["ips_below"]] > 1) "s" else "",
                       if (P[["ips_below"]] > 1) "ve" else "s", min(U$obs[ok]),
                       if (set$small_t == "clamp") "of the first column used (clamp)" else
                         "extrapolated linearly from the first two columns"),
               "coagg_small_t_warning")
        }
        if (P[["ips_lagcap"]] > 0) {
          warn(sprintf("IPS: %d unit%s use%s more than 8 lags; Table 3 stops at 8, whose moments are used.",
                       P[["ips_lagcap"]], if (P[["ips_lagcap"]] > 1) "s" else "",
                       if (P[["ips_lagcap"]] > 1) "" else "s"), "coagg_small_t_warning")
        }
        if (P[["ips_above"]] > 0) {
          note(sprintf("IPS: %d unit%s ha%s more than 100 observations per regression; Table 3 moments at T = 100 used.",
                       P[["ips_above"]], if (P[["ips_above"]] > 1) "s" else "",
                       if (P[["ips_above"]] > 1) "ve" else "s"))
        }
      }
      fs <- if (any(c("fisher_adf", "choi_adf") %in% tests)) fisher_stats(U$p_value[ok])
      if (!is.null(fs)) {
        nfs <- sum(!is.na(U$p_value[ok]))
        for (j in seq_len(nrow(fs))) add_stat("fisher_adf", fs$statistic_name[j],
                                              fs$statistic[j], fs$p_value[j], fs$df[j])
        set_row("fisher_adf", fs$statistic[1], fs$p_value[1], fs$df[1], units = nfs,
                obs = adf_obs, lags = U$lags[ok], maxlag = U$maxlag[ok])
        set_row("choi_adf", fs$statistic[2], fs$p_value[2], units = nfs,
                obs = adf_obs, lags = U$lags[ok], maxlag = U$maxlag[ok])
      }
      if (any(c("fisher_pp", "choi_pp") %in% tests)) {
        okp <- ok & U$pp_status == 0L
        if (any(ok & U$pp_status != 0L)) {
          w <- which(ok & U$pp_status != 0L)
          shown <- utils::head(w, 5L)
          warn(sprintf("PP: %d unit%s left out of the Phillips-Perron tests: %s%s.",
                       length(w), if (length(w) > 1) "s" else "",
                       paste(sprintf("%s (%s)", ids[res$keep[shown]],
                                     ur_status_reason(U$pp_status[shown], FALSE)),
                             collapse = ", "),
                       if (length(w) > 5L) sprintf(" and %d more", length(w) - 5L) else ""),
               "coagg_dropped_unit_warning")
        }
        fs <- fisher_stats(U$pp_p_value[okp])
        cur <- c(units = sum(okp), obs = sum(U$pp_obs[okp]))
        if (!is.null(fs)) {
          for (j in seq_len(nrow(fs))) add_stat("fisher_pp", fs$statistic_name[j],
                                                fs$statistic[j], fs$p_value[j], fs$df[j])
          pobs <- sum(U$pp_obs[okp])
          set_row("fisher_pp", fs$statistic[1], fs$p_value[1], fs$df[1], units = sum(okp),
                  obs = pobs, lags = rep(0L, sum(okp)), bw = mean(U$pp_bandwidth[okp]))
          set_row("choi_pp", fs$statistic[2], fs$p_value[2], units = sum(okp), obs = pobs,
                  lags = rep(0L, sum(okp)), bw = mean(U$pp_bandwidth[okp]))
        }
      }
    }
  }
  if (!is.null(bres)) {
    B <- bres$units
    P <- bres$panel
    okb <- B$status == 0L
    nb <- sum(okb)
    if (nb >= 1L) {
      cur <- c(units = nb, obs = P[["llc_obs"]])
      if ("llc" %in% tests && !is.na(P[["llc_tstar"]])) {
        set_row("llc", P[["llc_tstar"]], stats::pnorm(P[["llc_tstar"]]), units = nb,
                obs = P[["llc_obs"]], lags = B$lags[okb], maxlag = B$maxlag[okb],
                bw = P[["llc_bw"]])
        add_stat("llc", "t*", P[["llc_tstar"]], stats::pnorm(P[["llc_tstar"]]))
        add_stat("llc", "t (unadjusted)", P[["llc_t"]], NA_real_)
        if (P[["llc_table"]] == 1) {
          warn(sprintf("LLC: T~ = %s is below LLC Table 2 (which starts at 25); mu* = %.3f and sigma* = %.3f %s.",
                       format(P[["llc_T"]], digits = 4), P[["llc_mu"]], P[["llc_sd"]],
                       if (set$small_t == "clamp") "are those of T = 25 (clamp)" else
                         "extrapolated linearly from T = 25 and 30"),
               "coagg_small_t_warning")
        }
      }
      cur <- c(units = nb, obs = P[["br_obs"]])
      if ("breitung" %in% tests && !is.na(P[["br_t"]])) {
        set_row("breitung", P[["br_t"]], stats::pnorm(P[["br_t"]]), units = nb,
                obs = P[["br_obs"]], lags = B$lags[okb], maxlag = B$maxlag[okb])
        add_stat("breitung", "t", P[["br_t"]], stats::pnorm(P[["br_t"]]))
      }
      cur <- c(units = nb, obs = nb * P[["ht_T"]])
      if ("ht" %in% tests && !is.na(P[["ht_z"]])) {
        set_row("ht", P[["ht_z"]], stats::pnorm(P[["ht_z"]]), units = nb,
                obs = nb * P[["ht_T"]], lags = rep(0L, nb))
        add_stat("ht", "Z", P[["ht_z"]], stats::pnorm(P[["ht_z"]]))
        add_stat("ht", "rho", P[["ht_rho"]], NA_real_)
        if (any(B$lags[okb] != 0L)) {
          note("Harris-Tzavalis uses no lagged differences (it assumes serially uncorrelated errors); the lags chosen for the other tests do not enter it.")
        }
      }
      if (any(c("hadri", "hadri_het") %in% tests) && !is.na(P[["hadri_z"]])) {
        Tb <- bres$ulen[1L]
        cur <- c(units = nb, obs = nb * Tb)
        hz <- c(P[["hadri_z"]], P[["hadri_z_het"]])
        hp <- stats::pnorm(hz, lower.tail = FALSE)
        set_row("hadri", hz[1], hp[1], units = nb, obs = nb * Tb)
        set_row("hadri_het", hz[2], hp[2], units = nb, obs = nb * Tb)
        add_stat("hadri", "Z", hz[1], hp[1])
        add_stat("hadri_het", "Z (het.)", hz[2], hp[2])
      }
      if (!is.null(units)) {
        m <- match(as.character(ids[bres$keep]), units$unit)
        units$lrvar[m[!is.na(m)]] <- B$lrvar[!is.na(m)]
        units$bandwidth[m[!is.na(m)]] <- B$bandwidth[!is.na(m)]
        units$hadri_lm[m[!is.na(m)]] <- B$hadri_lm[!is.na(m)]
      }
    }
  }
  miss <- table$test[is.na(table$statistic)]
  if (length(miss)) {
    warn(sprintf("not computed (too few usable units or periods): %s.",
                 paste(ur_labels[miss], collapse = ", ")), "coagg_not_computed_warning")
  }
  list(table = table, statistics = stats, units = units)
}

# Majority-rule verdict per variable and form.
ur_verdict <- function(tab, set) {
  hadri <- tab$test %in% c("hadri", "hadri_het")
  tab$reject <- tab$p_value < set$level
  tab$supports <- ifelse(hadri, !tab$reject, tab$reject)
  key <- paste(tab$variable, tab$form, sep = "\r")
  votes <- stats::ave(as.integer(tab$supports %in% TRUE), key, FUN = sum)
  nas <- stats::ave(as.integer(is.na(tab$supports)), key, FUN = sum)
  tab$votes <- votes
  tab$verdict <- ifelse(votes >= set$majority, "stationary",
                        ifelse(votes + nas < set$majority, "unit root", NA_character_))
  tab
}

# ---------------------------------------------------------------------------
# Methods
# ---------------------------------------------------------------------------

ur_settings_lines <- function(s) {
  exo <- c(intercept = "individual intercepts", trend = "individual intercepts and trends",
           none = "none")[[s$exo]]
  lagtxt <- if (s$lags == "fixed") "fixed by the user" else
    sprintf("%s, maximum %s", toupper(s$lags),
            if (is.null(s$maxlag)) "by EViews' rule floor(min(T/3, 12) (T/100)^(1/4))" else s$maxlag)
  bw <- if (is.numeric(s$bandwidth)) sprintf("fixed at %d", s$bandwidth) else
    c(nw = "Newey-West (1994) automatic", llc = "LLC rule floor(3.21 T~^(1/3))",
      plm = "plm's rule round(3.21 T^(1/3))")[[s$bandwidth]]
  c(sprintf("Deterministic terms: %s", exo),
    sprintf("Lag selection: %s", lagtxt),
    sprintf("Individual p-values: MacKinnon (1996), %s; regression variance RSS/%s",
            if (s$pvalues == "finite") "finite sample (n = obs. in the regression)" else "asymptotic",
            if (s$dfcor) "(n - k)" else "n"),
    sprintf("Long-run variance (LLC, PP): Bartlett kernel, bandwidth %s", bw))
}

#' @export
print.coagg_unitroot <- function(x, digits = 4, ...) {
  s <- attr(x, "settings")
  if (is.null(s)) return(print(as.data.frame(x), ...))
  cat(sprintf("Panel unit-root tests (convention \"%s\")\n", s$convention))
  cat(paste0(ur_settings_lines(s), collapse = "\n"), "\n", sep = "")
  cat(sprintf("Null: unit root (Hadri: stationarity). Verdict: stationary when at least %d of %d tests support it at the %s%% level.\n\n",
              s$majority, length(s$tests), format(100 * s$level)))
  tests <- s$tests
  key <- unique(x[c("variable", "form")])
  fmt_p <- function(p) ifelse(is.na(p), "NA", formatC(p, format = "f", digits = digits))
  body <- lapply(tests, function(t) {
    m <- x[x$test == t, ]
    fmt_p(m$p_value[match(paste(key$variable, key$form), paste(m$variable, m$form))])
  })
  names(body) <- ur_labels[tests]
  vd <- x[!duplicated(paste(x$variable, x$form)), ]
  verdict <- ifelse(is.na(vd$verdict), sprintf("undetermined (%d/%d)", vd$votes, length(tests)),
                    sprintf("%s (%d/%d)", vd$verdict, vd$votes, length(tests)))
  out <- data.frame(Variable = key$variable, Form = key$form, body, Verdict = verdict,
                    check.names = FALSE, stringsAsFactors = FALSE)
  cat("p-values:\n")
  print(out, row.names = FALSE, right = TRUE)
  notes <- collapse_notes(attr(x, "notes"))
  if (length(notes)) {
    cat("\nNotes:\n")
    cat(paste0(sprintf("%2d. ", seq_along(notes)), strwrap_keep(notes), collapse = "\n"), "\n", sep = "")
  }
  dr <- attr(x, "dropped")
  if (!is.null(dr) && nrow(dr)) {
    cat("\nDropped units:\n")
    print(dr, row.names = FALSE)
  }
  invisible(x)
}

# Notes are recorded per variable and form as '"var" (form): message'; for
# printing, variables that share a form and a message are listed together.
collapse_notes <- function(notes) {
  m <- regmatches(notes, regexec('^(".*") \\(([^)]*)\\): (.*)$', notes))
  ok <- lengths(m) == 4L
  if (!any(ok)) return(notes)
  key <- vapply(m[ok], function(z) paste(z[3L], z[4L], sep = "\r"), "")
  vars <- vapply(m[ok], `[`, "", 2L)
  first <- !duplicated(key)
  merged <- vapply(which(first), function(i) {
    z <- m[ok][[i]]
    paste0(paste(unique(vars[key == key[i]]), collapse = ", "), " (", z[3L], "): ", z[4L])
  }, "")
  out <- notes
  out[which(ok)[first]] <- merged
  drop <- which(ok)[!first]
  if (length(drop)) out[-drop] else out
}

strwrap_keep <- function(x) {
  vapply(x, function(s) paste(strwrap(s, width = getOption("width", 80) - 4, exdent = 4),
                              collapse = "\n"), "", USE.NAMES = FALSE)
}

#' @export
`[.coagg_unitroot` <- function(x, ...) {
  out <- NextMethod()
  if (is.data.frame(out)) {
    attributes(out)[c("statistics", "units", "dropped", "notes", "settings")] <- NULL
    class(out) <- "data.frame"
  }
  out
}

#' @export
summary.coagg_unitroot <- function(object, ...) {
  tab <- object
  attributes(tab)[c("statistics", "units", "dropped", "notes", "settings")] <- NULL
  class(tab) <- "data.frame"
  structure(list(table = tab,
                 statistics = attr(object, "statistics"), units = attr(object, "units"),
                 dropped = attr(object, "dropped"), notes = attr(object, "notes"),
                 settings = attr(object, "settings")),
            class = "summary.coagg_unitroot")
}

#' @export
print.summary.coagg_unitroot <- function(x, digits = 4, max_units = 20L, ...) {
  s <- x$settings
  cat(sprintf("Panel unit-root tests (convention \"%s\")\n", s$convention))
  cat(paste0(ur_settings_lines(s), collapse = "\n"), "\n\n", sep = "")
  st <- x$statistics
  if (!is.null(st) && nrow(st)) {
    tab <- x$table
    for (k in unique(paste(st$variable, st$form, sep = "\r"))) {
      b <- st[paste(st$variable, st$form, sep = "\r") == k, ]
      m <- match(paste(b$variable, b$form, b$test), paste(tab$variable, tab$form, tab$test))
      cat(sprintf("%s, %s\n", b$variable[1], b$form[1]))
      show <- data.frame(Test = ur_labels[b$test], Statistic = b$statistic_name,
                         Value = formatC(b$statistic, format = "f", digits = digits),
                         `p-value` = ifelse(is.na(b$p_value), "",
                                            formatC(b$p_value, format = "f", digits = digits)),
                         Units = b$units, Obs = b$obs,
                         Lags = ifelse(is.na(tab$lags[m]), "", tab$lags[m]),
                         check.names = FALSE, stringsAsFactors = FALSE)
      print(show, row.names = FALSE, right = FALSE)
      crit <- which(!is.na(b$crit_05))
      for (i in crit) {
        cat(sprintf("IPS t-bar = %.4f (all lags zero); IPS (2003) Table 2 critical values: 1%% %.3f, 5%% %.3f, 10%% %.3f\n",
                    b$statistic[i], b$crit_01[i], b$crit_05[i], b$crit_10[i]))
      }
      cat("\n")
    }
  }
  un <- x$units
  if (!is.null(un) && nrow(un)) {
    cat("Intermediate results by unit (ADF: lag, max lag, obs., t, p; PP: t, p, bandwidth):\n")
    for (k in unique(paste(un$variable, un$form, sep = "\r"))) {
      b <- un[paste(un$variable, un$form, sep = "\r") == k, ]
      cat(sprintf("\n%s, %s\n", b$variable[1], b$form[1]))
      shown <- utils::head(b, max_units)
      print(data.frame(Unit = shown$unit, Lag = shown$lags, `Max lag` = shown$maxlag,
                       Obs = shown$obs, `ADF t` = round(shown$statistic, digits),
                       `ADF p` = round(shown$p_value, digits),
                       `PP t` = round(shown$pp_statistic, digits),
                       `PP p` = round(shown$pp_p_value, digits),
                       `PP bw` = shown$pp_bandwidth,
                       `LR var` = signif(shown$lrvar, digits), `LLC bw` = shown$bandwidth,
                       check.names = FALSE), row.names = FALSE)
      if (nrow(b) > max_units) cat(sprintf("... and %d more units (see summary(x)$units)\n",
                                           nrow(b) - max_units))
    }
  }
  if (length(x$notes)) {
    notes <- collapse_notes(x$notes)
    cat("\nNotes:\n")
    cat(paste0(sprintf("%2d. ", seq_along(notes)), strwrap_keep(notes), collapse = "\n"),
        "\n", sep = "")
  }
  if (!is.null(x$dropped) && nrow(x$dropped)) {
    cat("\nDropped units:\n")
    print(x$dropped, row.names = FALSE)
  }
  invisible(x)
}
