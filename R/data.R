#' US employment and establishments by metro area and sector, 2019
#'
#' @md
#' @description
#' Real region x industry data for the agglomeration indices: employment and
#' the number of establishments of every US metropolitan and micropolitan
#' statistical area (CBSA, 2019 delineation) in every 2-digit NAICS 2017
#' sector, from the U.S. Census Bureau's County Business Patterns 2019. It
#' holds manufacturing (NAICS 31-33) and transportation and warehousing
#' (48-49), the pair of industries of the package's reference study.
#'
#' @format A data frame with 18,191 rows (933 areas: 381 metropolitan, 531
#'   micropolitan, 21 without a name or type) and 6 columns, one row per
#'   area and sector present in CBP, sorted by area and sector:
#' \describe{
#'   \item{cbsa_code}{5-digit CBSA code (character).}
#'   \item{cbsa_name}{area name, e.g. `"Aberdeen, SD"`; `NA` for the 21
#'     small areas (396 rows) that the county-to-CBSA crosswalk used does
#'     not name.}
#'   \item{cbsa_type}{`"metro"` or `"micro"`; `NA` for the same 21 areas.}
#'   \item{naics}{sector (character): `"00"` = all sectors (the area's
#'     total, one row per area); `"11"` agriculture, forestry, fishing and
#'     hunting; `"21"` mining; `"22"` utilities; `"23"` construction;
#'     `"31-33"` manufacturing; `"42"` wholesale trade; `"44-45"` retail
#'     trade; `"48-49"` transportation and warehousing; `"51"` information;
#'     `"52"` finance and insurance; `"53"` real estate; `"54"` professional,
#'     scientific and technical services; `"55"` management of companies;
#'     `"56"` administrative and support and waste management; `"61"`
#'     educational services; `"62"` health care and social assistance;
#'     `"71"` arts, entertainment and recreation; `"72"` accommodation and
#'     food services; `"81"` other services; `"99"` industries not
#'     classified.}
#'   \item{employment}{paid employees in the pay period including March 12
#'     (CBP variable `EMP`), integer.}
#'   \item{establishments}{number of establishments (CBP variable `ESTAB`),
#'     integer, always at least 3 here.}
#' }
#'
#' @details
#' **How to use it.** The `"00"` rows are the areas' totals of all sectors,
#' not an industry: leave them out of the industry rows and use them as the
#' reference totals, as in the examples. A sector missing for an area
#' (for instance no `"55"` row) has no establishments there and counts as
#' zero employment. The sector rows of an area add up to at most its `"00"`
#' row (to 99.99 percent in the median area, 93.8 percent at least): CBP's
#' noise infusion and withheld cells make the difference.
#'
#' **Withheld cells.** CBP protects confidentiality mainly by noise
#' infusion, but some cells are withheld: a row with establishments > 0 and
#' employment 0 is a withheld value, not a true zero. There are 4 such rows,
#' all in sector `"99"` (Farmington, NM; Troy, AL; Watertown-Fort Atkinson,
#' WI; and the unnamed area 37020). They are kept as published (employment
#' 0): the indices then treat that sector as absent from those four areas,
#' which affects only sector `"99"`. Drop sector `"99"` (0.01 percent of
#' employment) if that matters for an analysis.
#'
#' **Establishments are not firms.** Used as `n_firms`, the establishment
#' counts give the Herfindahl index of establishments under the
#' equal-size assumption of [eg_index()]; multi-unit firms are counted once
#' per establishment, as in Ellison and Glaeser (1997), who used plants.
#'
#' @source U.S. Census Bureau, County Business Patterns 2019 (public
#'   domain), <https://www.census.gov/programs-surveys/cbp.html>; taken from
#'   a public compilation of the Census Bureau's CBP API pull for 2019
#'   (GitHub repository fansi-sifan/metro-datasets, folder census/census_cbp),
#'   subset to the sector level, with area names and types from the same
#'   repository's county-to-CBSA crosswalk. Built by `data-raw/cbp_metro.R`
#'   in the package sources; every cell is as in that table.
#'
#' @family agglomeration
#' @name cbp_metro
#' @docType data
#' @usage cbp_metro
#' @keywords datasets
#' @examples
#' str(cbp_metro)
#' metro <- subset(cbp_metro, cbsa_type %in% "metro")
#' sectors <- subset(metro, naics != "00")
#' totals <- subset(metro, naics == "00")
#' # E-G index of each sector across the 381 metro areas, with H estimated
#' # from establishment counts and x from all-sector employment
#' eg <- eg_index(sectors, "cbsa_code", "naics", "employment",
#'                n_firms = "establishments",
#'                reference = setNames(totals$employment, totals$cbsa_code))
#' eg[order(-eg$estimate), c("industry", "estimate", "gini", "herfindahl")]
NULL

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
#' @source Table 1 of Chen Chouyong and Yang Wenxia (School of Management,
#'   Hangzhou Dianzi University), "E-commerce influence on the
#'   co-agglomeration of manufacturing and logistics: an empirical study
#'   based on panel data of the prefecture-level cities of Zhejiang
#'   province" (in Chinese; the journal and year are not given in the copies
#'   available to the package authors, and the authors' names come from a
#'   public reprint of the paper, https://lw33.cn/article/084e7fafd550e1298346b2e9.html,
#'   not from the copy transcribed). Transcribed in `system.file("extdata",
#'   "zhejiang_table1_coagg.csv", package = "coagg")`; built by
#'   `data-raw/zhejiang.R`.
#' @seealso [zhejiang_published], [replicate_zhejiang()]
#' @examples
#' head(zhejiang_coagg)
#' # city means, highest first
#' sort(tapply(zhejiang_coagg$coagg, zhejiang_coagg$city, mean), decreasing = TRUE)
#' @md
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
#' @md
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
#' @md
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
