# Panel unit-root tests: the battery (argument handling, the samples each
# test needs, and the one .Call per sample) over the C kernel in
# src/unitroot.c (per-unit regressions) and src/unitroot_panel.c (panel
# statistics). The kernel's output is shaped in R/unitroot-shape.R; methods
# are in R/unitroot-methods.R; MacKinnon p-values in R/mackinnon.R.

#' Panel unit-root tests (LLC, IPS, Fisher-ADF/PP, Breitung, Hadri, Harris-Tzavalis, CIPS)
#'
#' Runs the panel unit-root tests of EViews' "Panel Unit Root Test" view,
#' and those of Stata's `xtunitroot` and plm's `purtest()`, on one or more
#' variables of a long panel data frame, in levels and first differences,
#' and returns a tidy table shaped like Table 3 of the reference study
#' (variable x level / first difference x test) with a verdict per variable
#' and form under a majority rule. Pesaran's (2007) CIPS, robust to a
#' common factor across units, can be run beside them, so that one call
#' gives the first- and second-generation battery a paper prints. The
#' computations run in C: per-unit ADF and CADF regressions with lag
#' selection on a common sample, Phillips-Perron corrections, and the
#' pooled statistics.
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
#' @section Cross-sectional dependence: CIPS (Pesaran 2007):
#' The tests above (the "first generation") assume that the units are
#' independent; a common shock or business cycle makes them over-reject.
#' [cd_test()] tests that assumption. `"cips"` and `"cips_trunc"` are
#' Pesaran's (2007) tests, valid when the dependence comes from one common
#' factor: each unit's ADF regression is augmented with the cross-section
#' averages \eqn{\bar y_t = N^{-1}\sum_i y_{it}} (CADF),
#' \deqn{\Delta y_{it} = a_i + b_i y_{i,t-1} + c_i\bar y_{t-1} + \sum_{j=0}^{p} d_{ij}\Delta\bar y_{t-j} + \sum_{j=1}^{p}\delta_{ij}\Delta y_{i,t-j} + e_{it}}
#' (with a trend \eqn{+ g_it} for `exo = "trend"`, without \eqn{a_i} for
#' `"none"`), on the periods after the first \eqn{p + 1}; \eqn{CADF_i} is the
#' OLS t ratio of \eqn{b_i} (residual variance \eqn{RSS/(n-k)} under every
#' convention, as plm's `cipstest()`), and
#' \eqn{CIPS = N^{-1}\sum_i CADF_i}. CIPS* (`"cips_trunc"`) averages the
#' \eqn{CADF_i} truncated to \eqn{[-K_1, K_2]} (Pesaran's eq. 34:
#' \eqn{K_1, K_2} = 6.12, 4.16 without deterministic terms; 6.19, 2.61 with
#' intercepts; 6.42, 1.70 with trends). The lags are fixed (`lags`) or
#' chosen per unit by AIC, SIC or HQ on the CADF regression, as for the ADF
#' regressions above (common sample of the largest lag, which is reduced
#' until that sample leaves a residual degree of freedom). Per-unit
#' statistics are in `attr(x, "units")` (`cadf`, `cadf_lags`,
#' `cadf_obs`). CIPS is computed on a balanced panel without gaps (the
#' balanced sub-panel of an unbalanced one, with a note): its averages need
#' every unit in every period and its tables are for balanced panels.
#'
#' The null distribution is non-standard; Pesaran tabulated its 1\%, 5\%
#' and 10\% critical values (Tables II(a)-(c), for N and T in 10, 15, 20,
#' 30, 50, 70, 100, 200; transcribed in src/unitroot_tables.c). **No
#' p-value is computed**: the `p_value` of a CIPS row is `NA`, `p_bracket`
#' says between which tabulated levels the statistic falls (`"< 0.01"`,
#' `"0.01-0.05"`, `"0.05-0.10"`, `"> 0.10"`), the statistics attribute
#' holds the critical values, and a note prints them. (plm's `cipstest()`
#' reports 0.01 and 0.10 as p-values outside that range, with a warning;
#' they are bounds.) A CIPS row supports stationarity at `level` 0.01,
#' 0.05 or 0.10 when the statistic is below the critical value; at other
#' levels it casts no vote. The critical values are found by bilinear
#' interpolation at \eqn{N} and \eqn{T - 1} (the observations of a CADF
#' regression without lags: Pesaran's \eqn{T}), or, under
#' `convention = "plm"`, at \eqn{T - p - 1} as plm does (plm's own
#' interpolation is slightly off: at \eqn{N = 48}, \eqn{T = 14} it gives
#' -2.306 for the 1\% value where the line gives -2.298); under `"stata"`
#' the cell of the first tabulated \eqn{N} and \eqn{T} at or above the
#' panel's \eqn{N} and number of periods, as Stata's `xtcips` and
#' `pescadf`. Beyond 200 the last row or column is used (noted). Below
#' 10, under every convention, no critical values are given: the statistic
#' is reported when its regressions have a residual degree of freedom, with
#' a caveat (Stata's commands would use the first cell; plm stops). At
#' the reference study's \eqn{T = 6} a CADF regression with an intercept
#' and no lags has 5 observations and 4 coefficients: the statistic exists,
#' its distribution is not tabulated.
#'
#' plm 2.6-2's `cipstest(lags = 0)` silently fits one lag (plm's issue 39;
#' later versions refuse `lags = 0`): coagg's `lags = 0` has none, and is
#' checked against a plain computation. For `exo = "none"`, Stata's
#' `pescadf` first subtracts the initial cross-section mean (for fixed
#' \eqn{T}); coagg, like plm, does not.
#'
#' @section Small T:
#' LLC's Table 2 starts at \eqn{\tilde T = 25}; IPS's Table 3 at 10
#' observations (20 or 25 for lags 5-8); MacKinnon's response surfaces are
#' recommended from 20 observations. Below a table, `small_t = "clamp"`
#' uses its first row (plm's behaviour) and `"extrapolate"` extends the first
#' segment linearly; either way a warning is given and a note is kept in the
#' result and printed under the table. At \eqn{T = 6} (the reference study)
#' only Harris-Tzavalis has a valid null distribution.
#'
#' @section Unbalanced panels, gaps, missing values, bad units:
#' Periods are placed on their calendar: whole-number periods by their
#' values in steps of their common difference (a year missing from every unit
#' is a gap, not one step, and is reported), numbers of the form YYYYMM or
#' YYYYQ (200112, 20014) by months or quarters, Dates on one day of the month
#' by months, factors by their levels (in time order); character periods must
#' hold numbers (they are ordered numerically, so "2001" and "2001.0" are one
#' period; other text is an error, as it would sort "10" before "2"). When
#' the calendar cannot be found (uneven Dates or numbers) the periods are
#' taken as consecutive, with a warning and a note.
#'
#' When units cover different periods, or a unit misses a period inside its
#' span (a gap), each test uses one of three samples:
#' \describe{
#' \item{each unit's own periods}{every observation of the unit; its ADF and
#'   PP regressions use the rows whose lags are present (a gap costs the
#'   rows that need the missing period). LLC pools these regressions, looks
#'   up Table 2 at \eqn{\tilde T}, the average number of observations per
#'   unit in them, and computes each unit's long-run variance of
#'   \eqn{\Delta y} from the differences it has.}
#' \item{each unit's longest run}{Breitung's forward orthogonal deviations
#'   and Hadri's partial sums are defined on consecutive observations: a unit
#'   with a gap contributes its longest run of consecutive periods (the
#'   earliest of equally long runs), named in a note; units without gaps
#'   contribute all their periods, whatever their number.}
#' \item{the balanced sub-panel}{the longest run of consecutive periods
#'   observed in every unit. Harris and Tzavalis's corrections
#'   \eqn{B_T, C_T} are exact moments for one common \eqn{T}, which an
#'   unbalanced panel does not have, so Harris-Tzavalis always uses it.}
#' }
#' \tabular{lll}{
#'   \strong{test} \tab \strong{"eviews"} \tab \strong{"stata", "plm"} \cr
#'   LLC \tab each unit's own periods \tab balanced sub-panel \cr
#'   IPS, Fisher ADF and PP, Choi \tab each unit's own periods \tab each unit's own periods \cr
#'   Breitung, Hadri \tab each unit's longest run \tab balanced sub-panel \cr
#'   Harris-Tzavalis, CIPS \tab balanced sub-panel \tab balanced sub-panel \cr
#' }
#' The table of results gives each test's `units`, `obs`, `periods` and
#' `sample`, `attr(x, "settings")$samples` the rule per test, and the print
#' shows them when they differ from the full panel. On a balanced panel
#' without gaps the three samples are the same and nothing changes.
#'
#' Why these rules. `"stata"`: Stata's `xtunitroot` refuses an unbalanced
#' panel for LLC, Harris-Tzavalis and Breitung (they require strongly
#' balanced data, in its manual); coagg computes them on the balanced
#' sub-panel, which is what Stata gives when its sample is restricted to
#' those periods, and says so in a note. Stata's manual lists Hadri among
#' the tests that accept unbalanced panels, while a Statalist report says
#' that `xtunitroot hadri` requires strongly balanced data; this is not
#' checked, and coagg uses the balanced sub-panel for Hadri under
#' `"stata"`. `"plm"`: plm's `purtest()` refuses LLC and Hadri on unbalanced
#' panels ("not applicable to unbalanced panels", documented in
#' `?plm::purtest`) and has no Breitung or Harris-Tzavalis test; coagg gives
#' plm's numbers on the balanced sub-panel. plm takes a unit's values as
#' consecutive across a gap; coagg does not, under any convention.
#' `"eviews"`: verified from EViews' documentation (User's Guide,
#' "Panel Unit Root Testing", as stored by the search tools, whose copy
#' gives the page's opening only): a "Use balanced sample" option exists for
#' group and pool objects, so that there balancing is a choice and not the
#' default, and not for a series in a panel workfile; output made with it
#' says "Balanced observations for each test". Verified from published
#' EViews output: the summary reports the cross-sections and observations
#' of each test, and Breitung has one observation per unit fewer than LLC
#' (19 units, 5 years, a trend, no lags: LLC 76, Breitung 57; 3 units, 25
#' years, one lag: 69 and 66), as here. Believed, not checked against EViews
#' output on an unbalanced panel nor read in its manual: that a series is
#' tested on each cross-section's own sample, LLC, IPS and the Fisher tests
#' on each unit's own regression sample with \eqn{\tilde T} the average over
#' units, and Breitung and Hadri on each unit's own sample (coagg: its
#' longest run without gaps, which is the whole sample of a unit without
#' gaps).
#'
#' Missing values follow `na_action` (see [coagg_missing]): with `"omit"`
#' (the default) a missing value of a variable is dropped for that variable
#' only (its unit then has a gap there) and a row whose unit or period is
#' missing (including a factor level that is `NA`) is set aside, each with a
#' warning and a note; `"fail"` makes either an error of class
#' `coagg_missing_value` naming the column and rows. Classed numbers
#' (`bit64::integer64`, `I()`, labelled) are read exactly or refused (see
#' [coagg_conditions]).
#'
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
#'   CIPS critical values \tab interpolated at (N, T-1) \tab first cell at or above (N, T) \tab interpolated at (N, T-p-1) \cr
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
#' @param data a data frame in long format (one row per unit and period), or
#'   a plm `pdata.frame`.
#' @param vars the variables to test: names of numeric columns, or a
#'   one-sided formula whose terms are evaluated in `data` (`~ log(gdp) +
#'   unemployment`); each variable is labelled by its name or term. A key
#'   column of `index` is never a variable.
#' @param index the unit and period columns, `c(unit, time)`; `NULL` (the
#'   default) means the first two columns of `data`, or the index of a
#'   `pdata.frame`.
#' @param ... not used: an argument spelled as in plm's `purtest()` or
#'   Stata's `xtunitroot` (`test`, `pmax`, `Hcons`, `q`, `demean`, `trend`,
#'   ...) is an error of class `coagg_foreign_argument` that names ours.
#' @param tests any of `"llc"`, `"ips"`, `"fisher_adf"`, `"fisher_pp"`
#'   (the default four, as the study), `"choi_adf"`, `"choi_pp"`,
#'   `"breitung"`, `"ht"` (Harris-Tzavalis), `"hadri"`, `"hadri_het"`, and
#'   the cross-sectionally augmented `"cips"` and `"cips_trunc"` (CIPS*) of
#'   Pesaran (2007).
#' @param exo deterministic terms: `"intercept"`, `"trend"` (intercept and
#'   trend) or `"none"` (not for IPS and Hadri); Pesaran's cases II, III
#'   and I for CIPS.
#' @param lags `"sic"`, `"aic"`, `"hq"`, or the number of lagged differences:
#'   one whole number, or one per unit (in the sorted order of the ids).
#' @param maxlag largest lag for automatic selection; `NULL` uses the rule
#'   above (`convention = "plm"`: 10, plm's default).
#' @param difference which forms to test: `0` levels, `1` first differences.
#' @param convention `"eviews"`, `"stata"` or `"plm"`; see Conventions,
#'   Unbalanced panels, and [coagg_conventions].
#' @param na_action `"omit"` (the default) or `"fail"`; see Unbalanced
#'   panels and [coagg_missing].
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
#'   difference"), `test`, `statistic_name`, `statistic`, `p_value`,
#'   `p_bracket` (CIPS: the interval of tabulated levels its p-value lies in;
#'   `NA` for the other tests), `df`
#'   (chi-square tests), `lags` (range of lags used, e.g. "0-2"), `lag_mean`,
#'   `maxlag` (largest maximum lag), `bandwidth` (mean bandwidth, LLC and
#'   PP), `units`, `obs` (observations used), `periods` (first and last
#'   period used), `sample` (`"unit"`: each unit's own periods, `"run"`: each
#'   unit's longest run of consecutive periods, `"balanced"`: the balanced
#'   sub-panel), `reject` (at `level`; for Hadri, rejection of
#'   stationarity), `supports` (the test supports stationarity), `votes` and
#'   `verdict` ("stationary", "unit root" or NA when too many tests could not
#'   be computed) per variable and form. Attributes: `statistics` (every
#'   statistic, including Choi's Z, L*, Pm, the unadjusted LLC t, IPS t-bar
#'   with critical values, both Hadri variants), `units` (per-unit results:
#'   periods, lags, maximum lag, observations, ADF t and p-value, residual
#'   variance, long-run variance and bandwidth, PP statistic, p-value and
#'   bandwidth, Hadri LM, CADF statistic, lags and observations),
#'   `dropped` (units set aside and why), `notes`
#'   (caveats) and `settings` (the options used, `index`, `na_action`, and
#'   `samples`, the sample rule of each test). [as_htest()] gives the tests
#'   as `htest` objects.
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
#'
#' Pesaran, M. H. (2007). A simple panel unit root test in the presence of
#' cross-section dependence. *Journal of Applied Econometrics* 22(2),
#' 265-312. \doi{10.1002/jae.951}
#' @seealso [mackinnon_p()], [as_htest()], [cd_test()], [coagg_conventions],
#'   [coagg_missing]
#' @examples
#' # A simulated panel (not real data): 8 units, 40 periods
#' set.seed(42)
#' sim <- data.frame(id = rep(1:8, each = 40), year = rep(1981:2020, 8))
#' sim$rw <- ave(rnorm(320), sim$id, FUN = cumsum)   # random walks
#' sim$ar <- ave(rnorm(320), sim$id, FUN = function(e)
#'   stats::filter(e, 0.3, method = "recursive"))   # stationary AR(1)
#' res <- panel_unitroot(sim, c("rw", "ar"))   # index: the first two columns
#' res
#' summary(res)
#' # transformations in a formula; the Harris-Tzavalis test as an htest
#' sim$level <- exp(sim$rw / 10)
#' ht <- panel_unitroot(sim, ~ log(level), tests = "ht", difference = 0)
#' as_htest(ht)
#' @export
panel_unitroot <- function(data, vars, index = NULL, ...,
                           tests = c("llc", "ips", "fisher_adf", "fisher_pp"),
                           exo = c("intercept", "trend", "none"),
                           lags = "sic", maxlag = NULL, difference = c(0, 1),
                           convention = c("eviews", "stata", "plm"),
                           na_action = c("fail", "omit"),
                           bandwidth = NULL, dfcor = NULL, pvalues = NULL,
                           small_t = c("clamp", "extrapolate"),
                           majority = NULL, level = 0.05) {
  check_dots_empty(..., foreign = ur_foreign)
  if (missing(vars)) {
    abort_input("is missing: give the columns to test (names, or a formula ~ x + log(y)).",
                arg = "vars")
  }
  pd <- panel_data_index(data, index)
  data <- pd$data
  index <- pd$index
  check_data_frame(data)
  na_action <- check_na_action(na_action, "omit")
  set <- ur_settings(tests, exo, convention, small_t, level, majority, difference,
                     dfcor, pvalues, bandwidth, maxlag)
  pidx <- check_panel_index(data, index, min_units = 2L, na_action = na_action)
  pidx$label <- ur_period_labels(pidx)
  lagvec <- ur_lags(lags, pidx$n_units)
  set$lags <- attr(lagvec, "method")
  set$index <- index
  set$na_action <- na_action
  series <- ur_variables(data, vars, index, pidx, na_action)
  set$variables <- names(series)
  set$balanced <- pidx$balanced && !pidx$gaps && !length(pidx$dropped_rows) &&
    !any(vapply(series, anyNA, TRUE))

  notes <- character()
  notes <- c(notes, missing_key_caveat(pidx, index))
  for (msg in c(pidx$time_note, pidx$time_missing)) {
    notes <- c(notes, warn_caveat(msg, "coagg_time_spacing_warning"))
  }
  parts <- list()
  for (v in names(series)) {
    for (d in sort(set$difference)) {
      one <- ur_one(series[[v]], v, d, pidx, lagvec, set)
      parts[[length(parts) + 1L]] <- one
      notes <- c(notes, one$notes)
    }
  }
  bind <- function(what) {
    out <- do.call(rbind, lapply(parts, `[[`, what))
    if (!is.null(out)) rownames(out) <- NULL
    out
  }
  out <- ur_verdict(bind("table"), set)
  dr <- bind("dropped")
  if (is.null(dr)) dr <- data.frame(variable = character(), form = character(),
                                    unit = character(), reason = character())
  structure(out, class = c("coagg_unitroot", "data.frame"),
            statistics = bind("statistics"), units = bind("units"), dropped = dr,
            notes = unique(notes), settings = set)
}

# ---------------------------------------------------------------------------
# Names, settings and arguments
# ---------------------------------------------------------------------------

ur_tests <- c("llc", "breitung", "ht", "hadri", "hadri_het", "ips",
              "fisher_adf", "fisher_pp", "choi_adf", "choi_pp", "cips", "cips_trunc")

ur_labels <- c(llc = "LLC", breitung = "Breitung", ht = "Harris-Tzavalis",
               hadri = "Hadri", hadri_het = "Hadri (het.)", ips = "IPS",
               fisher_adf = "ADF-Fisher", fisher_pp = "PP-Fisher",
               choi_adf = "ADF-Choi Z", choi_pp = "PP-Choi Z", cips = "CIPS",
               cips_trunc = "CIPS*")

ur_stat_names <- c(llc = "t*", breitung = "t", ht = "Z", hadri = "Z",
                   hadri_het = "Z", ips = "W-t-bar", fisher_adf = "P (chi-square)",
                   fisher_pp = "P (chi-square)", choi_adf = "Z", choi_pp = "Z",
                   cips = "CIPS", cips_trunc = "CIPS*")

# Arguments of plm's purtest() and Stata's xtunitroot, and ours.
ur_foreign <- c(
  test = paste('use `tests`, e.g. tests = c("llc", "ips"); purtest\'s "levinlin" is "llc",',
               '"madwu" "fisher_adf", "invnormal" "choi_adf" ("logit" and "Pm" are in',
               'attr(x, "statistics")).'),
  pmax = "use `maxlag` (the largest lag for automatic selection).",
  Hcons = 'use tests = "hadri" (purtest\'s Hcons = FALSE) or "hadri_het" (Hcons = TRUE).',
  q = "use `bandwidth` (a whole number, or \"nw\", \"llc\", \"plm\").",
  fixedT = "not needed: IPS's moments are looked up at each unit's own T.",
  ips.stat = 'the IPS row is W-t-bar; t-bar and its critical values are in attr(x, "statistics").',
  object = "give the data frame as `data` and the variables as `vars`.",
  demean = "cross-sectional demeaning is not built in: subtract the period means yourself, e.g. vars = ~ I(x - ave(x, year)).",
  trend = 'use exo = "trend".',
  noconstant = 'use exo = "none".',
  kernel = "use `bandwidth` (the kernel is Bartlett's).",
  altt = "not available: Harris-Tzavalis uses the exact moments at T.",
  robust = paste('use tests = "cips" (Pesaran 2007), robust to a common factor; cd_test()',
                 "tests for cross-sectional dependence."),
  model = 'plm\'s cipstest(model = "cmg") is tests = "cips"; "mg" is IPS\'s t-bar (attr(x, "statistics")); "dmg" is not built in (subtract the period means: vars = ~ I(x - ave(x, year))).',
  truncated = 'use tests = "cips_trunc" (CIPS*, the truncated statistic).',
  type = 'use exo: plm\'s "drift" is exo = "intercept", "trend" is "trend", "none" is "none".',
  lag = "use `lags`.",
  pvalue = "use `pvalues`.",
  p.value = "use `pvalues`."
)

# Options other than the variables and lags, validated, with the
# convention's defaults filled in.
ur_settings <- function(tests, exo, convention, small_t, level, majority, difference,
                        dfcor, pvalues, bandwidth, maxlag) {
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
  need_det <- intersect(c("ips", "hadri", "hadri_het"), tests)
  if (exo == "none" && length(need_det)) {
    abort_input(sprintf('%s need%s deterministic terms: use exo = "intercept" or "trend".',
                        paste(ur_labels[need_det], collapse = " and "),
                        if (length(need_det) > 1) "" else "s"), arg = "exo")
  }
  set <- ur_resolve(convention, dfcor, pvalues, bandwidth, maxlag)
  set$exo <- exo
  set$small_t <- small_t
  set$majority <- as.integer(majority)
  set$level <- level
  set$tests <- tests
  set$difference <- as.numeric(difference)
  set$samples <- ur_sample_rule(tests, convention)
  set
}

ur_resolve <- function(convention, dfcor, pvalues, bandwidth, maxlag) {
  def <- switch(convention,
    eviews = list(dfcor = TRUE, pvalues = "finite", bandwidth = "nw",
                  llc_lookup = "ttilde", maxlag = NULL),
    stata = list(dfcor = TRUE, pvalues = "asymptotic", bandwidth = "llc",
                 llc_lookup = "ttilde", maxlag = NULL),
    plm = list(dfcor = FALSE, pvalues = "asymptotic", bandwidth = "plm",
               llc_lookup = "levels", maxlag = 10))
  def$cips_lookup <- c(eviews = "interpolate", stata = "stata", plm = "plm")[[convention]]
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

# The sample rule of each test (see ?panel_unitroot, "Unbalanced panels"):
# "unit" each unit's own periods, "run" each unit's longest run of
# consecutive periods, "balanced" the longest run observed in every unit.
ur_sample_rule <- function(tests, convention) {
  rule <- if (convention == "eviews") {
    c(llc = "unit", breitung = "run", hadri = "run", hadri_het = "run", ht = "balanced",
      cips = "balanced", cips_trunc = "balanced")
  } else {
    c(llc = "balanced", breitung = "balanced", hadri = "balanced", hadri_het = "balanced",
      ht = "balanced", cips = "balanced", cips_trunc = "balanced")
  }
  out <- rep("unit", length(tests))
  names(out) <- tests
  hit <- tests %in% names(rule)
  out[hit] <- rule[tests[hit]]
  out
}

# The lag specification: a method ("sic", "aic", "hq"), or fixed lags (one,
# or one per unit, in the order of the sorted units). Returns the fixed lags
# per unit (0 for a method), with the method ("fixed" for numbers) as the
# attribute "method".
ur_lags <- function(lags, nunit) {
  lags <- as_plain_number(lags, "lags")
  if (is.character(lags)) {
    lagm <- check_choice(lags, c("sic", "aic", "hq"), "lags")
    lagvec <- integer(nunit)
  } else {
    if (!is.numeric(lags) || is.object(lags) || !(length(lags) %in% c(1L, nunit)) ||
        anyNA(lags) || any(lags < 0) || any(lags != round(lags)) || any(lags > 100)) {
      abort_input(sprintf(paste0('must be "sic", "aic", "hq", or whole numbers in [0, 100] ',
                                 "(one, or one per unit: %d), not %s."), nunit, describe(lags)),
                  arg = "lags")
    }
    lagm <- "fixed"
    lagvec <- as.integer(rep_len(lags, nunit))
  }
  structure(lagvec, method = lagm)
}

# EViews' rule for the largest lag considered, from the number of usable
# first differences T of a unit.
maxlag_rule <- function(T) {
  pmax(0L, as.integer(floor(pmin(T / 3, 12) * (T / 100)^(1 / 4))))
}

# The variables to test, as a named list of plain double vectors (one per
# row of `data`), named by column or term. `vars` is a character vector of
# column names or a one-sided formula whose terms are evaluated in `data`
# (the formula's environment for anything else). A key column is refused.
# Missing values: an error under na_action = "fail" (rows set aside for a
# missing key are not counted); kept, as NA, under "omit".
ur_variables <- function(data, vars, index, pidx, na_action) {
  if (!inherits(vars, "formula") && is.character(vars) && anyDuplicated(vars)) {
    abort_input(sprintf(paste("must be a character vector of distinct column names or a",
                              "one-sided formula (~ x + log(y)), not %s."), describe(vars)),
                arg = "vars")
  }
  parsed <- parse_variables(vars, data, "vars")
  key <- intersect(parsed$labels, index)
  if (length(key)) ur_abort_key(key[1L], index)
  # the columns the variables read, as plain numbers (integer64 and other
  # classed numbers decoded exactly first, so that a transformation never
  # sees their storage)
  cols <- lapply(parsed$columns, function(cl) {
    x <- data[[cl]]
    if (is.numeric(x) && !is.factor(x)) as_plain_number(x, "vars", cl) else x
  })
  names(cols) <- parsed$columns
  vals <- eval_variables(parsed, cols, nrow(data), "vars")
  out <- lapply(parsed$labels, function(lab) {
    check_numeric_column(vals[lab], lab, "vars", allow_na = TRUE, na_hint = TRUE)
  })
  names(out) <- parsed$labels
  if (na_action == "fail") {
    used <- rep(TRUE, nrow(data))
    used[pidx$dropped_rows] <- FALSE
    for (v in names(out)) {
      miss <- which(is.na(out[[v]]) & used)
      if (length(miss)) abort_missing(v, miss, "vars", hint = TRUE)
    }
  }
  out
}

ur_abort_key <- function(col, index) {
  abort_input(sprintf(paste('column "%s" is the panel\'s %s key (index = c("%s", "%s")), not a',
                            "variable to test."), col,
                      if (col == index[1L]) "unit" else "time", index[1L], index[2L]),
              arg = "vars", column = col)
}

# ---------------------------------------------------------------------------
# One variable in one form
# ---------------------------------------------------------------------------

# Prepare, compute and shape one variable in one form (level or first
# difference). Caveats are warned and recorded as '"var" (form): message'.
ur_one <- function(x, v, d, pidx, lagvec, set) {
  form <- if (d == 0) "level" else "first difference"
  tag <- sprintf('"%s" (%s)', v, form)
  notes <- character()
  warn <- function(msg, class = NULL) {
    notes <<- c(notes, warn_caveat(paste0(tag, ": ", msg), class = class))
  }
  note <- function(msg) notes <<- c(notes, paste0(tag, ": ", msg))
  ids <- pidx$id_levels
  p <- ur_prepare(x, d, pidx, set, warn)
  maxl <- if (set$lags == "fixed") lagvec else if (is.null(set$maxlag)) maxlag_rule(p$pairs) else
    rep(set$maxlag, length(ids))
  run <- ur_run(p, lagvec, maxl, set, pidx$label, ids, warn)
  dropped <- ur_dropped(run$drop_reason, ids, v, form, warn)
  shaped <- ur_shape(run, v, form, ids, set, warn, note)
  list(table = shaped$table, statistics = shaped$statistics, units = shaped$units,
       dropped = dropped, notes = notes)
}

# The series sorted by unit and time on the calendar grid, without missing
# values, differenced (d = 1: only between consecutive periods), and the
# units that cannot be tested with the reason.
ur_prepare <- function(x, d, pidx, set, warn) {
  ord <- pidx$order
  y <- x[ord]
  u <- pidx$id_code[ord]
  tc <- pidx$time_grid[ord]   # calendar positions: a period missing everywhere is a gap
  nunit <- pidx$n_units
  drop_reason <- rep(NA_character_, nunit)
  miss <- is.na(y)
  if (any(miss)) {
    allmiss <- tabulate(u[miss] + 1L, nunit) == tabulate(u + 1L, nunit)
    drop_reason[allmiss] <- "all values missing"
    if (any(miss & !allmiss[u + 1L])) {
      warn(sprintf("%d missing value%s dropped; the affected units have gaps.",
                   sum(miss & !allmiss[u + 1L]), if (sum(miss) > 1) "s" else ""),
           "coagg_missing_warning")
    }
    y <- y[!miss]
    u <- u[!miss]
    tc <- tc[!miss]
  }
  if (d == 1) {
    same <- c(FALSE, u[-1L] == u[-length(u)] & tc[-1L] - tc[-length(tc)] == 1L)
    dy <- c(NA, y[-1L] - y[-length(y)])
    y <- dy[same]
    u <- u[same]
    tc <- tc[same]
  }
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
  short <- ok & pairs < ndet + 2L
  drop_reason[short] <- sprintf("too short: %s usable difference%s, at least %d needed",
                                pairs[short], ifelse(pairs[short] == 1L, "", "s"), ndet + 2L)
  list(y = y, u = u, tc = tc, drop_reason = drop_reason, pairs = pairs, ndet = ndet)
}

# The one .Call: prepared data (sorted by unit and time, `keep` the 1-based
# units present) and the options as one named list.
ur_call <- function(y, tc, u, keep, lagvec, maxl, set, tests, need_pp) {
  ulen <- tabulate(match(u, keep - 1L), length(keep))
  ustart <- c(0L, cumsum(ulen)[-length(ulen)])
  first <- tc[ustart + 1L]
  last <- tc[ustart + ulen]
  span <- if (length(tc)) max(last - first + 1L) else 1L
  bw <- set$bandwidth
  opts <- list(
    exo = c(none = 0L, intercept = 1L, trend = 2L)[[set$exo]],
    lag_method = c(fixed = 0L, aic = 1L, sic = 2L, hq = 3L)[[set$lags]],
    dfcor = as.integer(set$dfcor),
    p_finite = as.integer(set$pvalues == "finite"),
    llc = as.integer("llc" %in% tests),
    pp = as.integer(need_pp && any(c("fisher_pp", "choi_pp") %in% tests)),
    breitung = as.integer("breitung" %in% tests),
    hadri = as.integer(any(c("hadri", "hadri_het") %in% tests)),
    ht = as.integer("ht" %in% tests),
    llc_bandwidth = if (is.numeric(bw)) 3L else c(nw = 0L, llc = 1L, plm = 2L)[[bw]],
    pp_bandwidth = if (is.numeric(bw)) 3L else if (bw == "nw") 0L else 1L,
    fixed_bandwidth = if (is.numeric(bw)) as.double(bw) else 0,
    small_t = as.integer(set$small_t == "extrapolate"),
    llc_lookup = as.integer(set$llc_lookup == "levels"),
    hadri_dfcor = as.integer(set$hadri_dfcor),
    span = as.integer(span),
    llc_plm = as.integer(set$convention == "plm"),
    cips = as.integer(any(c("cips", "cips_trunc") %in% tests)),
    cips_lookup = c(interpolate = 0L, plm = 1L, stata = 2L)[[set$cips_lookup]])
  # (C divides each unit by its own scale: the statistics do not depend on it)
  out <- .Call(C_panel_unitroot, as.double(y), as.integer(tc), as.integer(ustart),
               as.integer(ulen), as.integer(lagvec[keep]), as.integer(maxl[keep]), opts)
  out$keep <- keep
  out$tests <- tests
  out$ulen <- ulen
  out$first <- first
  out$last <- last
  out
}

# The kernel's status codes as conditions: a LAPACK failure is an internal
# error; per unit, why the ADF (`reason`) and Phillips-Perron (`pp_reason`)
# regressions could not be used (NA where they could).
ur_status_conditions <- function(res, ids, set) {
  if (!identical(res$status, 0L)) {
    abort_internal(sprintf("LAPACK failed in the unit-root regressions of unit %s.",
                           ids[res$keep[res$status]]))
  }
  why <- c(if (set$lags == "fixed") "too short for the requested lags" else
             "too short for the regression",
           "degenerate regression (y[t-1] collinear with the deterministic terms)",
           "exact fit (the regression leaves no residual variation: a deterministic series)",
           "non-positive long-run variance estimate")
  txt <- function(st, w) {
    out <- rep(NA_character_, length(st))
    out[st > 0L] <- w[st[st > 0L]]
    out
  }
  list(reason = txt(res$units$status, why),
       pp_reason = txt(res$units$pp_status, replace(why, 1L, "too short for the regression")))
}

# Units set aside, with a warning naming them.
ur_dropped <- function(drop_reason, ids, v, form, warn) {
  w <- which(!is.na(drop_reason))
  if (!length(w)) return(NULL)
  shown <- utils::head(w, 5L)
  warn(sprintf("%d unit%s dropped: %s%s.", length(w), if (length(w) > 1) "s" else "",
               paste(sprintf("%s (%s)", ids[shown], drop_reason[shown]), collapse = ", "),
               if (length(w) > 5L) sprintf(" and %d more", length(w) - 5L) else ""),
       "coagg_dropped_unit_warning")
  data.frame(variable = v, form = form, unit = as.character(ids[w]),
             reason = drop_reason[w], stringsAsFactors = FALSE)
}

# A function giving the label of calendar positions (time_grid values).
ur_period_labels <- function(pidx) {
  ok <- !is.na(pidx$time_code)
  lev_grid <- integer(length(pidx$time_levels))
  lev_grid[pidx$time_code[ok] + 1L] <- pidx$time_grid[ok]
  lab <- as.character(pidx$time_levels)
  function(g) lab[match(g, lev_grid)]
}
