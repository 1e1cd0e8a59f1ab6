# Helpers of the agglomeration tests (test-agglomeration*.R): plain-R
# reference computations, the textbook case, simulated cells and the check
# of input errors. Independent computations are written plainly in R; none
# of them calls the package.

# ---------------------------------------------------------------------------
# Plain-R reference computations (dense region x industry matrices)
# ---------------------------------------------------------------------------

# E: regions x industries employment; x: reference shares; H: per industry
plain_gamma <- function(E, x, H) {
  s <- sweep(E, 2, colSums(E), "/")
  G <- colSums((s - x)^2)
  c2 <- 1 - sum(x^2)
  list(G = G, gamma = (G - c2 * H) / (c2 * (1 - H)), s = s)
}

plain_var <- function(x, H, z4) {
  S2 <- sum(x^2); S3 <- sum(x^3)
  2 * (H^2 * (S2 - 2 * S3 + S2^2) - z4 * (S2 - 4 * S3 + 3 * S2^2))
}

plain_pairs <- function(E, x) {
  s <- sweep(E, 2, colSums(E), "/")
  k <- ncol(E)
  out <- matrix(NA_real_, k, k)
  for (i in seq_len(k)) for (j in seq_len(k)) if (i != j) {
    out[i, j] <- sum((s[, i] - x) * (s[, j] - x)) / (1 - sum(x^2))
  }
  out
}

# Case 2 of eg-cases.md
fk <- function() {
  path <- test_path("fixtures", "fk2014_firms.csv")
  utils::read.csv(path, stringsAsFactors = FALSE)
}
fk_ref <- function(f = fk()) {
  r <- unique(f[c("region", "emp_region")])
  stats::setNames(r$emp_region, r$region)
}
fk_industries <- c("Clothing trade", "Forestry", "Textiles dyeing", "Textiles trade")

deep_copy <- function(x) unserialize(serialize(x, NULL))

# Elementwise relative agreement with a known answer (expect_equal's
# tolerance is on the mean relative difference, which lets one small element
# drift): the same cells missing, and every other cell within `tol`.
expect_rel_each <- function(got, known, tol) {
  got <- unname(as.vector(got)); known <- unname(as.vector(known))
  expect_identical(length(got), length(known))
  expect_identical(is.na(got), is.na(known))
  ok <- !is.na(known)
  if (any(ok)) expect_lt(max(rel_diff(got[ok], known[ok])), tol)
}

sim_cells <- function(seed = 1, nr = 30, ni = 12, zero = 0.15) {
  set.seed(seed)
  d <- expand.grid(region = sprintf("r%02d", seq_len(nr)), industry = sprintf("i%02d", seq_len(ni)),
                   stringsAsFactors = FALSE)
  d$firms <- stats::rpois(nrow(d), 6) + 1
  d$emp <- round(d$firms * stats::rlnorm(nrow(d), 3, 1))
  z <- stats::runif(nrow(d)) < zero
  d$emp[z] <- 0
  d$firms[z] <- 0
  d
}

# `row`: the first offending row of a data frame; `element`: of a vector
expect_input_error <- function(expr, arg, row = NULL, pattern = NULL, element = NULL) {
  e <- expect_error(expr, class = "coagg_input_error")
  expect_identical(e$arg, arg)
  expect_match(conditionMessage(e), sprintf("Argument `%s`", arg), fixed = TRUE)
  if (!is.null(row)) {
    expect_identical(as.integer(e$row), as.integer(row))
    expect_match(conditionMessage(e), sprintf("row %d\\b", row))
  }
  if (!is.null(element)) {
    expect_identical(as.integer(e$row), as.integer(element))
    expect_match(conditionMessage(e), sprintf("element %d\\b", element))
  }
  if (!is.null(pattern)) expect_match(conditionMessage(e), pattern)
  invisible(e)
}

# ---------------------------------------------------------------------------
# Cell sums and database tables (test-agglomeration-input.R, -db.R)
# ---------------------------------------------------------------------------

# Firm rows summed per cell in plain R: employment, the sums of e^2 and e^4,
# and the firms with positive employment.
plain_cell_sums <- function(f, keys, e) {
  g <- interaction(f[keys], drop = TRUE, lex.order = TRUE)
  first <- !duplicated(g)
  out <- f[first, keys, drop = FALSE]
  o <- order(g[first])
  out <- out[o, , drop = FALSE]
  v <- as.double(f[[e]])
  out$emp <- as.vector(rowsum(v, g))
  out$emp_sq <- as.vector(rowsum(v^2, g))
  out$emp_4th <- as.vector(rowsum(v^4, g))
  out$firms <- as.vector(rowsum(as.integer(v > 0), g))
  rownames(out) <- NULL
  out
}

# Simulated firm rows: regions x industries x periods, log-normal sizes,
# some firms without employment, cells with one firm, cells left empty.
sim_firms <- function(seed = 1, nr = 15, ni = 8, periods = 2001:2003, n = 3000) {
  set.seed(seed)
  f <- data.frame(region = sprintf("r%02d", sample.int(nr, n, TRUE)),
                  industry = sprintf("i%d", sample.int(ni, n, TRUE, prob = seq_len(ni))),
                  year = sample(periods, n, TRUE), stringsAsFactors = FALSE)
  f$emp <- round(stats::rlnorm(n, 3, 1.3))
  f$emp[stats::runif(n) < 0.03] <- 0
  f$firm <- sprintf("F%05d", seq_len(n))
  # a region-industry with a single firm in every period
  f <- rbind(f, data.frame(region = "r99", industry = "i1", year = periods, emp = 5000,
                           firm = "F_big"))
  f
}

# Two E-G results agree: the same rows and columns, every number within
# `tol` (relative, elementwise), the same notes; the same for the group
# table. `skip`: columns allowed to differ (the input's description).
# gamma and z are differences, G - (1 - S2) H over (1 - S2)(1 - H) and over
# sqrt(Var G): a rounding of H (summed in another order) moves them
# relative to the size of their terms, G / (1 - H) >= G / ((1 - S2)(1 - H)),
# not to their own size, which is near 0 when G and (1 - S2) H nearly
# cancel. Where the result has G and H they are compared relative to that
# scale (z scaled as gamma: they share the numerator); p-values, in [0, 1],
# to `tol` absolutely (a tail p-value's relative error is z^2 times z's).
expect_same_eg <- function(got, want, tol = 1e-12, skip = "input") {
  expect_identical(class(got), class(want))
  expect_identical(names(got), names(want))
  term <- NULL
  if (all(c("estimate", "gini", "herfindahl") %in% names(want))) {
    g <- want$estimate
    term <- pmax(1, want$gini / (1 - want$herfindahl) / abs(g))
  }
  for (k in setdiff(names(want), skip)) {
    if (k %in% c("estimate", "statistic") && !is.null(term)) {
      ok <- !is.na(want[[k]]) & is.finite(term)
      expect_identical(is.na(got[[k]]), is.na(want[[k]]))
      expect_lt(max(c(0, abs(got[[k]] - want[[k]])[ok] / (abs(want[[k]]) * term)[ok])), tol,
                label = k)
    } else if (k == "p_value") {
      expect_identical(is.na(got[[k]]), is.na(want[[k]]))
      expect_lt(max(c(0, abs(got[[k]] - want[[k]])), na.rm = TRUE), tol, label = k)
    } else if (is.double(want[[k]])) {
      expect_rel_each(got[[k]], want[[k]], tol)
    } else {
      expect_identical(as.vector(got[[k]]), as.vector(want[[k]]), label = k)
    }
  }
  if (!is.null(attr(want, "groups"))) {
    expect_same_eg(attr(got, "groups"), attr(want, "groups"), tol, skip)
  }
  expect_identical(attr(got, "notes"), attr(want, "notes"))
}

# A small yearbook-style city x industry x year table with Chinese city
# names (simulated), for the plots.
yearbook_like <- function() {
  set.seed(8)
  cities <- c("\u676d\u5dde\u5e02", "\u5b81\u6ce2\u5e02", "\u6e29\u5dde\u5e02",
              "\u5609\u5174\u5e02", "\u6e56\u5dde\u5e02", "\u7ecd\u5174\u5e02")
  d <- expand.grid(city = cities, industry = c("C13", "C14", "C17", "G54", "G59"),
                   year = 2011:2013, stringsAsFactors = FALSE)
  d$employment <- round(stats::rlnorm(nrow(d), 8, 1))
  d$firms <- pmax(1, round(d$employment / stats::runif(nrow(d), 20, 80)))
  d
}
