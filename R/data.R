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
#'   (GitHub repository fansi-sifan/metro-datasets, folder census_cbp),
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
