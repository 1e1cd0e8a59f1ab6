# The README's figure and table, generated into man/figures/ (run from the
# package root with the package installed or loaded: Rscript data-raw/readme-figures.R).
# Figure: the Zhejiang study's published co-agglomeration index (Table 1) as
# replicate_zhejiang() draws it. Table: FE, RE and pooled models of plm's
# Grunfeld data (real data: Grunfeld 1958) side by side, with the Hausman test.
if (requireNamespace("pkgload", quietly = TRUE) && file.exists("DESCRIPTION")) {
  pkgload::load_all(".", quiet = TRUE)
} else library(coagg)
dir.create("man/figures", showWarnings = FALSE)

res <- replicate_zhejiang(steps = 1, plot = TRUE, dir = tempdir(), quiet = TRUE)
file.copy(res$files[1], "man/figures/README-zhejiang-heatmap.png", overwrite = TRUE)

data("Grunfeld", package = "plm")
f <- inv ~ value + capital
fe <- panel_fe(f, Grunfeld)
re <- panel_re(f, Grunfeld)
po <- panel_pooled(f, Grunfeld)
tab <- model_table(FE = fe, RE = re, Pooled = po, hausman = hausman_test(fe, re),
                   title = "Investment of 10 US firms, 1935-1954 (Grunfeld data)")
save_table(tab, "man/figures/README-model-table.md")
