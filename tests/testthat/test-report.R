# study_report(): HTML (self-contained, nothing from the network), Word and
# Markdown, in English and Chinese; every table and figure of the study is in
# the report.

# The captions a report of each study must hold (written out here, not taken
# from the code that writes them).
zj_tables_en <- c(
  "Co-agglomeration index by region and period", "Regions ranked by their mean index",
  "First-generation unit-root tests of the index",
  "Second-generation unit-root tests (CIPS) of the index",
  "First-generation unit-root tests of the covariates",
  "Second-generation unit-root tests (CIPS) of the covariates",
  "Tests of cross-sectional dependence", "Pooled, fixed- and random-effects models",
  "Tests for the choice of model", "Unit effects of the chosen model",
  "Audit of the printed coefficient table", "Reproducibility record")
zj_figures_en <- c(
  "Co-agglomeration index by region and period", "The index over time",
  "Unit-root tests of the index: p-values", "Unit-root tests of the covariates: p-values",
  "Each region's correlation with the other regions (index)",
  "Fixed- against random-effects estimates", "Coefficients of the chosen model",
  "Unit effects of the chosen model", "Audit of the printed coefficient table")
yb_tables_zh <- c(
  "\u5404\u5730\u533a\u5404\u65f6\u671f\u7684\u534f\u540c\u96c6\u805a\u6307\u6570",
  "\u5730\u533a\u6307\u6570\u5747\u503c\u6392\u540d",
  "\u5404\u65f6\u671f\u4e24\u7c7b\u4ea7\u4e1a\u7684E-G\u6307\u6570",
  "\u6307\u6570\u7684\u4e0d\u540c\u6d4b\u7b97\u53e3\u5f84",
  "\u6307\u6570\u7684\u7b2c\u4e00\u4ee3\u9762\u677f\u5355\u4f4d\u6839\u68c0\u9a8c",
  "\u6307\u6570\u7684\u7b2c\u4e8c\u4ee3\u9762\u677f\u5355\u4f4d\u6839\u68c0\u9a8c\uff08CIPS\uff09",
  "\u89e3\u91ca\u53d8\u91cf\u7684\u7b2c\u4e00\u4ee3\u9762\u677f\u5355\u4f4d\u6839\u68c0\u9a8c",
  "\u89e3\u91ca\u53d8\u91cf\u7684\u7b2c\u4e8c\u4ee3\u9762\u677f\u5355\u4f4d\u6839\u68c0\u9a8c\uff08CIPS\uff09",
  "\u622a\u9762\u76f8\u5173\u68c0\u9a8c",
  "\u6df7\u5408OLS\u3001\u56fa\u5b9a\u6548\u5e94\u4e0e\u968f\u673a\u6548\u5e94\u6a21\u578b",
  "\u6a21\u578b\u9009\u62e9\u68c0\u9a8c", "\u53ef\u91cd\u590d\u6027\u8bb0\u5f55")

read_utf8 <- function(f) paste(readLines(f, encoding = "UTF-8", warn = FALSE), collapse = "\n")

# The text of an HTML file with its tags removed and its entities decoded.
html_text <- function(h) {
  h <- gsub("<[^>]+>", "", h)
  for (e in list(c("&lt;", "<"), c("&gt;", ">"), c("&quot;", "\""), c("&#39;", "'"),
                 c("&amp;", "&"))) h <- gsub(e[1L], e[2L], h, fixed = TRUE)
  gsub("\\s+", " ", h)   # pandoc wraps long lines
}

captions_of <- function(h) {
  m <- regmatches(h, gregexpr("<caption>(.|\n)*?</caption>", h, perl = TRUE))[[1L]]
  html_text(m)
}

check_offline_html <- function(h) {
  # no resource from the network: nothing at all mentions http(s) or a
  # protocol-relative address, no MathJax, no script or stylesheet link
  expect_false(grepl("http", h, ignore.case = TRUE))
  expect_false(grepl("(src|href)\\s*=\\s*[\"']?//", h, perl = TRUE))
  expect_false(grepl("mathjax", h, ignore.case = TRUE))
  expect_false(grepl("<link[^>]+stylesheet", h, perl = TRUE))
  expect_false(grepl("<script", h, fixed = TRUE))
  imgs <- regmatches(h, gregexpr("<img[^>]*>", h))[[1L]]
  expect_true(all(grepl("src=\"data:image/png;base64,", imgs, fixed = TRUE)))
  length(imgs)
}

test_that("the English HTML report holds every table and figure and needs no network", {
  skip_if_no_pandoc()
  st <- zj_study()
  f <- tempfile(fileext = ".html")
  out <- study_report(st, f)
  expect_identical(as.vector(out), f)
  h <- read_utf8(f)
  expect_identical(check_offline_html(h), length(zj_figures_en))
  expect_identical(captions_of(h), zj_tables_en)
  expect_identical(attr(out, "tables"), zj_tables_en)
  expect_identical(attr(out, "figures"), zj_figures_en)
  txt <- html_text(h)
  for (cap in zj_figures_en) expect_true(grepl(cap, txt, fixed = TRUE), label = cap)
  # the narrative, every sentence
  for (s in study_findings(st)$sentence) expect_true(grepl(s, txt, fixed = TRUE), label = s)
  # the model table is model_table()'s, the unit-root tables unitroot_table()'s
  expect_true(grepl("Hausman test chi2", txt, fixed = TRUE))
  expect_true(grepl("Verdict: stationary when at least 3 of 4 tests", txt, fixed = TRUE))
  # the reproducibility record: version, convention, fingerprints, seed, call
  expect_true(grepl(st$provenance$package, txt, fixed = TRUE))
  for (fp in st$provenance$fingerprints) expect_true(grepl(fp, txt, fixed = TRUE))
  expect_true(grepl("20190601", txt, fixed = TRUE))
  expect_true(grepl("coagg_study(region = \"city\"", txt, fixed = TRUE))
  expect_true(grepl("coagg = zhejiang_coagg", txt, fixed = TRUE))
  expect_true(grepl("SIMULATED data", txt, fixed = TRUE))
})

test_that("the Chinese HTML report of a yearbook study holds every table and figure", {
  skip_if_no_pandoc()
  st <- yb_study()
  f <- tempfile(fileext = ".html")
  out <- study_report(st, f, lang = "zh")
  h <- read_utf8(f)
  n_img <- check_offline_html(h)
  expect_identical(n_img, 8L)   # index, trend, groups, 2 unit-root, CD, Hausman, coefficients
  expect_identical(n_img, length(attr(out, "figures")))
  expect_identical(captions_of(h), yb_tables_zh)
  expect_true(grepl("lang=\"zh-CN\"", h, fixed = TRUE))
  txt <- html_text(h)
  # headings and the narrative in Chinese, city names as given
  expect_true(grepl("\u4e3b\u8981\u53d1\u73b0", txt, fixed = TRUE))        # findings
  expect_true(grepl("\u9762\u677f\u5355\u4f4d\u6839\u68c0\u9a8c", txt, fixed = TRUE))
  for (s in study_findings(st, "zh")$sentence) expect_true(grepl(s, txt, fixed = TRUE), label = s)
  expect_true(grepl("\u676d\u5dde\u5e02", txt, fixed = TRUE))               # Hangzhou
  # the tables' own Chinese labels (model_table(lang = "zh"), unitroot_table())
  expect_true(grepl("\u56fa\u5b9a\u6548\u5e94", txt, fixed = TRUE))
  expect_true(grepl("\u4e00\u9636\u5dee\u5206", txt, fixed = TRUE))
  expect_true(grepl("\u3010\u6a21\u62df\u6570\u636e\u3011", txt, fixed = TRUE))
})

test_that("the Word report has the tables and the figures", {
  skip_if_no_pandoc()
  st <- zj_study()
  for (lang in c("en", "zh")) {
    f <- tempfile(fileext = ".docx")
    out <- study_report(st, f, lang = lang)
    parts <- utils::unzip(f, list = TRUE)$Name
    expect_identical(sum(grepl("^word/media/.*\\.png$", parts)), length(zj_figures_en))
    dir <- tempfile()
    utils::unzip(f, files = "word/document.xml", exdir = dir)
    xml <- read_utf8(file.path(dir, "word", "document.xml"))
    expect_identical(lengths(regmatches(xml, gregexpr("<w:tbl>", xml, fixed = TRUE))),
                     length(attr(out, "tables")))
    text <- gsub("<[^>]+>", "", xml)
    for (cap in attr(out, "tables")) expect_true(grepl(cap, text, fixed = TRUE), label = cap)
  }
})

test_that("the Markdown report has its figures beside it", {
  st <- zj_study()
  dir <- tempfile()
  dir.create(dir)
  f <- file.path(dir, "zhejiang.md")
  out <- study_report(st, f, lang = "zh")
  md <- readLines(f, encoding = "UTF-8")
  imgs <- regmatches(md, regexpr("\\]\\(zhejiang_files/[a-z_]+\\.png\\)", md))
  expect_length(imgs, length(zj_figures_en))
  pngs <- file.path(dir, sub("^\\]\\((.*)\\)$", "\\1", imgs))
  expect_true(all(file.exists(pngs)))
  expect_identical(sum(startsWith(md, "Table: ")), length(zj_tables_en))
  # the sentences, escaped for Markdown
  for (s in study_findings(st, "zh")$sentence) {
    expect_true(any(grepl(coagg:::md_text(s), md, fixed = TRUE)), label = s)
  }
})

test_that("study_report() refuses bad arguments with classed errors", {
  st <- zj_study()
  expect_error(study_report(1, tempfile(fileext = ".html")), class = "coagg_input_error")
  expect_error(study_report(st, tempfile(fileext = ".pdf")), class = "coagg_input_error")
  expect_error(study_report(st, file.path(tempdir(), "no", "such", "r.md")),
               class = "coagg_input_error")
  expect_error(study_report(st, tempfile(fileext = ".md"), lang = "fr"),
               class = "coagg_input_error")
  expect_error(study_report(st, NA), class = "coagg_input_error")
  expect_error(study_report(st, tempfile(fileext = ".md"), title = 3), class = "coagg_input_error")
})

test_that("the report does not change the working directory or the study", {
  skip_if_no_pandoc()
  st <- zj_study()
  st0 <- st
  wd <- getwd()
  study_report(st, tempfile(fileext = ".html"))
  expect_identical(getwd(), wd)
  expect_identical(st, st0)
})

test_that("a report named relative to the working directory is written there (regression)", {
  # pandoc runs in a temporary folder: a relative file name was written
  # there, and deleted with it
  st <- zj_study()
  dir <- tempfile()
  dir.create(dir)
  old <- setwd(dir)
  on.exit(setwd(old))
  study_report(st, "study.md")
  expect_true(file.exists(file.path(dir, "study.md")))
  expect_true(dir.exists(file.path(dir, "study_files")))
  skip_if_no_pandoc()
  study_report(st, "study.html")
  expect_true(file.exists(file.path(dir, "study.html")))
})
