# Datasets shipped with the package; each is built by a script in data-raw/.

#' The Zhejiang study's co-agglomeration index (Table 1, as published)
#'
#' The co-agglomeration index of manufacturing and logistics for the 11
#' prefecture-level cities of Zhejiang province, 2011-2016, as printed in
#' Table 1 of the package's reference study (two decimals). These are the
#' study's published numbers, not a recomputation: the yearbook employment and
#' enterprise counts behind them were not published (see
#' [zhejiang_template] for the layout in which to key them in).
#'
#' @format A data frame with 66 rows (11 cities x 6 years), sorted by city
#'   and year:
#' \describe{
#'   \item{city}{city name in English (factor, in the study's order)}
#'   \item{city_zh}{city name in Chinese (UTF-8)}
#'   \item{year}{2011, ..., 2016}
#'   \item{coagg}{the published co-agglomeration index \eqn{\gamma_{mpj}}}
#' }
#' @source Table 1 of "E-commerce influence on the co-agglomeration of
#'   manufacturing and logistics: an empirical study based on panel data of
#'   the prefecture-level cities of Zhejiang province" (in Chinese; authors
#'   and journal are not given in the copy available to the package
#'   authors). Transcribed in `system.file("extdata",
#'   "zhejiang_table1_coagg.csv", package = "coagg")`; built by
#'   `data-raw/zhejiang.R`.
#' @seealso [zhejiang_published], [replicate_zhejiang()]
#' @examples
#' head(zhejiang_coagg)
#' # city means, highest first
#' sort(tapply(zhejiang_coagg$coagg, zhejiang_coagg$city, mean), decreasing = TRUE)
#' @name zhejiang_coagg
#' @docType data
#' @keywords datasets
NULL

#' Everything else the Zhejiang study printed
#'
#' The published results of the package's reference study other than
#' Table 1 ([zhejiang_coagg]), exactly as printed, for replication and audit.
#' The estimates were obtained by the study's authors with EViews 7.2 from
#' data that were not published.
#'
#' @format A list:
#' \describe{
#'   \item{table3}{data frame, Table 3: panel unit-root p-values of the five
#'     regressors, columns `variable`, `form` (`"level"`,
#'     `"first_difference"`), `test` (`"llc"`, `"ips"`, `"fisher_adf"`,
#'     `"fisher_pp"`; the study labels the last "ADF-PP"), `p_value`, and
#'     `printed` (the text as printed)}
#'   \item{table4}{data frame, Table 4: the random-effects GLS estimates,
#'     columns `term`, `estimate`, `p_value`, `statistic` (the t value),
#'     `stars`, and the same as printed text (`estimate_printed`,
#'     `p_value_printed`, `statistic_printed`), which keep the printed
#'     decimals that [audit_coef_table()] needs}
#'   \item{table5}{data frame, Table 5: cross-section random effects by city,
#'     columns `city`, `city_zh`, `effect`, `effect_printed`}
#'   \item{hausman}{list: the Hausman statistic (12.0105) and p-value
#'     (0.0853) as printed, and the study's conclusion in translation}
#'   \item{r_squared}{0.901331, as printed}
#'   \item{n_obs, n_units, years}{66 observations, 11 cities, 2011-2016}
#'   \item{software}{"EViews 7.2"}
#'   \item{regressors}{data frame: the five regressors and how the study
#'     measured them (its Table 2)}
#' }
#' @source Tables 3, 4 and 5 and section 4.3 of the reference study (see
#'   [zhejiang_coagg]); transcribed in `system.file("extdata", package =
#'   "coagg")`, built by `data-raw/zhejiang.R`.
#' @seealso [audit_coef_table()], [audit_chisq()], [replicate_zhejiang()]
#' @examples
#' zhejiang_published$table4
#' # the printed p-values and t values disagree; see the audit:
#' with(zhejiang_published$table4,
#'      audit_coef_table(estimate_printed, statistic = statistic_printed,
#'                       p_value = p_value_printed, term = term, df = 60))
#' @name zhejiang_published
#' @docType data
#' @keywords datasets
NULL

#' A template of the raw data behind the Zhejiang study
#'
#' The layout of the yearbook data a reader must key in to run the study's
#' whole pipeline on real data: employment and number of enterprises by city,
#' year and industry, for manufacturing, for logistics and for all industries.
#' Every value is `NA`: the study did not publish its inputs, and the package
#' does not invent them.
#'
#' Industries are sections of China's industrial classification GB/T
#' 4754-2011: `"C"` manufacturing; `"G"` transport, storage and post, which
#' is the study's "logistics" (transport + warehousing + postal services);
#' `"total"` all sections, whose employment gives each city's share
#' \eqn{x_j} of the province's employment. Sources: the Zhejiang Statistical
#' Yearbook (tables of employed persons in urban non-private units by
#' section and city) and the cities' own yearbooks for enterprise counts.
#'
#' @format A data frame with 198 rows (11 cities x 6 years x 3 industries)
#'   and columns `city`, `city_zh`, `year`, `industry`, `employment`,
#'   `enterprises`.
#' @seealso [eg_coagg()], the vignette `vignette("zhejiang", package = "coagg")`
#' @examples
#' head(zhejiang_template)
#' @name zhejiang_template
#' @docType data
#' @keywords datasets
NULL
