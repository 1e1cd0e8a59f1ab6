# Benchmark of coagg_study() and study_report() (run by hand, not a test).
#
#   Rscript inst/bench/study.R                        # full run (about a minute)
#   COAGG_BENCH_QUICK=1 Rscript inst/bench/study.R    # small sizes, to validate
#
# Goal (issue 16): the study's computation, without rendering, on 300 regions
# x 40 industries x 15 years under 2 s; the rendering is reported. Prints a
# markdown section for inst/bench/RESULTS.md: the median and minimum of
# several runs of coagg_study() (with and without the five other variants of
# the index), the time of each step measured alone on the same data, and the
# time of study_report() for HTML, Word and Markdown in both languages. All
# data are SIMULATED (simulate_yearbook()).

suppressPackageStartupMessages(library(coagg))

quick <- nzchar(Sys.getenv("COAGG_BENCH_QUICK"))
reps <- if (quick) 2L else 5L
size <- if (quick) c(60L, 20L, 8L) else c(300L, 40L, 15L)

q <- function(expr) suppressWarnings(expr)
med_time <- function(f, n) {
  f()   # warm-up (lazy loading, first allocations), not timed
  t <- vapply(seq_len(n), function(i) system.time(f())[["elapsed"]], 0)
  c(median = stats::median(t), min = min(t))
}
cpu <- tryCatch({
  l <- grep("^model name", readLines("/proc/cpuinfo"), value = TRUE)[1]
  trimws(sub(".*:", "", l))
}, error = function(e) NA_character_, warning = function(w) NA_character_)

yb <- simulate_yearbook(n_regions = size[1], n_industries = size[2], n_years = size[3],
                        seed = 1L)
f <- coagg ~ ecommerce + express + internet
study <- function(variants) {
  q(coagg_study(yb$employment, region = "city", industry = "industry",
                employment = "employment", n_firms = "enterprises", time = "year",
                reference = yb$totals, pair = yb$pair, covariates = yb$covariates,
                formula = f, na_action = "omit", variants = variants))
}
t_main <- med_time(function() study(FALSE), reps)
t_var <- med_time(function() study(TRUE), reps)
st <- study(FALSE)

# the steps alone, on the same data (each as the study calls it)
keys <- c("city", "year")
p <- st$panel
steps <- list(
  "eg_coagg() (the index)" = function() q(eg_coagg(
    yb$employment, "city", "industry", "employment", n_firms = "enterprises", time = "year",
    reference = yb$totals, pair = yb$pair, na_action = "omit")),
  "panel_unitroot(), index, first generation" = function() q(panel_unitroot(
    p, "coagg", index = keys, tests = c("llc", "ips", "fisher_adf", "fisher_pp"),
    na_action = "omit")),
  "panel_unitroot(), 3 covariates, first generation" = function() q(panel_unitroot(
    p, c("ecommerce", "express", "internet"), index = keys,
    tests = c("llc", "ips", "fisher_adf", "fisher_pp"), na_action = "omit")),
  "panel_unitroot(), 4 variables, CIPS and CIPS*" = function() q(panel_unitroot(
    p, c("coagg", "ecommerce", "express", "internet"), index = keys,
    tests = c("cips", "cips_trunc"), na_action = "omit")),
  "cd_test() of the index" = function() q(cd_test(p, "coagg", index = keys, na_action = "omit")),
  "panel_pooled() + panel_fe() + panel_re()" = function() {
    q(panel_pooled(f, p, index = keys, na_action = "omit"))
    q(panel_fe(f, p, index = keys, na_action = "omit"))
    q(panel_re(f, p, index = keys, na_action = "omit"))
  },
  "hausman_test(), classical and robust" = function() {
    q(hausman_test(st$models$fe, st$models$re))
    q(hausman_test(st$models$re, type = "robust"))
  },
  "cd_test() of the chosen model's residuals" = function() q(cd_test(st$models$pooled)))
t_steps <- vapply(steps, function(s) med_time(s, reps)[["median"]], 0)

# rendering
render <- function(ext, lang) {
  file <- tempfile(fileext = ext)
  on.exit(unlink(c(file, sub("\\.[^.]*$", "_files", file)), recursive = TRUE))
  system.time(study_report(st, file, lang = lang))[["elapsed"]]
}
have_pandoc <- requireNamespace("rmarkdown", quietly = TRUE) && rmarkdown::pandoc_available()
formats <- if (have_pandoc) c(".html", ".docx", ".md") else ".md"
t_render <- do.call(rbind, lapply(formats, function(ext) {
  do.call(rbind, lapply(c("en", "zh"), function(lang) {
    r <- vapply(seq_len(max(2L, reps - 2L)), function(i) render(ext, lang), 0)
    data.frame(format = ext, lang = lang, median = stats::median(r), min = min(r))
  }))
}))

cat(sprintf("## The study in one call (`coagg_study()`, `study_report()`)\n\n"))
cat(sprintf(paste0("Command: `Rscript inst/bench/study.R`. SIMULATED yearbook tables",
                   " (`simulate_yearbook()`, seed 1): %d regions x %d industries x %d years",
                   " (%s employment rows with gaps and %d blank cells), three covariates.",
                   " %s; R %s; coagg %s; pandoc %s. Median (minimum) of %d runs after a",
                   " warm-up run.\n\n"),
            size[1], size[2], size[3], format(nrow(yb$employment), big.mark = ","),
            sum(is.na(yb$employment$employment)), cpu, getRversion(),
            utils::packageVersion("coagg"),
            if (have_pandoc) as.character(rmarkdown::pandoc_version()) else "absent", reps))
cat("| computation | seconds |\n|---|---|\n")
cat(sprintf("| coagg_study(), variants = FALSE | %.3f (%.3f) |\n", t_main[1], t_main[2]))
cat(sprintf("| coagg_study(), variants = TRUE (6 index variants) | %.3f (%.3f) |\n",
            t_var[1], t_var[2]))
for (k in seq_along(t_steps)) cat(sprintf("| &nbsp;&nbsp;%s alone | %.3f |\n", names(t_steps)[k],
                                          t_steps[k]))
cat(sprintf("\nGoal: the study's computation under 2 s: %s (%.2f s with the variants).\n\n",
            if (t_var[1] < 2) "met" else "not met", t_var[1]))
cat("| report | language | seconds |\n|---|---|---|\n")
for (i in seq_len(nrow(t_render))) {
  cat(sprintf("| %s | %s | %.2f (%.2f) |\n", t_render$format[i], t_render$lang[i],
              t_render$median[i], t_render$min[i]))
}
cat("\n")
