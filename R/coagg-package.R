#' coagg: agglomeration indices and panel econometrics for regional economics
#'
#' Ellison-Glaeser agglomeration and co-agglomeration indices, location
#' quotients, panel unit-root tests, random- and fixed-effects panel
#' regression with the Hausman test, and the synergy and coupling-coordination
#' models of the regional-economics literature. The computations run in C
#' (registered `.Call` routines); the R functions take long data frames and
#' return tidy data frames or model objects.
#'
#' Input problems are signalled as errors of class `coagg_input_error` that
#' name the argument, column and first offending row; statistical caveats are
#' warnings of class `coagg_warning` that are also recorded in the returned
#' object (see [coagg_conditions]). Where programs disagree, the argument
#' `convention` chooses whose numbers to reproduce (see [coagg_conventions]).
#'
#' Every result has `print()` and `plot()` methods (base graphics; `plot()`
#' returns the data it drew), and, when the broom package (or its generics)
#' is installed, `tidy()` and `glance()` methods, with `augment()` for the
#' panel models; [model_table()] and [unitroot_table()] lay results out as
#' the tables of a paper. See `vignette("results-to-paper", package =
#' "coagg")`.
#'
#' @section One vocabulary:
#' Every exported function speaks the same way:
#' * **Order**: the data first, then the columns, then the options. The model
#'   functions [panel_re()], [panel_fe()], [panel_pooled()] take
#'   `formula, data`, as `lm()`, `plm()` and `fixest::feols()` do.
#' * **Panel keys**: `index = NULL` means the first two columns of `data`
#'   (as in plm); or `index = c(unit, time)`; a plm `pdata.frame`'s own index
#'   is used. The synergy functions take the same `index`, or one period
#'   column for a single series; there `NULL` means no keys, and a panel
#'   whose keys are not given is an error, never a long series.
#' * **Agglomeration keys**: `region`, `industry`, `time` and the measures
#'   `employment`, `n_firms`, `firm_id`, spelled the same in every E-G
#'   function.
#' * **Variables** to test, weight or score: column names or a one-sided
#'   formula whose terms may transform (`~ log(x) + y`). A key column is never
#'   taken as a variable.
#' * **One meaning per name**: `convention` (whose numbers to reproduce,
#'   [coagg_conventions]); `na_action = c("fail", "omit")` (the missing-value
#'   policy, [coagg_missing]); `vcov` (a model's coefficient covariance);
#'   `re_method` (the random-effects variance components); `direction` (a
#'   named vector of `"+"` / `"-"` that may name only some indicators).
#'   Arguments as plm or Stata spell them (`random.method`, `model`, `vce`,
#'   `test`, ...) are errors of class `coagg_foreign_argument` that name ours.
#' * **Results**: data frames (or lists of them) whose headline column is
#'   `estimate`, with key columns `region`, `industry`, `time`, `unit` and
#'   test columns `statistic`, `p_value`, `df`; caveats in
#'   `attr(x, "notes")` and settings in `attr(x, "settings")` (models and
#'   tests: `x$notes`, `x$settings`). Tests are also `htest` objects through
#'   [as_htest()].
#'
#' @md
#' @keywords internal
#' @useDynLib coagg, .registration = TRUE
"_PACKAGE"

.onLoad <- function(libname, pkgname) {
  register_broom_methods()
  register_texreg_methods()
}

# ---------------------------------------------------------------------------
# broom's tidy(), glance() and augment()
# ---------------------------------------------------------------------------

# The classes with broom methods, and which methods. Each method is the
# function <generic>_<class> of the package (tidy_coagg_panel, ...), written
# beside the class's other methods.
broom_classes <- list(
  tidy = c("eg_index", "eg_coagg", "eg_coagg_matrix", "coagg_lq",
           "coagg_panel", "coagg_unit_effects", "coagg_hausman", "coagg_unitroot",
           "coagg_weights", "coagg_grey", "coagg_order", "coagg_synergy", "coagg_coupling",
           "coagg_audit", "coagg_chisq_audit", "coagg_cd", "coagg_study"),
  glance = c("eg_index", "eg_coagg", "eg_coagg_matrix", "coagg_lq",
             "coagg_panel", "coagg_unit_effects", "coagg_hausman", "coagg_unitroot",
             "coagg_weights", "coagg_grey", "coagg_order", "coagg_synergy", "coagg_coupling",
             "coagg_audit", "coagg_chisq_audit", "coagg_cd", "coagg_study"),
  augment = "coagg_panel")

# Register the methods with the generics package (which broom re-exports)
# without depending on it: now if it is loaded, else when it loads.
register_broom_methods <- function() {
  reg <- function(...) {
    ns <- asNamespace("generics")
    me <- topenv(environment(register_broom_methods))
    for (generic in names(broom_classes)) {
      for (cl in broom_classes[[generic]]) {
        fn <- get0(paste0(generic, "_", cl), envir = me, inherits = FALSE)
        if (is.function(fn)) registerS3method(generic, cl, fn, envir = ns)
      }
    }
  }
  if (isNamespaceLoaded("generics")) reg()
  setHook(packageEvent("generics", "onLoad"), reg)
  invisible(TRUE)
}

# ---------------------------------------------------------------------------
# texreg's extract()
# ---------------------------------------------------------------------------

# texreg's extract() is an S4 generic; its method for coagg_panel is set
# when texreg loads (now if it is loaded), in an environment of this
# package's own (the namespace is sealed by then).
texreg_methods <- new.env()

register_texreg_methods <- function() {
  reg <- function(...) {
    m <- asNamespace("methods")
    tr <- asNamespace("texreg")
    where <- texreg_methods
    m$setOldClass("coagg_panel", where = where)
    m$setMethod(tr$extract, "coagg_panel", extract_coagg_panel, where = where)
  }
  if (isNamespaceLoaded("texreg")) try(reg(), silent = TRUE)
  setHook(packageEvent("texreg", "onLoad"), function(...) try(reg(), silent = TRUE))
  invisible(TRUE)
}

# A result table as broom gives tables: a plain data frame (no class, notes
# or settings), with broom's names for the test columns.
broom_frame <- function(x) {
  x <- as.data.frame(unclass(x), stringsAsFactors = FALSE, optional = TRUE)
  attr(x, "notes") <- attr(x, "settings") <- NULL
  nm <- c(std_error = "std.error", p_value = "p.value", conf_low = "conf.low",
          conf_high = "conf.high")
  hit <- names(x) %in% names(nm)
  names(x)[hit] <- nm[names(x)[hit]]
  rownames(x) <- NULL
  x
}
