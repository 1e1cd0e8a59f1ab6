# Cross-check packages are in Suggests. Locally a missing one skips its
# tests; in CI (COAGG_REQUIRE_CROSSCHECKS=true, set by .ci/check) a missing
# one fails, because a skipped cross-check must never pass as a check.
skip_if_no_crosscheck <- function(pkg) {
  if (requireNamespace(pkg, quietly = TRUE)) return(invisible(TRUE))
  if (identical(Sys.getenv("COAGG_REQUIRE_CROSSCHECKS"), "true")) {
    fail(sprintf("cross-check package '%s' is not installed but CI requires it", pkg))
  }
  skip(sprintf("cross-check package '%s' not installed", pkg))
}

# Relative difference, elementwise, guarded at zero.
rel_diff <- function(x, y) abs(x - y) / pmax(abs(y), 1e-300)
