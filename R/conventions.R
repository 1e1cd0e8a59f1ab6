# Conventions where programs disagree: the one argument `convention`, and
# the help page that lists what each choice changes.

#' Conventions where EViews, Stata and plm disagree
#'
#' Several functions take `convention = c("eviews", "stata", "plm")`. The
#' default follows EViews, because the package's reference study used
#' EViews 7.2; `"stata"` and `"plm"` reproduce those programs' numbers. The
#' table lists what each choice changes.
#'
#' \tabular{llll}{
#'   \strong{what} \tab \strong{"eviews"} \tab \strong{"stata"} \tab \strong{"plm"} \cr
#'   (rows are added by each capability) \tab \tab \tab \cr
#'   panel_re(): coefficient covariance \tab sigma2_e (X*'X*)^-1 \tab s^2 (X*'X*)^-1, s^2 = SSR*/(n - K) \tab as Stata \cr
#'   panel_re(): p-values \tab t(n - K) \tab normal \tab normal \cr
#'   panel_re(): unbalanced Swamy-Arora sigma2_u \tab Baltagi-Chang: between regression weighted by T_i \tab unweighted between regression, sigma2_e / harmonic-mean T (believed xtreg, re default) \tab as EViews \cr
#'   panel_re(): headline R-squared \tab weighted 1 - SSR*/TSS* (and unweighted) \tab R-sq overall = corr(y, Xb)^2 (within, between too) \tab cor(y*, fitted y*)^2 \cr
#'   panel_fe(): intercept \tab reported, ybar - xbar'b \tab reported, ybar - xbar'b \tab not reported \cr
#'   panel_fe(): headline R-squared \tab dummy-variable regression \tab within \tab within \cr
#'   panel_fe(), panel_pooled(): p-values \tab t(df) \tab t(df); t(G - 1) with vcov = "cluster" \tab t(df) \cr
#'   vcov = "cluster" (all panel models) \tab CR1, G/(G-1) (n-1)/(n-K) \tab same \tab same (plm's vcovHC(type = "sss")) \cr
#'   hausman_test(): random-effects variance \tab sigma2_e (X*'X*)^-1 \tab s^2 (X*'X*)^-1 \tab s^2 (X*'X*)^-1 \cr
#'   hausman_test(): statistic and d.f. (headline; all three in reported_by, the generalised-inverse statistic beside them) \tab q'V^-1 q on K; 0 when V is not positive definite (believed) \tab q'V^+ q, V^+ Moore-Penrose, d.f. = rank of V; a negative value has no p-value \tab |q'V^-1 q| on K (plm's phtest()); NA when V is singular \cr
#'   panel_unitroot(): variance of the individual ADF/PP regressions \tab RSS/(n-k) \tab RSS/(n-k) \tab RSS/n (`dfcor = FALSE`) \cr
#'   panel_unitroot(): individual p-values (MacKinnon 1996) \tab finite sample, n = obs. in the regression \tab asymptotic \tab asymptotic \cr
#'   panel_unitroot(): default maximum lag \tab floor(min(T/3, 12) (T/100)^(1/4)) \tab same \tab 10 \cr
#'   panel_unitroot(): LLC and PP bandwidth (Bartlett) \tab Newey-West (1994) automatic \tab floor(3.21 T~^(1/3)) \tab round(3.21 T^(1/3)) \cr
#'   panel_unitroot(): LLC long-run variance of dy \tab as LLC (2002): raw (intercept), demeaned (trend) \tab same \tab demeaned (intercept), detrended (trend) \cr
#'   panel_unitroot(): LLC unit scale and Table 2 row \tab RSS/(T-p-1); at T~ = T-p-1 \tab same \tab as `dfcor`; at T \cr
#'   panel_unitroot(): Hadri variances \tab divide by T \tab divide by T \tab by T, or T-1 / T-2 with `dfcor` \cr
#'   panel_unitroot(), unbalanced panel: LLC \tab each unit's own periods \tab balanced sub-panel (xtunitroot refuses) \tab balanced sub-panel (purtest refuses) \cr
#'   panel_unitroot(), unbalanced panel: Breitung, Hadri \tab each unit's longest run of consecutive periods \tab balanced sub-panel \tab balanced sub-panel \cr
#'   panel_unitroot(): CIPS critical values (Pesaran 2007 Tables II) \tab bilinear interpolation at (N, T - 1) \tab the first tabulated cell at or above (N, T) (xtcips, pescadf) \tab interpolation at (N, T - p - 1) \cr
#'   vcov = "driscoll-kraay": default maximum lag \tab floor(4 (T/100)^(2/9)) (xtscc's rule) \tab floor(4 (T/100)^(2/9)) (xtscc) \tab floor(max T_i^(1/4)) (vcovSCC) \cr
#'   vcov = "driscoll-kraay": factor (vcov_adjust) \tab T/(T-1) (n-1)/(n-K) \tab T/(T-1) (n-1)/(n-K), K with the intercept (xtscc) \tab none (vcovSCC's HC0) \cr
#'   vcov = "driscoll-kraay": p-values \tab t(df) \tab t(T - 1) (xtscc) \tab as the model's classical ones \cr
#'   vcov = "twoway": factor (vcov_adjust) \tab one factor G/(G-1) (n-1)/(n-K), G the smaller number of clusters \tab same (ivreg2) \tab none (vcovDC's HC0) \cr
#'   vcov = "twoway": p-values \tab t(df) \tab t(min(G) - 1) (reghdfe); normal for random effects \tab as the model's classical ones \cr
#'   cd_test(): fewest common periods of a pair (min_overlap) \tab 3 \tab 3 (xtcdf) \tab 2 (pcdtest) \cr
#' }
#'
#' EViews' documentation, as read for this package, offers neither
#' Driscoll-Kraay nor two-way clustered covariances for panel equations;
#' under `"eviews"` these follow Stata's factors with EViews' usual t(n - K)
#' inference. Its cross-section dependence tests (LM, scaled LM, BFK, CD)
#' print the same statistics as cd_test() under every convention.
#'
#' @md
#' @param convention one of `"eviews"`, `"stata"`, `"plm"`.
#' @param arg the argument's name, for error messages.
#' @name coagg_conventions
NULL

#' @rdname coagg_conventions
#' @keywords internal
match_convention <- function(convention, arg = "convention") {
  check_choice(convention, c("eviews", "stata", "plm"), arg)
}
