# The four Ellison-Glaeser functions: eg_index(), eg_coagg(),
# eg_coagg_matrix() and location_quotient(). Each validates and shapes its
# input (R/agglomeration-input.R), makes one .Call to the engine
# (src/agglomeration.c), turns its status into conditions (eg_status()) and
# names and shapes the result; printing and conversion methods are in
# R/agglomeration-methods.R.

# ---------------------------------------------------------------------------
# eg_index
# ---------------------------------------------------------------------------

#' Ellison-Glaeser agglomeration index of each industry
#'
#' @md
#' @description
#' Computes the Ellison-Glaeser (1997) index of geographic concentration
#' \eqn{\gamma} of every industry, with the raw spatial Gini \eqn{G}, the
#' firms' Herfindahl index \eqn{H} and the test statistic of
#' \eqn{\gamma = 0}, from a long data frame: one row per region x industry
#' cell (aggregated data, optionally with enterprise counts) or one row per
#' firm (microdata).
#'
#' @param data a data frame in long form.
#' @param region,industry,employment names (strings) of the columns holding
#'   the region, the industry and the employment (or another non-negative
#'   size measure) of each row.
#' @param n_firms name of a column of enterprise counts when the rows are
#'   aggregated region x industry cells (as in a statistical yearbook). Used
#'   to estimate \eqn{H}. Counts must be whole numbers (a fraction is
#'   usually a count in other units, such as tens of thousands of firms,
#'   which would distort \eqn{H}); rows with employment need at least one.
#' @param firm_id name of a column identifying firms (or plants) when every
#'   row is one firm with its employment. Several rows per region x industry
#'   cell are then expected; an id may not repeat within an industry and
#'   period. Firms with zero employment are ignored.
#' @param time name of a period column. Each period is computed separately
#'   (its own shares, \eqn{H} and indices), exactly as a call on that
#'   period's rows alone, and results carry a `time` column.
#' @param reference the regions' reference shares \eqn{x_m}: `NULL` or
#'   `"total"` (default: each region's share of the aggregate employment of
#'   all industries in `data`); `"mean_share"` (the mean over industries of
#'   the industries' region shares, the empirical choice of Ellison, Glaeser
#'   and Kerr 2010); a numeric vector of region totals named by region (for
#'   instance total employment of all sectors from a yearbook; used for
#'   every period, which the settings say); or a data frame with the region
#'   column (and the time column), named as in `data`, and a numeric column
#'   `total`. Classed numbers (`bit64::integer64`, ...) are converted
#'   exactly or refused. See `absent_regions` for regions with a total but
#'   no rows in a period.
#' @param herfindahl how to obtain each industry's Herfindahl index of firm
#'   shares \eqn{H}: `"auto"` (default: `"exact"` with `firm_id`, `"counts"`
#'   with `n_firms`), `"exact"`, `"counts"`, `"inverse_n"`, or supplied
#'   values: a numeric vector named by industry, or a data frame with the
#'   industry column (and the time column) and a column `herfindahl`.
#' @param absent_regions what a region with a supplied total (`reference`)
#'   but no rows at all in a period is: `"missing"` (default: it is left out
#'   of that period's reference shares, as if it were not in `reference`,
#'   with a warning naming the regions and periods, kept in the notes) or
#'   `"zero"` (a region with no employment in any industry of the data: it
#'   keeps its reference share, and every industry's share there is 0). A
#'   yearbook's totals table usually lists every region in every year while
#'   its industry table lacks the region-years that were not reported, for
#'   which `"zero"` would be wrong. Only supplied totals are affected: with
#'   `reference = "total"` or `"mean_share"` a region without rows has no
#'   share anyway.
#' @param na_action the missing-value policy (see [coagg_missing]):
#'   `"fail"` (default) stops at a missing value (`NA`, `NaN`, or an `NA`
#'   factor level) in any column the function uses, naming the column and
#'   rows; `"omit"` drops those rows (cells or firms) and records in the
#'   notes and the settings (`dropped`) how many were dropped and what share
#'   of the known employment they held. A dropped cell changes every
#'   region's shares, hence every index.
#' @param ... not used; an argument spelled as in plm or an older version of
#'   coagg (`index`, `formula`, `na.action`) is an error that names ours.
#'
#' @details
#' Notation: regions \eqn{m = 1, \dots, M}, industries \eqn{i}; \eqn{E_{mi}}
#' the employment of industry \eqn{i} in region \eqn{m};
#' \eqn{s_{mi} = E_{mi} / \sum_m E_{mi}} the share of the industry located in
#' \eqn{m}; \eqn{x_m} the region's reference share (see `reference`);
#' \eqn{S_2 = \sum_m x_m^2}, \eqn{S_3 = \sum_m x_m^3}. A region with no
#' employment in an industry has \eqn{s_{mi} = 0}.
#'
#' \deqn{G_i = \sum_m (s_{mi} - x_m)^2, \qquad
#'   \gamma_i = \frac{G_i - (1 - S_2) H_i}{(1 - S_2)(1 - H_i)}}{G_i = sum_m (s_mi - x_m)^2,
#'   gamma_i = (G_i - (1 - S2) H_i) / ((1 - S2)(1 - H_i))}
#'
#' (Ellison and Glaeser 1997). \eqn{\gamma > 0} means more
#' concentration than firms located at random in proportion to \eqn{x}
#' would produce; values above 0.05 are usually called highly
#' concentrated, below 0.02 not concentrated.
#'
#' **The Herfindahl index** \eqn{H_i = \sum_k z_k^2} over the firms \eqn{k}
#' of the industry, \eqn{z_k} the firm's share of the industry's employment:
#' * `"exact"`: from the firm rows.
#' * `"counts"`: from enterprise counts, assuming the \eqn{n_{mi}} firms of
#'   the industry in region \eqn{m} are of equal size,
#'   \eqn{H_i \approx \sum_m s_{mi}^2 / n_{mi}}{H_i = sum_m s_mi^2 / n_mi}.
#'   This is how studies on yearbook data (such as the Zhejiang study of
#'   [eg_coagg()]) estimate \eqn{H}. It understates \eqn{H} when firm
#'   sizes vary within a region.
#' * `"inverse_n"`: all \eqn{N_i} firms of equal size, \eqn{H_i = 1/N_i}.
#' * supplied values.
#'
#' **Test of \eqn{\gamma = 0}.** Under random location of the firms in
#' proportion to \eqn{x} (Ellison and Glaeser 1997),
#' \eqn{E(G) = (1 - S_2) H} and
#' \deqn{\mathrm{Var}(G) = 2 \{ H^2 [S_2 - 2 S_3 + S_2^2] -
#'   \textstyle\sum_k z_k^4 [S_2 - 4 S_3 + 3 S_2^2] \}}{Var(G) = 2 {H^2 [S2 - 2 S3 + S2^2]
#'   - sum_k z_k^4 [S2 - 4 S3 + 3 S2^2]}}
#' and `statistic` is \eqn{z = (G - (1 - S_2) H) / \sqrt{\mathrm{Var}(G)}}{z = (G - (1 - S2) H) /
#' sqrt(Var(G))}, with the one-sided normal p-value \eqn{P(Z > z)}. The
#' firm shares' fourth powers come from the firm rows (`"exact"`), from
#' the equal-size assumption (`"counts"`:
#' \eqn{\sum_m s_{mi}^4 / n_{mi}^3}{sum_m s_mi^4 / n_mi^3}; `"inverse_n"`:
#' \eqn{1 / N^3}); with supplied \eqn{H} they are unknown and `statistic`
#' and `p_value` are `NA`. The normal approximation is rough when few
#' regions or few firms dominate.
#'
#' **Conventions elsewhere.** With `reference = NULL` the reference shares
#' are taken from the data themselves; this is the convention of the R
#' package REAT's `ellison.a2()`. Supply the regions' totals of all sectors
#' to follow Ellison and Glaeser's definition (\eqn{x} = the regions' shares
#' of aggregate employment).
#'
#' Undefined values are `NA` and recorded in the notes of the result (and
#' warned about): an industry without employment in a period, \eqn{H = 1}
#' (a single firm), \eqn{\mathrm{Var}(G) \le 0}{Var(G) <= 0}.
#'
#' **Memory and time** follow the rows: each period is aggregated on its
#' own, into the cells that have rows, so a wide and sparse table (many
#' regions, industries and periods, few rows each) costs what its rows cost.
#' Employment of any finite magnitude is accepted (the engine works on
#' values scaled by a power of two); a result in the data's units that
#' exceeds the largest double (an industry's total employment above
#' 1.8e308) is an error of class `coagg_scale`.
#'
#' @return A data frame of class `eg_index`, one row per industry (and
#'   period), with columns `industry`, `time` (when given), `estimate`
#'   (\eqn{\gamma}), `gini` (\eqn{G}), `herfindahl` (\eqn{H}), `statistic`
#'   (\eqn{z}), `p_value` (one-sided), `n_regions` (regions where the
#'   industry has employment), `n_firms` (`NA` without firm information),
#'   `employment` (the industry's total), `input` (`"firms"`, `"counts"` or
#'   `"aggregate"`) and `h_method`. Rows are the industries with rows in
#'   each period. Attributes: `notes` (caveats), and `settings`, a list
#'   with the same fields in every E-G result: `input`, `columns`, `time`
#'   (the periods), `reference` (a label), `reference_method`,
#'   `reference_reused` (one named vector used for every period),
#'   `herfindahl`, `herfindahl_method`, `n_regions` (regions with a
#'   positive reference share, per period, as used), `sum_x2` (per
#'   period), `absent_regions`, `n_absent` (per period: regions with a
#'   total but no rows), `absent` (those region-periods, the first 1,000),
#'   `na_action` and `dropped` (what `"omit"` dropped, or `NULL`).
#'
#' @references
#' Ellison, G. and Glaeser, E. L. (1997). Geographic concentration in U.S.
#' manufacturing industries: a dartboard approach. *Journal of Political
#' Economy*, 105(5), 889-927. \doi{10.1086/262098}
#'
#' Ellison, G., Glaeser, E. L. and Kerr, W. R. (2010). What causes industry
#' agglomeration? Evidence from coagglomeration patterns. *American Economic
#' Review*, 100(3), 1195-1213. \doi{10.1257/aer.100.3.1195}
#'
#' @seealso [eg_coagg()] for the per-region co-agglomeration index of a pair
#'   of industry groups, [eg_coagg_matrix()] for all pairs,
#'   [location_quotient()], [cbp_metro] for real data.
#' @family agglomeration
#' @export
#' @examples
#' # Firm microdata: one industry, ten firms in three regions (simulated
#' # numbers from a textbook exercise), reference = regions' total employment
#' firms <- data.frame(
#'   region = rep(c("Wien", "Linz", "Graz"), c(5, 4, 1)),
#'   industry = "A",
#'   firm = 1:10,
#'   employees = c(200, 650, 12000, 100, 50, 16000, 13000, 1500, 1500, 25000)
#' )
#' eg_index(firms, "region", "industry", "employees", firm_id = "firm",
#'          reference = c(Wien = 5e5, Linz = 4e5, Graz = 1e5))
#'
#' # Aggregated data with establishment counts: US metro areas, 2019
#' sectors <- subset(cbp_metro, naics != "00" & cbsa_type %in% "metro")
#' eg <- eg_index(sectors, "cbsa_code", "naics", "employment",
#'                n_firms = "establishments")
#' eg[order(-eg$estimate), c("industry", "estimate", "gini", "herfindahl")][1:5, ]
eg_index <- function(data, region, industry, employment, n_firms = NULL, firm_id = NULL,
                     time = NULL, reference = NULL, herfindahl = "auto",
                     absent_regions = c("missing", "zero"), na_action = c("fail", "omit"),
                     ...) {
  s <- eg_setup(data, region, industry, employment, n_firms, firm_id, time, reference,
                absent_regions, na_action, ...)
  d <- s$d
  ref <- s$ref
  units <- as.character(d$industry_levels)
  h <- eg_herfindahl(herfindahl, d, units, required = TRUE, unit_col = industry)
  res <- .Call(C_eg_index, eg_engine_data(d),
               eg_opts(d, ref, h, s$absent_regions, per_region = 0L))
  notes <- eg_status(res, d, ref, units, s$absent_regions)
  u0 <- res$unit
  t0 <- res$time
  where <- function(j) sprintf(' of industry "%s"%s', units[u0[j] + 1L], eg_period_text(d, t0[j]))
  eg_check_finite(res$employment, sprintf('the total of column "%s"', d$cols[["employment"]]),
                  where, column = d$cols[["employment"]])
  eg_check_finite(res$n_firms, "the number of firms", where, arg = "n_firms",
                  column = d$cols[["n_firms"]])
  st <- eg_unit_table(res, h$method, d$mode)
  out <- tidy_frame(c(list(industry = d$industry_levels[u0 + 1L],
                           time = eg_time_column(d, t0)), st$table))
  notes <- c(notes, eg_unit_notes(st, function(j) sprintf('industry "%s"', units[u0[j] + 1L]),
                                  function(j) eg_period_label(d, t0[j])))
  structure(out, class = c("eg_index", "data.frame"), notes = notes,
            settings = eg_settings(d, ref, h, res, s$absent_regions, s$na_action))
}

# The per-unit columns from an engine result, NA where undefined.
eg_unit_table <- function(res, hmethod, mode) {
  emp <- res$employment
  none <- !(emp > 0)
  gam <- res$gamma
  H <- res$herfindahl
  G <- res$gini
  z <- res$z
  if (hmethod %in% c("user", "none")) z[] <- NA_real_
  single <- !none & is.finite(H) & H >= 1
  gam[none | !is.finite(gam)] <- NA_real_
  G[none] <- NA_real_
  H[none | !is.finite(H)] <- NA_real_
  novar <- !none & !single & !(res$var_gini > 0) & !(hmethod %in% c("user", "none"))
  z[none | !is.finite(z)] <- NA_real_
  nf <- res$n_firms
  if (mode == "aggregate") nf[] <- NA_real_
  k <- length(emp)
  tab <- list(estimate = gam, gini = G, herfindahl = H, statistic = z,
              p_value = stats::pnorm(z, lower.tail = FALSE),
              n_regions = res$n_present, n_firms = nf, employment = emp,
              input = rep(mode, k), h_method = rep(hmethod, k))
  list(table = tab, none = none, single = single, novar = novar)
}

# Notes on undefined values; what(j) and period(j) label the j-th unit row.
eg_unit_notes <- function(st, what, period) {
  notes <- character()
  more <- function(j) if (length(j) > 1L) sprintf(" (%d such cases)", length(j)) else ""
  if (any(st$none)) {
    j <- which(st$none)
    notes <- c(notes, warn_caveat(sprintf("%s has no employment%s: its indices are NA%s.",
                                          what(j[1L]), period(j[1L]), more(j))))
  }
  if (any(st$single)) {
    j <- which(st$single)
    notes <- c(notes, warn_caveat(sprintf(
      "%s%s has H = 1 (a single firm): gamma is undefined (NA)%s.", what(j[1L]), period(j[1L]),
      more(j))))
  }
  if (any(st$novar)) {
    j <- which(st$novar)
    notes <- c(notes, warn_caveat(sprintf(
      "%s%s: Var(G) <= 0 under the null, so z and its p-value are NA%s.", what(j[1L]),
      period(j[1L]), more(j))))
  }
  notes
}

# ---------------------------------------------------------------------------
# eg_coagg
# ---------------------------------------------------------------------------

#' Per-region co-agglomeration of two industry groups (the Zhejiang study's index)
#'
#' @md
#' @description
#' For a named pair of industry groups (for instance manufacturing and
#' logistics), sums each group's industries, computes a per-region
#' agglomeration index \eqn{a_j} for the first group and \eqn{b_j} for the
#' second in every region \eqn{j}, and combines them into one
#' co-agglomeration value per region (and period),
#' \deqn{\gamma_j = 1 - \frac{|a_j - b_j|}{a_j + b_j}}{gamma_j = 1 - |a_j - b_j| / (a_j + b_j)}
#' which lies in \[0, 1\] and is larger the closer the two groups' levels
#' are. This is the index of the package's reference study on Zhejiang
#' (Chen and Yang, see below) and of the Chinese literature it draws on.
#'
#' @inheritParams eg_index
#' @param pair a named list of two industry groups, each a vector of codes
#'   from the `industry` column, e.g.
#'   `list(manufacturing = "C", logistics = c("G53", "G54", "G60"))`. Each
#'   group's industries are summed first (employment, firms, firm sizes).
#'   The other industries in `data` still count for the reference shares.
#' @param per_region the per-region index of each group:
#'   * `"lq"` (default): the group's E-G \eqn{\gamma} over all regions
#'     scaled by its location quotient in the region,
#'     \eqn{a_j = \gamma_a \, LQ_{aj}}{a_j = gamma_a LQ_aj}, with
#'     \eqn{LQ_{aj} = s_{aj} / x_j}{LQ_aj = s_aj / x_j};
#'   * `"decomposition"`: the region's own term of the E-G index,
#'     \deqn{a_j = \frac{(s_{aj} - x_j)^2 - (1 - \sum_m x_m^2) H_a}{(1 - \sum_m x_m^2)(1 - H_a)};}{a_j =
#'     ((s_aj - x_j)^2 - (1 - sum x^2) H_a) / ((1 - sum x^2)(1 - H_a));}
#'   * `"location_quotient"`: the location quotient alone,
#'     \eqn{a_j = LQ_{aj}}{a_j = LQ_aj}; with `combine = "ratio"` this is
#'     the location-quotient co-agglomeration index of Yang (2013), with
#'     `"ratio_plus_sum"` that of Chen, Liu and Zou (2016). Needs no
#'     \eqn{H}.
#' @param combine how \eqn{a_j} and \eqn{b_j} are combined: `"ratio"`
#'   (default), \eqn{1 - |a_j - b_j| / (a_j + b_j)}, or `"ratio_plus_sum"`,
#'   \eqn{1 - |a_j - b_j| / (a_j + b_j) + (a_j + b_j)}, which also rewards
#'   the joint level (Chen, Liu and Zou 2016). Where \eqn{a_j < 0},
#'   \eqn{b_j < 0} or \eqn{a_j + b_j \le 0}{a_j + b_j <= 0} the value is
#'   `NA`, and the result records (and warns) how many and which.
#' @param herfindahl as in [eg_index()], for the two groups; supplied values
#'   are named by the groups' names in `pair` (a data frame has a column
#'   `group`). Not needed with `per_region = "location_quotient"`.
#' @param absent_regions,na_action as in [eg_index()].
#' @param ... not used; `index` and `formula` (the names of `per_region`
#'   and `combine` in coagg 0.1.0) and plm-style spellings are errors that
#'   name the argument to use.
#'
#' @details
#' The E-G quantities of a group are those of [eg_index()] applied to the
#' group's summed employment: shares \eqn{s_{aj}}, \eqn{G_a}, \eqn{H_a} (with
#' `"counts"`, \eqn{H_a = \sum_j s_{aj}^2 / n_{aj}}{H_a = sum_j s_aj^2 / n_aj}
#' with the group's summed enterprise counts \eqn{n_{aj}}) and
#' \eqn{\gamma_a}. They are kept in the attribute `groups` and printed.
#'
#' With `per_region = "lq"`, \eqn{a_j / b_j = (\gamma_a / \gamma_b)(LQ_{aj} /
#' LQ_{bj})}{a_j / b_j = (gamma_a / gamma_b) (LQ_aj / LQ_bj)}: the value is 1
#' where the location quotients stand in the inverse ratio of the two
#' gammas, not where they are equal. On [cbp_metro], manufacturing's
#' \eqn{\gamma} is about 2.4 times that of transportation and warehousing,
#' so the metros with the highest value are those where logistics is about
#' 2.4 times as over-represented as manufacturing. Read the values with this
#' in mind, and compare with `per_region = "location_quotient"`.
#'
#' ## Which variant did the Zhejiang study use?
#' Chen and Yang printed their formula (2) only as an image, which
#' did not survive in the text we have. What the text does say: the E-G
#' index "measures the agglomeration of each industry", it is then
#' "combined with the location quotient to compute the co-agglomeration
#' coefficient" (citing their reference 18), the index of city \eqn{j} is
#' written with the two per-city indices \eqn{\gamma_{mj}}{gamma_mj} and
#' \eqn{\gamma_{pj}}{gamma_pj} only, and "a larger
#' \eqn{\gamma_{mpj}}{gamma_mpj} means that the two industries' levels in the
#' city are closer". The 66 published values (Table 1) all lie in
#' \[0.30, 0.97\], none is missing, and the study estimated \eqn{H} from
#' enterprise counts. Our reading, **most likely** `per_region = "lq"`
#' with `combine = "ratio"` (the defaults), rests on this evidence:
#' * "closer levels give a larger value" is the defining property of
#'   \eqn{1 - |a - b| / (a + b)}, and every published value lies inside its
#'   range \[0, 1\];
#' * the E-G \eqn{\gamma} is one number per industry for the whole
#'   province; a per-city \eqn{\gamma_{mj}}{gamma_mj} needs a city-specific
#'   factor, and "combined with the location quotient" names it;
#' * `"ratio_plus_sum"` applied to location quotients exceeds 1 whenever the
#'   two quotients add up to more than 1 (on [cbp_metro] it exceeds 1 in all
#'   381 metro areas, values 1.08 to 7.19), contrary to Table 1;
#' * `"decomposition"` is negative wherever a region's share is close to its
#'   reference share; the value is then `NA` (on [cbp_metro]: 366 of 381
#'   metro areas), whereas Table 1 has no gaps;
#' * the pure location-quotient form would not use the E-G index at all,
#'   while the paper builds its measure on it.
#'
#' What the evidence cannot settle: with `per_region = "lq"`, `"ratio_plus_sum"`
#' adds only \eqn{a_j + b_j}, which is small when the gammas are small (at
#' most about 0.02 on [cbp_metro]), so the published range does not tell it from
#' `"ratio"`; the text's description ("closer levels, larger value")
#' matches `"ratio"` alone. Reference 18, which the text cites for the
#' combination with the location quotient, is not identifiable from the
#' copy of the paper we have (its reference list is missing). This is a
#' reading of the text, not a certainty: without the formula, the reference
#' list and the yearbook inputs the published numbers cannot be reproduced,
#' and the other variants are provided so that their effect can be seen.
#'
#' @return A data frame of class `eg_coagg`, one row per region (and
#'   period) with rows in `data` and a positive reference share: `region`,
#'   `time` (when given), `lq_a`, `lq_b` (the two groups' location
#'   quotients), `index_a`, `index_b` (the per-region indices \eqn{a_j},
#'   \eqn{b_j}) and `estimate` (the co-agglomeration value). Attributes:
#'   `groups` (per group and period: `estimate` = the group's E-G
#'   \eqn{\gamma}, `gini`, `herfindahl`, `employment`, `n_firms`), `notes`
#'   and `settings` (the fields of [eg_index()]'s, and `pair`,
#'   `per_region`, `combine`).
#'
#' @references
#' Chen, C. and Yang, W. E-commerce influence on the co-agglomeration of
#' manufacturing industry and logistics industry: an empirical study based
#' on panel data of the prefecture-level cities of Zhejiang province (in
#' Chinese; Hangzhou Dianzi University; the journal and year are not stated
#' in the copies used; the authors' names are from a public reprint,
#' https://lw33.cn/article/084e7fafd550e1298346b2e9.html). The package's
#' reference study.
#'
#' Chen, J., Liu, Y. and Zou, M. (2016). Urban productivity growth under
#' industrial co-agglomeration (in Chinese). *Journal of Zhejiang University
#' (Humanities and Social Sciences)*, 46(3).
#'
#' Yang, R. (2013). Industrial agglomeration and regional wage gaps:
#' evidence from 269 Chinese cities (in Chinese). *Management World*,
#' 2013(8).
#'
#' Ellison, G. and Glaeser, E. L. (1997). Geographic concentration in U.S.
#' manufacturing industries: a dartboard approach. *Journal of Political
#' Economy*, 105(5), 889-927. \doi{10.1086/262098}
#'
#' @family agglomeration
#' @export
#' @examples
#' # Manufacturing (NAICS 31-33) and transportation & warehousing (48-49)
#' # across US metropolitan areas, County Business Patterns 2019. H from
#' # establishment counts; reference = each metro's all-sector employment.
#' metro <- subset(cbp_metro, cbsa_type %in% "metro")
#' sectors <- subset(metro, naics != "00")
#' all_sectors <- with(subset(metro, naics == "00"), setNames(employment, cbsa_name))
#' co <- eg_coagg(sectors, region = "cbsa_name", industry = "naics",
#'                employment = "employment", n_firms = "establishments",
#'                reference = all_sectors,
#'                pair = list(manufacturing = "31-33", logistics = "48-49"))
#' co
#' # the ten largest metro areas
#' big <- names(sort(all_sectors, decreasing = TRUE))[1:10]
#' co[match(big, co$region), c("region", "index_a", "index_b", "estimate")]
eg_coagg <- function(data, region, industry, employment, n_firms = NULL, firm_id = NULL,
                     time = NULL, reference = NULL, pair,
                     per_region = c("lq", "decomposition", "location_quotient"),
                     combine = c("ratio", "ratio_plus_sum"), herfindahl = "auto",
                     absent_regions = c("missing", "zero"), na_action = c("fail", "omit"),
                     ...) {
  per_region <- check_choice(per_region, c("lq", "decomposition", "location_quotient"),
                             "per_region")
  combine <- check_choice(combine, c("ratio", "ratio_plus_sum"), "combine")
  if (missing(pair)) {
    abort_input(paste("is missing: name the two industry groups, e.g.",
                      'pair = list(manufacturing = "C", logistics = c("G53", "G54", "G60")).'),
                arg = "pair")
  }
  s <- eg_setup(data, region, industry, employment, n_firms, firm_id, time, reference,
                absent_regions, na_action, ..., foreign = c(
    index = paste("the per-region index is now `per_region =` (\"lq\", \"decomposition\" or",
                  "\"location_quotient\"); the keys are `region`, `industry` and `time`."),
    formula = "the combining formula is now `combine =` (\"ratio\" or \"ratio_plus_sum\").",
    eg_foreign_args[c("na.action", "absent")]))
  d <- s$d
  ref <- s$ref
  members <- eg_pair_members(pair, d)
  groups <- names(pair)
  h <- eg_herfindahl(herfindahl, d, groups, required = per_region != "location_quotient",
                     unit_col = "group")
  if (per_region == "location_quotient") h <- list(method = "none", label = "not used", table = NULL)
  res <- .Call(C_eg_index, eg_engine_data(d),
               eg_opts(d, ref, h, s$absent_regions, per_region = 1L,
                       unit_start = c(0L, cumsum(lengths(members))),
                       unit_members = unlist(members)))
  notes <- eg_status(res, d, ref, groups, s$absent_regions, per_region = TRUE)
  gtab <- eg_pair_groups(res, d, groups, h$method, per_region)
  notes <- c(notes, gtab$notes)
  gtab <- gtab$table
  # per-region values: entries are region-periods, two units each
  m0 <- res$p_region
  tt <- res$p_time
  where <- function(j) sprintf(' in region "%s"%s', as.character(d$region_levels[m0[j] + 1L]),
                               eg_period_text(d, tt[j]))
  ia <- 2L * seq_along(m0) - 1L
  ib <- ia + 1L
  pick <- switch(per_region, lq = res$p_eg_lq, decomposition = res$p_decomposition,
                 location_quotient = res$p_lq)
  eg_check_finite(res$p_lq, "a location quotient", function(j) where((j + 1L) %/% 2L),
                  arg = "reference")
  eg_check_finite(pick, "a per-region index", function(j) where((j + 1L) %/% 2L),
                  arg = "reference")
  a <- pick[ia]
  b <- pick[ib]
  # A group with H = 1 (a single firm) has no E-G gamma and a zero
  # denominator in the decomposition: its per-region index is undefined.
  for (g in 1:2) {
    v <- if (g == 1L) a else b
    j <- which(is.na(v))
    if (!length(j)) next
    hj <- gtab$herfindahl[2L * tt[j[1L]] + g]
    why <- if (isTRUE(hj >= 1)) "its Herfindahl index is 1 (a single firm)" else
      "a denominator is zero"
    notes <- c(notes, warn_caveat(sprintf(paste(
      "The per-region index of group \"%s\" is not finite in %d region%s (first: region",
      "\"%s\"%s): %s, so %s is NA there."),
      groups[g], length(j), if (length(j) > 1L) "s" else "",
      as.character(d$region_levels[m0[j[1L]] + 1L]), eg_period_text(d, tt[j[1L]]), why,
      if (per_region == "lq") "gamma x LQ" else "the decomposition index")))
    v[j] <- NA_real_
    if (g == 1L) a <- v else b <- v
  }
  if (per_region == "lq") {
    for (g in 1:2) {
      neg <- which(gtab$estimate < 0 & seq_len(nrow(gtab)) %% 2L == g %% 2L)
      if (length(neg)) {
        notes <- c(notes, warn_caveat(sprintf(paste(
          "The E-G gamma of group \"%s\" is negative%s (%s): with per_region = \"lq\" its",
          "per-region index is negative in every region, so the co-agglomeration is NA."),
          groups[g], eg_period_label(d, (neg[1L] - 1L) %/% 2L),
          format(signif(gtab$estimate[neg[1L]], 4)))))
      }
    }
  }
  val <- eg_combine(a, b, combine)
  if (any(val$bad)) {
    j <- which(val$bad)
    notes <- c(notes, warn_caveat(sprintf(paste(
      "The co-agglomeration value is NA for %d of %d region%s because a per-region index",
      "is NA or negative or a + b <= 0 (first: region \"%s\"%s, a = %s, b = %s)."),
      length(j), length(a), if (d$nt > 1L) "-periods" else "s",
      as.character(d$region_levels[m0[j[1L]] + 1L]), eg_period_text(d, tt[j[1L]]),
      format(signif(a[j[1L]], 4)), format(signif(b[j[1L]], 4)))))
  }
  out <- tidy_frame(list(region = d$region_levels[m0 + 1L], time = eg_time_column(d, tt),
                         lq_a = res$p_lq[ia], lq_b = res$p_lq[ib], index_a = a, index_b = b,
                         estimate = val$value), class = "eg_coagg")
  structure(out, groups = gtab, notes = notes,
            settings = eg_settings(d, ref, h, res, s$absent_regions, s$na_action, pair = pair,
                                   per_region = per_region, combine = combine))
}

# The industry codes (0-based) of the two groups of `pair`.
eg_pair_members <- function(pair, d) {
  ok <- is.list(pair) && !is.data.frame(pair) && length(pair) == 2L
  nm <- names(pair)
  if (!ok || is.null(nm) || anyNA(nm) || any(!nzchar(nm)) || nm[1L] == nm[2L]) {
    abort_input(sprintf(paste("must be a list of two named industry groups, e.g.",
                              'list(manufacturing = "C", logistics = c("G53", "G54", "G60")),',
                              "not %s."), describe(pair)), arg = "pair")
  }
  k <- lapply(1:2, function(g) eg_match_industries(pair[[g]], d, "pair",
                                                     sprintf('group "%s"', nm[g])))
  both <- intersect(k[[1L]], k[[2L]])
  if (length(both)) {
    abort_input(sprintf('industry "%s" is in both groups.',
                        as.character(d$industry_levels[both[1L] + 1L])), arg = "pair")
  }
  k
}

# The two groups' E-G table (one row per group and period, in the order of
# the periods) and its notes; a group without employment in a period is an
# input error.
eg_pair_groups <- function(res, d, groups, hmethod, per_region) {
  st <- eg_unit_table(res, hmethod, d$mode)
  grid <- rep(0:1, d$nt) + 2L * rep(seq_len(d$nt) - 1L, each = 2L)
  k <- match(grid, res$unit + 2L * res$time)
  bad <- which(is.na(k) | !(res$employment[k] > 0))
  if (length(bad)) {
    j <- bad[1L]
    abort_input(sprintf('group "%s" of `pair` has no employment%s; its shares are undefined.',
                        groups[(j - 1L) %% 2L + 1L], eg_period_label(d, (j - 1L) %/% 2L)),
                arg = "pair")
  }
  tab <- tidy_frame(c(list(group = groups[res$unit + 1L], time = eg_time_column(d, res$time)),
                      st$table[c("estimate", "gini", "herfindahl", "employment", "n_firms")]))
  eg_check_finite(tab$employment, "the employment of a group", function(j)
    sprintf(' ("%s"%s)', tab$group[j], eg_period_text(d, res$time[j])))
  notes <- character()
  if (per_region == "location_quotient") {
    tab$estimate <- tab$herfindahl <- NA_real_
  } else {
    notes <- eg_unit_notes(st, function(j) sprintf('group "%s"', groups[res$unit[j] + 1L]),
                           function(j) eg_period_label(d, res$time[j]))
  }
  list(table = tab, notes = notes)
}

# Combine per-region indices; NA (and flagged) where a or b is negative or
# a + b <= 0.
eg_combine <- function(a, b, combine) {
  fin <- is.finite(a) & is.finite(b)
  bad <- !fin
  bad[fin] <- a[fin] < 0 | b[fin] < 0 | a[fin] + b[fin] <= 0
  v <- 1 - abs(a - b) / (a + b)
  if (combine == "ratio_plus_sum") v <- v + (a + b)
  v[bad] <- NA_real_
  list(value = v, bad = bad)
}

# ---------------------------------------------------------------------------
# eg_coagg_matrix
# ---------------------------------------------------------------------------

#' Pairwise co-agglomeration matrix (Ellison-Glaeser-Kerr) and group indices (Ellison-Glaeser)
#'
#' @md
#' @description
#' The co-agglomeration index of every pair of industries (Ellison, Glaeser
#' and Kerr 2010), computed for all pairs at once as a rank-\eqn{M} update
#' of the centred share matrix (BLAS `dsyrk` and `dgemm`, by blocks of
#' columns, so that an interrupt is answered within a fraction of a second),
#' and optionally the
#' Ellison-Glaeser (1997) co-agglomeration index \eqn{\gamma^c} of groups of
#' industries.
#'
#' @inheritParams eg_index
#' @param industries industries (codes of the `industry` column) to include
#'   in the matrix; default all. The reference shares always use every
#'   industry of `data`.
#' @param groups `NULL` or a named list of industry groups (each a vector
#'   of at least two industry codes) for the EG 1997 group index. Needs
#'   \eqn{H} (see `herfindahl`).
#' @param herfindahl as in [eg_index()]; used only for `groups`.
#' @param absent_regions,na_action,... as in [eg_index()].
#'
#' @details
#' With \eqn{s_{mi}} the share of industry \eqn{i} located in region
#' \eqn{m} and \eqn{x_m} the reference shares,
#' \deqn{\gamma^c_{ij} = \frac{\sum_m (s_{mi} - x_m)(s_{mj} - x_m)}{1 - \sum_m x_m^2}}{gamma^c_ij
#'   = sum_m (s_mi - x_m)(s_mj - x_m) / (1 - sum_m x_m^2)}
#' (Ellison, Glaeser and Kerr 2010). It needs no Herfindahl index.
#' The diagonal is `NA` (the agglomeration of an industry with itself is its
#' E-G \eqn{\gamma}, from [eg_index()]).
#'
#' For a group of industries \eqn{i = 1, \dots, r} with employment weights
#' \eqn{w_i} (shares of the group's employment), group shares
#' \eqn{s_m = \sum_i w_i s_{mi}}, \eqn{G = \sum_m (s_m - x_m)^2},
#' \eqn{H = \sum_i w_i^2 H_i} and the industries' own \eqn{\gamma_i},
#' \deqn{\gamma^c = \frac{G / (1 - \sum_m x_m^2) - H - \sum_i \gamma_i w_i^2 (1 - H_i)}{1 -
#'   \sum_i w_i^2}}{gamma^c = [G / (1 - sum x^2) - H - sum_i gamma_i w_i^2 (1 - H_i)] / (1 - sum_i
#'   w_i^2)}
#' (Ellison and Glaeser 1997). For \eqn{r = 2} it equals the pair
#' index above exactly.
#'
#' @return A data frame of class `eg_coagg_matrix` in long form, one row
#'   per pair of industries and period: `industry_1`, `industry_2` (in the
#'   order of `industries`, `industry_1` first), `time` (when given) and
#'   `estimate`. A period's pairs are those of the industries with rows in
#'   it. Attributes: `groups` (the EG 1997 group table: `group`, `time`,
#'   `estimate` = \eqn{\gamma^c}, `gini`, `herfindahl`, `employment`,
#'   `n_industries`, `industries`; one row per group and period with rows),
#'   `industries` (the industries of the matrix per period, with their
#'   `employment`), `notes` and `settings` (as in [eg_index()]).
#'   `as.matrix(x)` gives the symmetric matrix of one period with the
#'   industries as dimnames and `NA` on the diagonal (`time =` chooses the
#'   period when there are several); `as.data.frame(x)` the pairs as a plain
#'   data frame, and `as.data.frame(x, what = "groups")` the group table.
#'
#' @references
#' Ellison, G., Glaeser, E. L. and Kerr, W. R. (2010). What causes industry
#' agglomeration? Evidence from coagglomeration patterns. *American Economic
#' Review*, 100(3), 1195-1213. \doi{10.1257/aer.100.3.1195}
#'
#' Ellison, G. and Glaeser, E. L. (1997). Geographic concentration in U.S.
#' manufacturing industries: a dartboard approach. *Journal of Political
#' Economy*, 105(5), 889-927. \doi{10.1086/262098}
#'
#' @family agglomeration
#' @export
#' @examples
#' sectors <- subset(cbp_metro, naics != "00" & cbsa_type %in% "metro")
#' m <- eg_coagg_matrix(sectors, "cbsa_code", "naics", "employment",
#'                      n_firms = "establishments",
#'                      industries = c("31-33", "42", "48-49", "51", "54"),
#'                      groups = list(goods = c("31-33", "42", "48-49")))
#' m
#' as.matrix(m)
#' attr(m, "groups")
eg_coagg_matrix <- function(data, region, industry, employment, n_firms = NULL,
                            firm_id = NULL, time = NULL, reference = NULL,
                            industries = NULL, groups = NULL, herfindahl = "auto",
                            absent_regions = c("missing", "zero"),
                            na_action = c("fail", "omit"), ...) {
  s <- eg_setup(data, region, industry, employment, n_firms, firm_id, time, reference,
                absent_regions, na_action, ...)
  d <- s$d
  ref <- s$ref
  sel <- if (is.null(industries)) seq_len(d$ni) - 1L else
    eg_match_industries(industries, d, "industries", "`industries`")
  glist <- eg_matrix_groups(groups, d)
  units <- as.character(d$industry_levels)
  h <- eg_herfindahl(herfindahl, d, units, required = length(glist) > 0L, unit_col = industry)
  if (!length(glist)) h <- list(method = "none", label = "not used", table = NULL)
  res <- .Call(C_eg_pairs, eg_engine_data(d),
               eg_opts(d, ref, h, s$absent_regions, selection = sel,
                       group_start = if (length(glist)) c(0L, cumsum(lengths(glist))),
                       group_members = if (length(glist)) unlist(glist)))
  notes <- eg_status(res, d, ref, units, s$absent_regions)
  lab <- d$industry_levels[sel + 1L]
  inds <- tidy_frame(list(industry = lab[res$industry + 1L],
                          time = eg_time_column(d, res$industry_time),
                          employment = res$industry_employment))
  eg_check_finite(inds$employment, sprintf('the total of column "%s"', d$cols[["employment"]]),
                  function(j) sprintf(' of industry "%s"%s', as.character(inds$industry[j]),
                                      eg_period_text(d, res$industry_time[j])),
                  column = d$cols[["employment"]])
  zero <- which(!(inds$employment > 0))
  if (length(zero)) {
    notes <- c(notes, warn_caveat(sprintf(
      "Industry \"%s\" has no employment%s: its pairs are NA%s.",
      as.character(inds$industry[zero[1L]]), eg_period_label(d, res$industry_time[zero[1L]]),
      if (length(zero) > 1L) sprintf(" (%d such cases)", length(zero)) else "")))
  }
  gtab <- NULL
  if (length(glist)) {
    gtab <- eg_matrix_group_table(res, d, names(groups), glist, units)
    notes <- c(notes, gtab$notes)
    gtab <- gtab$table
  }
  est <- res$estimate
  est[is.nan(est)] <- NA_real_
  out <- tidy_frame(list(industry_1 = lab[res$pair_1 + 1L], industry_2 = lab[res$pair_2 + 1L],
                         time = eg_time_column(d, if (d$nt > 1L) res$pair_time else
                           integer(length(est))),
                         estimate = est), class = "eg_coagg_matrix")
  structure(out, groups = gtab, industries = inds, notes = notes,
            settings = eg_settings(d, ref, h, res, s$absent_regions, s$na_action,
                                   industries = lab))
}

# `groups` of eg_coagg_matrix(): a named list of industry vectors, as lists
# of 0-based industry codes.
eg_matrix_groups <- function(groups, d) {
  if (is.null(groups)) return(list())
  gn <- names(groups)
  if (!is.list(groups) || is.data.frame(groups) || !length(groups) || is.null(gn) ||
      anyNA(gn) || any(!nzchar(gn)) || anyDuplicated(gn)) {
    abort_input(sprintf("must be NULL or a named list of industry groups, not %s.",
                        describe(groups)), arg = "groups")
  }
  lapply(seq_along(groups), function(g) {
    k <- eg_match_industries(groups[[g]], d, "groups", sprintf('group "%s"', gn[g]))
    if (length(k) < 2L) {
      abort_input(sprintf('group "%s" has %d industry; a group needs at least two.', gn[g],
                          length(k)), arg = "groups")
    }
    k
  })
}

# The EG 1997 group table (one row per group and period with rows) and its
# notes.
eg_matrix_group_table <- function(res, d, gnames, glist, units) {
  g0 <- res$group
  t0 <- res$group_time
  est <- res$group_gamma
  undefined <- !is.finite(est)
  est[undefined] <- NA_real_
  tab <- tidy_frame(list(group = gnames[g0 + 1L], time = eg_time_column(d, t0)))
  tab$estimate <- est
  tab$gini <- ifelse(is.finite(res$group_gini), res$group_gini, NA_real_)
  tab$herfindahl <- ifelse(is.finite(res$group_herfindahl), res$group_herfindahl, NA_real_)
  tab$employment <- res$group_employment
  tab$n_industries <- lengths(glist)[g0 + 1L]
  tab$industries <- vapply(glist, function(v) paste(units[v + 1L], collapse = ", "), "")[g0 + 1L]
  eg_check_finite(tab$employment, "the employment of a group", function(j)
    sprintf(' ("%s"%s)', tab$group[j], eg_period_text(d, t0[j])))
  notes <- character()
  if (any(undefined)) {
    j <- which(undefined)[1L]
    notes <- warn_caveat(sprintf(paste(
      "The group index of \"%s\"%s is undefined (NA): fewer than two of its industries",
      "have employment, or one has H = 1."), tab$group[j], eg_period_label(d, t0[j])))
  }
  list(table = tab, notes = notes)
}

# ---------------------------------------------------------------------------
# location_quotient
# ---------------------------------------------------------------------------

#' Location quotients
#'
#' @md
#' @description
#' The location quotient of every industry in every region,
#' \deqn{LQ_{mi} = \frac{E_{mi} / E_m}{E_i / E} = \frac{s_{mi}}{x_m},}{LQ_mi = (E_mi / E_m) /
#'   (E_i / E) = s_mi / x_m,}
#' the ratio of the industry's share in the region's employment to its share
#' in total employment. \eqn{LQ > 1} marks a regional specialisation.
#'
#' @inheritParams eg_index
#' @param reference the regions' reference employment \eqn{E_m / E}, as in
#'   [eg_index()]: by default the aggregate of all industries in `data`; a
#'   named vector (or data frame) of totals of all sectors gives the
#'   textbook location quotient when `data` holds only some industries.
#'
#' @param absent_regions,na_action,... as in [eg_index()].
#'
#' @return A data frame of class `coagg_lq`, one row per region, industry
#'   (and period) cell with rows in `data` (firm rows summed), in the order
#'   of the periods, regions and industries: `region`, `industry`, `time`
#'   (when given), `employment` (\eqn{E_{mi}}) and `estimate` (the location
#'   quotient). Cells of a region with no reference share are left out
#'   (with a note). Attributes `notes` and `settings` (as in [eg_index()]).
#'
#' @references
#' Isard, W. (1960). *Methods of Regional Analysis: An Introduction to
#' Regional Science*. MIT Press, Cambridge, MA.
#'
#' @family agglomeration
#' @export
#' @examples
#' d <- data.frame(region = rep(c("A", "B"), each = 2), industry = rep(1:2, 2),
#'                 employment = c(1000, 2000, 1000, 4000))
#' location_quotient(d, "region", "industry", "employment",
#'                   reference = c(A = 4000, B = 6000))
location_quotient <- function(data, region, industry, employment, firm_id = NULL,
                              time = NULL, reference = NULL,
                              absent_regions = c("missing", "zero"),
                              na_action = c("fail", "omit"), ...) {
  s <- eg_setup(data, region, industry, employment, NULL, firm_id, time, reference,
                absent_regions, na_action, ...)
  d <- s$d
  ref <- s$ref
  h <- list(method = "none", label = "not used", table = NULL)
  res <- .Call(C_location_quotient, eg_engine_data(d), eg_opts(d, ref, h, s$absent_regions))
  notes <- eg_status(res, d, ref, absent_regions = s$absent_regions, per_region = TRUE)
  # the engine returns a period's cells by industry: rows by period, region,
  # then industry
  o <- order(res$time, res$region, method = "radix")
  res[c("region", "industry", "time", "employment", "lq")] <-
    lapply(res[c("region", "industry", "time", "employment", "lq")], `[`, o)
  m0 <- res$region
  i0 <- res$industry
  t0 <- res$time
  where <- function(j) sprintf(' in region "%s", industry "%s"%s',
                               as.character(d$region_levels[m0[j] + 1L]),
                               as.character(d$industry_levels[i0[j] + 1L]),
                               eg_period_text(d, t0[j]))
  eg_check_finite(res$employment, sprintf('the total of column "%s"', d$cols[["employment"]]),
                  where, column = d$cols[["employment"]])
  eg_check_finite(res$lq, "a location quotient", where, arg = "reference")
  lq <- res$lq
  undefined <- is.nan(lq)
  if (any(undefined)) {
    j <- which(undefined)[1L]
    notes <- c(notes, warn_caveat(sprintf(
      "Industry \"%s\" has no employment%s: its location quotients are NA.",
      as.character(d$industry_levels[i0[j] + 1L]), eg_period_label(d, t0[j]))))
    lq[undefined] <- NA_real_
  }
  out <- tidy_frame(list(region = d$region_levels[m0 + 1L],
                         industry = d$industry_levels[i0 + 1L], time = eg_time_column(d, t0),
                         employment = res$employment, estimate = lq),
                    class = "coagg_lq")
  h$label <- "not used"
  structure(out, notes = notes,
            settings = eg_settings(d, ref, h, res, s$absent_regions, s$na_action))
}
