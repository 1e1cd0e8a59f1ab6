# SIMULATED yearbook tables for trying coagg_study() and its report: the
# shape of a provincial yearbook (employment and enterprises by city,
# industry and year; all-sector totals; covariates by city and year), with
# its gaps. Nothing here is real data, and every row says so.

#' Simulate yearbook tables for a co-agglomeration study (SIMULATED data)
#'
#' Makes the tables a regional economist collects from Chinese statistical
#' yearbooks, filled with simulated numbers: employment and enterprises by
#' city, industry and year, the cities' all-sector employment (the
#' reference totals), and three covariates by city and year. They have the
#' gaps such tables have: a city missing from one year's industry table,
#' the last year reported for only four cities in five, and some cells
#' without an employment figure. Every row carries
#' `data_source = "SIMULATED"`; none of these numbers describe a real
#' city.
#'
#' @md
#' @details Data-generating process, for city \eqn{i}, industry \eqn{k} and
#' year \eqn{t = 0, 1, \dots}, all draws independent:
#' \itemize{
#'   \item employment \eqn{E_{ikt} = \mathrm{round}(2000\, c_i\, s_k\, e^{u_{ikt}} (1 + 0.03 t))},
#'     \eqn{\log c_i \sim N(0, 0.7^2)}, \eqn{\log s_k \sim N(0, 0.8^2)},
#'     \eqn{u_{ikt} \sim N(0, 0.4^2)};
#'   \item enterprises \eqn{\max(1, \mathrm{round}(E_{ikt} / v_{ikt}))},
#'     \eqn{v_{ikt} \sim U(30, 150)} (the average size of an enterprise);
#'   \item the all-sector total of city \eqn{i} in year \eqn{t}: 3.2 times its
#'     employment summed over the industries (before any cell is blanked),
#'     rounded; given for every city and year;
#'   \item covariates, with \eqn{S_{it}} a random walk of standard normal
#'     steps: `ecommerce` (share of retail sales online)
#'     \eqn{a_i + g_i t + 0.01 S_{it}}, \eqn{a_i \sim U(0.05, 0.2)},
#'     \eqn{g_i \sim U(0.01, 0.03)}; `express` (log of express deliveries)
#'     \eqn{d_i + 0.25 t + 0.05 S_{it}}, \eqn{d_i \sim N(0, 1)}; `internet`
#'     (internet users per inhabitant) \eqn{b_i + 0.02 t + 0.005 S_{it}},
#'     \eqn{b_i \sim U(0.3, 0.6)}.
#' }
#' The covariates are drawn independently of the employment, so no effect
#' of them on a co-agglomeration index is built in. The industries are
#' codes of China's classification GB/T 4754-2017: manufacturing divisions
#' C13, C14, ...; transport, storage and post G53, G54, G58, G59, G60 (then
#' G55-G57); and, from 10 industries on, construction F51 and
#' telecommunications I64. The cities are 30 prefecture-level cities of
#' eastern and central China by their Chinese names, then "城市031", ...
#'
#' Gaps (`gaps = TRUE`): the 9th city (the last, with fewer) has no industry
#' rows in the 4th year (with at least four years);
#' in the last year the last fifth of the cities have none; and
#' `missing_cells` employment cells are blank (`NA`), so that
#' [coagg_study()] and [eg_coagg()] need `na_action = "omit"`.
#'
#' @param n_regions,n_industries,n_years the numbers of cities (at least 3),
#'   industries (4 to 41) and years (at least 3).
#' @param start the first year.
#' @param gaps make the gaps described above.
#' @param missing_cells the number of blank employment cells (at most a
#'   tenth of the cells); `NULL` (default): 20, or a tenth of the cells when
#'   that is fewer.
#' @param seed random seed; the tables are a deterministic function of the
#'   arguments. The global random-number state is left as it was.
#' @return A list: `employment` (`city`, `year`, `industry`, `employment`,
#'   `enterprises`, `data_source`), `totals` (`city`, `year`, `total`,
#'   `data_source`), `covariates` (`city`, `year`, `ecommerce`, `express`,
#'   `internet`, `data_source`), each with attributes `seed` and
#'   `data_source` (`"SIMULATED"`), and `pair`, the two industry groups
#'   (`manufacturing`, `logistics`) as [eg_coagg()] takes them.
#' @seealso [coagg_study()], [study_report()]
#' @examples
#' yb <- simulate_yearbook(seed = 1)
#' head(yb$employment)
#' yb$pair
#' @export
simulate_yearbook <- function(n_regions = 30L, n_industries = 20L, n_years = 11L,
                              start = 2010L, gaps = TRUE, missing_cells = NULL, seed = 1L) {
  check_number(n_regions, "n_regions", lower = 3, upper = 1e5, integer = TRUE)
  check_number(n_industries, "n_industries", lower = 4, upper = 41, integer = TRUE)
  check_number(n_years, "n_years", lower = 3, upper = 200, integer = TRUE)
  check_number(start, "start", lower = 1, upper = 1e4, integer = TRUE)
  check_flag(gaps, "gaps")
  max_blank <- floor(n_regions * n_industries * n_years / 10)
  check_number(missing_cells, "missing_cells", lower = 0, integer = TRUE, upper = max_blank,
               null_ok = TRUE)
  if (is.null(missing_cells)) missing_cells <- min(20, max_blank)
  check_number(seed, "seed", integer = TRUE, lower = -.Machine$integer.max,
               upper = .Machine$integer.max)
  cities <- yearbook_cities(n_regions)
  inds <- yearbook_industries(n_industries)
  years <- as.integer(start) + seq_len(n_years) - 1L
  with_seed(seed, {
    grid <- expand.grid(industry = inds$code, city = cities, year = years,
                        stringsAsFactors = FALSE)[, c("city", "year", "industry")]
    csize <- stats::setNames(exp(stats::rnorm(n_regions, 0, 0.7)), cities)
    isize <- stats::setNames(exp(stats::rnorm(n_industries, 0, 0.8)), inds$code)
    tt <- grid$year - start
    emp <- round(2000 * csize[grid$city] * isize[grid$industry] *
                   exp(stats::rnorm(nrow(grid), 0, 0.4)) * (1 + 0.03 * tt))
    firms <- pmax(1, round(emp / stats::runif(nrow(grid), 30, 150)))
    key <- paste(grid$city, grid$year, sep = "\r")
    ck <- paste(rep(cities, times = n_years), rep(years, each = n_regions), sep = "\r")
    totals <- data.frame(city = rep(cities, times = n_years), year = rep(years, each = n_regions),
                         total = round(3.2 * as.vector(tapply(emp, factor(key, levels = ck), sum))),
                         stringsAsFactors = FALSE)
    employment <- data.frame(grid, employment = unname(emp), enterprises = unname(firms),
                             stringsAsFactors = FALSE)
    if (gaps) {
      drop <- (employment$year == years[n_years] &
                 employment$city %in% cities[seq_len(n_regions) > ceiling(0.8 * n_regions)])
      if (n_years >= 4L) {
        drop <- drop | (employment$city == cities[min(9L, n_regions)] &
                          employment$year == years[4L])
      }
      employment <- employment[!drop, , drop = FALSE]
    }
    if (missing_cells > 0) {
      employment$employment[sample.int(nrow(employment), missing_cells)] <- NA_real_
    }
    rownames(employment) <- NULL
    covariates <- yearbook_covariates(cities, years)
  })
  label <- function(d) {
    d$data_source <- "SIMULATED"
    attr(d, "seed") <- as.integer(seed)
    attr(d, "data_source") <- "SIMULATED"
    d
  }
  list(employment = label(employment), totals = label(totals),
       covariates = label(covariates),
       pair = list(manufacturing = inds$code[inds$group == "manufacturing"],
                   logistics = inds$code[inds$group == "logistics"]))
}

yearbook_city_names <- c(
  "\u676d\u5dde\u5e02", "\u5b81\u6ce2\u5e02", "\u6e29\u5dde\u5e02", "\u5609\u5174\u5e02", "\u6e56\u5dde\u5e02", "\u7ecd\u5174\u5e02", "\u91d1\u534e\u5e02", "\u8862\u5dde\u5e02", "\u821f\u5c71\u5e02",
  "\u53f0\u5dde\u5e02", "\u4e3d\u6c34\u5e02", "\u5357\u4eac\u5e02", "\u82cf\u5dde\u5e02", "\u65e0\u9521\u5e02", "\u5e38\u5dde\u5e02", "\u5357\u901a\u5e02", "\u5f90\u5dde\u5e02", "\u626c\u5dde\u5e02",
  "\u5408\u80a5\u5e02", "\u829c\u6e56\u5e02", "\u798f\u5dde\u5e02", "\u53a6\u95e8\u5e02", "\u6cc9\u5dde\u5e02", "\u5e7f\u5dde\u5e02", "\u6df1\u5733\u5e02", "\u4e1c\u839e\u5e02", "\u4f5b\u5c71\u5e02",
  "\u6210\u90fd\u5e02", "\u6b66\u6c49\u5e02", "\u90d1\u5dde\u5e02")

yearbook_cities <- function(n) {
  if (n <= length(yearbook_city_names)) return(yearbook_city_names[seq_len(n)])
  c(yearbook_city_names, sprintf("\u57ce\u5e02%03d", (length(yearbook_city_names) + 1L):n))
}

yearbook_industries <- function(n) {
  n_other <- if (n >= 10L) 2L else 0L
  n_log <- min(8L, max(1L, round(n / 4)))
  n_man <- n - n_log - n_other
  code <- c(sprintf("C%02d", 12L + seq_len(n_man)),
            c("G53", "G54", "G58", "G59", "G60", "G55", "G56", "G57")[seq_len(n_log)],
            c("F51", "I64")[seq_len(n_other)])
  data.frame(code = code, group = rep(c("manufacturing", "logistics", "other"),
                                      c(n_man, n_log, n_other)), stringsAsFactors = FALSE)
}

yearbook_covariates <- function(cities, years) {
  n <- length(cities)
  nt <- length(years)
  tt <- seq_len(nt) - 1L
  rw <- function(scale) scale * t(apply(matrix(stats::rnorm(n * nt), n, nt), 1L, cumsum))
  ecommerce <- stats::runif(n, 0.05, 0.2) + outer(stats::runif(n, 0.01, 0.03), tt) + rw(0.01)
  express <- stats::rnorm(n) + outer(rep(0.25, n), tt) + rw(0.05)
  internet <- stats::runif(n, 0.3, 0.6) + outer(rep(0.02, n), tt) + rw(0.005)
  data.frame(city = rep(cities, each = nt), year = rep(years, times = n),
             ecommerce = as.vector(t(ecommerce)), express = as.vector(t(express)),
             internet = as.vector(t(internet)), stringsAsFactors = FALSE)
}
