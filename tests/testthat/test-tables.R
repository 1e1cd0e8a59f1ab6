# Tables for papers (R/tables.R): model_table(), unitroot_table(), their
# renderings and save_table().

table_models <- function() {
  set.seed(6)
  d <- data.frame(id = rep(1:40, each = 5), year = rep(1:5, 40))
  a <- rep(rnorm(40), each = 5)
  d$x <- rnorm(200) + 0.5 * a
  d$z <- rnorm(200)
  d$y <- 1 + d$x - 0.3 * d$z + a + rnorm(200)
  list(d = d, fe = panel_fe(y ~ x + z, d), re = panel_re(y ~ x + z, d),
       po = panel_pooled(y ~ x + z, d))
}

cell <- function(tab, row, col) tab[[col]][tab[[1L]] == row][1L]

test_that("model_table() holds each model's estimates, parenthesised numbers and statistics", {
  m <- table_models()
  h <- hausman_test(m$fe, m$re)
  tab <- model_table(FE = m$fe, RE = m$re, Pooled = m$po, hausman = h, digits = 4)
  expect_s3_class(tab, "coagg_table")
  expect_identical(names(tab), c("Variable", "FE", "RE", "Pooled"))
  for (nm in c("FE", "RE", "Pooled")) {
    mod <- list(FE = m$fe, RE = m$re, Pooled = m$po)[[nm]]
    ct <- as.data.frame(mod)
    for (term in c("x", "z")) {
      i <- which(tab$Variable == term)
      est <- sub("\\**$", "", tab[[nm]][i])
      expect_identical(est, formatC(ct$estimate[ct$term == term], format = "f", digits = 4))
      expect_identical(nchar(sub("^[^*]*", "", tab[[nm]][i])),
                       sum(ct$p_value[ct$term == term] < c(0.1, 0.05, 0.01)))
      expect_identical(tab[[nm]][i + 1L],
                       sprintf("(%s)", formatC(ct$std_error[ct$term == term], format = "f", digits = 4)))
    }
    gl <- glance_coagg_panel(mod)
    expect_identical(cell(tab, "Observations", nm), "200")
    expect_identical(cell(tab, "Units", nm), "40")
    expect_identical(cell(tab, "Periods", nm), "5")
    expect_identical(sub("\\**$", "", cell(tab, "F statistic", nm)),
                     formatC(gl$statistic, format = "f", digits = 4))
  }
  # the R-squared of the right kind, each in its own row (EViews convention)
  expect_identical(cell(tab, "R-squared (dummy variables)", "FE"),
                   formatC(summary(m$fe)$gof$lsdv[["r_squared"]], format = "f", digits = 4))
  expect_identical(cell(tab, "R-squared (within)", "FE"),
                   formatC(summary(m$fe)$gof$r2_within, format = "f", digits = 4))
  expect_identical(cell(tab, "R-squared (weighted)", "RE"),
                   formatC(summary(m$re)$gof$weighted[["r_squared"]], format = "f", digits = 4))
  expect_identical(cell(tab, "R-squared (unweighted)", "RE"),
                   formatC(summary(m$re)$gof$unweighted[["r_squared"]], format = "f", digits = 4))
  expect_identical(cell(tab, "R-squared (weighted)", "FE"), "")
  expect_identical(cell(tab, "R-squared", "Pooled"),
                   formatC(summary(m$po)$gof$r_squared, format = "f", digits = 4))
  # the Hausman line sits in the column of the random-effects model it compared
  expect_match(cell(tab, "Hausman test chi2", "RE"),
               paste0("^", formatC(unname(h$statistic), format = "f", digits = 4)))
  expect_identical(cell(tab, "Hausman test chi2", "FE"), "")
  notes <- attr(tab, "notes")
  expect_true("Standard errors in parentheses." %in% notes)
  expect_true(any(grepl("Hausman test (classical): chi2(2)", notes, fixed = TRUE)))
  expect_true(any(grepl('Convention "eviews", coefficient covariance classical, p: t(158)', notes,
                        fixed = TRUE)))
})

test_that("model_table(): statistics in parentheses, labels, Stata's R-squared, Chinese", {
  m <- table_models()
  st <- panel_re(y ~ x + z, m$d, convention = "stata", vcov = "cluster")
  tab <- model_table(m$fe, st, statistic = "statistic", stars = FALSE,
                     coef_labels = c(z = "log Z"), lang = "zh")
  expect_identical(names(tab)[2:3], c("(1)", "(2)"))
  expect_identical(tab[[1]][1], "log Z") # labelled terms first
  expect_identical(tab[[1]][5], "\u5e38\u6570\u9879") # the intercept last
  ct <- as.data.frame(st)
  expect_identical(tab[[3]][2], sprintf("(%s)", formatC(ct$statistic[ct$term == "z"], format = "f",
                                                        digits = 3)))
  expect_false(any(grepl("*", unlist(tab), fixed = TRUE)))
  g <- summary(st)$gof$stata
  expect_identical(cell(tab, "\u7ec4\u95f4R\u00b2", "(2)"), formatC(g[["between"]], format = "f", digits = 3))
  expect_identical(cell(tab, "\u603b\u4f53R\u00b2", "(2)"), formatC(g[["overall"]], format = "f", digits = 3))
  expect_identical(cell(tab, "Wald\u5361\u65b9", "(2)"),
                   formatC(glance_coagg_panel(st)$statistic, format = "f", digits = 3))
  expect_true(any(grepl("\u6309\u4e2a\u4f53\u805a\u7c7b\u7a33\u5065", attr(tab, "notes"))))
  # input errors
  expect_error(model_table(), class = "coagg_input_error")
  expect_error(model_table(m$fe, lm(y ~ x, m$d)), class = "coagg_input_error")
  expect_error(model_table(m$fe, hausman = 3), class = "coagg_input_error")
  expect_error(model_table(m$fe, coef_labels = "a"), class = "coagg_input_error")
  expect_error(model_table(m$fe, statistic = "se"), class = "coagg_input_error")
  # a list of models works as the dots do
  expect_identical(model_table(list(a = m$fe, b = m$re)), model_table(a = m$fe, b = m$re))
})

test_that("a table of FE, RE and pooled models renders to text, Markdown, LaTeX and HTML", {
  m <- table_models()
  tab <- model_table(FE = m$fe, RE = m$re, Pooled = m$po, hausman = hausman_test(m$fe, m$re),
                     title = "Table 4 & more")
  n <- nrow(tab)
  tex <- format(tab, "latex")
  expect_identical(tex[c(1, 2, length(tex))], c("\\begin{table}[htbp]", "\\centering", "\\end{table}"))
  expect_true("\\caption{Table 4 \\& more}" %in% tex)
  expect_true("\\begin{tabular}{lccc}" %in% tex)
  expect_identical(sum(tex %in% c("\\toprule", "\\bottomrule")), 2L)
  expect_identical(sum(tex == "\\midrule"), 2L) # under the header, before the statistics
  rows <- tex[grepl("\\\\$", tex) & !grepl("^\\\\multicolumn", tex)]
  expect_identical(length(rows), n + 1L) # header and body
  # every row has four cells: three unescaped ampersands
  expect_true(all(lengths(regmatches(rows, gregexpr("(?<!\\\\)&", rows, perl = TRUE))) == 3L))
  expect_true(any(grepl("1.151$^{***}$", tex, fixed = TRUE)))
  html <- format(tab, "html")
  expect_identical(html[1], paste0("<table style=\"border-collapse:collapse;border-top:2px solid black;",
                                   "border-bottom:2px solid black\">"))
  expect_identical(html[length(html)], "</table>")
  expect_identical(sum(grepl("^<tr>", html)), n + 1L + length(attr(tab, "notes")))
  expect_true(any(grepl("<caption>Table 4 &amp; more</caption>", html, fixed = TRUE)))
  expect_true(any(grepl("1.151<sup>***</sup>", html, fixed = TRUE)))
  md <- format(tab, "markdown")
  expect_identical(md[3], "| Variable | FE | RE | Pooled |")
  expect_identical(md[4], "|:---|:---:|:---:|:---:|")
  expect_true("| x | 1.151\\*\\*\\* | 1.407\\*\\*\\* | 1.584\\*\\*\\* |" %in% md)
  txt <- format(tab, "text")
  expect_identical(txt[1], "Table 4 & more")
  out <- utils::capture.output(print(tab))
  expect_identical(out, txt)
  # text columns are aligned by display width, with Chinese headings too
  zh <- format(model_table(m$fe, m$re, lang = "zh"), "text")
  body <- zh[3:8]
  expect_identical(length(unique(nchar(body, type = "width"))), 1L)
})

test_that("unitroot_table(): statistics with p-values, stars, verdicts, levels and differences", {
  r <- suppressWarnings(panel_unitroot(sim_ur_panel(8, 30, seed = 4), "y",
                                       tests = c("llc", "ips", "hadri")))
  tab <- unitroot_table(r)
  x <- as.data.frame(r)
  expect_identical(names(tab), c("Variable", "Form", "LLC", "IPS", "Hadri", "Verdict"))
  expect_identical(tab$Form, c("Level", "First difference"))
  for (t in c("llc", "ips", "hadri")) {
    for (f in c("level", "first difference")) {
      row <- x[x$test == t & x$form == f, ]
      want <- sprintf("%s%s (%s)", formatC(row$statistic, format = "f", digits = 3),
                      strrep("*", sum(row$p_value < c(0.1, 0.05, 0.01))),
                      formatC(row$p_value, format = "f", digits = 3))
      expect_identical(tab[[ur_labels[[t]]]][tab$Form == c(level = "Level",
                                             "first difference" = "First difference")[[f]]], want)
    }
  }
  expect_identical(tab$Verdict, ifelse(x$verdict[match(c("level", "first difference"), x$form)] ==
                                         "stationary", "stationary", "unit root"))
  expect_true(any(grepl("Hadri: null of stationarity", attr(tab, "notes"))))
  p_only <- unitroot_table(r, cell = "p_value", stars = FALSE, verdict = FALSE, lang = "zh")
  expect_identical(names(p_only)[1:2], c("\u53d8\u91cf", "\u5f62\u5f0f"))
  expect_identical(p_only$LLC, formatC(x$p_value[x$test == "llc"], format = "f", digits = 3))
  expect_error(unitroot_table(data.frame()), class = "coagg_input_error")
  expect_true(all(grepl("\\\\$", format(tab, "latex")[7:8])))
})

test_that("save_table() chooses the format by extension; Word through pandoc", {
  m <- table_models()
  tab <- model_table(m$fe, m$re)
  for (ext in c("txt", "md", "tex", "html")) {
    f <- tempfile(fileext = paste0(".", ext))
    expect_identical(save_table(tab, f), f)
    fmt <- c(txt = "text", md = "markdown", tex = "latex", html = "html")[[ext]]
    expect_identical(readLines(f, encoding = "UTF-8"), format(tab, fmt))
    unlink(f)
  }
  f <- tempfile(fileext = ".md")
  save_table(model_table(m$fe, lang = "zh"), f)
  expect_true(any(grepl("\u5e38\u6570\u9879", readLines(f, encoding = "UTF-8"))))
  e <- expect_error(save_table(tab, tempfile(fileext = ".pdf")), class = "coagg_input_error")
  expect_identical(e$arg, "file")
  expect_error(save_table(tab, tempfile()), class = "coagg_input_error")
  expect_error(save_table(as.data.frame(tab), tempfile(fileext = ".md")), class = "coagg_input_error")
  skip_if_not(requireNamespace("rmarkdown", quietly = TRUE) && rmarkdown::pandoc_available())
  f <- tempfile(fileext = ".docx")
  save_table(tab, f)
  # a .docx is a zip archive whose document holds the table's cells
  files <- utils::unzip(f, list = TRUE)$Name
  expect_true("word/document.xml" %in% files)
  dir <- tempfile()
  utils::unzip(f, "word/document.xml", exdir = dir)
  doc <- paste(readLines(file.path(dir, "word/document.xml"), warn = FALSE), collapse = "")
  expect_match(doc, "<w:tbl>", fixed = TRUE)
  expect_match(doc, formatC(coef(m$fe)[["x"]], format = "f", digits = 3), fixed = TRUE)
  unlink(c(f, dir), recursive = TRUE)
})

test_that("unitroot_table() gives CIPS its p-value bracket and the stars the bracket earns", {
  # regression: CIPS rows (no p-value) printed "-1.214 ()"
  data("Produc", package = "plm")
  ur <- suppressWarnings(panel_unitroot(Produc, ~ unemp, tests = c("ips", "cips"),
                                        difference = 0))
  tab <- unitroot_table(ur)
  cell <- tab[["CIPS"]]
  br <- as.data.frame(ur)$p_bracket[as.data.frame(ur)$test == "cips"]
  expect_false(grepl("()", cell, fixed = TRUE))
  expect_match(cell, gsub(" ", "", br, fixed = TRUE), fixed = TRUE)
  expect_identical(coagg:::bracket_stars(c("< 0.01", "0.01-0.05", "0.05-0.10", "> 0.10")),
                   c("***", "**", "*", ""))
  # a star level below the bracket's upper end is not claimed
  expect_identical(coagg:::bracket_stars("< 0.01", c(0.05, 0.001)), "*")
  expect_true(any(grepl("bracket", attr(tab, "notes"), fixed = TRUE)))
})

test_that("a CIPS statistic without p-value or bracket gets no empty parentheses (regression)", {
  # at T = 6 (the Zhejiang index) Pesaran's tables give no critical value:
  # the cell showed "0.519 ()"
  r <- suppressWarnings(panel_unitroot(zhejiang_coagg, "coagg", index = c("city", "year"),
                                       tests = c("cips", "cips_trunc"), difference = 0))
  expect_true(all(is.na(r$p_value)) && all(is.na(r$p_bracket)))
  tab <- as.data.frame(unitroot_table(r))
  expect_identical(tab$CIPS, sprintf("%.3f", r$statistic[r$test == "cips"]))
  expect_false(any(grepl("()", unlist(tab), fixed = TRUE)))
  expect_identical(as.data.frame(unitroot_table(r, cell = "p_value"))$CIPS, "-")
})
