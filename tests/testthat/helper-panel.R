# Helpers of the panel-model and Hausman tests.

# Elementwise agreement of `ours` with a reference `ref` (plm, or an
# independent computation): every element within relative `bound`.
# expect_equal(tolerance =) is not used for this because it compares the
# MEAN relative difference over a vector or matrix, so a 10% error in a
# small element can pass. Elements that are exactly zero in the reference
# have no relative difference; they are held to the absolute bound
# `zero_abs`, which the caller must choose for the scale of the numbers
# (the test fails if the reference has an exact zero and none is given).
# Names and dimnames must agree as well.
expect_rel <- function(ours, ref, bound = 1e-8, zero_abs = NULL, info = NULL) {
  lab <- paste0(if (!is.null(info)) paste0(info, ": ") else "", deparse(substitute(ours))[1L])
  expect_identical(length(ours), length(ref), info = info)
  if (!is.null(names(ours)) && !is.null(names(ref))) {
    expect_identical(names(ours), names(ref), info = info)
  }
  if (!is.null(dimnames(ours)) && !is.null(dimnames(ref))) {
    expect_identical(unname(dimnames(ours)), unname(dimnames(ref)), info = info)
  }
  o <- as.vector(ours)
  r <- as.vector(ref)
  expect_false(anyNA(o) || anyNA(r), info = info)
  zero <- r == 0
  if (any(zero)) {
    if (is.null(zero_abs)) {
      fail(sprintf("%s: the reference has %d exact zeros; give `zero_abs`", lab, sum(zero)))
    } else {
      expect_lt(max(abs(o[zero])), zero_abs, label = paste(lab, "(|ours| where the reference is 0)"))
    }
  }
  if (any(!zero)) {
    expect_lt(max(rel_diff(o[!zero], r[!zero])), bound,
              label = paste(lab, "(max elementwise relative difference)"))
  }
}

# Agreement with numbers transcribed from a printed table: each element of
# `ours` must round to the printed value, i.e. lie within half a unit of its
# last printed decimal (`decimals`, recycled).
expect_printed <- function(ours, printed, decimals, info = NULL) {
  lab <- paste0(if (!is.null(info)) paste0(info, ": ") else "", deparse(substitute(ours))[1L])
  expect_identical(length(ours), length(printed), info = info)
  half <- 0.5 * 10^(-rep_len(decimals, length(printed)))
  expect_lte(max(abs(unname(as.vector(ours)) - printed) / half), 1,
             label = paste(lab, "(distance to the printed value, in half-units of its last digit)"))
}

# Data and formulas shared by the panel-model test files (plm's datasets: a
# missing plm fails in CI, see skip_if_no_crosscheck()).
plm_dataset <- function(name) {
  skip_if_no_crosscheck("plm")
  e <- new.env()
  utils::data(list = name, package = "plm", envir = e)
  e[[name]]
}
grunfeld <- function() plm_dataset("Grunfeld")
empluk <- function() plm_dataset("EmplUK")
f_grun <- inv ~ value + capital
f_empl <- log(emp) ~ log(wage) + log(capital) + log(output)
plm_method <- c("swamy-arora" = "swar", "wallace-hussain" = "walhus",
                amemiya = "amemiya", nerlove = "nerlove")

# plm's theta: one value (balanced) or one per observation (unbalanced)
plm_theta_by_unit <- function(p) {
  th <- p$ercomp$theta
  ids <- plm::index(p)[[1L]]
  if (length(th) == 1L) return(stats::setNames(rep(unname(th), nlevels(ids)), levels(ids)))
  first <- !duplicated(ids)
  stats::setNames(unname(th[first]), as.character(ids[first]))
}

# A small simulated panel (N units x T periods) with a unit effect
# correlated with x1.
sim_panel_data <- function(N = 6, T = 5, seed = 11) {
  set.seed(seed)
  d <- data.frame(id = rep(sprintf("u%d", seq_len(N)), each = T), t = rep(seq_len(T), N))
  d$x1 <- rnorm(N * T) + rep(rnorm(N), each = T)
  d$x2 <- rnorm(N * T)
  d$y <- 1 + 0.5 * d$x1 - 0.3 * d$x2 + rep(rnorm(N), each = T) + rnorm(N * T)
  d
}
