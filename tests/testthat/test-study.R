# coagg_study(): every step equals the function called by hand, on the
# Zhejiang study (published index, SIMULATED covariates) and on a SIMULATED
# yearbook panel with gaps; the rules; the narrative; bad inputs.

keys <- c("city", "year")
first4 <- c("llc", "ips", "fisher_adf", "fisher_pp")
num_equal <- function(a, b) expect_equal(a, b, tolerance = 1e-12)
# a model's numbers (its recorded call differs: the study writes it out)
model_numbers <- function(m) m[c("coefficients", "vcov", "residuals", "sigma2", "theta", "rss",
                                 "df_residual", "n_obs", "stats")]
unitroot_numbers <- function(u) {
  list(table = as.data.frame(u), statistics = attr(u, "statistics"), units = attr(u, "units"))
}

# ---------------------------------------------------------------------------
# The Zhejiang study: a given index
# ---------------------------------------------------------------------------

test_that("the Zhejiang study's panel is Table 1 joined with the covariates, row for row", {
  st <- zj_study()
  expect_s3_class(st, "coagg_study")
  p <- st$panel
  expect_identical(names(p), c("city", "year", "coagg", zj_vars))
  expect_identical(nrow(p), 66L)
  zc <- zhejiang_coagg
  i <- match(paste(p$city, p$year), paste(zc$city, zc$year))
  expect_false(anyNA(i))
  expect_identical(p$coagg, zc$coagg[i])
  cv <- zj_covariates()
  j <- match(paste(p$city, p$year), paste(cv$city, cv$year))
  for (v in zj_vars) expect_identical(p[[v]], cv[[v]][j])
  expect_identical(st$settings$source, "given")
  expect_identical(unname(st$settings$simulated), c(FALSE, TRUE))
})

test_that("the Zhejiang study's steps equal the functions called by hand", {
  st <- zj_study()
  zc <- zhejiang_coagg
  cv <- zj_covariates()
  d <- merge(zc[c("city", "year", "coagg")], cv[c("city", "year", zj_vars)])
  d <- d[order(d$city, d$year), ]   # the panel's order (merge() sorts otherwise)
  f <- coagg ~ electronic + CBECL + IoIAI + Express + BFEC
  hand <- function(expr) suppressWarnings(expr)
  # unit roots of the index, on the published table itself
  u <- hand(panel_unitroot(zc, "coagg", index = keys, tests = first4, convention = "eviews",
                           majority = 3))
  expect_identical(unitroot_numbers(st$unitroot$index$first), unitroot_numbers(u))
  u2 <- hand(panel_unitroot(zc, "coagg", index = keys, tests = c("cips", "cips_trunc")))
  expect_identical(unitroot_numbers(st$unitroot$index$second), unitroot_numbers(u2))
  # of the covariates, on the simulated panel itself
  u3 <- hand(panel_unitroot(cv, zj_vars, index = keys, tests = first4))
  expect_identical(unitroot_numbers(st$unitroot$covariates$first), unitroot_numbers(u3))
  # CD of the index
  cdi <- hand(cd_test(zc, "coagg", index = keys))
  expect_identical(as.data.frame(st$cd$index), as.data.frame(cdi))
  # the models, on a panel joined by hand
  fe <- hand(panel_fe(f, d, index = keys))
  re <- hand(panel_re(f, d, index = keys))
  po <- hand(panel_pooled(f, d, index = keys))
  num_equal(model_numbers(st$models$fe), model_numbers(fe))
  num_equal(model_numbers(st$models$re), model_numbers(re))
  num_equal(model_numbers(st$models$pooled), model_numbers(po))
  h <- hand(hausman_test(fe, re))
  hr <- hand(hausman_test(re, type = "robust"))
  num_equal(unname(st$hausman$classical$statistic), unname(h$statistic))
  num_equal(st$hausman$classical$p_value, h$p_value)
  num_equal(unname(st$hausman$robust$statistic), unname(hr$statistic))
  num_equal(st$hausman$robust$p_value, hr$p_value)
  # the residual CD of the chosen (random-effects) model and its effects
  expect_identical(st$choice$estimator, "re")
  num_equal(as.data.frame(st$cd$residuals)$statistic, as.data.frame(hand(cd_test(re)))$statistic)
  ef <- random_effects(re)
  expect_s3_class(st$effects, "coagg_unit_effects")
  num_equal(st$effects$effect, ef$effect)
  expect_identical(as.character(st$effects$city), as.character(ef$city))
  # the audit of the printed table: t(66 - 6), and the Hausman line on 5 df
  pt <- zj_printed()
  a <- audit_coef_table(pt$estimate, statistic = pt$statistic, p_value = pt$p_value,
                        df = 66L - 6L, term = pt$term, stars = pt$stars)
  expect_identical(st$audit$coefficients, a)
  expect_identical(st$audit$hausman, audit_chisq("12.0105", "0.0853", df = 5L))
  # the ranking: the means of Table 1
  m <- tapply(zc$coagg, as.character(zc$city), mean)
  num_equal(st$index$ranking$mean, as.vector(sort(m, decreasing = TRUE)))
  expect_identical(st$index$ranking$region, names(sort(m, decreasing = TRUE)))
})

test_that("the F test of unit effects is plm's pFtest()", {
  skip_if_no_crosscheck("plm")
  st <- zj_study()
  pd <- plm::pdata.frame(st$panel, index = keys)
  f <- coagg ~ electronic + CBECL + IoIAI + Express + BFEC
  ref <- plm::pFtest(plm::plm(f, pd, model = "within"), plm::plm(f, pd, model = "pooling"))
  num_equal(st$effects_test$statistic, unname(ref$statistic))
  expect_identical(c(st$effects_test$df1, st$effects_test$df2), as.integer(ref$parameter))
  num_equal(st$effects_test$p_value, unname(ref$p.value))
  yb <- yb_study()
  pd <- plm::pdata.frame(yb$panel[stats::complete.cases(yb$panel), ], index = keys)
  f <- coagg ~ ecommerce + express + internet
  ref <- plm::pFtest(plm::plm(f, pd, model = "within"), plm::plm(f, pd, model = "pooling"))
  num_equal(yb$effects_test$statistic, unname(ref$statistic))
})

test_that("the Zhejiang study follows its rules: classical Hausman below 20 units, classical errors", {
  st <- zj_study()
  ch <- st$choice
  expect_lt(st$effects_test$p_value, 0.05)          # unit effects
  expect_identical(ch$n_units, 11L)
  expect_identical(ch$hausman_used, "classical")    # 11 < 20 units
  expect_gt(st$hausman$classical$p_value, 0.05)
  expect_identical(ch$estimator, "re")
  expect_identical(ch$vcov, "classical")            # 11 units, 6 periods
  expect_identical(ch$vcov_reason, "too_small")
  expect_identical(st$models$chosen, st$models$re)
  expect_true(any(grepl("too few units for cluster-robust errors", st$notes)))
})

# ---------------------------------------------------------------------------
# A SIMULATED yearbook panel: the index computed
# ---------------------------------------------------------------------------

test_that("the simulated yearbook has the shape and the gaps it documents", {
  yb <- yb_data()
  e <- yb$employment
  expect_identical(length(unique(e$city)), 30L)
  expect_identical(length(unique(e$industry)), 20L)
  expect_identical(sort(unique(e$year)), 2010:2020)
  zhoushan <- "\u821f\u5c71\u5e02"
  expect_false(any(e$city == zhoushan & e$year == 2013))
  expect_true(any(e$city == zhoushan & e$year == 2012))
  expect_identical(length(unique(e$city[e$year == 2020])), 24L)
  expect_identical(sum(is.na(e$employment)), 20L)
  expect_identical(nrow(yb$totals), 330L)
  expect_identical(nrow(yb$covariates), 330L)
  expect_true(all(e$data_source == "SIMULATED"))
  expect_identical(attr(e, "data_source"), "SIMULATED")
  expect_identical(lengths(yb$pair), c(manufacturing = 13L, logistics = 5L))
  # deterministic, and the caller's random numbers are left alone
  set.seed(3); a <- runif(1); set.seed(3)
  again <- simulate_yearbook(seed = 1L)
  expect_identical(runif(1), a)
  expect_identical(again, yb)
  expect_false(identical(simulate_yearbook(seed = 2L)$employment, e))
})

test_that("the yearbook study's index, variants and groups equal eg_coagg() by hand", {
  yb <- yb_data()
  st <- yb_study()
  args <- list(yb$employment, region = "city", industry = "industry", employment = "employment",
               n_firms = "enterprises", time = "year", reference = yb$totals, pair = yb$pair,
               na_action = "omit")
  co <- suppressWarnings(do.call(eg_coagg, args))
  expect_identical(st$index$coagg, co)
  expect_identical(st$index$groups, attr(co, "groups"))
  expect_identical(st$index$values$coagg, co$estimate)
  expect_length(st$index$variants, 6L)
  for (lab in names(st$index$variants)) {
    pr <- strsplit(lab, "/", fixed = TRUE)[[1L]]
    v <- suppressWarnings(do.call(eg_coagg, c(args, list(per_region = pr[1L], combine = pr[2L]))))
    expect_identical(st$index$variants[[lab]], v, label = lab)
  }
  vt <- st$index$variant_table
  expect_identical(vt$chosen, vt$per_region == "lq" & vt$combine == "ratio")
  k <- which(vt$per_region == "location_quotient" & vt$combine == "ratio")
  lq <- st$index$variants[["location_quotient/ratio"]]
  expect_identical(vt$defined[k], sum(!is.na(lq$estimate)))
  m1 <- tapply(co$estimate, co$region, mean, na.rm = TRUE)
  m2 <- tapply(lq$estimate, lq$region, mean, na.rm = TRUE)[names(m1)]
  num_equal(vt$rank_correlation[k], stats::cor(m1, m2, method = "spearman"))
  # the ranking
  num_equal(st$index$ranking$mean, as.vector(sort(m1, decreasing = TRUE)))
})

test_that("the yearbook study's panel holds the index and every covariates row, nothing else", {
  yb <- yb_data()
  st <- yb_study()
  p <- st$panel
  # 323 region-periods with an index (7 city-years have no industry rows) and
  # covariates for all 330 city-years
  expect_identical(nrow(p), 330L)
  expect_identical(sum(!is.na(p$coagg)), 323L)
  cv <- yb$covariates
  j <- match(paste(p$city, p$year), paste(cv$city, cv$year))
  expect_false(anyNA(j))
  for (v in c("ecommerce", "express", "internet")) expect_identical(p[[v]], cv[[v]][j])
  co <- st$index$coagg
  i <- match(paste(p$city, p$year), paste(co$region, co$time))
  expect_identical(p$coagg, co$estimate[i])
  expect_true(any(grepl("7 of 330 region-periods", st$notes, fixed = TRUE)))
})

test_that("the yearbook study's tests and models equal the functions called by hand", {
  yb <- yb_data()
  st <- yb_study()
  co <- st$index$coagg
  idx <- data.frame(city = co$region, year = co$time, coagg = co$estimate)
  d <- merge(yb$covariates[c("city", "year", "ecommerce", "express", "internet")], idx,
             all.x = TRUE)
  f <- coagg ~ ecommerce + express + internet
  hand <- function(expr) suppressWarnings(expr)
  u <- hand(panel_unitroot(d, "coagg", index = keys, tests = first4))
  expect_equal(as.data.frame(st$unitroot$index$first), as.data.frame(u), tolerance = 1e-12)
  u <- hand(panel_unitroot(d, c("ecommerce", "express", "internet"), index = keys,
                           tests = c("cips", "cips_trunc")))
  expect_equal(as.data.frame(st$unitroot$covariates$second), as.data.frame(u), tolerance = 1e-12)
  num_equal(as.data.frame(st$cd$index)$statistic,
            as.data.frame(hand(cd_test(d, "coagg", index = keys)))$statistic)
  po <- hand(panel_pooled(f, d, index = keys))
  fe <- hand(panel_fe(f, d, index = keys))
  re <- hand(panel_re(f, d, index = keys))
  num_equal(coef(st$models$pooled), coef(po))
  num_equal(coef(st$models$fe), coef(fe))
  num_equal(coef(st$models$re), coef(re))
  num_equal(vcov(st$models$re), vcov(re))
  num_equal(unname(st$hausman$classical$statistic), unname(hand(hausman_test(fe, re))$statistic))
  num_equal(unname(st$hausman$robust$statistic),
            unname(hand(hausman_test(re, type = "robust"))$statistic))
  # the rules, from the hand-computed tests: no evidence of unit effects, so
  # pooled OLS; CD rejects on its residuals but 11 periods are too few for
  # Driscoll-Kraay, and 30 units allow clustering
  ft <- (sum(residuals(po)^2) - sum(residuals(fe)^2)) / (po$df_residual - fe$df_residual) /
    (sum(residuals(fe)^2) / fe$df_residual)
  num_equal(st$effects_test$statistic, ft)
  expect_gt(st$effects_test$p_value, 0.05)
  expect_identical(st$choice$estimator, "pooled")
  cdr <- hand(cd_test(po))
  num_equal(as.data.frame(st$cd$residuals)$statistic, as.data.frame(cdr)$statistic)
  expect_lt(cdr$p_value[cdr$test == "cd"], 0.05)
  expect_identical(st$choice$vcov, "cluster")
  expect_identical(st$choice$vcov_reason, "cd_rejects_short")
  pc <- hand(panel_pooled(f, d, index = keys, vcov = "cluster"))
  num_equal(vcov(st$models$chosen), vcov(pc))
  expect_null(st$effects)
})

test_that("estimator and vcov override the rules, which the study still reports", {
  st <- suppressWarnings(yb_call(estimator = "fe", vcov = "driscoll-kraay", variants = FALSE))
  expect_identical(st$choice$estimator, "fe")
  expect_identical(st$choice$estimator_rule, "pooled")
  expect_true(st$choice$estimator_overridden)
  expect_identical(st$models$chosen$vcov_type, "driscoll-kraay")
  fe_dk <- suppressWarnings(panel_fe(coagg ~ ecommerce + express + internet, st$panel,
                                     index = keys, vcov = "driscoll-kraay", na_action = "omit"))
  num_equal(vcov(st$models$chosen), vcov(fe_dk))
  # the fixed effects as the unit effects
  ue <- st$models$fe$unit_effects
  expect_identical(st$effects$effect, unname(ue))
  fi <- study_findings(st)
  expect_true(all(c("choice_override", "vcov_override") %in% fi$id))
  expect_match(fi$sentence[fi$id == "choice_override"], "the rules would choose pooled OLS")
})

test_that("a robust Hausman rejection with 20 units or more chooses fixed effects", {
  set.seed(11)
  n <- 25; t <- 8
  d <- data.frame(city = rep(sprintf("c%02d", 1:n), each = t), year = rep(2001:(2000 + t), n))
  a <- rep(rnorm(n), each = t)
  d$x <- rnorm(n * t) + a
  d$coagg <- 0.5 + d$x + 2 * a + rnorm(n * t)
  st <- suppressWarnings(coagg_study(coagg = d[c("city", "year", "coagg")], region = "city",
                                     time = "year", covariates = d[c("city", "year", "x")],
                                     formula = coagg ~ x, unitroot_tests = "ips"))
  expect_identical(st$choice$hausman_used, "robust")
  expect_lt(st$hausman$robust$p_value, 0.05)
  expect_identical(st$choice$estimator, "fe")
  expect_identical(st$choice$estimator_reason, "hausman_rejects")
  expect_identical(st$choice$vcov, "cluster")       # CD does not reject; 25 units
  expect_null(st$unitroot$index$second)             # only IPS was asked for
})

# ---------------------------------------------------------------------------
# The narrative, print, plot, conversions
# ---------------------------------------------------------------------------

test_that("every sentence of the narrative carries the number of the field it names", {
  for (st in list(zj_study(), yb_study())) for (lang in c("en", "zh")) {
    fi <- study_findings(st, lang)
    expect_true(nrow(fi) >= 10L)
    for (k in seq_len(nrow(fi))) {
      v <- eval(str2lang(fi$field[k]), list(x = st), asNamespace("coagg"))
      expect_identical(fi$value[k], as.numeric(v)[1L], label = fi$id[k])
    }
    # the headline numbers appear in their sentences, formatted as printed
    num_ids <- c("f_test", "hausman_classical", "hausman_robust", "cd_index", "cd_residuals")
    for (id in intersect(num_ids, fi$id)) {
      r <- fi[fi$id == id, ]
      expect_true(grepl(coagg:::fnum(r$value), r$sentence, fixed = TRUE), label = id)
    }
  }
  fi <- study_findings(zj_study())
  expect_identical(fi$simulated[fi$section == "index"], rep(FALSE, sum(fi$section == "index")))
  expect_true(all(fi$simulated[fi$section == "models"]))
  expect_false(any(fi$simulated[fi$section == "audit"]))
  a <- fi[fi$id == "audit_table", ]
  expect_identical(a$value, 5)
  expect_match(a$sentence, "5 of the 6 printed p-values", fixed = TRUE)
})

test_that("print() tells the story, marking what rests on simulated inputs", {
  out <- capture.output(print(zj_study()))
  fi <- study_findings(zj_study())
  expect_true(any(grepl("^Co-agglomeration study", out)))
  expect_true(any(grepl("SIMULATED inputs: covariates", out, fixed = TRUE)))
  sim_lines <- out[grepl("Model: random effects", out, fixed = TRUE)]
  expect_length(sim_lines, 1L)
  expect_match(sim_lines, "^  SIMULATED \\| ")
  idx <- out[grepl("The index given has 66 values", out, fixed = TRUE)]
  expect_false(grepl("SIMULATED", idx))
  # every sentence is printed (its first words, as wrapping may split it)
  for (s in fi$sentence) {
    expect_true(any(grepl(substr(s, 1L, 30L), out, fixed = TRUE)), label = substr(s, 1L, 30L))
  }
  out2 <- capture.output(print(zj_study(), notes = TRUE))
  expect_true(any(grepl("^Notes:", out2)))
  expect_true(length(out2) > length(out))
})

test_that("plot() draws every figure the study has and returns the data drawn", {
  # PNG pages with the cairo device (Chinese city names); a warning while
  # drawing fails the test
  skip_if_not(capabilities("cairo"))
  dir <- tempfile()
  dir.create(dir)
  on.exit(unlink(dir, recursive = TRUE))
  grDevices::png(file.path(dir, "p%02d.png"), width = 900, height = 700, type = "cairo",
                 res = 100)
  st <- yb_study()
  d <- tryCatch(expect_silent(plot(st)), finally = grDevices::dev.off())
  expect_setequal(names(d), c("index", "trend", "groups", "unitroot_index",
                              "unitroot_covariates", "cd", "hausman", "coefficients"))
  expect_length(list.files(dir, pattern = "png$"), 8L)
  expect_true(all(file.size(list.files(dir, full.names = TRUE)) > 5000))
  expect_identical(nrow(d$index), 30L * 11L)
  expect_identical(sort(unique(d$trend$series)),
                   c("10th percentile", "90th percentile", "mean", "median"))
  num_equal(d$coefficients$estimate, unname(coef(st$models$chosen))[-1L])
  grDevices::png(file.path(dir, "q%02d.png"), type = "cairo")
  z <- tryCatch(expect_silent(plot(zj_study(), which = c("effects", "audit", "trend"))),
                finally = grDevices::dev.off())
  expect_identical(names(z), c("effects", "audit", "trend"))
  expect_identical(sort(unique(z$trend$series)), sort(levels(zhejiang_coagg$city)))
  expect_error(plot(zj_study(), which = "groups"), class = "coagg_input_error")
  expect_error(plot(st, which = "pie"), class = "coagg_input_error")
  expect_error(plot(st, col = "red"), class = "coagg_foreign_argument")
})

test_that("as.data.frame(), tidy() and glance() give the study's tables", {
  st <- zj_study()
  expect_identical(as.data.frame(st), st$panel)
  expect_identical(as.data.frame(st, what = "ranking"), st$index$ranking)
  expect_identical(as.data.frame(st, what = "findings"), study_findings(st))
  skip_if_no_crosscheck("broom")
  td <- broom::tidy(st)
  expect_identical(unique(td$model), c("pooled", "fe", "re", "chosen"))
  num_equal(td$estimate[td$model == "re"], unname(coef(st$models$re)))
  gl <- broom::glance(st)
  expect_identical(nrow(gl), 1L)
  expect_identical(gl$estimator, "re")
  num_equal(gl$hausman_p.value, st$hausman$classical$p_value)
  expect_true(gl$simulated)
})

test_that("the provenance records the version, conventions, seed and input fingerprints", {
  st <- zj_study()
  pv <- st$provenance
  expect_identical(pv$package, as.character(utils::packageVersion("coagg")))
  expect_identical(pv$seed, 20190601L)
  expect_setequal(names(pv$fingerprints), c("coagg", "covariates", "published"))
  expect_true(all(grepl("^[0-9a-f]{32}$", pv$fingerprints)))
  # the fingerprint follows the data, not the R session: the same values give
  # the same sum, a changed value another
  f <- function(x) coagg:::fingerprint(x)
  z <- zhejiang_coagg
  expect_identical(f(z), pv$fingerprints[["coagg"]])
  z2 <- unserialize(serialize(z, NULL))
  expect_identical(f(z2), f(z))
  z2$coagg[5] <- 0.91
  expect_false(identical(f(z2), f(z)))
  # independently: MD5 of the XDR serialization (version 2) whose header
  # bytes 7-10, the writing R version, are zero
  b <- serialize(z, NULL, version = 2L)
  expect_identical(b[1:6], as.raw(c(0x58, 0x0a, 0, 0, 0, 2)))   # "X\n", version 2
  b[7:10] <- as.raw(0L)
  tmp <- tempfile()
  writeBin(b, tmp)
  expect_identical(unname(tools::md5sum(tmp)), f(z))
})

# ---------------------------------------------------------------------------
# Bad inputs: the errors of the functions they reach
# ---------------------------------------------------------------------------

error_class <- function(expr) {
  e <- tryCatch(suppressWarnings(expr), error = function(e) e)
  expect_s3_class(e, "coagg_input_error")
  class(e)
}

test_that("bad E-G inputs get eg_coagg()'s errors", {
  yb <- yb_data()
  e <- yb$employment
  args <- list(region = "city", industry = "industry", employment = "employment",
               n_firms = "enterprises", time = "year", reference = yb$totals, pair = yb$pair)
  study <- function(data, ...) {
    do.call(coagg_study, c(list(data), args, list(covariates = yb$covariates,
                                                  formula = coagg ~ ecommerce, ...)))
  }
  direct <- function(data, ...) do.call(eg_coagg, c(list(data), args, list(...)))
  # a blank employment cell under na_action = "fail" (the default)
  expect_identical(error_class(study(e)), error_class(direct(e)))
  expect_true("coagg_missing_value" %in% error_class(study(e)))
  # a text number (as pasted from a yearbook)
  e2 <- e
  e2$employment <- format(e2$employment, big.mark = ",")
  expect_identical(error_class(study(e2, na_action = "omit")),
                   error_class(direct(e2, na_action = "omit")))
  # a pair naming an unknown industry
  args$pair <- list(manufacturing = "C13", logistics = "X99")
  expect_identical(error_class(study(e, na_action = "omit")),
                   error_class(direct(e, na_action = "omit")))
  # a misspelt column
  args$pair <- yb$pair
  args$employment <- "employ"
  expect_identical(error_class(study(e, na_action = "omit")),
                   error_class(direct(e, na_action = "omit")))
})

test_that("bad covariates, formula and options are classed errors naming the argument", {
  cv <- zj_covariates()
  f <- coagg ~ electronic + CBECL
  go <- function(...) {
    a <- list(coagg = zhejiang_coagg, region = "city", time = "year", covariates = cv,
              formula = f, variants = FALSE)
    b <- list(...)
    a[names(b)] <- b
    suppressWarnings(do.call(coagg_study, a))
  }
  arg_of <- function(expr) tryCatch(expr, coagg_input_error = function(e) e$arg)
  expect_identical(arg_of(go(formula = coagg ~ nonesuch)), "formula")
  expect_identical(arg_of(go(formula = log(coagg) ~ CBECL)), "formula")
  expect_identical(arg_of(go(formula = "coagg ~ CBECL")), "formula")
  expect_identical(arg_of(go(formula = coagg ~ 1)), "formula")
  expect_identical(arg_of(go(covariates = rbind(cv, cv[1, ]))), "covariates")
  cv_na <- cv
  cv_na$CBECL[4] <- NA
  e <- tryCatch(go(covariates = cv_na), error = function(e) e)
  expect_s3_class(e, "coagg_missing_value")
  expect_identical(e$row, 4L)
  expect_identical(e$column, "CBECL")
  # with na_action = "omit" the row is left out of the models, and said so
  st <- go(covariates = cv_na, na_action = "omit")
  expect_identical(st$models$re$n_obs, 65L)
  z <- zhejiang_coagg
  z$coagg[3] <- NA
  e <- tryCatch(go(coagg = z), error = function(e) e)
  expect_s3_class(e, "coagg_missing_value")
  expect_identical(e$arg, "coagg")
  expect_identical(arg_of(go(data = data.frame(a = 1))), "coagg")
  expect_identical(arg_of(go(coagg = NULL)), "data")
  expect_identical(arg_of(go(time = "yr")), "time")
  expect_identical(arg_of(go(index = c("city", "nope"))), "index")
  expect_identical(arg_of(go(estimator = "random")), "estimator")
  expect_identical(arg_of(go(vcov = "robust")), "vcov")
  expect_identical(arg_of(go(unitroot_tests = "adf")), "unitroot_tests")
  expect_identical(arg_of(go(alpha = 1)), "alpha")
  expect_identical(arg_of(go(published = list(coef = 1))), "published")
  expect_identical(arg_of(go(seed = "a")), "seed")
  expect_error(go(model = "within"), class = "coagg_foreign_argument")
  expect_error(go(random.method = "swar"), class = "coagg_foreign_argument")
  expect_error(coagg_study(coagg = zhejiang_coagg, region = "city", covariates = cv, formula = f),
               class = "coagg_input_error")
  # a text number among the covariates: the error panel_re() gives
  cv_txt <- cv
  cv_txt$CBECL <- format(cv_txt$CBECL)
  d <- merge(zhejiang_coagg[c("city", "year", "coagg")], cv_txt)
  expect_identical(error_class(go(covariates = cv_txt)),
                   error_class(panel_pooled(f, d, index = keys)))
  # nothing given is modified
  cv0 <- cv
  z0 <- zhejiang_coagg
  go()
  expect_identical(cv, cv0)
  expect_identical(zhejiang_coagg, z0)
})

test_that("covariates keyed by other names, or by the first two columns, are joined", {
  cv <- zj_covariates()
  names(cv)[1:2] <- c("id", "t")
  base <- zj_study()
  st <- suppressWarnings(coagg_study(coagg = zhejiang_coagg, region = "city", time = "year",
                                     covariates = cv, index = c("id", "t"),
                                     formula = coagg ~ electronic + CBECL + IoIAI + Express + BFEC))
  expect_identical(st$panel, base$panel)
  st2 <- suppressWarnings(coagg_study(coagg = zhejiang_coagg, region = "city", time = "year",
                                      covariates = cv,
                                      formula = coagg ~ electronic + CBECL + IoIAI + Express + BFEC))
  expect_identical(st2$panel, base$panel)
  # a year given as text is the same year
  cv$t <- as.character(cv$t)
  st3 <- suppressWarnings(coagg_study(coagg = zhejiang_coagg, region = "city", time = "year",
                                      covariates = cv, formula = coagg ~ electronic))
  expect_identical(nrow(st3$panel), 66L)
  expect_false(anyNA(st3$panel$electronic))
  # covariate rows of other cities are set aside, with a note
  extra <- cv[1:6, ]
  extra$id <- "Shanghai"
  st4 <- suppressWarnings(coagg_study(coagg = zhejiang_coagg, region = "city", time = "year",
                                      covariates = rbind(cv, extra), formula = coagg ~ electronic))
  expect_identical(nrow(st4$panel), 66L)
  expect_true(any(grepl("6 rows of `covariates` are for regions or periods without an index",
                        st4$notes, fixed = TRUE)))
})

test_that("the caveats are recorded and announced by one warning", {
  expect_warning(w <- yb_call(variants = FALSE), class = "coagg_warning")
  expect_true(length(w$notes) > 5L)
  expect_true(any(startsWith(w$notes, "[index] ")))
  expect_true(any(startsWith(w$notes, "[unit roots, index] ")))
  ws <- testthat::capture_warnings(yb_call(variants = FALSE))
  expect_length(ws, 1L)
  expect_match(ws, sprintf("recorded %d caveats", length(w$notes)), fixed = TRUE)
})

test_that("an index defined in fewer than 3 regions or periods is a classed error", {
  z <- zhejiang_coagg[zhejiang_coagg$year %in% 2011:2012, ]
  e <- tryCatch(suppressWarnings(coagg_study(coagg = z, region = "city", time = "year",
                                             covariates = zj_covariates(),
                                             formula = coagg ~ electronic)),
                error = function(e) e)
  expect_s3_class(e, "coagg_too_small")
  expect_identical(e$arg, "coagg")
  expect_match(conditionMessage(e), "defined in 11 regions and 2 periods", fixed = TRUE)
})

test_that("small simulated yearbooks have no invented rows (regression: 3 years with gaps)", {
  # with fewer than four years the gap year did not exist and the rows to
  # drop were NA, which added rows of NA
  yb <- simulate_yearbook(n_regions = 5L, n_industries = 4L, n_years = 3L)
  e <- yb$employment
  expect_false(anyNA(e[c("city", "year", "industry", "enterprises")]))
  expect_lte(nrow(e), 5L * 4L * 3L)
  expect_identical(sum(is.na(e$employment)), 6L)   # a tenth of the 60 cells
  expect_error(simulate_yearbook(n_regions = 5L, n_industries = 4L, n_years = 3L,
                                 missing_cells = 7L), class = "coagg_input_error")
})

# SIMULATED firm rows (helper-agglomeration.R's sim_firms(), without its
# single-firm region) and SIMULATED covariates for the studies below.
firm_study_inputs <- function() {
  f <- sim_firms(seed = 3, nr = 15, ni = 6, periods = 2001:2006, n = 6000)
  f <- f[f$region != "r99", ]
  set.seed(4)
  cov <- expand.grid(region = sprintf("r%02d", 1:15), year = 2001:2006,
                     stringsAsFactors = FALSE)
  cov$x1 <- stats::rnorm(nrow(cov))
  cov$x2 <- stats::rnorm(nrow(cov))
  cov$data_source <- "SIMULATED"
  list(firms = f, covariates = cov)
}

firm_study <- function(data, ...) {
  suppressWarnings(coagg_study(data, region = "region", industry = "industry",
                               employment = "emp", time = "year",
                               pair = list(a = c("i2", "i3"), b = c("i5", "i6")),
                               covariates = firm_study_inputs()$covariates,
                               formula = coagg ~ x1 + x2, per_region = "location_quotient", ...))
}

test_that("the study from firm rows, from their cell sums and from SQLite is the same study", {
  inp <- firm_study_inputs()
  s_firms <- firm_study(inp$firms, firm_id = "firm")
  cs <- plain_cell_sums(inp$firms, c("region", "industry", "year"), "emp")
  s_sums <- firm_study(cs, n_firms = "firms", employment_sq = "emp_sq",
                       employment_4th = "emp_4th")
  expect_equal(s_sums$index$values, s_firms$index$values, tolerance = 1e-12)
  expect_equal(s_sums$index$groups, s_firms$index$groups, tolerance = 1e-12)
  expect_equal(coef(s_sums$models$chosen), coef(s_firms$models$chosen), tolerance = 1e-10)
  expect_identical(attr(s_sums$index$coagg, "settings")$herfindahl,
                   attr(s_firms$index$coagg, "settings")$herfindahl)
  for (p in c("DBI", "dplyr", "dbplyr", "RSQLite")) skip_if_no_crosscheck(p)
  con <- DBI::dbConnect(RSQLite::SQLite(), ":memory:")
  on.exit(DBI::dbDisconnect(con), add = TRUE)
  DBI::dbWriteTable(con, "firms", inp$firms)
  s_db <- firm_study(dplyr::tbl(con, "firms"), firm_id = "firm")
  expect_equal(s_db$index$values, s_firms$index$values, tolerance = 1e-12)
  expect_equal(coef(s_db$models$chosen), coef(s_firms$models$chosen), tolerance = 1e-10)
  # a lazy table has no fingerprint of its rows; the covariates have theirs
  expect_true(is.na(s_db$provenance$fingerprints[["data"]]))
  expect_false(is.na(s_db$provenance$fingerprints[["covariates"]]))
})

test_that("the groups' E-G index is reported in the location-quotient variant (regression)", {
  # per_region = "location_quotient" does not need the groups' gamma, and the
  # study printed "the E-G index of a averages NA"
  inp <- firm_study_inputs()
  for (v in c(TRUE, FALSE)) {
    s <- firm_study(inp$firms, firm_id = "firm", variants = v)
    lq <- suppressWarnings(eg_coagg(inp$firms, region = "region", industry = "industry",
                                    employment = "emp", firm_id = "firm", time = "year",
                                    pair = list(a = c("i2", "i3"), b = c("i5", "i6"))))
    expect_equal(s$index$groups, attr(lq, "groups"), tolerance = 1e-14)
    expect_false(anyNA(s$index$groups$estimate))
    expect_false(any(grepl("averages NA", capture.output(print(s)), fixed = TRUE)))
  }
})

test_that("an index defined in too few regions with 3 periods is the study's error (regression)", {
  # 4 regions had a value, in different periods: the study passed its size
  # check and stopped in the CD test with a message about `data`'s pairs
  # (the single-firm region r99 makes group i1's gamma negative)
  f <- sim_firms(seed = 3, nr = 15, ni = 6, periods = 2001:2006, n = 6000)
  e <- tryCatch(suppressWarnings(coagg_study(
    f, region = "region", industry = "industry", employment = "emp",
    firm_id = "firm", time = "year", pair = list(i1 = "i1", i2 = "i2"),
    covariates = firm_study_inputs()$covariates, formula = coagg ~ x1 + x2)),
    error = function(e) e)
  expect_s3_class(e, "coagg_too_small")
  expect_identical(e$arg, "data")
  expect_match(conditionMessage(e), "at least 3 regions with 3 or more periods", fixed = TRUE)
})

test_that("an untabulated CIPS sentence names the sample it was computed on (regression)", {
  # the yearbook panel has 11 years, but CIPS runs on the balanced sub-panel
  # 2014-2019; the sentence blamed "this panel size" without saying which
  st <- yb_study()
  s2 <- as.data.frame(st$unitroot$index$second)
  r <- s2[s2$form == "level", ][1L, ]
  expect_true(is.na(r$p_bracket))
  f <- study_findings(st)
  s <- f$sentence[f$id == "cips_untabulated"]
  expect_length(s, 1L)
  expect_match(s, sprintf("(on %d units over %s)", r$units, r$periods), fixed = TRUE)
  z <- study_findings(st, lang = "zh")
  expect_match(z$sentence[z$id == "cips_untabulated"], r$periods, fixed = TRUE)
})
