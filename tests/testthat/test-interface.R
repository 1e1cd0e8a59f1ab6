# The interface rules of DESIGN.md ("The vocabulary"), checked on every
# exported function: argument order and names. A new export that breaks a
# rule fails here, so the rules hold without anyone remembering them.

exported_functions <- function() {
  ns <- asNamespace("coagg")
  nms <- sort(getNamespaceExports("coagg"))
  fns <- mget(nms, envir = ns, inherits = FALSE)
  fns[vapply(fns, is.function, NA)]
}

args_of <- function(f) names(formals(f))

# default of an argument as a value (evaluated in the function's namespace)
default_of <- function(f, arg) eval(formals(f)[[arg]], envir = asNamespace("coagg"))

model_functions <- c("panel_re", "panel_fe", "panel_pooled")
panel_functions <- c(model_functions, "hausman_test", "panel_unitroot")
eg_functions <- c("eg_index", "eg_coagg", "eg_coagg_matrix", "location_quotient")
synergy_functions <- c("entropy_weights", "critic_weights", "grey_relation", "order_degree",
                       "synergy_degree", "coupling_coordination")

test_that("every function that takes data takes it first (models: formula, data)", {
  for (nm in names(fns <- exported_functions())) {
    a <- args_of(fns[[nm]])
    if (!"data" %in% a) next
    if (nm %in% model_functions) {
      expect_identical(a[1:2], c("formula", "data"), label = nm)
    } else if (nm == "hausman_test") {
      # two fitted models (or a formula and data) come first, as t.test(x, y)
      expect_identical(a[1:2], c("x", "y"), label = nm)
    } else {
      expect_identical(a[1L], "data", label = nm)
    }
  }
})

test_that("every function that takes data has na_action = c('fail', 'omit')", {
  for (nm in names(fns <- exported_functions())) {
    f <- fns[[nm]]
    if (!"data" %in% args_of(f)) next
    expect_true("na_action" %in% args_of(f), label = nm)
    expect_setequal(default_of(f, "na_action"), c("fail", "omit"))
  }
})

test_that("panel keys are `index`, defaulting to NULL (the first two columns)", {
  fns <- exported_functions()
  for (nm in panel_functions) {
    expect_true("index" %in% args_of(fns[[nm]]), label = nm)
    expect_null(default_of(fns[[nm]], "index"), label = nm)
  }
  # no function spells the keys another way
  for (nm in names(fns)) {
    expect_false(any(c("id", "by", "unit_col", "time_col", "group") %in% args_of(fns[[nm]])),
                 label = nm)
  }
})

test_that("agglomeration functions share their key and measure names, in order", {
  fns <- exported_functions()
  for (nm in eg_functions) {
    a <- args_of(fns[[nm]])
    expect_identical(a[1:4], c("data", "region", "industry", "employment"), label = nm)
    expect_true(all(c("firm_id", "time", "reference", "na_action") %in% a), label = nm)
    # column arguments come before the options
    expect_lt(match("time", a), match("reference", a), label = nm)
  }
  expect_true(all(c("per_region", "combine") %in% args_of(fns$eg_coagg)))
  expect_false(any(c("index", "formula") %in% args_of(fns$eg_coagg)))
})

test_that("the synergy functions take data, then their variables, then keys", {
  fns <- exported_functions()
  for (nm in synergy_functions) {
    a <- args_of(fns[[nm]])
    expect_identical(a[1L], "data", label = nm)
    expect_true("index" %in% a, label = nm)
    expect_lt(2L, match("index", a) + 1L, label = nm)
  }
})

test_that("one meaning per name: no `method` with several meanings, no plm spellings", {
  fns <- exported_functions()
  with_method <- names(fns)[vapply(fns, function(f) "method" %in% args_of(f), NA)]
  # `method` survives only as MacKinnon's way of computing critical values
  expect_identical(with_method, "mackinnon_crit")
  for (nm in names(fns)) {
    a <- args_of(fns[[nm]])
    expect_false(any(c("random.method", "vce", "na.action", "random.dfcor") %in% a), label = nm)
    # `model` names a fitted model (random_effects(model)), never plm's model type
    if ("data" %in% a) expect_false("model" %in% a, label = nm)
    if ("convention" %in% a) {
      conv <- default_of(fns[[nm]], "convention")
      # hausman_test() takes the fitted models' convention unless told
      if (nm == "hausman_test") expect_null(conv) else
        expect_setequal(conv, c("eviews", "stata", "plm"))
    }
  }
})

test_that("plm / Stata spellings name our argument", {
  data("Grunfeld", package = "plm")
  expect_error(panel_re(inv ~ value, Grunfeld, random.method = "swar"),
               class = "coagg_foreign_argument")
  expect_error(panel_fe(inv ~ value, Grunfeld, model = "within"),
               class = "coagg_foreign_argument")
  expect_error(panel_unitroot(Grunfeld, "inv", test = "ips"),
               class = "coagg_foreign_argument")
  d <- data.frame(r = rep(c("a", "b"), each = 2), i = rep(c("x", "y"), 2), e = 1:4)
  expect_error(eg_coagg(d, "r", "i", "e", pair = list(p = "x", q = "y"), index = "lq"),
               class = "coagg_foreign_argument")
})
