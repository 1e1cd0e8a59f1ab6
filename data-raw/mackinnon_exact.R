# Writes tests/testthat/fixtures/mackinnon_exact.csv: MacKinnon (1996)
# p-values on a grid of statistics, sample sizes and deterministic terms,
# computed in 60-digit arithmetic by data-raw/mackinnon_exact.py (Python 3
# with mpmath) from the published tables as urca distributes them. The test
# "mackinnon_p equals MacKinnon's method computed in 60-digit arithmetic"
# compares mackinnon_p() with them. Only statistics inside the tables (not
# nearest to the first or last quantile) are kept: beyond them the method
# extrapolates, and coagg makes that extrapolation monotone.
#
# Run from the package root:  Rscript data-raw/mackinnon_exact.R

stopifnot(requireNamespace("urca", quietly = TRUE))
dir <- tempfile("mk")
dir.create(dir)
urc1 <- get(".urc1", envir = asNamespace("urca"))
probs <- get(".probsUrcval", envir = asNamespace("urca"))
for (e in c(none = "dfnc", intercept = "dfc", trend = "dfct", quadratic = "dfctt")) {
  h <- grep(sprintf("^%s ", e), urc1)
  writeLines(urc1[h + seq_len(221L)], file.path(dir, paste0(names(which(c(
    none = "dfnc", intercept = "dfc", trend = "dfct", quadratic = "dfctt") == e)), ".txt")))
}
# the probability grid and its normal quantiles as urca stores them (8 decimals)
writeLines(sprintf("%s %s", format(probs[, 1], digits = 10, trim = TRUE),
                   formatC(probs[, 2], format = "f", digits = 8)), file.path(dir, "probs.txt"))
g <- expand.grid(stat = seq(-6.5, 2.5, by = 0.25), n = c(0, 10, 20, 29, 100, 500),
                 exo = c("none", "intercept", "trend", "quadratic"), stringsAsFactors = FALSE)
writeLines(sprintf("%.17g %d %s", g$stat, g$n, g$exo), file.path(dir, "points.txt"))
# (R's LD_LIBRARY_PATH can make a separately installed Python load the
# system's libpython and lose its own site-packages: run without it)
out <- system2("python3", c("data-raw/mackinnon_exact.py", dir), stdout = TRUE,
               env = "LD_LIBRARY_PATH=")
res <- read.table(text = out, col.names = c("p", "t_ratio", "imin"),
                  colClasses = c("character", "numeric", "integer"))
g$p <- res$p
keep <- res$imin > 1L & res$imin < 221L
write.csv(g[keep, c("stat", "n", "exo", "p")], "tests/testthat/fixtures/mackinnon_exact.csv",
          row.names = FALSE, quote = FALSE)
unlink(dir, recursive = TRUE)
