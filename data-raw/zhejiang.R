# Builds data/zhejiang_coagg.rda, data/zhejiang_published.rda and
# data/zhejiang_template.rda from the tables of the Zhejiang study as printed,
# transcribed in inst/extdata/zhejiang_table*.csv (copies of the project's
# shared/reference/ transcriptions, shipped so that tests can compare the
# datasets with them cell for cell). Run from the package root:
#
#   Rscript data-raw/zhejiang.R [directory holding the CSVs]
#
# Every number below comes from the printed tables; nothing is estimated or
# filled in. The printed text of each number is kept beside its value where
# the number of printed decimals matters to the audit.
args <- commandArgs(trailingOnly = TRUE)
ref <- if (length(args)) args[1L] else file.path("inst", "extdata")
stopifnot(dir.exists(ref), file.exists("DESCRIPTION"))
rd <- function(f) utils::read.csv(file.path(ref, f), colClasses = "character",
                                  check.names = FALSE, encoding = "UTF-8")

cities <- data.frame(
  city = c("Hangzhou", "Ningbo", "Wenzhou", "Jiaxing", "Huzhou", "Shaoxing",
           "Jinhua", "Quzhou", "Zhoushan", "Taizhou", "Lishui"),
  city_zh = c("\u676d\u5dde", "\u5b81\u6ce2", "\u6e29\u5dde", "\u5609\u5174",
              "\u6e56\u5dde", "\u7ecd\u5174", "\u91d1\u534e", "\u8862\u5dde",
              "\u821f\u5c71", "\u53f0\u5dde", "\u4e3d\u6c34"),
  stringsAsFactors = FALSE)

# Table 1: co-agglomeration index, wide (year x city) -> long (city, year).
t1 <- rd("zhejiang_table1_coagg.csv")
stopifnot(identical(names(t1)[-1], cities$city))
zhejiang_coagg <- do.call(rbind, lapply(cities$city, function(cty) {
  data.frame(city = cty, city_zh = cities$city_zh[cities$city == cty],
             year = as.integer(t1$year), coagg = as.numeric(t1[[cty]]),
             stringsAsFactors = FALSE)
}))
zhejiang_coagg$city <- factor(zhejiang_coagg$city, levels = cities$city)
rownames(zhejiang_coagg) <- NULL

# Table 3: unit-root p-values (levels and first differences), long.
t3 <- rd("zhejiang_table3_unitroot_p.csv")
tests <- c(LLC = "llc", IPS = "ips", ADF_Fisher = "fisher_adf", ADF_PP = "fisher_pp")
table3 <- do.call(rbind, lapply(names(tests), function(tc) {
  data.frame(variable = t3$variable, form = t3$form, test = unname(tests[tc]),
             p_value = as.numeric(t3[[tc]]), printed = t3[[tc]],
             stringsAsFactors = FALSE)
}))
table3 <- table3[order(match(table3$variable, unique(t3$variable)),
                       match(table3$form, c("level", "first_difference")),
                       match(table3$test, tests)), ]
rownames(table3) <- NULL

# Table 4: random-effects estimates with p and t exactly as printed.
t4 <- rd("zhejiang_table4_re.csv")
table4 <- data.frame(term = t4$term, estimate = as.numeric(t4$estimate),
                     p_value = as.numeric(t4$p_value_printed),
                     statistic = as.numeric(t4$t_value_printed),
                     stars = t4$stars_printed,
                     estimate_printed = t4$estimate,
                     p_value_printed = t4$p_value_printed,
                     statistic_printed = t4$t_value_printed,
                     stringsAsFactors = FALSE)

# Table 5: cross-section random effects.
t5 <- rd("zhejiang_table5_effects.csv")
stopifnot(identical(t5$city, cities$city))
table5 <- data.frame(city = t5$city, city_zh = cities$city_zh,
                     effect = as.numeric(t5$effect), effect_printed = t5$effect,
                     stringsAsFactors = FALSE)

zhejiang_published <- list(
  table3 = table3,
  table4 = table4,
  table5 = table5,
  hausman = list(statistic = 12.0105, p_value = 0.0853,
                 statistic_printed = "12.0105", p_value_printed = "0.0853",
                 conclusion_printed = paste(
                   "p > 0.05, so the null of a systematic difference between fixed and",
                   "random effects is accepted; a random-effects model is built",
                   "(translated from section 4.3)")),
  r_squared = 0.901331,
  n_obs = 66L,
  n_units = 11L,
  years = 2011:2016,
  software = "EViews 7.2",
  regressors = data.frame(
    term = c("electronic", "CBECL", "IoIAI", "Express", "BFEC"),
    description = c("e-commerce sales / total retail sales of consumer goods",
                    "cross-border e-commerce sales / total imports and exports",
                    "informatization-industrialization integration index",
                    "express delivery volume",
                    "internet users / population"),
    stringsAsFactors = FALSE)
)

# A template of the raw data the study used, with every value missing: the
# layout that eg_coagg() and then panel_re() take, to be keyed in from the
# Zhejiang Statistical Yearbooks.
# Industries are sections of China's GB/T 4754-2011: C = manufacturing;
# G = transport, storage and post, the study's "logistics" (transport +
# warehousing + postal); "total" = all sections, the reference employment.
industries <- data.frame(
  industry = c("C", "G", "total"),
  industry_label = c("Manufacturing", "Transport, storage and post",
                     "All industries"),
  stringsAsFactors = FALSE)
grid <- expand.grid(industry = industries$industry, year = 2011:2016,
                    city = cities$city, stringsAsFactors = FALSE)
zhejiang_template <- data.frame(
  city = grid$city, city_zh = cities$city_zh[match(grid$city, cities$city)],
  year = grid$year, industry = grid$industry,
  employment = NA_real_, enterprises = NA_real_, stringsAsFactors = FALSE)

save(zhejiang_coagg, file = "data/zhejiang_coagg.rda", compress = "xz")
save(zhejiang_published, file = "data/zhejiang_published.rda", compress = "xz")
save(zhejiang_template, file = "data/zhejiang_template.rda", compress = "xz")
