# Generates the MacKinnon (1996) block of src/unitroot_tables.c.
#
# Source of the numbers: MacKinnon, J. G. (1996), "Numerical distribution
# functions for unit root and cointegration tests", Journal of Applied
# Econometrics 11(6), 601-618, doi:10.1002/(SICI)1099-1255(199611)11:6<601::AID-JAE417>3.0.CO;2-T.
# MacKinnon distributed the response-surface estimates with his program
# urcdist (files probs.tab and urc-1.tab); the R package urca ships the same
# files as the internal objects .probsUrcval and .urc1, which is where this
# script reads them. Only the tau (t-statistic) tables for one variable
# (unit-root tests, no cointegrating regressors) are used: no constant,
# constant, constant and trend, constant and quadratic trend.
#
# For each of 221 probability points the response surface gives the
# quantile of the Dickey-Fuller tau statistic at sample size T as
#   q(T) = b_inf + b_1 / T + b_2 / T^2 (+ b_3 / T^3),
# together with a weight (the estimated standard error of that quantile).
# These are published estimates (facts); the code that uses them
# (src/unitroot.c) is written for coagg.
#
# Run from the package root:  Rscript data-raw/unitroot_tables.R
# It rewrites the text between the BEGIN/END markers of
# src/unitroot_tables.c and leaves the rest of the file alone.

stopifnot(requireNamespace("urca", quietly = TRUE))
probs <- get(".probsUrcval", envir = asNamespace("urca"))
urc1 <- get(".urc1", envir = asNamespace("urca"))
stopifnot(nrow(probs) == 221L)

block <- function(name) {
  head <- grep(sprintf("^%s ", name), urc1)
  stopifnot(length(head) == 1L)
  parms <- scan(text = urc1[head], what = "", quiet = TRUE)
  model <- as.integer(parms[4L]); minsize <- as.integer(parms[5L])
  rows <- lapply(urc1[head + seq_len(221L)], function(l) scan(text = l, quiet = TRUE))
  m <- do.call(rbind, lapply(rows, function(r) {
    if (length(r) == 4L) c(r[1:3], 0, r[4L]) else r   # model 2: 3 coefficients
  }))
  stopifnot(ncol(m) == 5L, nrow(m) == 221L)
  list(model = model, minsize = minsize, beta = m[, 1:4], wght = m[, 5L])
}
names_tau <- c(none = "dfnc", intercept = "dfc", trend = "dfct", quadratic = "dfctt")
blocks <- lapply(names_tau, block)

# shortest decimal form that reads back as the same double
num <- function(x) vapply(x, function(v) {
  for (d in 8:17) { s <- sprintf("%.*g", d, v); if (as.numeric(s) == v) return(s) }
  sprintf("%.17g", v)
}, "")
lines <- c(
  "/* BEGIN GENERATED: MacKinnon (1996) tau response surfaces (data-raw/unitroot_tables.R) */",
  "/* Probability points and their inverse-normal values (MacKinnon's probs.tab). */",
  "const double coagg_mk_probs[COAGG_MK_NP] = {",
  paste0("    ", vapply(split(num(probs[, 1]), ceiling(seq_len(221) / 4)),
                       paste, "", collapse = ", "), ","),
  "};",
  "const double coagg_mk_cnorm[COAGG_MK_NP] = {",
  paste0("    ", vapply(split(num(probs[, 2]), ceiling(seq_len(221) / 4)),
                       paste, "", collapse = ", "), ","),
  "};",
  "/* Response-surface model per table: 2 = up to 1/T^2, 3 = up to 1/T^3;",
  "   and MacKinnon's smallest recommended sample size. Order: no constant,",
  "   constant, constant + trend, constant + quadratic trend. */",
  sprintf("const int coagg_mk_model[4] = {%s};",
          paste(vapply(blocks, `[[`, 1L, "model"), collapse = ", ")),
  sprintf("const int coagg_mk_minsize[4] = {%s};",
          paste(vapply(blocks, `[[`, 1L, "minsize"), collapse = ", ")),
  "/* coagg_mk_beta[table][point][0..3] = b_inf, b_1, b_2, b_3;",
  "   coagg_mk_wght[table][point] = standard error of the quantile estimate. */",
  "const double coagg_mk_beta[4][COAGG_MK_NP][4] = {"
)
for (b in blocks) {
  lines <- c(lines, "  {",
             sprintf("    {%s},", apply(b$beta, 1L, function(r) paste(num(r), collapse = ", "))),
             "  },")
}
lines <- c(lines, "};", "const double coagg_mk_wght[4][COAGG_MK_NP] = {")
for (b in blocks) {
  lines <- c(lines, "  {",
             paste0("    ", vapply(split(num(b$wght), ceiling(seq_len(221) / 4)),
                                   paste, "", collapse = ", "), ","),
             "  },")
}
lines <- c(lines, "};", "/* END GENERATED */")

path <- file.path("src", "unitroot_tables.c")
old <- readLines(path)
from <- grep("^/\\* BEGIN GENERATED", old)
to <- grep("^/\\* END GENERATED \\*/", old)
stopifnot(length(from) == 1L, length(to) == 1L, to > from)
writeLines(c(old[seq_len(from - 1L)], lines, old[-seq_len(to)]), path)
message("wrote ", path)
