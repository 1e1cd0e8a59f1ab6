# Methods for the result of panel_unitroot() (class coagg_unitroot): print,
# summary, `[`, as.data.frame, and as_htest() (the generic is defined here;
# other capabilities add their methods).

#' @export
print.coagg_unitroot <- function(x, digits = 4, ...) {
  s <- attr(x, "settings")
  if (is.null(s)) return(print(as.data.frame(x), ...))
  cat(sprintf("Panel unit-root tests (convention \"%s\")\n", s$convention))
  cat(paste0(ur_settings_lines(s), collapse = "\n"), "\n", sep = "")
  cat(sprintf(paste("Null: unit root (Hadri: stationarity). Verdict: stationary when at least",
                    "%d of %d tests support it at the %s%% level.\n\n"),
              s$majority, length(s$tests), format(100 * s$level)))
  tests <- s$tests
  key <- unique(x[c("variable", "form")])
  fmt_p <- function(p) ifelse(is.na(p), "NA", formatC(p, format = "f", digits = digits))
  body <- lapply(tests, function(t) {
    m <- x[x$test == t, ]
    i <- match(paste(key$variable, key$form), paste(m$variable, m$form))
    # CIPS: the bracket of its tabulated critical values (no p-value)
    ifelse(is.na(m$p_value[i]) & !is.na(m$p_bracket[i]), m$p_bracket[i], fmt_p(m$p_value[i]))
  })
  names(body) <- ur_labels[tests]
  vd <- x[!duplicated(paste(x$variable, x$form)), ]
  verdict <- ifelse(is.na(vd$verdict), sprintf("undetermined (%d/%d)", vd$votes, length(tests)),
                    sprintf("%s (%d/%d)", vd$verdict, vd$votes, length(tests)))
  out <- data.frame(Variable = key$variable, Form = key$form, body, Verdict = verdict,
                    check.names = FALSE, stringsAsFactors = FALSE)
  cat("p-values:\n")
  print(out, row.names = FALSE, right = TRUE)
  if (!isTRUE(s$balanced)) ur_print_samples(x)
  print_notes(collapse_notes(attr(x, "notes")))
  ur_print_dropped(attr(x, "dropped"))
  invisible(x)
}

# The units, observations and periods of each test (printed when the panel
# is unbalanced or has gaps, where they differ between tests).
ur_print_samples <- function(x) {
  done <- !is.na(x$statistic)
  if (!any(done)) return(invisible())
  cat("\nSamples (what each test used):\n")
  print(data.frame(Variable = x$variable[done], Form = x$form[done],
                   Test = unname(ur_labels[x$test[done]]), Units = x$units[done],
                   Obs = x$obs[done], Periods = x$periods[done],
                   Sample = unname(ur_sample_short[x$sample[done]]),
                   check.names = FALSE, stringsAsFactors = FALSE), row.names = FALSE)
  invisible()
}

ur_sample_short <- c(unit = "own periods", run = "longest run", balanced = "balanced sub-panel")

ur_sample_words <- c(unit = "each unit's own periods",
                     run = "each unit's longest run of consecutive periods",
                     balanced = "balanced sub-panel (periods observed in every unit)")

ur_print_dropped <- function(dr) {
  if (!is.null(dr) && nrow(dr)) {
    cat("\nDropped units:\n")
    print(dr, row.names = FALSE)
  }
  invisible()
}

ur_settings_lines <- function(s) {
  exo <- c(intercept = "individual intercepts", trend = "individual intercepts and trends",
           none = "none")[[s$exo]]
  lagtxt <- if (s$lags == "fixed") "fixed by the user" else
    sprintf("%s, maximum %s", toupper(s$lags),
            if (is.null(s$maxlag)) "by EViews' rule floor(min(T/3, 12) (T/100)^(1/4))" else s$maxlag)
  bw <- if (is.numeric(s$bandwidth)) sprintf("fixed at %d", s$bandwidth) else
    c(nw = "Newey-West (1994) automatic", llc = "LLC rule floor(3.21 T~^(1/3))",
      plm = "plm's rule round(3.21 T^(1/3))")[[s$bandwidth]]
  out <- c(sprintf("Deterministic terms: %s", exo),
           sprintf("Lag selection: %s", lagtxt),
           sprintf("Individual p-values: MacKinnon (1996), %s; regression variance RSS/%s",
                   if (s$pvalues == "finite") "finite sample (n = obs. in the regression)" else
                     "asymptotic", if (s$dfcor) "(n - k)" else "n"),
           sprintf("Long-run variance (LLC, PP): Bartlett kernel, bandwidth %s", bw))
  if (!is.null(s$na_action)) {
    out <- c(out, sprintf("Missing values: %s (na_action)", s$na_action))
  }
  if (!isTRUE(s$balanced) && length(s$samples)) {
    rule <- s$samples
    grp <- vapply(unique(rule), function(r) sprintf("%s: %s", paste(
      unique(sub(" (het.)", "", ur_labels[names(rule)[rule == r]], fixed = TRUE)),
      collapse = ", "), ur_sample_words[[r]]), "")
    out <- c(out, sprintf("Unbalanced panel: %s", paste(grp, collapse = "; ")))
  }
  out
}

# Notes are recorded per variable and form as '"var" (form): message'; for
# printing, variables that share a form and a message are listed together.
collapse_notes <- function(notes) {
  m <- regmatches(notes, regexec('^(".*") \\(([^)]*)\\): (.*)$', notes))
  ok <- lengths(m) == 4L
  if (!any(ok)) return(notes)
  key <- vapply(m[ok], function(z) paste(z[3L], z[4L], sep = "\r"), "")
  vars <- vapply(m[ok], `[`, "", 2L)
  first <- !duplicated(key)
  merged <- vapply(which(first), function(i) {
    z <- m[ok][[i]]
    paste0(paste(unique(vars[key == key[i]]), collapse = ", "), " (", z[3L], "): ", z[4L])
  }, "")
  out <- notes
  out[which(ok)[first]] <- merged
  drop <- which(ok)[!first]
  if (length(drop)) out[-drop] else out
}

ur_attributes <- c("statistics", "units", "dropped", "notes", "settings")

#' @export
`[.coagg_unitroot` <- function(x, ...) {
  out <- NextMethod()
  if (is.data.frame(out)) {
    attributes(out)[ur_attributes] <- NULL
    class(out) <- "data.frame"
  }
  out
}

#' @export
as.data.frame.coagg_unitroot <- function(x, ...) {
  attributes(x)[ur_attributes] <- NULL
  class(x) <- "data.frame"
  x
}

#' @export
summary.coagg_unitroot <- function(object, ...) {
  structure(list(table = as.data.frame(object),
                 statistics = attr(object, "statistics"), units = attr(object, "units"),
                 dropped = attr(object, "dropped"), notes = attr(object, "notes"),
                 settings = attr(object, "settings")),
            class = "summary.coagg_unitroot")
}

#' @export
print.summary.coagg_unitroot <- function(x, digits = 4, max_units = 20L, ...) {
  s <- x$settings
  cat(sprintf("Panel unit-root tests (convention \"%s\")\n", s$convention))
  cat(paste0(ur_settings_lines(s), collapse = "\n"), "\n\n", sep = "")
  st <- x$statistics
  if (!is.null(st) && nrow(st)) {
    tab <- x$table
    for (k in unique(paste(st$variable, st$form, sep = "\r"))) {
      b <- st[paste(st$variable, st$form, sep = "\r") == k, ]
      m <- match(paste(b$variable, b$form, b$test), paste(tab$variable, tab$form, tab$test))
      cat(sprintf("%s, %s\n", b$variable[1], b$form[1]))
      show <- data.frame(Test = ur_labels[b$test], Statistic = b$statistic_name,
                         Value = formatC(b$statistic, format = "f", digits = digits),
                         `p-value` = ifelse(is.na(b$p_value), "",
                                            formatC(b$p_value, format = "f", digits = digits)),
                         Units = b$units, Obs = b$obs,
                         Periods = ifelse(is.na(tab$periods[m]), "", tab$periods[m]),
                         Lags = ifelse(is.na(tab$lags[m]), "", tab$lags[m]),
                         check.names = FALSE, stringsAsFactors = FALSE)
      print(show, row.names = FALSE, right = FALSE)
      crit <- which(!is.na(b$crit_05))
      for (i in crit) {
        lead <- if (b$test[i] == "ips") {
          sprintf("IPS t-bar = %.4f (all lags zero); IPS (2003) Table 2", b$statistic[i])
        } else sprintf("%s = %.4f; Pesaran (2007) Tables II", b$statistic_name[i], b$statistic[i])
        cat(sprintf("%s critical values: 1%% %.3f, 5%% %.3f, 10%% %.3f\n", lead,
                    b$crit_01[i], b$crit_05[i], b$crit_10[i]))
      }
      cat("\n")
    }
  }
  un <- x$units
  if (!is.null(un) && nrow(un)) {
    cat(paste("Intermediate results by unit (ADF: lag, max lag, obs., t, p; PP: t, p, bandwidth;",
              "CIPS: the CADF t and its lag):\n"))
    for (k in unique(paste(un$variable, un$form, sep = "\r"))) {
      b <- un[paste(un$variable, un$form, sep = "\r") == k, ]
      cat(sprintf("\n%s, %s\n", b$variable[1], b$form[1]))
      shown <- utils::head(b, max_units)
      tab <- data.frame(Unit = shown$unit, Periods = shown$periods, Lag = shown$lags,
                       `Max lag` = shown$maxlag, Obs = shown$obs,
                       `ADF t` = round(shown$statistic, digits),
                       `ADF p` = round(shown$p_value, digits),
                       `PP t` = round(shown$pp_statistic, digits),
                       `PP p` = round(shown$pp_p_value, digits),
                       `PP bw` = shown$pp_bandwidth,
                       `LR var` = signif(shown$lrvar, digits), `LLC bw` = shown$bandwidth,
                       check.names = FALSE)
      if (!is.null(shown$cadf) && any(!is.na(shown$cadf))) {
        tab$`CADF t` <- round(shown$cadf, digits)
        tab$`CADF lag` <- shown$cadf_lags
      }
      print(tab, row.names = FALSE)
      if (nrow(b) > max_units) cat(sprintf("... and %d more units (see summary(x)$units)\n",
                                           nrow(b) - max_units))
    }
  }
  print_notes(collapse_notes(x$notes))
  ur_print_dropped(x$dropped)
  invisible(x)
}

# ---------------------------------------------------------------------------
# htest objects
# ---------------------------------------------------------------------------

#' Results as `htest` objects
#'
#' `as_htest()` turns a coagg test result into the `htest` objects of base R
#' (the class of [stats::t.test()]), which print in the familiar way and
#' work with code written for `htest`. For [panel_unitroot()] results there
#' is one `htest` per variable, form and test.
#'
#' @md
#' @param x a test result: a `coagg_unitroot` from [panel_unitroot()] (other
#'   classes may have methods too).
#' @param ... passed to methods; the `coagg_unitroot` method takes none
#'   besides those below.
#' @param test,variable,form select rows of the `coagg_unitroot` table: a
#'   test (`"llc"`, `"ips"`, ...), a variable (its name or term), a form
#'   (`"level"` or `"first difference"`); `NULL` keeps all.
#' @return One `htest` (a list with `statistic`, `parameter` (the degrees of
#'   freedom of the chi-square tests), `p.value`, `method`, `data.name`,
#'   `alternative`) when the selection is one row, else a list of them named
#'   `"variable / form / test"`.
#' @seealso [panel_unitroot()]
#' @examples
#' set.seed(1)   # simulated random walks
#' d <- data.frame(id = rep(1:10, each = 30), t = rep(1:30, 10))
#' d$y <- ave(rnorm(300), d$id, FUN = cumsum)
#' r <- panel_unitroot(d, "y", tests = c("llc", "ips"), difference = 0)
#' as_htest(r, test = "ips")
#' names(as_htest(r))
#' @export
as_htest <- function(x, ...) UseMethod("as_htest")

#' @rdname as_htest
#' @export
as_htest.default <- function(x, ...) {
  abort_input(sprintf(paste("must be a coagg test result that has an htest form (such as",
                            "panel_unitroot()'s), not %s."), describe(x)), arg = "x")
}

#' @rdname as_htest
#' @export
as_htest.coagg_unitroot <- function(x, test = NULL, variable = NULL, form = NULL, ...) {
  check_dots_empty(...)
  tab <- as.data.frame(x)
  keep <- rep(TRUE, nrow(tab))
  pick <- function(val, col, arg) {
    if (is.null(val)) return(TRUE)
    val <- check_choice(val, unique(tab[[col]]), arg, several_ok = TRUE)
    tab[[col]] %in% val
  }
  keep <- keep & pick(test, "test", "test") & pick(variable, "variable", "variable") &
    pick(form, "form", "form")
  tab <- tab[keep, , drop = FALSE]
  conv <- attr(x, "settings")$convention
  out <- lapply(seq_len(nrow(tab)), function(i) ur_htest(tab[i, ], conv))
  names(out) <- paste(tab$variable, tab$form, tab$test, sep = " / ")
  if (length(out) == 1L) out[[1L]] else out
}

ur_test_methods <- c(
  llc = "Levin-Lin-Chu panel unit-root test", breitung = "Breitung panel unit-root test",
  ht = "Harris-Tzavalis panel unit-root test", hadri = "Hadri panel stationarity test",
  hadri_het = "Hadri panel stationarity test (heteroskedasticity-consistent)",
  ips = "Im-Pesaran-Shin panel unit-root test", fisher_adf = "Fisher (Maddala-Wu) ADF test",
  cips = "Pesaran (2007) CIPS panel unit-root test (cross-sectionally augmented)",
  cips_trunc = "Pesaran (2007) truncated CIPS* panel unit-root test (cross-sectionally augmented)",
  fisher_pp = "Fisher (Maddala-Wu) Phillips-Perron test", choi_adf = "Choi inverse-normal ADF test",
  choi_pp = "Choi inverse-normal Phillips-Perron test")

ur_htest <- function(r, convention) {
  common <- r$test %in% c("llc", "breitung", "ht")
  alt <- if (r$test %in% c("hadri", "hadri_het")) "a unit root in some units" else
    if (common) "stationarity (a common autoregressive coefficient below 1)" else
      "stationarity of some units"
  bracket <- if (!is.null(r$p_bracket) && !is.na(r$p_bracket)) {
    sprintf("; p-value %s by Pesaran's (2007) tables, none computed", r$p_bracket)
  } else ""
  structure(list(
    statistic = stats::setNames(r$statistic, r$statistic_name),
    parameter = if (!is.na(r$df)) c(df = r$df) else NULL,
    p.value = r$p_value,
    method = sprintf('%s (convention "%s"%s)', ur_test_methods[[r$test]], convention, bracket),
    data.name = sprintf("%s (%s): %d units, %s observations%s", r$variable, r$form, r$units,
                        format(r$obs), if (is.na(r$periods)) "" else paste(",", r$periods)),
    alternative = alt), class = "htest")
}

# ---------------------------------------------------------------------------
# plot, tidy, glance
# ---------------------------------------------------------------------------

#' Plot, tidy and glance for panel unit-root results
#'
#' `plot()` draws the battery as papers tabulate it: variables in rows, the
#' tests in columns, levels beside first differences, each cell holding the
#' test's p-value and coloured by what it says at the result's `level`
#' (blue: the test supports stationarity, i.e. rejects the unit root, or
#' for Hadri does not reject stationarity; orange: it does not; grey: not
#' computed), with the majority verdict of each variable and form in its
#' own column.
#'
#' @md
#' @param x a result of [panel_unitroot()].
#' @param main plot title (a default is made from the settings).
#' @param ... must be empty.
#' @return `plot()`: the data it drew, invisibly: one row per variable,
#'   form and test with `p_value`, `supports` and the `verdict` of the
#'   variable and form. `tidy()` (broom): one row per variable, form and
#'   test with `statistic`, `p.value`, `parameter` (the chi-square tests'
#'   degrees of freedom) and the sample columns; `glance()`: one row with
#'   the numbers of variables, tests, units and periods, the convention and
#'   the verdict rule.
#' @seealso [panel_unitroot()], [unitroot_table()]
#' @examples
#' set.seed(1)
#' d <- data.frame(id = rep(1:10, each = 30), t = rep(1:30, 10))
#' d$rw <- ave(rnorm(300), d$id, FUN = cumsum)
#' d$ar <- ave(rnorm(300), d$id, FUN = function(e) stats::filter(e, 0.3, method = "recursive"))
#' r <- panel_unitroot(d, c("rw", "ar"))
#' plot(r)
#' @name plot.coagg_unitroot
#' @export
plot.coagg_unitroot <- function(x, main = NULL, ...) {
  check_dots_empty(..., foreign = plot_foreign)
  s <- attr(x, "settings")
  tab <- as.data.frame(x)
  if (!nrow(tab)) abort_input("the result has no tests to plot.", arg = "x")
  vars <- unique(tab$variable)
  forms <- unique(tab$form)
  tests <- unique(tab$test)
  lab <- ur_labels[tests]
  nr <- length(vars)
  cols <- expand.grid(test = tests, form = forms, stringsAsFactors = FALSE)
  z <- matrix(NA_real_, nr, nrow(cols) + length(forms))
  text <- matrix("", nr, ncol(z))
  fill <- matrix(na_colour, nr, ncol(z))
  key <- function(v, f, t) match(paste(v, f, t, sep = "\r"),
                                 paste(tab$variable, tab$form, tab$test, sep = "\r"))
  col_names <- character()
  groups <- character()
  j <- 0L
  for (f in forms) {
    for (t in tests) {
      j <- j + 1L
      i <- key(vars, f, t)
      p <- tab$p_value[i]
      z[, j] <- p
      text[, j] <- ifelse(is.na(p), "-", formatC(p, format = "f", digits = 3L))
      sup <- tab$supports[i]
      fill[, j] <- ifelse(is.na(sup), verdict_colours[["undetermined"]],
                          ifelse(sup, verdict_colours[["stationary"]], verdict_colours[["unit root"]]))
      col_names <- c(col_names, unname(ur_labels[t]))
      groups <- c(groups, f)
    }
    j <- j + 1L
    i <- match(paste(vars, f, sep = "\r"), paste(tab$variable, tab$form, sep = "\r"))
    v <- tab$verdict[i]
    text[, j] <- ifelse(is.na(v), "?", ifelse(v == "stationary", "I(0)", "unit root"))
    fill[, j] <- ifelse(is.na(v), verdict_colours[["undetermined"]], verdict_colours[[1L]])
    fill[!is.na(v) & v == "unit root", j] <- verdict_colours[["unit root"]]
    col_names <- c(col_names, "verdict")
    groups <- c(groups, f)
  }
  dimnames(z) <- list(vars, col_names)
  if (is.null(main)) {
    main <- sprintf("Panel unit-root tests: p-values (convention \"%s\", %s%% level)",
                    s$convention, format(100 * s$level))
  }
  keys <- c(verdict_colours[["stationary"]], verdict_colours[["unit root"]],
            verdict_colours[["undetermined"]])
  names(keys) <- c("supports stationarity", "does not", "not computed")
  draw_heatmap(z, main = main, cell_colours = fill, cell_text = text, keys = keys,
               legend_title = sprintf("at %s%%", format(100 * s$level)), col_groups = groups)
  out <- data.frame(variable = tab$variable, form = tab$form, test = tab$test,
                    p_value = tab$p_value, supports = tab$supports, verdict = tab$verdict,
                    stringsAsFactors = FALSE)
  invisible(out)
}

tidy_coagg_unitroot <- function(x, ...) {
  tab <- as.data.frame(x)
  data.frame(variable = tab$variable, form = tab$form, test = tab$test,
             statistic_name = tab$statistic_name, statistic = tab$statistic,
             p.value = tab$p_value, parameter = tab$df, lags = tab$lags, units = tab$units,
             obs = tab$obs, periods = tab$periods, verdict = tab$verdict,
             stringsAsFactors = FALSE)
}

glance_coagg_unitroot <- function(x, ...) {
  s <- attr(x, "settings")
  tab <- as.data.frame(x)
  vf <- tab[!duplicated(paste(tab$variable, tab$form, sep = "\r")), ]
  data.frame(n_variables = length(unique(tab$variable)), n_tests = length(unique(tab$test)),
             n_units = max(tab$units, na.rm = TRUE, -Inf),
             n_stationary = sum(vf$verdict %in% "stationary"),
             n_unit_root = sum(vf$verdict %in% "unit root"), convention = s$convention,
             level = s$level, majority = s$majority, balanced = isTRUE(s$balanced),
             stringsAsFactors = FALSE)
}
