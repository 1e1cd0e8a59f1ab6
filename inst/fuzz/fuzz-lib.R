# Seeded fuzzer over every exported function of coagg.
#
# Sourced (into an environment of its own) by tests/testthat/test-fuzz.R and
# by inst/fuzz/fuzz.R. Case i is a deterministic function of (seed, i): the
# exported function is chosen round-robin, and its arguments come from a
# valid base case (small simulated data, never real data) to which a few
# random mutations are applied: wrong types, NA / NaN / Inf, empty and
# one-row frames, zero and negative employment, huge and tiny magnitudes,
# duplicated keys, factor vs character ids, unbalanced and gapped panels,
# collinear regressors, T = 2, N = 1, bad option values.
#
# A call passes when it returns a valid result (checked by the function's
# validator: the documented class, no NaN or infinite number where a finite
# one is defined, no NA without a recorded caveat, values in their ranges,
# print() works) or signals an error of class `coagg_input_error`; warnings
# must be of class `coagg_warning`; the inputs must be identical() before and
# after the call. Everything else is a finding.

fuzz_functions <- c(
  "eg_index", "eg_coagg", "eg_coagg_matrix", "location_quotient",
  "panel_unitroot", "mackinnon_p", "mackinnon_crit", "as_htest",
  "panel_re", "panel_fe", "panel_pooled", "random_effects", "hausman_test", "cd_test",
  "entropy_weights", "critic_weights", "grey_relation", "order_degree",
  "synergy_degree", "coupling_coordination",
  "audit_coef_table", "audit_chisq",
  "simulate_zhejiang_panel", "replicate_zhejiang",
  "model_table", "unitroot_table", "save_table",
  "coagg_study", "study_findings", "study_report", "simulate_yearbook"
)

# Exported functions that make no .Call of their own: they compose the
# others (whose .Calls the memory-checking stages already replay), at the
# cost of hundreds of .Calls per case. .ci/valgrind and .ci/gctorture skip
# their cases; the test suite, the sanitizers stage and fuzz.R run them.
fuzz_composed <- c("replicate_zhejiang", "coagg_study", "study_findings", "study_report")

# ---------------------------------------------------------------------------
# Random helpers (all draws go through R's RNG, seeded per case)
# ---------------------------------------------------------------------------

# State of the case being generated: in a "clean" case (40% of them) no
# mutation is applied and no alternative marked bad() is chosen, so that the
# valid paths are exercised as well as the error paths.
fuzz_state <- new.env()
fuzz_state$clean <- FALSE

pick <- function(x) x[[sample.int(length(x), 1L)]]

# Mark an alternative of one_of() as invalid on purpose.
bad <- function(x) structure(list(x), class = "fuzz_bad")

# One of the arguments, chosen at random; only the chosen one is evaluated.
# In a clean case, alternatives marked bad() are drawn again.
one_of <- function(...) {
  repeat {
    v <- ...elt(sample.int(...length(), 1L))
    if (!inherits(v, "fuzz_bad")) return(v)
    if (!fuzz_state$clean) return(v[[1L]])
  }
}
coin <- function(p = 0.5) stats::runif(1L) < p
rint <- function(lo, hi) if (hi <= lo) lo else lo + sample.int(hi - lo + 1L, 1L) - 1L

# A value of the wrong kind for almost any argument. (The function's
# environment is the global one, like a user's, so that identical() can
# compare it with its copy.)
bad_value <- function() {
  one_of(NULL, NA, NA_character_, NA_real_, "", "nonexistent", c("a", "b"), 1, -1, 0,
         1.5, Inf, -Inf, NaN, TRUE, FALSE, list(), list(1, "a"),
         eval(quote(function(x) x), globalenv()), character(0), numeric(0), integer(0),
         factor("a"), matrix(1:4, 2L), data.frame(a = 1), 1e308, -1e308, 5e-324,
         .Machine$integer.max, -.Machine$integer.max, as.Date("2020-01-01"), 1i, 1:3,
         c(NA, 1), as.POSIXct("2020-01-01", tz = "UTC"), structure(1, class = "weird"))
}

# With probability p, replace one argument (other than those in `protect`)
# by a bad value.
maybe_bad_arg <- function(args, p = 0.25, protect = character()) {
  if (fuzz_state$clean || !length(args) || !coin(p)) return(args)
  nm <- setdiff(names(args), protect)
  if (!length(nm)) return(args)
  a <- pick(nm)
  v <- bad_value()
  if (is.null(v)) args[a] <- list(NULL) else args[[a]] <- v
  args
}

# ---------------------------------------------------------------------------
# Data-frame mutations
# ---------------------------------------------------------------------------

mut_num_cell <- function(df, col, value) {
  if (!nrow(df) || !col %in% names(df)) return(df)
  x <- df[[col]]
  if (!is.numeric(x)) return(df)
  i <- sample.int(nrow(df), 1L)
  x[i] <- value
  df[[col]] <- x
  df
}

# One random mutation of a data frame. `keys` are key columns (region,
# industry, id, time), `nums` numeric columns, `panel` = c(id, time) or NULL.
mutate_df_once <- function(df, keys, nums, panel = NULL) {
  n <- nrow(df)
  kinds <- c("empty", "one_row", "na", "nan", "inf", "neg", "zero", "zero_col", "huge",
             "tiny", "text", "factor_num", "logical", "integer", "dup_row", "na_key",
             "factor_key", "char_key", "num_key", "empty_key", "drop_col", "list_col",
             "matrix_col", "shuffle", "const_col", "dup_names", "extra_class",
             "unicode_key", "denormal", "maxdbl", "double_key_frac", "date_key")
  if (!is.null(panel)) {
    kinds <- c(kinds, rep(c("drop_rows", "gap", "T2", "T1", "N1", "dup_panel_key",
                            "unbalanced"), 2L))
  }
  k <- pick(kinds)
  num <- if (length(nums)) pick(nums) else NA_character_
  key <- if (length(keys)) pick(keys) else NA_character_
  has <- function(col) !is.na(col) && col %in% names(df)
  switch(k,
    empty = df[0L, , drop = FALSE],
    one_row = if (n) df[sample.int(n, 1L), , drop = FALSE] else df,
    na = mut_num_cell(df, num, NA),
    nan = mut_num_cell(df, num, NaN),
    inf = mut_num_cell(df, num, one_of(Inf, -Inf)),
    neg = mut_num_cell(df, num, one_of(-1, -1e-300, -1e6)),
    zero = mut_num_cell(df, num, 0),
    zero_col = { if (has(num) && is.numeric(df[[num]])) df[[num]] <- df[[num]] * 0; df },
    huge = { if (has(num) && is.numeric(df[[num]])) df[[num]] <- df[[num]] * one_of(1e300, 1e200, 1e150); df },
    tiny = { if (has(num) && is.numeric(df[[num]])) df[[num]] <- df[[num]] * one_of(1e-300, 1e-200, 1e-150); df },
    denormal = mut_num_cell(df, num, 5e-324),
    maxdbl = mut_num_cell(df, num, .Machine$double.xmax),
    text = {
      if (has(num)) {
        x <- as.character(df[[num]])
        if (length(x)) x[sample.int(length(x), 1L)] <- one_of("n/a", "1,234", "", " 3.5 ", "-")
        df[[num]] <- x
      }
      df
    },
    factor_num = { if (has(num)) df[[num]] <- factor(df[[num]]); df },
    logical = { if (has(num)) df[[num]] <- rep_len(one_of(NA, TRUE, c(TRUE, FALSE)), n); df },
    integer = { if (has(num)) df[[num]] <- suppressWarnings(as.integer(round(as.numeric(df[[num]])))); df },
    dup_row = if (n) df[c(seq_len(n), sample.int(n, 1L)), , drop = FALSE] else df,
    na_key = { if (has(key) && n) { x <- df[[key]]; x[sample.int(n, 1L)] <- NA; df[[key]] <- x }; df },
    factor_key = {
      if (has(key)) {
        x <- df[[key]]
        lev <- unique(as.character(x))
        if (coin()) lev <- rev(lev)
        if (coin()) lev <- c(lev, "unused_level")
        df[[key]] <- factor(as.character(x), levels = lev)
      }
      df
    },
    char_key = { if (has(key)) df[[key]] <- as.character(df[[key]]); df },
    num_key = { if (has(key)) df[[key]] <- as.integer(factor(df[[key]])) * one_of(1L, 10L, -1L); df },
    double_key_frac = { if (has(key)) df[[key]] <- as.integer(factor(df[[key]])) + 0.5; df },
    date_key = { if (has(key)) df[[key]] <- as.Date("2000-01-01") + 365L * as.integer(factor(df[[key]])); df },
    empty_key = {
      if (has(key) && n) { x <- as.character(df[[key]]); x[sample.int(n, 1L)] <- ""; df[[key]] <- x }
      df
    },
    unicode_key = {
      if (has(key) && n) {
        x <- as.character(df[[key]])
        x[x == x[1L]] <- "Zh\u00e8ji\u0101ng \u6d59\u6c5f"
        df[[key]] <- x
      }
      df
    },
    drop_col = { col <- pick(c(keys, nums)); if (!is.na(col)) df[[col]] <- NULL; df },
    list_col = { if (has(num)) df[[num]] <- I(as.list(df[[num]])); df },
    matrix_col = { if (has(num)) df[[num]] <- cbind(a = df[[num]], b = df[[num]]); df },
    shuffle = if (n) df[sample.int(n), , drop = FALSE] else df,
    const_col = { if (has(num) && is.numeric(df[[num]]) && n) df[[num]] <- rep(df[[num]][1L], n); df },
    dup_names = { if (ncol(df) >= 2L) names(df)[2L] <- names(df)[1L]; df },
    extra_class = { class(df) <- c("tbl_df", "tbl", "data.frame"); df },
    drop_rows = if (n > 1L) df[sort(sample.int(n, max(1L, floor(0.8 * n)))), , drop = FALSE] else df,
    unbalanced = {
      id <- df[[panel[1L]]]
      if (n && length(id)) {
        u <- pick(unique(id))
        rows <- which(id == u)
        if (length(rows) > 1L) df <- df[-rows[length(rows)], , drop = FALSE]
      }
      df
    },
    gap = {
      tm <- df[[panel[2L]]]
      if (length(tm) && length(unique(tm)) > 2L) {
        ut <- sort(unique(tm))
        mid <- ut[rint(2L, length(ut) - 1L)]
        drop <- which(tm == mid)
        if (coin()) drop <- drop[1L]
        df <- df[-drop, , drop = FALSE]
      }
      df
    },
    T2 = {
      tm <- df[[panel[2L]]]
      if (length(tm)) df <- df[tm %in% sort(unique(tm))[1:2], , drop = FALSE]
      df
    },
    T1 = {
      tm <- df[[panel[2L]]]
      if (length(tm)) df <- df[tm %in% sort(unique(tm))[1L], , drop = FALSE]
      df
    },
    N1 = {
      id <- df[[panel[1L]]]
      if (length(id)) df <- df[id %in% id[1L], , drop = FALSE]
      df
    },
    dup_panel_key = {
      if (n >= 2L && all(panel %in% names(df))) {
        i <- sample.int(n, 2L)
        df[[panel[1L]]][i[2L]] <- df[[panel[1L]]][i[1L]]
        df[[panel[2L]]][i[2L]] <- df[[panel[2L]]][i[1L]]
      }
      df
    },
    df)
}

mutate_df <- function(df, keys, nums, panel = NULL, max_mut = 3L,
                      prob = c(0.45, 0.3, 0.15, 0.1)) {
  if (fuzz_state$clean) return(df)
  k <- sample(0:max_mut, 1L, prob = prob[seq_len(max_mut + 1L)])
  # a mutation that does not apply to what earlier ones left is skipped
  for (j in seq_len(k)) df <- tryCatch(mutate_df_once(df, keys, nums, panel),
                                       error = function(e) df)
  rownames(df) <- NULL
  df
}

# ---------------------------------------------------------------------------
# Base data (all simulated)
# ---------------------------------------------------------------------------

sim_cells <- function(with_time = coin(0.3), wide = FALSE) {
  if (wide) return(sim_wide(firms = FALSE))
  nr <- rint(2L, 6L)
  ni <- rint(1L, 5L)
  nt <- if (with_time) rint(1L, 3L) else 1L
  g <- expand.grid(region = paste0("R", seq_len(nr)), industry = paste0("I", seq_len(ni)),
                   time = 2000L + seq_len(nt), stringsAsFactors = FALSE)
  g$employment <- round(stats::rlnorm(nrow(g), 5, 1.5))
  g$n_firms <- stats::rpois(nrow(g), 4) + 1
  if (coin(0.2) && nrow(g) >= 3L) g <- g[-sample.int(nrow(g), floor(nrow(g) / 3)), , drop = FALSE]
  # a region absent from one period (as a yearbook's unreported city-year)
  if (with_time && nt > 1L && coin(0.3)) g <- g[!(g$region == "R1" & g$time == 2001L), , drop = FALSE]
  if (!with_time) g$time <- NULL
  rownames(g) <- NULL
  g
}

sim_firms <- function(with_time = coin(0.3), wide = FALSE) {
  if (wide) return(sim_wide(firms = TRUE))
  n <- rint(3L, 40L)
  nt <- if (with_time) rint(1L, 3L) else 1L
  d <- data.frame(region = paste0("R", sample.int(rint(2L, 5L), n, TRUE)),
                  industry = paste0("I", sample.int(rint(1L, 4L), n, TRUE)),
                  firm = seq_len(n), employment = round(stats::rlnorm(n, 3, 1.5)),
                  stringsAsFactors = FALSE)
  if (with_time) {
    d <- do.call(rbind, lapply(seq_len(nt), function(t) transform(d, time = 2000L + t)))
  }
  d
}

# Wide and sparse: many regions, industries and periods, few rows each
# (integer codes, as a county x 6-digit-industry panel), or the adversarial
# shape where region, industry and period codes all run over the same range.
sim_wide <- function(firms = FALSE) {
  if (coin(0.3)) {
    k <- rint(20L, 400L)
    t <- rep(seq_len(k), 2L)
    d <- data.frame(region = c(seq_len(k), seq_len(k) %% k + 1L), industry = t, time = t)
  } else {
    # a few rows per period, in distinct regions (a period with one region is
    # an input error, and would make most cases one)
    nr <- rint(20L, 3000L); ni <- rint(20L, 3000L); nt <- rint(2L, 60L)
    per <- vapply(seq_len(nt), function(t) rint(2L, 6L), 0L)
    d <- data.frame(region = unlist(lapply(per, function(m) sample.int(nr, m))),
                    industry = sample.int(ni, sum(per), TRUE),
                    time = rep(sample.int(5L * nt, nt), per))
  }
  d$employment <- round(stats::rlnorm(nrow(d), 4, 1.5))
  if (firms) d$firm <- seq_len(nrow(d)) else d$n_firms <- stats::rpois(nrow(d), 3) + 1
  rownames(d) <- NULL
  d
}

# Damage of the kinds yearbook and database users bring, on top of
# mutate_df(): integer64 and other classed numbers, factor keys with an NA
# level, numbers as text with thousands separators, sums that overflow.
mutate_eg <- function(d, keys, nums) {
  if (fuzz_state$clean || !nrow(d) || !coin(0.4)) return(d)
  num <- pick(nums)
  key <- pick(keys)
  has64 <- requireNamespace("bit64", quietly = TRUE)
  switch(pick(c("int64", "int64_key", "asis", "weird_class", "na_level", "excel_text",
                "overflow", "all_huge", "all_tiny")),
    int64 = if (has64 && is.numeric(d[[num]])) d[[num]] <- bit64::as.integer64(round(d[[num]])),
    int64_key = if (has64) d[[key]] <- bit64::as.integer64(as.integer(factor(d[[key]]))),
    asis = if (is.numeric(d[[num]])) d[[num]] <- I(d[[num]]),
    weird_class = if (is.numeric(d[[num]])) d[[num]] <- structure(d[[num]], class = "weird"),
    na_level = {
      f <- addNA(factor(d[[key]]))
      f[sample.int(nrow(d), 1L)] <- NA
      d[[key]] <- f
    },
    excel_text = if (is.numeric(d[[num]])) {
      x <- format(d[[num]], big.mark = ",", trim = TRUE, scientific = FALSE)
      if (coin()) x[sample.int(length(x), 1L)] <- one_of("", "-", "n/a")
      d[[num]] <- x
    },
    overflow = if (is.numeric(d[[num]]) && nrow(d) >= 2L) d[[num]][1:2] <- 1e308,
    all_huge = if (is.numeric(d[[num]])) d[[num]] <- d[[num]] * 1e305,
    all_tiny = if (is.numeric(d[[num]])) d[[num]] <- d[[num]] * 1e-310)
  d
}

sim_panel <- function(N = rint(1L, 6L), T = one_of(2L, 3L, rint(4L, 8L), rint(10L, 30L))) {
  d <- data.frame(id = rep(paste0("u", seq_len(N)), each = T), time = rep(seq_len(T), N),
                  stringsAsFactors = FALSE)
  u <- rep(stats::rnorm(N), each = T)
  d$x1 <- stats::rnorm(N * T) + u
  d$x2 <- stats::rnorm(N * T)
  d$y <- 1 + 0.5 * d$x1 - 0.3 * d$x2 + u + stats::rnorm(N * T)
  d$rw <- stats::ave(stats::rnorm(N * T), d$id, FUN = cumsum)
  d$z <- abs(stats::rnorm(N * T)) + 0.1
  d
}

# Panel-specific damage to the regressors.
mutate_regressors <- function(d) {
  if (fuzz_state$clean || !nrow(d) || !coin(0.3)) return(d)
  k <- pick(c("collinear", "time_invariant", "constant", "scale_x", "tiny_x", "huge_y",
              "dup_x", "zero_y"))
  switch(k,
    collinear = { d$x2 <- 2 * d$x1 + 1; d },
    time_invariant = { d$x2 <- as.numeric(factor(d$id)); d },
    constant = { d$x2 <- 3; d },
    scale_x = { d$x1 <- d$x1 * 1e12; d },
    tiny_x = { d$x1 <- d$x1 * 1e-12; d },
    huge_y = { d$y <- d$y * 1e200; d },
    dup_x = { d$x2 <- d$x1; d },
    zero_y = { d$y <- 0; d },
    d)
}

# The families of real-data trouble that found the panel findings of issue
# 11 (valid input, so also in clean cases): classed numbers (integer64,
# I(), units-like), unit keys as factors with an NA level, character
# periods with equivalent spellings ("2001" and "2001.0"), a missing value
# in the response. Each must give the numbers of the plain data or a
# classed error.
mutate_panel_types <- function(d) {
  if (!nrow(d) || !coin(0.35)) return(d)
  k <- pick(c("int64_y", "int64_x", "int64_time", "asis_x", "na_level_id", "time_spellings",
              "na_y", "na_key"))
  have64 <- requireNamespace("bit64", quietly = TRUE)
  switch(k,
    int64_y = { if (have64) d$y <- bit64::as.integer64(round(d$y * 100)); d },
    int64_x = { if (have64) d$x2 <- bit64::as.integer64(round(d$x2 * 100)); d },
    int64_time = { if (have64) d$time <- bit64::as.integer64(d$time); d },
    asis_x = { d$x1 <- I(d$x1); d },
    na_level_id = {
      id <- factor(d$id)
      id[sample.int(nrow(d), 1L)] <- NA
      d$id <- addNA(id)
      d
    },
    time_spellings = {
      tm <- as.character(d$time)
      alt <- sample.int(nrow(d), max(1L, nrow(d) %/% 3L))
      tm[alt] <- paste0(tm[alt], ".0")
      d$time <- tm
      d
    },
    na_y = { d$y[sample.int(nrow(d), 1L)] <- NA; d },
    na_key = { d$time[sample.int(nrow(d), 1L)] <- NA; d },
    d)
}

# ---------------------------------------------------------------------------
# Generators: one per exported function. Each returns
#   list(fn = name, args = <inputs, checked identical() after the call>,
#        run = function(a) <the call>)
# Alternatives wrapped in bad() are invalid on purpose; a "clean" case (see
# fuzz_case()) never picks them and applies no mutation, so that the valid
# paths are exercised as often as the error paths.
# ---------------------------------------------------------------------------

call_fn <- function(fn, db = FALSE) {
  if (!db) return(function(a) do.call(getExportedValue("coagg", fn), a))
  # the E-G functions on a database table: the data frame of the case
  # written to an in-memory SQLite database, the call on its lazy table
  function(a) {
    # an argument made bad on purpose may leave no table to write
    if (!is.data.frame(a$data) || !fuzz_db_ok(a$data)) {
      return(do.call(getExportedValue("coagg", fn), a))
    }
    con <- DBI::dbConnect(RSQLite::SQLite(), ":memory:")
    on.exit(DBI::dbDisconnect(con))
    DBI::dbWriteTable(con, "cells", a$data)
    a$data <- dplyr::tbl(con, "cells")
    do.call(getExportedValue("coagg", fn), a)
  }
}

# Firm rows summed per cell: employment, firms with positive employment,
# sums of squares and fourth powers (the cell-sums input).
fuzz_cell_sums <- function(f) {
  keys <- intersect(c("region", "industry", "time"), names(f))
  g <- interaction(f[keys], drop = TRUE)
  e <- f$employment
  out <- f[!duplicated(g), keys, drop = FALSE]
  pick_sum <- function(v) as.vector(rowsum(v, g, reorder = FALSE))
  out$employment <- pick_sum(e)
  out$n_firms <- pick_sum(as.integer(e > 0))
  out$emp_sq <- pick_sum(e^2)
  out$emp_4th <- pick_sum(e^4)
  rownames(out) <- NULL
  out
}

# The database route is taken only for plain vector columns (SQLite stores
# no R classes and no matrix columns: a matrix column made the harness's
# dbWriteTable() fail, seed 7 case 2112) and when the suggested packages
# are there.
fuzz_db_ok <- function(d) {
  # COAGG_FUZZ_DB=false: the memory-checking stages (.ci/valgrind,
  # .ci/gctorture) leave SQLite out: its own C code under valgrind costs
  # minutes and is not ours; the engine's cell-sums mode, which the route
  # ends in, is among their call cases
  if (identical(Sys.getenv("COAGG_FUZZ_DB"), "false")) return(FALSE)
  nm <- names(d)
  all(vapply(c("DBI", "dplyr", "dbplyr", "RSQLite"), requireNamespace, TRUE, quietly = TRUE)) &&
    !is.null(nm) && !anyNA(nm) && all(nzchar(nm)) && !anyDuplicated(tolower(nm)) &&
    all(vapply(d, function(x) is.atomic(x) && is.null(dim(x)) && (!is.object(x) || is.factor(x)),
               TRUE))
}

gen_eg_common <- function() {
  mode <- pick(c("aggregate", "counts", "firms", "cell_sums"))
  wide <- coin(0.15)
  with_time <- wide || coin(0.3)
  d <- if (mode %in% c("firms", "cell_sums")) sim_firms(with_time, wide) else
    sim_cells(with_time, wide)
  if (mode == "cell_sums") d <- fuzz_cell_sums(d)
  nums <- c("employment", if (mode %in% c("counts", "cell_sums")) "n_firms",
            if (mode == "cell_sums") c("emp_sq", "emp_4th"))
  keys <- c("region", "industry", if (with_time) "time", if (mode == "firms") "firm")
  regions <- sort(unique(d$region))
  industries <- sort(unique(d$industry))
  periods <- if (with_time) sort(unique(d$time))
  nreg <- length(regions)
  # a mutation that does not apply to what earlier ones left is skipped
  d <- tryCatch(mutate_eg(mutate_df(d, keys, nums), keys, nums), error = function(e) d)
  args <- list(data = d, region = "region", industry = "industry", employment = "employment")
  if (mode %in% c("counts", "cell_sums")) args$n_firms <- "n_firms"
  if (mode == "cell_sums") {
    args$employment_sq <- "emp_sq"
    args$employment_4th <- "emp_4th"
    # the sums of another cell: inconsistent with its employment
    if (!fuzz_state$clean && coin(0.2) && nrow(d) > 1L && is.double(d$emp_sq) &&
        !is.object(d$emp_sq)) {
      args$data$emp_sq[1L] <- args$data$emp_sq[nrow(d)] * 3
    }
  }
  if (mode == "firms") args$firm_id <- "firm"
  if (with_time) args$time <- "time"
  if (coin(0.35)) args["reference"] <- list(gen_eg_reference(regions, periods))
  if (coin(0.35)) {
    ni <- length(industries)
    args$herfindahl <- one_of(
      "auto", bad("exact"), bad("counts"), "inverse_n", bad("bogus"),
      stats::setNames(stats::runif(ni, 0.01, 0.5), industries),
      data.frame(industry = industries, herfindahl = 0.2),
      bad(stats::setNames(rep(1, ni), industries)),
      bad(stats::setNames(rep(0, ni), industries)),
      bad(stats::setNames(c(NA, rep(0.1, ni - 1L)), industries)),
      bad(stats::runif(ni))
    )
  }
  if (coin(0.3)) args$na_action <- one_of("fail", "omit", bad("drop"))
  if (coin(0.2)) args$absent_regions <- one_of("missing", "zero", bad("skip"))
  list(args = args, regions = regions, industries = industries, mode = mode,
       db = coin(0.1) && fuzz_db_ok(args$data))
}

# Reference totals: the named vector and data frame forms, partial ones (a
# region-period without a total is an error; totals for region-periods
# without rows are the yearbook case), classed and extreme values.
gen_eg_reference <- function(regions, periods) {
  nreg <- length(regions)
  tot <- function() stats::runif(nreg, 1e5, 1e6)
  full <- if (!is.null(periods)) {
    expand.grid(region = regions, time = periods, stringsAsFactors = FALSE)
  } else data.frame(region = regions, stringsAsFactors = FALSE)
  full$total <- stats::runif(nrow(full), 1e5, 1e6)
  one_of(
    NULL, "total", "mean_share", bad("tot"),
    stats::setNames(round(tot()), regions),
    stats::setNames(tot(), rev(regions)),
    full,
    full[sample.int(nrow(full)), , drop = FALSE],
    if (requireNamespace("bit64", quietly = TRUE))
      stats::setNames(bit64::as.integer64(round(tot())), regions) else NULL,
    stats::setNames(rep(1e308, nreg), regions),   # sums beyond the largest double
    stats::setNames(tot() * 1e-300, regions),
    stats::setNames(stats::runif(nreg), regions),   # below the data's employment: a warning
    bad(full[-1L, , drop = FALSE]),                 # a region-period without a total
    bad(stats::setNames(c(round(stats::runif(nreg - 1L, 1e3, 1e5)), 0), regions)),
    bad(stats::setNames(c(NA, stats::runif(nreg - 1L, 1, 10)), regions)),
    bad(stats::runif(nreg)),
    bad(stats::setNames(c(stats::runif(nreg, 1, 10), 5), c(regions, "Rx"))),
    bad(stats::setNames(stats::runif(nreg, 1, 10), c(regions[-1L], regions[1L]))),
    bad(stats::setNames(-stats::runif(nreg), regions)),
    bad(structure(stats::setNames(tot(), regions), class = "weird")),
    bad(data.frame(region = c(regions, regions[1L]), total = 1)),
    bad(data.frame(region = regions, total = format(round(tot()), big.mark = ","))),
    bad(data.frame(region = regions[-1L], total = rep(1, nreg - 1L)))
  )
}

gen_eg_index <- function() {
  g <- gen_eg_common()
  list(fn = "eg_index", args = maybe_bad_arg(g$args, 0.15), run = call_fn("eg_index", g$db))
}

gen_eg_coagg <- function() {
  g <- gen_eg_common()
  ind <- g$industries
  sp <- if (length(ind) >= 2L) split(ind, sample(rep(1:2, length.out = length(ind)))) else
    list(ind, ind)
  g$args$pair <- one_of(
    list(manufacturing = sp[[1L]], logistics = sp[[2L]]),
    list(a = ind[1L], b = ind[length(ind)]),
    list(a = factor(ind[1L]), b = ind[length(ind)]),
    bad(list(a = ind[1L], b = "unknown")),
    bad(list(sp[[1L]], sp[[2L]])),
    bad(list(a = ind, b = ind)),
    bad(list(a = ind[1L])),
    bad(list(a = character(), b = ind[1L])),
    bad(list(a = NA, b = ind[1L])),
    bad(c(a = ind[1L], b = ind[length(ind)]))
  )
  if (coin(0.5)) {
    g$args$per_region <- one_of("lq", "decomposition", "location_quotient", "LQ", bad("d"))
  }
  if (coin(0.5)) g$args$combine <- one_of("ratio", "ratio_plus_sum", bad("sum"))
  # the names of coagg 0.1.0: an error naming the new argument
  if (coin(0.05)) g$args[[pick(c("index", "formula"))]] <- bad("lq")
  if (!is.null(g$args$herfindahl) && is.numeric(g$args$herfindahl)) {
    g$args$herfindahl <- stats::setNames(c(0.2, 0.3), names(g$args$pair))
  }
  list(fn = "eg_coagg", args = maybe_bad_arg(g$args, 0.15), run = call_fn("eg_coagg", g$db))
}

gen_eg_coagg_matrix <- function() {
  g <- gen_eg_common()
  ind <- g$industries
  if (coin(0.4)) {
    g$args$industries <- one_of(ind, ind[1L], rev(ind), factor(ind), bad(c(ind, "zzz")),
                                bad(c(ind[1L], ind[1L])), bad(character()), bad(NA))
  }
  if (coin(0.4)) {
    g$args$groups <- one_of(list(all = ind), list(g1 = ind[seq_len(min(2L, length(ind)))]),
                            bad(list(ind)), bad(list(a = ind, a = ind)), bad(list(a = ind[1L])),
                            bad(list(a = c(ind[1L], "nope"))), bad("groups"))
  }
  list(fn = "eg_coagg_matrix", args = maybe_bad_arg(g$args, 0.15),
       run = call_fn("eg_coagg_matrix", g$db))
}

gen_location_quotient <- function() {
  g <- gen_eg_common()
  a <- g$args
  a[c("n_firms", "employment_sq", "employment_4th", "herfindahl")] <- NULL
  list(fn = "location_quotient", args = maybe_bad_arg(a, 0.15),
       run = call_fn("location_quotient", g$db))
}

# Damage that unit-root data meet in practice: classed numbers (integer64,
# I(), labelled, an unknown class), factor keys with an NA level, character
# periods spelled two ways ("2001" and "2001.0"), extreme finite values,
# sparse and unbalanced panels (issue 11).
mutate_unitroot_df <- function(d) {
  if (fuzz_state$clean || !nrow(d) || !coin(0.5)) return(d)
  k <- pick(c("int64", "asis", "labelled", "odd_class", "na_level", "time_spellings",
              "extreme", "sparse", "late_start", "one_gap"))
  n <- nrow(d)
  switch(k,
    int64 = {
      if (requireNamespace("bit64", quietly = TRUE)) {
        col <- pick(c("rw", "y", "time"))
        v <- round(d[[col]] * if (col == "time") 1 else one_of(1, 1000))
        if (coin(0.1)) v[sample.int(n, 1L)] <- NA
        d[[col]] <- bit64::as.integer64(v)
        if (coin(0.1)) d[[col]][1L] <- bit64::as.integer64("9007199254740993")   # > 2^53
      }
      d
    },
    asis = { d$rw <- I(d$rw); d },
    labelled = { d$rw <- structure(d$rw, class = c("haven_labelled", "vctrs_vctr", "double")); d },
    odd_class = { d$rw <- structure(d$rw, class = "odd_number"); d },
    na_level = {
      id <- d$id
      id[sample.int(n, 1L)] <- NA
      d$id <- addNA(factor(id))
      d
    },
    time_spellings = {
      tm <- as.character(d$time)
      two <- d$id %in% unique(d$id)[c(TRUE, FALSE)]
      tm[two] <- paste0(tm[two], ".0")
      d$time <- tm
      d
    },
    extreme = {
      u <- d$id == pick(unique(d$id))
      d$rw[u] <- d$rw[u] * one_of(1e300, 1e-300, 1e154, 1e-154)
      if (coin(0.3)) d$rw[sample.int(n, 1L)] <- one_of(1e308, -1e308, .Machine$double.xmax)
      d
    },
    sparse = d[sort(sample.int(n, max(1L, round(n * stats::runif(1L, 0.3, 0.7))))), , drop = FALSE],
    late_start = {
      u <- d$id == pick(unique(d$id))
      d[!(u & d$time <= rint(1L, 5L)), , drop = FALSE]
    },
    one_gap = {
      u <- d$id == pick(unique(d$id))
      d[!(u & d$time == rint(2L, max(2L, max(d$time) - 1L))), , drop = FALSE]
    },
    d)
}

gen_panel_unitroot <- function() {
  d <- sim_panel(N = one_of(bad(1L), 2L, rint(3L, 6L), rint(3L, 6L)),
                 T = one_of(bad(2L), 3L, rint(4L, 9L), rint(10L, 30L), rint(10L, 30L)))
  d <- mutate_df(d, c("id", "time"), c("rw", "y"), panel = c("id", "time"))
  # (damage that does not apply to what earlier mutations left is skipped)
  d <- tryCatch(mutate_unitroot_df(d), error = function(e) d)
  rownames(d) <- NULL
  if (!fuzz_state$clean && coin(0.15) && nrow(d)) d$rw[d$id %in% d$id[1L]] <- 1  # a constant unit
  # (formulas live in the global environment, as a user's, so that the
  # check that the inputs are unchanged can compare them with their copies)
  f <- function(x) global_formula(x)
  args <- list(data = d, vars = one_of("rw", "y", c("rw", "y"), f(~ rw), f(~ log(z) + rw),
                                       f(~ I(rw - ave(rw, time))), bad("x9"), bad(c("rw", "rw")),
                                       bad(1), bad(f(~ log(rw))), bad(f(~ time)),
                                       bad(f(~ rw:y)), bad(f(y ~ rw)), bad("id")))
  if (coin(0.8)) {
    args$index <- one_of(c("id", "time"), c("id", "time"), NULL, bad(c("time", "id")), bad("id"),
                         bad(c("id", "nope")))
  }
  all_tests <- c("llc", "ips", "fisher_adf", "fisher_pp", "choi_adf", "choi_pp", "breitung",
                 "ht", "hadri", "hadri_het", "cips", "cips_trunc")
  if (coin(0.7)) {
    args$tests <- one_of(all_tests, sample(all_tests, rint(1L, 4L)), "llc", "ips",
                         c("ht", "hadri"), c("breitung", "hadri_het"), c("cips", "cips_trunc"),
                         c("ips", "cips"), bad("bogus"))
  }
  if (coin(0.5)) args$exo <- one_of("intercept", "trend", "none")
  if (coin(0.5)) {
    args$lags <- one_of("sic", "aic", "hq", 0, 1, 2, 5, bad(-1), bad(0.5), bad(200),
                        sample(0:2, length(unique(d$id)), TRUE), bad("none"))
  }
  if (coin(0.3)) args$maxlag <- one_of(0, 1, 3, 12, bad(-1), 1000)
  if (coin(0.3)) args$difference <- one_of(0, 1, c(0, 1), bad(2), bad(c(1, 1)))
  if (coin(0.4)) args$convention <- one_of("eviews", "stata", "plm")
  if (coin(0.3)) args$na_action <- one_of("omit", "fail", bad("drop"))
  if (coin(0.3)) args$bandwidth <- one_of("nw", "llc", "plm", 0, 3, bad(-2), 1e6)
  if (coin(0.2)) args$dfcor <- one_of(TRUE, FALSE, bad(NA))
  if (coin(0.2)) args$pvalues <- one_of("finite", "asymptotic", bad("exact"))
  if (coin(0.2)) args$small_t <- one_of("clamp", "extrapolate")
  if (coin(0.2)) args$majority <- one_of(1, bad(0), bad(99))
  if (coin(0.2)) args$level <- one_of(0.01, 0.1, bad(0), bad(1))
  if (!fuzz_state$clean && coin(0.05)) {
    # plm / Stata spellings: a coagg_foreign_argument error
    args[[pick(c("test", "pmax", "Hcons", "q", "demean", "trend", "truncated", "model"))]] <- 1
  }
  args <- maybe_bad_arg(args, 0.1, protect = "data")
  list(fn = "panel_unitroot", args = args, run = call_fn("panel_unitroot"))
}

# as_htest() of a unit-root result (made here from clean simulated data), or
# of something that has no htest form.
gen_as_htest <- function() {
  d <- sim_panel(N = rint(2L, 5L), T = rint(8L, 20L))
  tests <- sample(c("llc", "ips", "fisher_adf", "fisher_pp", "breitung", "ht", "hadri"),
                  rint(1L, 3L))
  ur <- suppressWarnings(coagg::panel_unitroot(d, one_of("rw", c("rw", "y")), tests = tests,
                                               difference = one_of(0, c(0, 1)), majority = 1))
  if (coin(0.25)) {
    # the htest face of cd_test()
    cd <- suppressWarnings(coagg::cd_test(sim_panel(N = rint(3L, 6L), T = rint(5L, 15L)),
                                          one_of("y", c("y", "rw")), tests = c("cd", "lm", "rho")))
    args <- list(x = one_of(cd, cd, bad(cd[1:2, ])))
    if (coin(0.4)) args$test <- one_of("cd", c("cd", "lm"), bad("frees"))
    if (coin(0.3)) args$variable <- one_of("y", bad("x9"))
    return(list(fn = "as_htest", args = maybe_bad_arg(args, 0.1, protect = "x"),
                run = call_fn("as_htest")))
  }
  args <- list(x = one_of(ur, ur, ur, bad(d), bad(1), bad(NULL), bad(ur[1:2, ])))
  if (coin(0.4)) args$test <- one_of(tests[1L], tests, bad("kpss"), bad(NA))
  if (coin(0.3)) args$variable <- one_of("rw", bad("x9"))
  if (coin(0.3)) args$form <- one_of("level", "first difference", bad("second difference"))
  list(fn = "as_htest", args = maybe_bad_arg(args, 0.1, protect = "x"),
       run = call_fn("as_htest"))
}

gen_mackinnon_p <- function() {
  n <- rint(0L, 6L)
  stat <- stats::rnorm(n, -2, 3)
  if (n && coin(0.4)) stat[sample.int(n, 1L)] <- one_of(NA, NaN, Inf, -Inf, 1e300, -1e300, 0, -50, 50)
  if (coin(0.1)) stat <- one_of(bad("a"), bad(as.character(stat)), bad(factor(stat)),
                                bad(list(-2)), stat)
  args <- list(stat = stat)
  if (coin(0.7)) {
    args$n <- one_of(Inf, 1, 2, 5, 20, 100, 1e6, 1e300, bad(0), bad(-1), bad(2.5), bad(NA),
                     bad(c(20, 30)), rep(25, max(n, 1L)), bad("20"))
  }
  if (coin(0.5)) args$exo <- one_of("intercept", "trend", "none", "quadratic", bad("x"))
  list(fn = "mackinnon_p", args = maybe_bad_arg(args, 0.1), run = call_fn("mackinnon_p"))
}

gen_mackinnon_crit <- function() {
  args <- list()
  if (coin(0.7)) {
    args$level <- one_of(c(0.01, 0.05, 0.1), 0.05, 1e-4, 0.9999, 0.5,
                         stats::runif(3, 1e-4, 0.9999), bad(0), bad(1), bad(NA), bad(-0.1),
                         bad(numeric(0)), bad(c(0.05, NA)))
  }
  if (coin(0.7)) args$n <- one_of(Inf, 1, 2, 10, 29, 1e6, 1e300, bad(0), bad(NA), bad(3.5))
  if (coin(0.5)) args$exo <- one_of("intercept", "trend", "none", "quadratic")
  if (coin(0.5)) args$method <- one_of("regression", "invert", bad("other"))
  list(fn = "mackinnon_crit", args = maybe_bad_arg(args, 0.1), run = call_fn("mackinnon_crit"))
}

panel_formula <- function() {
  f <- one_of(y ~ x1 + x2, y ~ x1 + x2, y ~ x1, y ~ ., log(z) ~ x1, y ~ x1 + I(2 * x1),
              y ~ x1 + offset(x2), y ~ factor(time) + x1, y ~ 1, y ~ x1 - 1, y ~ x1 * x2,
              y ~ log(x1), y ~ x1 + z + rw, bad(y ~ nothing), bad(~ x1), bad("y ~ x1"),
              y ~ id + x1)
  if (inherits(f, "formula")) environment(f) <- globalenv()
  f
}

gen_panel_data <- function() {
  d <- sim_panel()
  d <- mutate_regressors(d)
  d <- mutate_panel_types(d)
  mutate_df(d, c("id", "time"), c("y", "x1", "x2"), panel = c("id", "time"))
}

panel_opts <- function(args, fn) {
  if (coin(0.3)) args$convention <- one_of("eviews", "stata", "plm", bad("sas"))
  if (coin(0.4)) {
    args$vcov <- one_of("classical", "cluster", "driscoll-kraay", "driscoll-kraay", "twoway",
                        bad("hc1"))
  }
  # the robust covariances' options (refused with vcov = "classical" or "cluster")
  if (coin(0.25)) args$vcov_lag <- one_of(0, 1, 3, 50, bad(-1), bad(1.5), bad("2"))
  if (coin(0.25)) args$vcov_adjust <- one_of("none", "sss", "stata", bad("HC3"))
  if (coin(0.3)) args$na_action <- one_of("omit", "fail", bad("drop"))
  if (fn == "panel_re" && coin(0.4)) {
    args$re_method <- one_of("swamy-arora", "wallace-hussain", "amemiya", "nerlove", "swar",
                             "walhus", "wansbeek-kapteyn", bad("ht"))
  }
  if (fn == "panel_re" && coin(0.1)) args$effect <- one_of("individual", bad("twoways"))
  if (fn == "panel_fe" && coin(0.4)) args$effect <- one_of("individual", "twoways", bad("time"))
  if (!fuzz_state$clean && coin(0.05)) args$extra <- 1
  # plm's and Stata's spellings: coagg_foreign_argument (a coagg_input_error)
  if (!fuzz_state$clean && coin(0.05)) {
    args[[one_of("random.method", "model", "vce", "method", "na.action", "maxlag", "type")]] <- "x"
  }
  args
}

gen_panel_model <- function(fn) {
  function() {
    args <- list(formula = panel_formula(), data = gen_panel_data())
    # the keys: the first two columns (id, time) by default, or named
    if (coin(0.5)) args$index <- c("id", "time")
    if (!fuzz_state$clean && coin(0.1)) {
      args$index <- one_of(c("time", "id"), "id", c("id", "time", "x1"), c("id", "y"))
    }
    args <- panel_opts(args, fn)
    list(fn = fn, args = maybe_bad_arg(args, 0.1), run = call_fn(fn))
  }
}

# A fitted model from fuzzed data, or NULL when the data are refused. Fitting
# errors here are not findings of this case (the fitters are fuzzed on their
# own); the objects become the case's inputs.
try_fit <- function(fn, ...) {
  tryCatch(suppressMessages(suppressWarnings(getExportedValue("coagg", fn)(...))),
           coagg_input_error = function(e) NULL)
}

d0 <- function() data.frame(y = c(1, 3, 2, 5), x1 = c(1, 2, 3, 4))
lm0 <- function() stats::lm(stats::as.formula("y ~ x1", env = globalenv()), d0())
global_formula <- function(f) { environment(f) <- globalenv(); f }

gen_random_effects <- function() {
  d <- gen_panel_data()
  f <- global_formula(one_of(y ~ x1 + x2, y ~ x1, y ~ 1))
  m <- try_fit("panel_re", f, d, re_method = one_of("swamy-arora", "amemiya", "nerlove",
                                                     "wallace-hussain"))
  if (is.null(m) || (!fuzz_state$clean && coin(0.15))) {
    m <- one_of(NULL, 1, list(), try_fit("panel_fe", f, d), try_fit("panel_pooled", f, d),
                structure(list(), class = "coagg_panel"), lm0())
  }
  list(fn = "random_effects", args = list(model = m), run = call_fn("random_effects"))
}

gen_hausman_test <- function() {
  d <- gen_panel_data()
  f <- global_formula(one_of(y ~ x1 + x2, y ~ x1, y ~ x1 + x2 + z, y ~ 1, y ~ factor(time) + x1))
  way <- one_of("formula", "formula_positional", "models", "models", "reversed", "robust",
                bad("mismatch"), bad("junk"), bad("same_kind"))
  re_conv <- one_of("eviews", "stata", "plm")
  fit_re <- function(dd) try_fit("panel_re", f, dd, convention = re_conv,
                                 re_method = one_of("swamy-arora", "swamy-arora", "amemiya",
                                                    "wallace-hussain", "nerlove"))
  args <- switch(way,
    formula = list(x = f, data = d),
    formula_positional = list(x = f, y = d),
    models = list(x = try_fit("panel_fe", f, d), y = fit_re(d)),
    reversed = list(x = fit_re(d), y = try_fit("panel_fe", f, d)),
    robust = list(x = fit_re(d), type = "robust"),
    mismatch = list(x = try_fit("panel_fe", f, d), y = fit_re(gen_panel_data())),
    same_kind = list(x = try_fit("panel_fe", f, d), y = try_fit("panel_fe", f, d)),
    junk = list(x = one_of(1, "y ~ x1", lm0(), list(), structure(list(), class = "coagg_panel")),
                y = one_of(NULL, 2, fit_re(d),
                           structure(list(model_type = "x"), class = "coagg_panel"))))
  if (way %in% c("formula", "formula_positional") && coin(0.3)) {
    args$re_method <- one_of("amemiya", "nerlove", bad("bogus"))
  }
  if (way %in% c("formula", "formula_positional") && coin(0.2)) {
    args$index <- one_of(c("id", "time"), NULL, bad(c("time", "id")))
  }
  if (way %in% c("formula", "formula_positional") && coin(0.2)) {
    args$na_action <- one_of("omit", "fail")
  }
  if (coin(0.3)) args$convention <- one_of("eviews", "stata", "plm")
  if (coin(0.2)) args$robust_vcov <- one_of("cluster", "classical")
  if (coin(0.2) && way != "robust") args$type <- one_of("classical", "robust")
  if (coin(0.2)) args$alpha <- one_of(0.1, bad(0), bad(1), bad(NA))
  if (!fuzz_state$clean && coin(0.05)) args[[one_of("method", "fe", "x2", "vcov")]] <- "aux"
  list(fn = "hausman_test", args = maybe_bad_arg(args, 0.1), run = call_fn("hausman_test"))
}

# cd_test(): a variable (names or a one-sided formula), per-unit
# regressions (a two-sided formula, after the data or before it, plm's
# order), or a fitted model; the options and plm's / Stata's spellings.
gen_cd_test <- function() {
  way <- one_of("variable", "variable", "per_unit", "formula_first", "model", bad("junk"))
  d <- sim_panel(N = one_of(bad(2L), 3L, rint(4L, 12L), rint(4L, 12L)),
                 T = one_of(bad(2L), 3L, rint(4L, 9L), rint(10L, 25L)))
  d <- mutate_df(d, c("id", "time"), c("y", "rw", "x1"), panel = c("id", "time"))
  d <- tryCatch(mutate_unitroot_df(d), error = function(e) d)
  rownames(d) <- NULL
  if (!fuzz_state$clean && coin(0.15) && nrow(d)) d$y[d$id %in% d$id[1L]] <- 2  # a constant unit
  f <- function(x) global_formula(x)
  args <- switch(way,
    variable = list(data = d, vars = one_of("y", "rw", c("y", "rw"), f(~ y), f(~ log(z) + rw),
                                            bad("x9"), bad("id"), bad(1), bad(f(~ y:x1)))),
    per_unit = list(data = d, vars = one_of(f(y ~ x1), f(y ~ x1 + x2), f(rw ~ 1), f(y ~ x1 - 1),
                                            bad(f(y ~ nothing)))),
    formula_first = list(data = f(y ~ x1), vars = d),
    model = list(data = one_of(try_fit("panel_fe", f(y ~ x1 + x2), d),
                               try_fit("panel_fe", f(y ~ x1), d, effect = "twoways"),
                               try_fit("panel_re", f(y ~ x1), d),
                               try_fit("panel_pooled", f(y ~ x1 + x2), d))),
    junk = list(data = one_of(1, "y", NULL, list(), lm0(), f(y ~ x1),
                              structure(list(), class = "coagg_panel"))))
  if (is.null(args$data)) args$data <- one_of(bad(NULL), bad(1))
  if (way %in% c("variable", "per_unit", "formula_first") && coin(0.7)) {
    args$index <- one_of(c("id", "time"), c("id", "time"), NULL, bad(c("time", "id")), bad("id"))
  }
  if (coin(0.5)) {
    args$tests <- one_of("cd", c("cd", "lm", "sclm"), c("cd", "bcsclm"), "lm_adj",
                         c("rho", "absrho"), c("cd", "lm", "sclm", "bcsclm", "lm_adj", "rho", "absrho"),
                         bad("frees"), bad(NA))
  }
  if (coin(0.3)) args$convention <- one_of("eviews", "stata", "plm", bad("sas"))
  if (coin(0.3)) args$min_overlap <- one_of(2, 3, 5, bad(1), bad(2.5), bad(NA))
  if (way != "model" && coin(0.3)) args$na_action <- one_of("omit", "fail", bad("drop"))
  if (!fuzz_state$clean && coin(0.05)) {
    args[[pick(c("test", "model", "w", "pesaran", "abs"))]] <- 1
  }
  list(fn = "cd_test", args = maybe_bad_arg(args, 0.1, protect = "data"), run = call_fn("cd_test"))
}

# --- synergy functions (weights, grey relation, order and synergy degree,
# coupling coordination) ------------------------------------------------------

# Damage of the kinds real indicator tables have, on top of mutate_df():
# integer64 and other classed numbers, extreme finite magnitudes (+-1e308,
# 1e-308, denormals), numbers as Excel text ("8,550"), factor keys with an
# NA level (addNA()), missing cells.
mutate_synergy_df <- function(df, keys, nums) {
  if (fuzz_state$clean || !nrow(df) || !coin(0.5)) return(df)
  n <- nrow(df)
  num <- pick(nums)
  key <- if (length(keys)) pick(keys) else NA_character_
  has <- function(col) !is.na(col) && col %in% names(df) && is.numeric(df[[col]]) &&
    is.null(dim(df[[col]]))
  k <- pick(c("int64", "int64_big", "asis", "units", "weird_class", "extreme", "extreme_pair",
              "tiny", "denormal_col", "excel_text", "na_level_key", "na_cell", "na_key"))
  switch(k,
    int64 = if (has(num) && requireNamespace("bit64", quietly = TRUE))
      df[[num]] <- bit64::as.integer64(round(df[[num]])),
    int64_big = if (has(num) && requireNamespace("bit64", quietly = TRUE)) {
      x <- bit64::as.integer64(round(df[[num]]))
      x[sample.int(n, 1L)] <- bit64::as.integer64("9007199254740993")
      df[[num]] <- x
    },
    asis = if (has(num)) df[[num]] <- I(df[[num]]),
    units = if (has(num)) df[[num]] <- structure(df[[num]], class = "units"),
    weird_class = if (has(num)) df[[num]] <- structure(df[[num]], class = "weird"),
    extreme = if (has(num)) df[[num]][sample.int(n, 1L)] <- one_of(1e308, -1e308,
                                                                  .Machine$double.xmax),
    extreme_pair = if (has(num) && n >= 2L) df[[num]][sample.int(n, 2L)] <- c(-1e308, 1e308),
    tiny = if (has(num)) df[[num]] <- df[[num]] * one_of(1e-308, 1e-310, 1e-320),
    denormal_col = if (has(num)) df[[num]] <- sample(c(5e-324, 1e-323, 1.5e-323, 0), n, TRUE),
    excel_text = if (has(num)) {
      x <- formatC(df[[num]], format = "f", digits = 0, big.mark = ",")
      if (coin(0.3)) x[sample.int(n, 1L)] <- one_of("", "-")
      df[[num]] <- x
    },
    na_level_key = if (!is.na(key) && key %in% names(df)) {
      x <- as.character(df[[key]])
      x[sample.int(n, 1L)] <- NA
      df[[key]] <- addNA(factor(x))
    },
    na_cell = if (has(num)) df[[num]][sample.int(n, 1L)] <- NA,
    na_key = if (!is.na(key) && key %in% names(df)) df[[key]][sample.int(n, 1L)] <- NA)
  df
}

# The indicator columns as an argument: names or a one-sided formula.
gen_indicators <- function(ind) {
  one_of(ind, ind, stats::as.formula(paste("~", paste(ind, collapse = " + ")), env = globalenv()),
         stats::as.formula(paste("~ log(abs(", ind[1L], ") + 1)", if (length(ind) > 1L)
           paste("+", paste(ind[-1L], collapse = " + "))), env = globalenv()),
         NULL, bad(c(ind, "zz")), bad(stats::as.formula("y ~ a", env = globalenv())))
}

gen_direction <- function(ind) {
  m <- length(ind)
  one_of(NULL, "positive", "negative", "+", "-", rep(c("+", "-"), length.out = m),
         stats::setNames(rep("-", m), rev(ind)), stats::setNames("-", ind[m]),
         bad("up"), bad(NA), bad(c("+", "-", "+", "-", "+")), bad(c(nope = "-")))
}

maybe_na_action <- function(args) {
  if (coin(0.4)) args$na_action <- one_of("fail", "omit", bad("drop"))
  args
}

# Indicators of a few units over a few periods (a single series when
# nunit = 1), with key columns `unit` and `year`.
sim_indicators <- function(panel = coin(0.4)) {
  nt <- one_of(bad(1L), 2L, 3L, rint(4L, 12L), rint(4L, 12L))
  nunit <- if (panel) rint(2L, 4L) else 1L
  m <- rint(1L, 4L)
  x <- as.data.frame(matrix(abs(stats::rnorm(nt * nunit * m, 10, 4)), nt * nunit, m,
                            dimnames = list(NULL, paste0("v", seq_len(m)))))
  keys <- data.frame(unit = rep(paste0("u", seq_len(nunit)), each = nt),
                     year = rep(2000L + seq_len(nt), nunit), stringsAsFactors = FALSE)
  d <- if (panel) cbind(keys, x) else if (coin(0.5)) cbind(keys["year"], x) else x
  d <- mutate_df(d, intersect(c("unit", "year"), names(d)), names(x),
                 panel = if (panel) c("unit", "year"))
  d <- mutate_synergy_df(d, intersect(c("unit", "year"), names(d)), names(x))
  list(data = d, ind = names(x), index = if (panel) c("unit", "year") else
    if ("year" %in% names(d)) "year" else NULL)
}

gen_index <- function(index) {
  one_of(index, index, index, NULL, bad(c("year", "unit")), bad("nope"), bad(c("+", "-")))
}

gen_weights_common <- function(fn) {
  s <- sim_indicators()
  x <- s$data
  args <- list(data = if (coin(0.15)) tryCatch(as.matrix(x[s$ind]), error = function(e) x) else x)
  if (coin(0.6) || !is.null(s$index)) args["indicators"] <- list(gen_indicators(s$ind))
  if (!is.matrix(args$data)) args["index"] <- list(gen_index(s$index))
  if (coin(0.4)) args["direction"] <- list(gen_direction(s$ind))
  args <- maybe_na_action(args)
  if (!fuzz_state$clean && coin(0.05)) args$by <- "unit"
  args
}

gen_entropy_weights <- function() {
  args <- gen_weights_common("entropy_weights")
  if (coin(0.4)) {
    args$shift <- one_of("rescale", "add", "none", c(0, 1), c(0.1, 0.9), bad(c(1, 0)), bad("x"))
  }
  if (coin(0.3)) args$eps <- one_of(0.002, 1e-300, 0.4999, bad(0), bad(0.5), bad(-1), 10)
  list(fn = "entropy_weights", args = maybe_bad_arg(args, 0.1), run = call_fn("entropy_weights"))
}

gen_critic_weights <- function() {
  args <- gen_weights_common("critic_weights")
  x <- args$data
  if (!fuzz_state$clean && coin(0.15) && is.data.frame(x) && all(c("v1", "v2") %in% names(x)) &&
      is.numeric(x$v1)) {
    args$data$v2 <- x$v1 * 2
  }
  list(fn = "critic_weights", args = maybe_bad_arg(args, 0.1), run = call_fn("critic_weights"))
}

gen_grey_relation <- function() {
  K <- one_of(bad(0L), bad(1L), 2L, rint(3L, 8L), rint(3L, 8L))
  d <- data.frame(year = 2000L + seq_len(K), ref = abs(stats::rnorm(K, 5, 2)),
                  a = abs(stats::rnorm(K, 5, 2)), b = abs(stats::rnorm(K, 5, 2)),
                  c = abs(stats::rnorm(K, 5, 2)))
  if (K && !fuzz_state$clean && coin(0.3)) {
    d$ref[one_of(1L, K)] <- one_of(0, NA, Inf, -3, 1e300, 1e-300, 5e-324)
  }
  with_year <- coin(0.6)
  if (!with_year) d$year <- NULL
  if (coin(0.3)) d <- d[sample.int(nrow(d)), , drop = FALSE]
  d <- mutate_df(d, if (with_year) "year" else character(), c("ref", "a", "b", "c"))
  d <- mutate_synergy_df(d, if (with_year) "year" else character(), c("ref", "a", "b", "c"))
  args <- list(data = if (coin(0.1)) tryCatch(as.matrix(d), error = function(e) d) else d,
               reference = one_of("ref", "ref", stats::as.formula("~ ref", env = globalenv()),
                                  bad("nope"), bad(c("ref", "a"))))
  if (coin(0.6)) {
    args["compare"] <- list(one_of(NULL, c("a", "b", "c"), "a",
                                   stats::as.formula("~ a + I(-b) + c", env = globalenv()),
                                   bad(c("a", "ref")), bad("zz")))
  }
  if (with_year && coin(0.8)) args$index <- one_of("year", bad(c("year", "a")))
  if (coin(0.4)) args$rho <- one_of(0.5, 1, 1e-300, bad(0), bad(2), bad(NA))
  if (coin(0.5)) args$normalise <- one_of("initial", "mean", "minmax", "none", bad("z"))
  if (coin(0.3)) args$threshold <- one_of(0.6, 0, 1, bad(2))
  args <- maybe_na_action(args)
  if (!fuzz_state$clean && coin(0.05)) args$time <- "year"
  list(fn = "grey_relation", args = maybe_bad_arg(args, 0.1, protect = "data"),
       run = call_fn("grey_relation"))
}

sim_order_data <- function(panel = coin(0.3)) {
  nt <- one_of(bad(1L), 2L, rint(3L, 8L), rint(3L, 8L))
  nreg <- if (panel) rint(1L, 3L) else 1L
  data.frame(year = rep(2000L + seq_len(nt), nreg),
             region = rep(paste0("r", seq_len(nreg)), each = nt),
             e1 = abs(stats::rnorm(nt * nreg, 100, 30)), e2 = stats::rnorm(nt * nreg, 5, 2),
             e3 = abs(stats::rnorm(nt * nreg, 1, 0.3)), stringsAsFactors = FALSE)
}

gen_order_degree <- function() {
  panel <- coin(0.3)
  d <- sim_order_data(panel)
  if (!panel) d$region <- NULL
  keys <- c("year", if (panel) "region")
  d <- mutate_df(d, keys, c("e1", "e2", "e3"), panel = if (panel) c("region", "year"))
  d <- mutate_synergy_df(d, keys, c("e1", "e2", "e3"))
  if (!panel && coin(0.2)) d$year <- NULL   # rows as periods
  ind <- one_of(c("e1", "e2", "e3"), c("e1", "e2", "e3"), c("e1", "e2"), "e1",
                bad(c("e1", "zz")), bad(character()), bad(c("e1", "e1")))
  k <- length(ind)
  args <- list(data = d)
  args["indicators"] <- list(if (length(ind) && coin(0.2)) gen_indicators(ind) else ind)
  idx <- if (panel) c("region", "year") else if ("year" %in% names(d)) "year" else NULL
  args["index"] <- list(one_of(idx, idx, idx, NULL, bad(c("year", "region")), bad("nope")))
  if (coin(0.3)) {
    args["direction"] <- list(one_of(NULL, "positive", "-", rep(c("+", "-"), length.out = k),
                                     stats::setNames("-", ind[k]), bad("x"),
                                     bad(c("+", "-", "+", "-"))))
  }
  if (coin(0.4)) {
    args$weights <- one_of("equal", "entropy", "critic", rep(1 / k, k),
                           stats::setNames(rep(1 / k, k), rev(ind)),
                           bad(c(0.5, 0.6, -0.1)), bad(c(0.2, 0.2)), bad("x"))
  }
  if (coin(0.3)) {
    args$bounds <- one_of("padded", "sample", bad("wide"),
                          list(e1 = c(0, 1e4), e2 = c(-100, 100), e3 = c(0, 100)),
                          list(e1 = c(-1.5e308, 1.5e308), e2 = c(-1e308, 1e308), e3 = c(0, 1e308)),
                          data.frame(indicator = c("e1", "e2", "e3"), lower = -1e3, upper = 1e3),
                          bad(list(e1 = c(1, 0), e2 = c(-100, 100), e3 = c(0, 100))),
                          bad(list(e1 = c(200, 300))))
  }
  if (coin(0.3)) args$aggregate <- one_of("weighted", "geometric", bad("mean"))
  if (coin(0.2)) args$pad <- one_of(0, 0.5, bad(-0.1), 1e300, bad(NA))
  args <- maybe_na_action(args)
  if (!fuzz_state$clean && coin(0.05)) args$by <- "region"
  list(fn = "order_degree", args = maybe_bad_arg(args, 0.1, protect = "data"),
       run = call_fn("order_degree"))
}

sim_scores <- function(n) {
  x <- stats::runif(n)
  if (n && !fuzz_state$clean && coin(0.25)) {
    x[sample.int(n, 1L)] <- one_of(NA, NaN, Inf, -0.1, 1.1, 0, 1, 1e-300, 5e-324, 1e308)
  }
  x
}

# The subsystems of synergy_degree() and coupling_coordination(): a data
# frame of scores (with keys or not), or a list of order_degree() /
# entropy_weights() results.
gen_subsystems <- function() {
  n <- one_of(bad(0L), 1L, 2L, rint(3L, 8L), rint(3L, 8L))
  k <- one_of(bad(1L), 2L, 2L, 3L)
  labs <- c("E", "I", "L")[seq_len(k)]
  if (coin(0.3)) {
    # results computed from the same data (matched keys), or now and then
    # from different data (keys that do not match)
    panel <- coin(0.5)
    d <- sim_order_data(panel)
    fn <- one_of("order_degree", "order_degree", "entropy_weights")
    res <- function(d, ind) {
      idx <- c(if (length(unique(d$region)) > 1L) "region", "year")
      r <- try_fit(fn, d, ind, index = idx)
      if (is.null(r)) stats::runif(3) else r
    }
    d2 <- one_of(d, d, d, bad(sim_order_data(panel)))
    subs <- list(res(d, c("e1", "e2")), res(d2, c("e2", "e3")))
    if (coin(0.8)) names(subs) <- c("E", "I")
    return(list(data = subs, subsystems = NULL, index = NULL))
  }
  d <- as.data.frame(stats::setNames(lapply(seq_len(k), function(j) sim_scores(n)), labs))
  panel <- coin(0.3) && n >= 2L
  idx <- NULL
  if (panel) {
    d <- cbind(unit = rep(c("a", "b"), length.out = n), year = 2000L + seq_len(n), d,
               stringsAsFactors = FALSE)
    d$year <- stats::ave(d$year, d$unit, FUN = seq_along) + 2000L
    idx <- c("unit", "year")
  } else if (coin(0.4)) {
    d <- cbind(year = 2000L + seq_len(n), d)
    idx <- "year"
  }
  if (coin(0.2)) d <- d[sample.int(nrow(d)), , drop = FALSE]
  d <- mutate_df(d, idx, labs)
  d <- mutate_synergy_df(d, idx, labs)
  subs <- if (coin(0.5)) NULL else one_of(labs, stats::as.formula(paste("~", paste(labs, collapse = " + ")),
                                                                  env = globalenv()),
                                          bad(labs[1L]), bad(c(labs, "zz")))
  list(data = d, subsystems = subs, index = one_of(idx, idx, idx, NULL, bad("nope")))
}

gen_synergy_degree <- function() {
  s <- gen_subsystems()
  args <- list(data = s$data)
  args["subsystems"] <- list(s$subsystems)
  args["index"] <- list(s$index)
  if (coin(0.4)) args$base <- one_of("previous", "fixed", bad("first"))
  if (coin(0.2)) args$base_time <- one_of(2001L, 2003L, bad(1e6), bad(NA))
  args <- maybe_na_action(args)
  if (!fuzz_state$clean && coin(0.05)) args$time <- 1:3
  list(fn = "synergy_degree", args = args, run = call_fn("synergy_degree"))
}

gen_coupling_coordination <- function() {
  s <- gen_subsystems()
  k <- if (is.data.frame(s$data)) sum(c("E", "I", "L") %in% names(s$data)) else length(s$data)
  nm <- if (is.data.frame(s$data)) intersect(c("E", "I", "L"), names(s$data)) else names(s$data)
  args <- list(data = s$data)
  args["subsystems"] <- list(s$subsystems)
  args["index"] <- list(s$index)
  if (coin(0.4) && k >= 1L) {
    args$weights <- one_of(rep(1 / k, k), c(1, rep(0, k - 1L)),
                           if (length(nm) == k) stats::setNames(rep(1 / k, k), rev(nm)) else rep(1 / k, k),
                           bad(c(0.2, 0.3, 0.5, 0)), bad(c(-1, 2)), bad(c(NA, 1)))
  }
  if (coin(0.4)) args$coupling <- one_of("standard", "wang", bad("liao"))
  args <- maybe_na_action(args)
  if (!fuzz_state$clean && coin(0.05)) args$method <- "wang"
  list(fn = "coupling_coordination", args = args, run = call_fn("coupling_coordination"))
}

printed_numbers <- function(n, digits = 4L) {
  x <- formatC(stats::rnorm(n, 0, 2), format = "f", digits = digits)
  if (n && !fuzz_state$clean && coin(0.3)) {
    x[sample.int(n, 1L)] <- one_of(NA, "abc", "", "1e5", "-0", " 3.2 ", "0.0000", "1,5", "Inf",
                                   "NaN", "(0.123)", "0.05**")
  }
  x
}

gen_audit_coef_table <- function() {
  n <- one_of(bad(0L), 1L, rint(2L, 7L), rint(2L, 7L))
  est <- printed_numbers(n, 6L)
  if (coin(0.3)) est <- suppressWarnings(as.numeric(est))
  args <- list(estimate = est)
  if (coin(0.6)) {
    se <- formatC(abs(stats::rnorm(n, 0.5, 0.3)), format = "f", digits = 4L)
    if (n && coin(0.3)) se[1L] <- one_of("0.0000", "0", bad("-0.1"), NA, bad("Inf"))
    args$std_error <- se
  }
  if (coin(0.6)) args$statistic <- printed_numbers(n, 4L)
  if (coin(0.6) || length(args) == 1L) {
    p <- formatC(stats::runif(n), format = "f", digits = 4L)
    if (n && coin(0.3)) p[1L] <- one_of("0.0000", "1.0000", bad("1.5"), bad("-0.2"), NA, "1e-20")
    args$p_value <- p
  }
  if (coin(0.5)) {
    args$df <- one_of(60, Inf, 1, bad(0), bad(-3), bad(NA), 0.5, rep(10, max(n, 1L)), 1e300)
  }
  if (coin(0.2)) args["term"] <- list(one_of(paste0("t", seq_len(n)), bad(c("x", "y", "z", "w", "v", "u", "t", "s")), NULL))
  if (coin(0.3)) args$stars <- one_of(rep("*", n), rep(NA, n), rep("***", n), bad(rep("****", n)), bad("x"))
  if (coin(0.2)) {
    args$star_levels <- one_of(c(0.1, 0.05, 0.01), c(0.2, 0.1, 0.001), bad(c(0.01, 0.05, 0.1)),
                               bad(c(0.1, NA, 0.01)), bad(0.05))
  }
  if (coin(0.2)) {
    args$digits <- one_of(list(estimate = 2), c(p_value = 4L), bad(list(estimate = -1)),
                          bad(list(x = 2)), bad(3))
  }
  if (coin(0.2)) args$alternative <- one_of("two.sided", "one.sided", bad("greater"))
  list(fn = "audit_coef_table", args = maybe_bad_arg(args, 0.1), run = call_fn("audit_coef_table"))
}

gen_audit_chisq <- function() {
  args <- list(statistic = one_of("12.0105", 12.0105, "0", 0, bad(-1), bad("abc"), bad(NA),
                                  bad(Inf), 1e300, bad(c(1, 2)),
                                  formatC(stats::rexp(1, 0.1), format = "f", digits = 4L)),
               p_value = one_of("0.0853", 0.0853, 0, 1, "1.0000", "0.0000", bad(1.5), bad(NA),
                                formatC(stats::runif(1), format = "f", digits = 4L)))
  if (coin(0.5)) args$df <- one_of(5, 1, 0.5, bad(0), bad(-1), bad(NA), 1e6, bad(Inf))
  if (coin(0.3)) args$max_df <- one_of(50, 1, 1e4, bad(0), bad(1e5), bad(2.5))
  if (coin(0.3)) args$level <- one_of(0.05, bad(0), bad(1), bad(NA))
  list(fn = "audit_chisq", args = maybe_bad_arg(args, 0.1), run = call_fn("audit_chisq"))
}

gen_simulate_zhejiang_panel <- function() {
  args <- if (coin(0.4)) list() else
    list(seed = one_of(1, 20190601L, 0, -5, .Machine$integer.max, bad(2^31), bad(1.5), bad(NA),
                       bad("a"), bad(c(1, 2)), bad(1e300)))
  list(fn = "simulate_zhejiang_panel", args = args, run = call_fn("simulate_zhejiang_panel"))
}

gen_replicate_zhejiang <- function() {
  args <- list(steps = one_of(1L, 2L, 3L, 4L, 5L, c(1L, 3L), 1:5, bad(0L), bad(6L), bad(NA),
                              bad("1"), bad(c(2, 2)), bad(numeric(0))),
               plot = one_of(FALSE, FALSE, TRUE, bad(NA)),
               quiet = one_of(TRUE, TRUE, TRUE, FALSE, bad(NA)),
               n_sim = one_of(0L, 0L, 2L, 5L, bad(-1L), bad(NA), bad(1.5)))
  if (coin(0.3)) args$seed <- one_of(1L, 42L, bad(NA), bad("a"))
  if (isTRUE(args$plot)) {
    args$dir <- one_of(fuzz_tempdir(), fuzz_tempdir(), bad(file.path(fuzz_tempdir(), "new", "sub")),
                       bad("/nonexistent/dir"), bad(NA))
  }
  list(fn = "replicate_zhejiang", args = maybe_bad_arg(args, 0.1, protect = "n_sim"),
       run = call_fn("replicate_zhejiang"))
}

fuzz_tempdir <- function() file.path(tempdir(), "coagg-fuzz")

# Tables for papers: models that may fail to fit, junk among the models, the
# options valid and not.
gen_model_table <- function() {
  d <- gen_panel_data()
  f <- global_formula(one_of(y ~ x1 + x2, y ~ x1, y ~ x1 + x2 + z))
  conv <- one_of("eviews", "stata", "plm")
  vc <- one_of("classical", "cluster")
  ms <- list(try_fit("panel_fe", f, d, convention = conv, vcov = vc),
             try_fit("panel_re", f, d, convention = one_of("eviews", "stata", "plm")),
             try_fit("panel_pooled", f, d, vcov = vc))
  ms <- Filter(Negate(is.null), ms)
  if (length(ms) && coin(0.5)) ms <- ms[sample.int(length(ms), rint(1L, length(ms)))]
  if (length(ms) && coin(0.5)) {
    names(ms) <- one_of(NULL, paste0("M", seq_along(ms)), rep("", length(ms)))
  }
  if (!fuzz_state$clean && coin(0.15)) ms <- c(ms, list(one_of(bad(lm0()), bad(1), bad(d))))
  args <- ms
  if (coin(0.3)) args$statistic <- one_of("std_error", "statistic", "p_value", bad("se"))
  if (coin(0.3)) args$stars <- one_of(TRUE, FALSE, bad(NA))
  if (coin(0.2)) args$star_levels <- one_of(c(0.1, 0.05), c(0.2, 0.1, 0.01), bad(c(0.1, 2)), bad(NA))
  if (coin(0.2)) args$digits <- one_of(0L, 2L, 6L, bad(-1), bad(1.5))
  if (coin(0.3)) args$lang <- one_of("en", "zh", bad("fr"))
  if (coin(0.2)) args$coef_labels <- one_of(c(x1 = "X one"), c(x1 = "\u4ea7\u503c"), bad("a"), bad(1))
  if (coin(0.2)) args$title <- one_of("Table 1", bad(NA), bad(2))
  if (coin(0.3) && length(ms) >= 2L) {
    fe <- try_fit("panel_fe", f, d)
    re <- try_fit("panel_re", f, d)
    h <- if (!is.null(fe) && !is.null(re)) {
      tryCatch(suppressWarnings(coagg::hausman_test(fe, re)), coagg_input_error = function(e) NULL)
    }
    args$hausman <- one_of(h, bad(1))
  }
  list(fn = "model_table", args = args, run = call_fn("model_table"))
}

gen_unitroot_table <- function() {
  d <- sim_panel(N = rint(2L, 5L), T = rint(8L, 20L))
  ur <- suppressWarnings(coagg::panel_unitroot(d, one_of("rw", c("rw", "y")),
                                               tests = sample(c("llc", "ips", "fisher_adf", "hadri"),
                                                              rint(1L, 4L)),
                                               difference = one_of(0, c(0, 1)), majority = 1))
  args <- list(x = one_of(ur, ur, ur, bad(d), bad(1), bad(NULL)))
  if (coin(0.3)) args$cell <- one_of("statistic_p", "statistic", "p_value", bad("both"))
  if (coin(0.3)) args$stars <- one_of(TRUE, FALSE, bad("yes"))
  if (coin(0.2)) args$digits <- one_of(1L, 4L, bad(-2))
  if (coin(0.2)) args$verdict <- one_of(TRUE, FALSE, bad(NA))
  if (coin(0.3)) args$lang <- one_of("en", "zh", bad("de"))
  list(fn = "unitroot_table", args = maybe_bad_arg(args, 0.1, protect = "x"),
       run = call_fn("unitroot_table"))
}

gen_save_table <- function() {
  d <- sim_panel(N = rint(2L, 4L), T = rint(8L, 12L))
  ur <- suppressWarnings(coagg::panel_unitroot(d, "rw", tests = "ips", difference = 0,
                                               majority = 1))
  tab <- coagg::unitroot_table(ur, lang = one_of("en", "zh"))
  ext <- one_of(".txt", ".md", ".tex", ".html", ".htm", bad(".pdf"), bad(""))
  args <- list(x = one_of(tab, tab, tab, bad(as.data.frame(tab)), bad(1)),
               file = one_of(tempfile(fileext = ext), tempfile(fileext = ext),
                             bad(file.path(tempdir(), "no-such-dir", "t.md")), bad(NA), bad(3)))
  list(fn = "save_table", args = args, run = call_fn("save_table"))
}

# The study: small panels (3-6 regions, 3-7 periods, 3-4 industries) so that
# a case stays cheap; the index computed from cells or given; covariates
# with gaps, missing values, other keys; the options valid and not.
sim_study_inputs <- function() {
  N <- one_of(3L, rint(4L, 7L), rint(4L, 7L))
  T <- one_of(3L, rint(4L, 8L), rint(4L, 8L))
  K <- rint(3L, 4L)
  regions <- one_of(paste0("R", seq_len(N)), sprintf("\u57ce%02d", seq_len(N)))
  years <- 2000L + seq_len(T)
  cells <- expand.grid(industry = paste0("I", seq_len(K)), region = regions, year = years,
                       stringsAsFactors = FALSE)[, c("region", "year", "industry")]
  cells$employment <- round(stats::rlnorm(nrow(cells), 5, 1))
  cells$firms <- stats::rpois(nrow(cells), 3) + 1
  cov <- expand.grid(region = regions, year = years, stringsAsFactors = FALSE)
  cov$x1 <- stats::rnorm(nrow(cov))
  cov$x2 <- stats::runif(nrow(cov), 1, 2) * rep(exp(stats::rnorm(N)), times = T)
  idx <- cov[c("region", "year")]
  idx$coagg <- stats::runif(nrow(idx))
  list(cells = cells, covariates = cov, index = idx)
}

mutate_study_covariates <- function(cov) {
  if (fuzz_state$clean) return(cov)
  for (k in seq_len(rint(0L, 2L))) {
    m <- rint(1L, 7L)
    if (m == 1L) cov <- cov[-sample.int(nrow(cov), rint(1L, 3L)), , drop = FALSE]
    if (m == 2L) cov$x1[sample.int(nrow(cov), 1L)] <- NA
    if (m == 3L) cov <- rbind(cov, cov[1L, ])
    if (m == 4L) cov$region <- factor(cov$region)
    if (m == 5L) cov$year <- as.character(cov$year)
    if (m == 6L) cov$x2 <- format(cov$x2)
    if (m == 7L) cov <- rbind(cov, transform(cov[1L, ], region = "Elsewhere"))
  }
  rownames(cov) <- NULL
  cov
}

gen_coagg_study <- function() {
  s <- sim_study_inputs()
  cov <- mutate_study_covariates(s$covariates)
  f <- global_formula(one_of(coagg ~ x1, coagg ~ x1 + x2, ~ x1 + log(x2), coagg ~ x1 + I(x2^2),
                             bad(coagg ~ nope), bad(log(coagg) ~ x1), bad(coagg ~ 1),
                             bad("coagg ~ x1")))
  if (coin(0.5)) {
    cells <- s$cells
    if (!fuzz_state$clean && coin(0.3)) cells <- mutate_eg(cells, c("region", "industry", "year"),
                                                           c("employment", "firms"))
    args <- list(data = cells, region = "region", industry = "industry",
                 employment = "employment", n_firms = one_of("firms", "firms", NULL),
                 time = "year",
                 pair = one_of(list(a = "I1", b = "I2"), list(a = c("I1", "I2"), b = "I3"),
                               bad(list(a = "I1")), bad(list(a = "I1", b = "I1")),
                               bad(list(a = "I1", b = "I9"))),
                 variants = one_of(FALSE, FALSE, TRUE))
    if (coin(0.3)) args$per_region <- one_of("lq", "location_quotient", "decomposition", bad("x"))
    if (coin(0.3)) args$combine <- one_of("ratio", "ratio_plus_sum", bad("sum"))
  } else {
    idx <- s$index
    if (!fuzz_state$clean && coin(0.3)) {
      m <- rint(1L, 3L)
      if (m == 1L) idx$coagg[sample.int(nrow(idx), 1L)] <- NA
      if (m == 2L) idx <- rbind(idx, idx[1L, ])
      if (m == 3L) idx <- idx[-sample.int(nrow(idx), 2L), ]
    }
    args <- list(coagg = idx, region = "region", time = "year")
    if (!fuzz_state$clean && coin(0.1)) args$data <- s$cells
  }
  args$covariates <- cov
  args$formula <- f
  args$unitroot_tests <- one_of("ips", "ips", c("ips", "cips"), c("llc", "fisher_adf"), "ht",
                                c("fisher_pp", "cips_trunc"), bad("adf"), bad(character(0)))
  if (coin(0.3)) args$estimator <- one_of("auto", "pooled", "fe", "re", bad("random"))
  if (coin(0.3)) args$vcov <- one_of("auto", "classical", "cluster", "driscoll-kraay", "twoway",
                                     bad("robust"))
  if (coin(0.2)) args$convention <- one_of("eviews", "stata", "plm", bad("spss"))
  if (coin(0.3)) args$na_action <- one_of("fail", "omit", bad("drop"))
  if (coin(0.2)) args$alpha <- one_of(0.05, 0.1, bad(0), bad(NA))
  if (coin(0.2)) {
    args$published <- one_of(
      list(coefficients = data.frame(term = c("(Intercept)", "x1"), estimate = c("0.512", "0.103"),
                                     statistic = c("3.21", "1.05"), p_value = c("0.002", "0.297"),
                                     stringsAsFactors = FALSE),
           hausman = c(statistic = "3.2", p_value = "0.07")),
      bad(list(coef = 1)), bad(data.frame(estimate = 1)))
  }
  if (coin(0.1)) args$seed <- one_of(1, bad("a"))
  list(fn = "coagg_study", args = maybe_bad_arg(args, 0.1, protect = c("data", "coagg")),
       run = call_fn("coagg_study"))
}

# A small study, computed once per process, for study_findings() and
# study_report().
fuzz_study <- function() {
  if (is.null(fuzz_state$study)) {
    cv <- coagg::simulate_zhejiang_panel(seed = 1L)
    fuzz_state$study <- suppressWarnings(coagg::coagg_study(
      coagg = coagg::zhejiang_coagg, region = "city", time = "year",
      covariates = cv[c("city", "year", "electronic", "CBECL", "data_source")],
      formula = global_formula(coagg ~ electronic + CBECL), variants = FALSE,
      unitroot_tests = c("ips", "cips")))
  }
  fuzz_state$study
}

gen_study_findings <- function() {
  args <- list(x = one_of(fuzz_study(), fuzz_study(), bad(coagg::zhejiang_coagg), bad(NULL)))
  if (coin(0.5)) args$lang <- one_of("en", "zh", bad("fr"), bad(NA))
  list(fn = "study_findings", args = args, run = call_fn("study_findings"))
}

gen_study_report <- function() {
  ext <- one_of(".md", ".md", ".md", ".html", bad(".pdf"), bad(""))
  args <- list(x = one_of(fuzz_study(), fuzz_study(), fuzz_study(), bad(1), bad(NULL)),
               file = one_of(tempfile(fileext = ext), tempfile(fileext = ext),
                             bad(file.path(tempdir(), "no-such-dir", "r.md")), bad(NA), bad(2)))
  if (coin(0.4)) args$lang <- one_of("en", "zh", bad("de"))
  if (coin(0.2)) args$title <- one_of("My study", "\u7814\u7a76", bad(NA), bad(3))
  list(fn = "study_report", args = args, run = call_fn("study_report"))
}

gen_simulate_yearbook <- function() {
  args <- list()
  if (coin(0.6)) args$n_regions <- one_of(3L, 5L, 9L, 30L, 32L, bad(2L), bad(1.5), bad(NA))
  if (coin(0.6)) args$n_industries <- one_of(4L, 9L, 10L, 20L, 41L, bad(3L), bad(42L))
  if (coin(0.6)) args$n_years <- one_of(3L, 4L, 6L, 11L, bad(2L), bad("5"))
  if (coin(0.3)) args$start <- one_of(1990L, 2010L, bad(0), bad(-5))
  if (coin(0.3)) args$gaps <- one_of(TRUE, FALSE, bad(NA))
  if (coin(0.3)) args$missing_cells <- one_of(0L, 3L, NULL, bad(-1L), bad(1e9), bad(2.5))
  if (coin(0.3)) args$seed <- one_of(1L, 99L, bad(2^31), bad("a"))
  list(fn = "simulate_yearbook", args = args, run = call_fn("simulate_yearbook"))
}

fuzz_generators <- list(
  eg_index = gen_eg_index, eg_coagg = gen_eg_coagg, eg_coagg_matrix = gen_eg_coagg_matrix,
  location_quotient = gen_location_quotient, panel_unitroot = gen_panel_unitroot,
  mackinnon_p = gen_mackinnon_p, mackinnon_crit = gen_mackinnon_crit, as_htest = gen_as_htest,
  panel_re = gen_panel_model("panel_re"), panel_fe = gen_panel_model("panel_fe"),
  panel_pooled = gen_panel_model("panel_pooled"), random_effects = gen_random_effects,
  hausman_test = gen_hausman_test, cd_test = gen_cd_test, entropy_weights = gen_entropy_weights,
  critic_weights = gen_critic_weights, grey_relation = gen_grey_relation,
  order_degree = gen_order_degree, synergy_degree = gen_synergy_degree,
  coupling_coordination = gen_coupling_coordination, audit_coef_table = gen_audit_coef_table,
  audit_chisq = gen_audit_chisq, simulate_zhejiang_panel = gen_simulate_zhejiang_panel,
  replicate_zhejiang = gen_replicate_zhejiang, model_table = gen_model_table,
  unitroot_table = gen_unitroot_table, save_table = gen_save_table,
  coagg_study = gen_coagg_study, study_findings = gen_study_findings,
  study_report = gen_study_report, simulate_yearbook = gen_simulate_yearbook
)

# ---------------------------------------------------------------------------
# Validators: NULL when the result is valid, else a short reason.
# ---------------------------------------------------------------------------

# Numbers that are NaN or infinite (NA is judged separately).
nonfinite <- function(x) {
  x <- unlist(x, use.names = FALSE)
  if (!is.numeric(x)) return(FALSE)
  any(is.nan(x) | is.infinite(x))
}
out_of <- function(x, lo, hi) {
  x <- as.double(x)
  any(!is.na(x) & (x < lo | x > hi))
}
notes_of <- function(v) {
  n <- c(attr(v, "notes"), if (is.list(v) && !is.data.frame(v)) v$notes)
  if (is.data.frame(v) && !is.null(attr(v, "dropped"))) n <- c(n, attr(v, "dropped")$reason)
  n
}
# A column with an NaN / Inf, or with an NA that no caveat explains.
bad_column <- function(v, cols, na_ok = length(notes_of(v)) > 0L) {
  for (cl in cols) {
    x <- v[[cl]]
    if (is.null(x)) return(sprintf("column %s missing", cl))
    if (nonfinite(x)) return(sprintf("non-finite value in %s", cl))
    if (!na_ok && anyNA(x)) return(sprintf("NA in %s without a recorded caveat", cl))
  }
  NULL
}

# The keys of the input rows (the roles in `roles`, by the column names the
# call gave) as strings, or NULL when they cannot be read.
eg_input_keys <- function(a, roles) {
  d <- a$data
  cols <- lapply(roles, function(r) a[[r]])
  if (!is.data.frame(d) || !all(vapply(cols, function(c) is.null(c) || (is.character(c) &&
                                                                           length(c) == 1L &&
                                                                           c %in% names(d)), TRUE)))
    return(NULL)
  parts <- lapply(cols, function(c) if (is.null(c)) rep("", nrow(d)) else as.character(d[[c]]))
  do.call(paste, c(parts, sep = "\r"))
}

# What every E-G result must satisfy: the settings fields shared by the four
# functions, notes as text, and no row whose key (region / industry / time,
# as `roles`) is not in the input.
eg_settings_fields <- c("input", "columns", "time", "reference", "reference_method",
                        "reference_reused", "herfindahl", "herfindahl_method", "n_regions",
                        "sum_x2", "absent_regions", "n_absent", "absent", "na_action", "dropped")
eg_common_check <- function(v, a, roles) {
  s <- attr(v, "settings")
  if (!is.list(s) || !all(eg_settings_fields %in% names(s))) return("settings fields missing")
  n <- attr(v, "notes")
  if (!is.null(n) && !is.character(n)) return("notes not character")
  if (length(roles)) {
    roles <- roles[roles != "time" | !is.null(a$time)]
    out <- do.call(paste, c(lapply(roles, function(r) as.character(v[[r]])), sep = "\r"))
    have <- eg_input_keys(a, roles)
    if (!is.null(have) && !all(out %in% have)) return("a row that is not in the input")
    if (anyDuplicated(out)) return("a repeated row")
  }
  NULL
}

validate <- list(
  eg_index = function(v, a) {
    if (!inherits(v, "eg_index") || !is.data.frame(v)) return("not an eg_index data frame")
    r <- eg_common_check(v, a, c("industry", "time"))
    if (!is.null(r)) return(r)
    r <- bad_column(v, c("estimate", "gini", "herfindahl", "employment"))
    if (!is.null(r)) return(r)
    if (!all(v$h_method %in% c("user", "none"))) {
      r <- bad_column(v, c("statistic", "p_value"))
      if (!is.null(r)) return(r)
    }
    if (out_of(v$p_value, 0, 1)) return("p_value outside [0, 1]")
    if (out_of(v$herfindahl, 0, 1)) return("herfindahl outside [0, 1]")
    if (out_of(v$gini, 0, 2)) return("gini outside [0, 2]")
    if (out_of(v$employment, 0, Inf) || anyNA(v$employment)) return("bad employment total")
    NULL
  },
  eg_coagg = function(v, a) {
    if (!inherits(v, "eg_coagg")) return("not an eg_coagg")
    r <- eg_common_check(v, a, c("region", "time"))
    if (!is.null(r)) return(r)
    r <- bad_column(v, c("lq_a", "lq_b", "index_a", "index_b", "estimate"))
    if (!is.null(r)) return(r)
    s <- attr(v, "settings")
    if (identical(s$combine, "ratio") && out_of(v$estimate, 0, 1)) return("estimate outside [0, 1]")
    if (out_of(v$lq_a, 0, Inf) || out_of(v$lq_b, 0, Inf)) return("negative location quotient")
    g <- attr(v, "groups")
    if (is.null(g) || nonfinite(g[c("estimate", "gini", "herfindahl", "employment")]))
      return("bad group table")
    NULL
  },
  eg_coagg_matrix = function(v, a) {
    if (!inherits(v, "eg_coagg_matrix") || !is.data.frame(v)) return("not an eg_coagg_matrix")
    r <- eg_common_check(v, a, NULL)
    if (!is.null(r)) return(r)
    r <- bad_column(v, "estimate")
    if (!is.null(r)) return(r)
    if (any(as.character(v$industry_1) == as.character(v$industry_2))) return("a self pair")
    # both industries of a pair have rows in its period
    tm <- if (is.null(v$time)) rep("", nrow(v)) else as.character(v$time)
    have <- eg_input_keys(a, c("industry", "time"))
    if (!is.null(have) && !all(paste(v$industry_1, tm, sep = "\r") %in% have &
                               paste(v$industry_2, tm, sep = "\r") %in% have))
      return("a pair of an industry without rows in its period")
    if (anyDuplicated(paste(v$industry_1, v$industry_2, tm, sep = "\r"))) return("a repeated pair")
    for (t in if (is.null(v$time)) list(NULL) else as.list(unique(v$time))) {
      m <- as.matrix(v, time = t)
      if (nonfinite(m)) return("non-finite matrix entry")
      if (!isTRUE(all.equal(m, t(m)))) return("matrix not symmetric")
      if (!all(is.na(diag(m)))) return("diagonal not NA")
    }
    g <- attr(v, "groups")
    if (!is.null(g) && nonfinite(g$estimate)) return("non-finite group index")
    NULL
  },
  location_quotient = function(v, a) {
    if (!inherits(v, "coagg_lq")) return("not a coagg_lq")
    r <- eg_common_check(v, a, c("region", "industry", "time"))
    if (!is.null(r)) return(r)
    r <- bad_column(v, c("employment", "estimate"))
    if (!is.null(r)) return(r)
    if (out_of(v$estimate, 0, Inf)) return("negative location quotient")
    if (out_of(v$employment, 0, Inf) || anyNA(v$employment)) return("bad employment")
    NULL
  },
  panel_unitroot = function(v, a) {
    if (!inherits(v, "coagg_unitroot")) return("not a coagg_unitroot")
    u <- attr(v, "units")
    # Choi's Z (and the logit L*) are infinite, as in plm's purtest(), when
    # an individual p-value is exactly 0 or 1 (a unit's t far in a tail
    # rounds to it); the package's plm cross-check keeps this on purpose
    # (see the report of issue 7). Any other infinite statistic is a finding.
    p01 <- !is.null(u) && any(c(u$p_value, u$pp_p_value) %in% c(0, 1))
    choi <- v$test %in% c("choi_adf", "choi_pp") & is.infinite(v$statistic) & p01
    noted <- length(notes_of(v)) > 0L # before subsetting, which drops the attributes
    if (any(choi)) v <- v[!choi, , drop = FALSE]
    r <- bad_column(v, c("statistic", "p_value"), na_ok = noted)
    if (!is.null(r)) return(r)
    if (out_of(v$p_value, 0, 1)) return("p_value outside [0, 1]")
    u <- attr(v, "units")
    if (!is.null(u) && nonfinite(u[vapply(u, is.numeric, TRUE)])) return("non-finite per-unit result")
    # no unit that was not in the input
    key <- if (is.character(a$index)) a$index[1L] else names(a$data)[1L]
    if (!is.null(u) && !all(u$unit %in% as.character(a$data[[key]]))) return("a unit not in the input")
    # every computed test says what it used
    done <- !is.na(v$statistic)
    if (anyNA(v$sample[done]) || anyNA(v$periods[done]) ||
        !all(v$sample[done] %in% c("unit", "run", "balanced"))) return("sample or periods missing")
    if (any(v$obs[done] > nrow(a$data))) return("more observations than rows")
    NULL
  },
  as_htest = function(v, a) {
    hs <- if (inherits(v, "htest")) list(v) else v
    if (!is.list(hs) || !length(hs) || !all(vapply(hs, inherits, TRUE, "htest"))) {
      return("not an htest or a list of them")
    }
    for (h in hs) {
      if (nonfinite(h$p.value) || out_of(h$p.value, 0, 1)) return("p-value outside [0, 1]")
      if (!is.character(h$method) || !is.character(h$data.name)) return("method or data.name missing")
    }
    NULL
  },
  mackinnon_p = function(v, a) {
    s <- a$stat
    if (!is.double(v) || length(v) != length(s)) return("wrong type or length")
    if (any(is.na(v) & !is.na(s))) return("NA p-value for a non-NA statistic")
    if (out_of(v, 0, 1)) return("p-value outside [0, 1]")
    NULL
  },
  mackinnon_crit = function(v, a) {
    if (!is.double(v)) return("not a double vector")
    if (anyNA(v) || nonfinite(v)) return("non-finite critical value")
    lv <- if (is.null(a$level)) c(0.01, 0.05, 0.10) else a$level
    o <- order(lv)
    # only where MacKinnon's surfaces hold: n >= 20 (below, the documented
    # extrapolation is not even monotone; see the report of issue 7)
    n <- if (is.null(a$n)) Inf else a$n
    if (all(n >= 20) && length(v) > 1L && any(diff(v[o]) < -1e-8)) {
      return("critical values not increasing in level")
    }
    NULL
  },
  panel_model = function(v, a) {
    if (!inherits(v, "coagg_panel")) return("not a coagg_panel")
    extra <- switch(v$settings$vcov, "driscoll-kraay" = c("vcov_lag", "vcov_adjust"),
                    twoway = "vcov_adjust", character())
    if (!identical(names(v$settings), c("convention", "vcov", "re_method", "effect", "na_action",
                                        extra))) {
      return("settings missing")
    }
    if (identical(v$settings$vcov, "driscoll-kraay") &&
        !(is.integer(v$settings$vcov_lag) && v$settings$vcov_lag >= 0L)) {
      return("Driscoll-Kraay lag not recorded")
    }
    # the missing-value policy: rows dropped only under "omit", and said;
    # every row of the data either used or dropped
    if (!is.null(v$na_action)) {
      if (!identical(v$settings$na_action, "omit")) return("rows dropped under na_action = \"fail\"")
      if (!any(grepl("missing values dropped", v$notes, fixed = TRUE))) return("rows dropped without a note")
    }
    if (is.data.frame(a$data) && v$n_obs + length(v$na_action) != nrow(a$data)) {
      return("rows neither used nor dropped")
    }
    if (!length(v$coefficients) && !identical(v$model_type, "within")) return("no coefficients")
    if (anyNA(v$coefficients) || nonfinite(v$coefficients)) return("non-finite coefficient")
    if (anyNA(v$vcov) || nonfinite(v$vcov)) return("non-finite vcov")
    if (length(v$vcov) && any(diag(as.matrix(v$vcov)) < 0)) return("negative variance")
    if (nonfinite(v$sigma2) || anyNA(v$sigma2) || out_of(v$sigma2, 0, Inf)) return("bad sigma2")
    if (!is.null(v$theta) && (anyNA(v$theta) || out_of(v$theta, 0, 1))) return("theta outside [0, 1]")
    if (nonfinite(v$residuals) || nonfinite(v$fitted.values)) return("non-finite residuals / fitted")
    s <- summary(v)
    ct <- as.data.frame(v)
    if (nonfinite(ct$std_error) || nonfinite(ct$statistic)) return("non-finite std_error / statistic")
    if (anyNA(ct$statistic) && !length(v$notes)) return("NA statistic without a recorded caveat")
    if (out_of(ct$p_value, 0, 1)) return("p_value outside [0, 1]")
    ci <- stats::confint(v)
    if (nonfinite(ci)) return("non-finite confidence interval")
    # predictions for the data as given (fuzzed: may be refused, with the
    # classed error)
    pr <- tryCatch(stats::predict(v, newdata = a$data), coagg_input_error = function(e) NULL)
    # (NaN is allowed: the user's own expression, log(x) of a negative x,
    # makes a NaN regressor, which propagates as in lm's predict())
    if (any(is.infinite(pr))) return("infinite prediction")
    if (identical(v$model_type, "random")) {
      re <- random_effects(v)
      if (nonfinite(re$effect) || anyNA(re$effect)) return("non-finite random effect")
    }
    NULL
  },
  cd_test = function(v, a) {
    if (!inherits(v, "coagg_cd") || !is.data.frame(v)) return("not a coagg_cd data frame")
    noted <- length(attr(v, "notes")) > 0L
    r <- bad_column(v, c("statistic", "p_value", "estimate"), na_ok = TRUE)
    if (!is.null(r)) return(r)
    # a statistic is missing only with a caveat (PUY's LM where it cannot be computed)
    if (anyNA(v$statistic) && !noted) return("NA statistic without a recorded caveat")
    if (any(is.na(v$p_value) & !v$test %in% c("rho", "absrho") & !is.na(v$statistic))) {
      return("NA p-value for a test statistic")
    }
    if (out_of(v$p_value, 0, 1)) return("p_value outside [0, 1]")
    if (out_of(v$estimate, -1 - 1e-12, 1 + 1e-12)) return("average correlation outside [-1, 1]")
    if (out_of(v$statistic[v$test == "lm"], 0, Inf)) return("negative LM statistic")
    if (any(v$units < 3L) || any(v$pairs < 1L)) return("fewer than 3 units or no pair")
    if (any(v$pairs > v$units * (v$units - 1L) / 2L)) return("more pairs than units allow")
    s <- attr(v, "settings")
    if (!is.list(s) || is.null(s$min_overlap) || is.null(s$pairs)) return("settings missing")
    u <- attr(v, "units")
    if (!is.data.frame(u)) return("no units table")
    if (length(unique(v$variable)) == 1L && sum(u$status == "used") != v$units[1L]) {
      return("units table does not match")
    }
    hs <- as_htest(v)
    if (inherits(hs, "htest")) hs <- list(hs)
    if (!all(vapply(hs, inherits, TRUE, "htest"))) return("as_htest() failed")
    NULL
  },
  random_effects = function(v, a) {
    if (!is.data.frame(v)) return("not a data frame")
    r <- bad_column(v, c("effect", "theta", "shrinkage"), na_ok = FALSE)
    if (!is.null(r)) return(r)
    if (out_of(v$theta, 0, 1) || out_of(v$shrinkage, 0, 1)) return("theta / shrinkage outside [0, 1]")
    NULL
  },
  hausman_test = function(v, a) {
    if (!inherits(v, "coagg_hausman") || !inherits(v, "htest")) return("not a coagg_hausman htest")
    undefined <- isTRUE(v$undefined)
    for (nm in c("statistic", "df", "p_value")) {
      x <- v[[nm]]
      if (nonfinite(x)) return(sprintf("non-finite %s", nm))
      if (anyNA(x) && !undefined) return(sprintf("NA %s but the test is not marked undefined", nm))
    }
    if (!identical(unname(v$p.value), v$p_value)) return("p.value and p_value differ")
    if (out_of(v$p_value, 0, 1)) return("p_value outside [0, 1]")
    # a negative statistic is what Stata prints for a difference that is not
    # positive definite: only under convention "stata", without a p-value,
    # with a caveat
    if (out_of(v$statistic, 0, Inf) &&
        !(identical(v$convention, "stata") && undefined && length(v$notes))) {
      return("negative statistic")
    }
    if (identical(v$type, "classical") && !identical(v$positive_definite, TRUE) &&
        !length(v$notes)) return("difference not positive definite without a caveat")
    NULL
  },
  weights = function(v, a) {
    if (!inherits(v, "coagg_weights")) return("not coagg_weights")
    w <- v$weights$estimate
    if (anyNA(w) || nonfinite(w) || out_of(w, 0, 1)) return("weight not in [0, 1]")
    if (abs(sum(w) - 1) > 1e-8) return("weights do not sum to 1")
    sc <- v$scores$estimate
    if (anyNA(sc) || nonfinite(sc) || out_of(sc, -1e-12, 1 + 1e-12)) return("score not in [0, 1]")
    if (!is.character(v$notes) || !is.list(v$settings)) return("notes or settings missing")
    NULL
  },
  grey_relation = function(v, a) {
    if (!inherits(v, "coagg_grey")) return("not coagg_grey")
    g <- v$grades$estimate
    if (anyNA(g) || nonfinite(g) || out_of(g, 0, 1 + 1e-12)) return("grade not in (0, 1]")
    if (anyNA(v$coefficients) || nonfinite(v$coefficients)) return("non-finite coefficient")
    if (nonfinite(v$settings$delta_max) || nonfinite(v$settings$delta_min)) return("non-finite delta")
    NULL
  },
  order_degree = function(v, a) {
    if (!inherits(v, "coagg_order")) return("not coagg_order")
    u <- v$order$estimate
    if (anyNA(u) || nonfinite(u) || out_of(u, 0, 1)) return("order degree not in [0, 1]")
    if (nonfinite(v$bounds$lower) || nonfinite(v$bounds$upper)) return("non-finite bound")
    if (anyNA(v$order$time) || ("unit" %in% names(v$order) && anyNA(v$order$unit))) return("NA key")
    NULL
  },
  synergy_degree = function(v, a) {
    if (!inherits(v, "coagg_synergy")) return("not coagg_synergy")
    r <- bad_column(v, "estimate")
    if (!is.null(r)) return(r)
    if (out_of(v$estimate, -1, 1)) return("synergy outside [-1, 1]")
    if (is.null(attr(v, "settings"))) return("no settings")
    NULL
  },
  coupling_coordination = function(v, a) {
    if (!inherits(v, "coagg_coupling")) return("not coagg_coupling")
    r <- bad_column(v, c("coupling", "development", "estimate"))
    if (!is.null(r)) return(r)
    if (out_of(v$coupling, 0, 1) || out_of(v$estimate, 0, 1) || out_of(v$development, 0, 1)) {
      return("C, T or D outside [0, 1]")
    }
    if (is.null(attr(v, "settings"))) return("no settings")
    NULL
  },
  audit_coef_table = function(v, a) {
    if (!inherits(v, "coagg_audit")) return("not coagg_audit")
    num <- v[vapply(v, is.numeric, TRUE)]
    for (cl in intersect(names(num), c("implied_p_two_sided", "implied_p_one_sided"))) {
      if (out_of(num[[cl]], 0, 1) || any(is.nan(num[[cl]]))) return(sprintf("%s outside [0, 1]", cl))
    }
    if (any(vapply(num, function(x) any(is.nan(x)), TRUE))) return("NaN in the audit table")
    if (anyNA(v$finding)) return("NA finding")
    NULL
  },
  audit_chisq = function(v, a) {
    if (!inherits(v, "coagg_chisq_audit")) return("not coagg_chisq_audit")
    if (any(is.nan(unlist(v[vapply(v, is.numeric, TRUE)])))) return("NaN in the audit")
    if (!is.null(v$p_at_df) && out_of(v$p_at_df, 0, 1)) return("p_at_df outside [0, 1]")
    NULL
  },
  simulate_zhejiang_panel = function(v, a) {
    if (!is.data.frame(v) || nrow(v) != 66L) return("not a 66-row data frame")
    num <- v[vapply(v, is.numeric, TRUE)]
    if (anyNA(num) || nonfinite(num)) return("non-finite simulated value")
    NULL
  },
  replicate_zhejiang = function(v, a) {
    if (!is.list(v)) return("not a list")
    NULL
  },
  model_table = function(v, a) {
    if (!inherits(v, "coagg_table")) return("not a coagg_table")
    if (!all(vapply(v, is.character, TRUE))) return("a non-character cell column")
    n_models <- ncol(v) - 1L
    if (n_models < 1L) return("no model column")
    for (fmt in c("text", "markdown", "latex", "html")) {
      out <- format(v, fmt)
      if (!is.character(out) || !length(out) || anyNA(out)) return(sprintf("bad %s rendering", fmt))
    }
    if (any(grepl("NaN|Inf", unlist(v)))) return("NaN or Inf in a cell")
    NULL
  },
  unitroot_table = function(v, a) {
    if (!inherits(v, "coagg_table")) return("not a coagg_table")
    if (!all(vapply(v, is.character, TRUE))) return("a non-character cell column")
    x <- as.data.frame(a$x)
    if (nrow(v) != nrow(unique(x[c("variable", "form")]))) return("rows are not the variables x forms")
    for (fmt in c("text", "markdown", "latex", "html")) {
      if (!length(format(v, fmt))) return(sprintf("empty %s rendering", fmt))
    }
    NULL
  },
  save_table = function(v, a) {
    if (!identical(v, a$file)) return("does not return the file")
    if (!file.exists(v) || !file.size(v)) return("no file written")
    unlink(v)
    NULL
  },
  coagg_study = function(v, a) {
    if (!inherits(v, "coagg_study")) return("not coagg_study")
    for (nm in c("pooled", "fe", "re", "chosen")) {
      if (!inherits(v$models[[nm]], "coagg_panel")) return(sprintf("model %s missing", nm))
    }
    if (!inherits(v$hausman$classical, "coagg_hausman") ||
        !inherits(v$hausman$robust, "coagg_hausman")) return("no Hausman tests")
    if (!inherits(v$cd$index, "coagg_cd") || !inherits(v$cd$residuals, "coagg_cd")) {
      return("no CD tests")
    }
    ur <- c(v$unitroot$index, v$unitroot$covariates)
    ur <- ur[!vapply(ur, is.null, TRUE)]
    if (!length(ur) || !all(vapply(ur, inherits, TRUE, "coagg_unitroot"))) return("unit roots")
    if (!v$choice$estimator %in% c("pooled", "fe", "re")) return("unknown estimator")
    if (!v$choice$vcov %in% c("classical", "cluster", "driscoll-kraay", "twoway")) {
      return("unknown vcov")
    }
    if (!identical(v$models$chosen$vcov_type, v$choice$vcov)) return("chosen vcov not used")
    # no region-period in the panel that is in neither input
    key <- function(r, t) paste(as.character(r), suppressWarnings(as.numeric(as.character(t))))
    s <- v$settings
    p <- v$panel
    cv <- a$covariates
    ck <- v$settings$covariate_keys
    known <- c(key(v$index$values[[1L]], v$index$values[[2L]]), key(cv[[ck[1L]]], cv[[ck[2L]]]))
    if (!all(key(p[[s$region]], p[[s$time]]) %in% known)) return("a panel row not in the inputs")
    if (nonfinite(v$index$ranking$mean)) return("non-finite ranking")
    fi <- coagg::study_findings(v)
    for (k in seq_len(nrow(fi))) {
      val <- as.numeric(eval(str2lang(fi$field[k]), list(x = v), asNamespace("coagg")))[1L]
      if (!identical(val, fi$value[k])) return(sprintf("finding %s: field != value", fi$id[k]))
    }
    if (!is.character(v$notes)) return("notes not character")
    fp <- v$provenance$fingerprints
    if (!all(grepl("^[0-9a-f]{32}$", fp[!is.na(fp)]))) return("bad fingerprint")
    NULL
  },
  study_findings = function(v, a) {
    if (!is.data.frame(v) || !nrow(v)) return("no findings")
    if (!identical(names(v), c("section", "id", "sentence", "field", "value", "simulated"))) {
      return("columns")
    }
    if (anyNA(v$sentence) || any(!nzchar(v$sentence))) return("empty sentence")
    NULL
  },
  study_report = function(v, a) {
    f <- as.vector(v)
    if (!identical(f, a$file)) return("does not return the file")
    if (!file.exists(f) || !file.size(f)) return("no file written")
    if (grepl("\\.html?$", f)) {
      h <- paste(readLines(f, warn = FALSE, encoding = "UTF-8"), collapse = "\n")
      if (grepl("http", h)) return("the HTML refers to the network")
      if (!grepl("<img", h, fixed = TRUE)) return("no figure in the HTML")
    }
    if (!length(attr(v, "tables")) || !length(attr(v, "figures"))) return("no tables or figures")
    unlink(c(f, sub("\\.[^.]*$", "_files", f)), recursive = TRUE)
    NULL
  },
  simulate_yearbook = function(v, a) {
    if (!identical(names(v), c("employment", "totals", "covariates", "pair"))) return("names")
    e <- v$employment
    if (anyNA(e[c("city", "year", "industry", "enterprises")])) return("NA key or count")
    if (!all(e$data_source == "SIMULATED")) return("not labelled SIMULATED")
    nr <- if (is.null(a$n_regions)) 30L else a$n_regions
    ny <- if (is.null(a$n_years)) 11L else a$n_years
    if (nrow(v$totals) != nr * ny || nrow(v$covariates) != nr * ny) return("totals/covariates rows")
    if (!is.null(a$missing_cells) && sum(is.na(e$employment)) != a$missing_cells) {
      return("blank cells")
    }
    if (nonfinite(e$employment) || any(e$employment < 0, na.rm = TRUE)) return("bad employment")
    if (!all(lengths(v$pair) >= 1L)) return("empty group")
    NULL
  }
)
validate$panel_re <- validate$panel_fe <- validate$panel_pooled <- validate$panel_model
validate$entropy_weights <- validate$critic_weights <- validate$weights

# ---------------------------------------------------------------------------
# Running one case
# ---------------------------------------------------------------------------

# Deterministic case i of a run with `seed`: function round-robin, arguments
# from the generator under set.seed(seed + i). The caller's RNG state is
# restored.
fuzz_case <- function(i, seed = 1L, functions = fuzz_functions) {
  old <- if (exists(".Random.seed", globalenv())) get(".Random.seed", globalenv())
  on.exit(if (is.null(old)) rm(".Random.seed", envir = globalenv()) else
    assign(".Random.seed", old, envir = globalenv()))
  fn <- functions[(i - 1L) %% length(functions) + 1L]
  set.seed(as.integer((seed * 100003 + i) %% 2147483647), kind = "Mersenne-Twister", normal.kind = "Inversion",
           sample.kind = "Rejection")
  fuzz_state$clean <- stats::runif(1L) < 0.4
  case <- tryCatch(suppressWarnings(fuzz_generators[[fn]]()), error = function(e) {
    # a bug of the fuzzer itself: reported as a finding, never run
    list(fn = fn, args = list(), generator_error = conditionMessage(e))
  })
  case$clean <- fuzz_state$clean
  fuzz_state$clean <- FALSE
  case$i <- i
  case$seed <- seed
  case
}

# Run a case; returns a one-row list: i, fn, outcome, class, detail,
# warnings (classes, ";"-joined), seconds. Outcomes that are findings:
# unclassed_error, invalid_result, modified_input, foreign_warning,
# print_error, timeout (crash is added by the process driver).
fuzz_run <- function(case, time_limit = 60) {
  args <- case$args
  before <- unserialize(serialize(args, NULL))
  warns <- character()
  foreign <- character()
  # A warning raised by the user's own expression in a model formula (such
  # as "NaNs produced" from log(x) of a negative x, or "'*' not meaningful
  # for factors" from I(2 * f), in model.frame()) is R's, as in lm(); it is
  # not counted as a finding: its call is a term of the formula, or works on
  # the formula's variables only.
  forms <- Filter(function(a) inherits(a, "formula"), args)
  ftext <- vapply(forms, deparse1, "")
  fvars <- unique(unlist(lapply(forms, all.vars)))
  own <- function(w) {
    cl <- conditionCall(w)
    if (is.null(cl) || !length(forms)) return(FALSE)
    v <- all.vars(cl)
    any(grepl(deparse1(cl), ftext, fixed = TRUE)) || (length(v) && all(v %in% fvars))
  }
  out <- list(i = case$i, fn = case$fn, outcome = "result", class = "", detail = "",
              warnings = "", seconds = NA_real_)
  if (!is.null(case$generator_error)) {
    out$outcome <- "generator_error"
    out$detail <- case$generator_error
    return(out)
  }
  t0 <- proc.time()[[3L]]
  setTimeLimit(elapsed = time_limit, transient = TRUE)
  res <- tryCatch(
    withCallingHandlers(
      { utils::capture.output(val <- case$run(args)); list(ok = TRUE, value = val) },
      warning = function(w) {
        cl <- class(w)[1L]
        if (!inherits(w, "coagg_warning")) {
          if (own(w)) cl <- paste(cl, "(from the user's formula)") else
            foreign <<- c(foreign, conditionMessage(w))
        }
        warns <<- c(warns, cl)
        invokeRestart("muffleWarning")
      },
      message = function(m) invokeRestart("muffleMessage")),
    error = function(e) list(ok = FALSE, error = e))
  setTimeLimit(elapsed = Inf)
  out$seconds <- proc.time()[[3L]] - t0
  out$warnings <- paste(unique(warns), collapse = ";")
  if (!res$ok) {
    e <- res$error
    msg <- conditionMessage(e)
    out$class <- class(e)[1L]
    if (inherits(e, "coagg_input_error")) {
      out$outcome <- "input_error"
    } else if (grepl("time limit", msg)) {
      out$outcome <- "timeout"
      out$detail <- msg
    } else {
      out$outcome <- "unclassed_error"
      out$detail <- paste(msg, collapse = " ")
    }
  } else {
    v <- res$value
    why <- tryCatch(validate[[case$fn]](v, args),
                    error = function(e) paste("validator failed:", conditionMessage(e)))
    if (!is.null(why)) {
      out$outcome <- "invalid_result"
      out$detail <- why
    } else {
      pe <- tryCatch({
        utils::capture.output(print(v))
        if (inherits(v, c("coagg_panel", "coagg_unitroot"))) utils::capture.output(print(summary(v)))
        NULL
      }, error = function(e) conditionMessage(e))
      if (!is.null(pe)) {
        out$outcome <- "print_error"
        out$detail <- pe
      }
    }
  }
  if (!identical(args, before)) {
    out$outcome <- "modified_input"
    out$detail <- "an input changed during the call"
  }
  if (out$outcome %in% c("result", "input_error") && length(foreign)) {
    out$outcome <- "foreign_warning"
    out$detail <- foreign[1L]
  }
  out
}

fuzz_findings <- c("unclassed_error", "invalid_result", "modified_input", "foreign_warning",
                   "print_error", "timeout", "crash", "generator_error")

fuzz_columns <- c("i", "fn", "outcome", "class", "detail", "warnings", "seconds")

fuzz_frame <- function(rows) {
  if (!length(rows)) {
    return(data.frame(i = integer(), fn = character(), outcome = character(),
                      class = character(), detail = character(), warnings = character(),
                      seconds = double(), stringsAsFactors = FALSE))
  }
  out <- do.call(rbind.data.frame, c(rows, stringsAsFactors = FALSE))
  out$i <- as.integer(out$i)
  out$seconds <- as.double(out$seconds)
  out
}

# Run cases `from`..`to` in this process; a data frame, one row per call.
# With `progress`, each finished call is also appended to that file as one
# tab-separated line, so that a driver can tell which case a dead process
# was running (the first one without a line).
fuzz_batch <- function(from, to, seed = 1L, time_limit = 60, progress = NULL,
                       make_case = function(i) fuzz_case(i, seed), skip = character()) {
  dir.create(fuzz_tempdir(), showWarnings = FALSE, recursive = TRUE)
  rows <- vector("list", max(0L, to - from + 1L))
  for (i in seq.int(from, length.out = max(0L, to - from + 1L))) {
    case <- make_case(i)
    if (case$fn %in% skip) next   # (its row stays NULL and is dropped)
    r <- fuzz_run(case, time_limit)
    rows[[i - from + 1L]] <- r
    if (!is.null(progress)) {
      txt <- vapply(r[fuzz_columns], function(v) gsub("[\t\r\n]+", " ", as.character(v)), "")
      cat(paste(txt, collapse = "\t"), "\n", sep = "", file = progress, append = TRUE)
    }
  }
  fuzz_frame(Filter(Negate(is.null), rows))
}

# The finished calls recorded in a progress file.
fuzz_read_progress <- function(progress) {
  if (!file.exists(progress)) return(fuzz_frame(list()))
  lines <- readLines(progress, warn = FALSE)
  lines <- lines[nzchar(lines)]
  fuzz_frame(lapply(strsplit(lines, "\t", fixed = TRUE), function(f) {
    f <- c(f, rep("", length(fuzz_columns)))[seq_along(fuzz_columns)]
    stats::setNames(as.list(f), fuzz_columns)
  }))
}

fuzz_dead_row <- function(i, fn, outcome, detail) {
  list(i = i, fn = fn, outcome = outcome, class = "", detail = detail, warnings = "",
       seconds = NA_real_)
}

# Run cases `from`..`to` in child processes: `runner(start, to, progress)`
# runs cases start..to in a child that appends to `progress`, and returns
# its exit status (0 when it finished; "timeout" when it was stopped). A
# child that dies (a crash: segfault, abort, sanitizer report) or is stopped
# (a hang) is counted against the case it was running, and a new child
# carries on with the next case.
fuzz_supervise <- function(from, to, runner, fn_of, progress_dir = tempdir()) {
  rows <- list()
  start <- from
  while (start <= to) {
    progress <- tempfile("coagg-fuzz-progress-", tmpdir = progress_dir)
    status <- runner(start, to, progress)
    tempdir(check = TRUE) # see fuzz_forked()
    done <- fuzz_read_progress(progress)
    unlink(progress)
    rows <- c(rows, split(done, seq_len(nrow(done))))
    last <- if (nrow(done)) max(done$i) else start - 1L
    if (last >= to) break
    dead <- last + 1L
    rows <- c(rows, list(fuzz_dead_row(dead, fn_of(dead),
                                       if (identical(status, "timeout")) "timeout" else "crash",
                                       sprintf("the child R process %s while running case %d",
                                               if (identical(status, "timeout")) "was stopped (time limit)" else
                                                 sprintf("died (status %s)", format(status)), dead))))
    start <- dead + 1L
  }
  out <- fuzz_frame(lapply(rows, as.list))
  out <- out[order(out$i), , drop = FALSE]
  rownames(out) <- NULL
  out
}

fuzz_fn_of <- function(i, functions = fuzz_functions) functions[(i - 1L) %% length(functions) + 1L]

# In-suite driver: forked children (parallel::mcparallel) on Unix, so that a
# crash is counted and named instead of killing the test run; in-process
# elsewhere. `limit` bounds one child's wall time.
fuzz_forked <- function(from, to, seed = 1L, time_limit = 60, limit = 600,
                        make_case = function(i) fuzz_case(i, seed)) {
  if (.Platform$OS.type != "unix") return(fuzz_batch(from, to, seed, time_limit, make_case = make_case))
  runner <- function(start, end, progress) {
    job <- parallel::mcparallel({
      fuzz_batch(start, end, seed, time_limit, progress = progress, make_case = make_case)
      TRUE
    }, silent = TRUE)
    t0 <- Sys.time()
    repeat {
      # NULL while the child runs; list(TRUE) when it finished; list(NULL)
      # when it died without a result
      res <- suppressWarnings(parallel::mccollect(job, wait = FALSE, timeout = 1))
      if (!is.null(res)) return(if (isTRUE(res[[1L]])) 0L else "died")
      if (as.double(Sys.time() - t0, units = "secs") > limit) {
        tools::pskill(job$pid, tools::SIGKILL)
        suppressWarnings(parallel::mccollect(job, wait = TRUE))
        return("timeout")
      }
    }
  }
  # A forked child that crashes runs R's abort path, which deletes the
  # session's temporary directory, shared with this process: the progress
  # files live beside it, and fuzz_supervise() recreates it after each child.
  fuzz_supervise(from, to, runner, function(i) make_case_fn(make_case, i),
                 progress_dir = dirname(tempdir()))
}

make_case_fn <- function(make_case, i) {
  tryCatch(make_case(i)$fn, error = function(e) NA_character_)
}

# Markdown summary of a data frame of outcomes.
fuzz_report <- function(res, seed, seconds = NA, crashes = 0L, extra = character()) {
  fmt_tab <- function(x) paste(sprintf("| %s | %d |", names(x), as.integer(x)), collapse = "\n")
  err <- res$class[res$outcome == "input_error"]
  other <- res$class[!res$outcome %in% c("result", "input_error") & nzchar(res$class)]
  w <- unlist(strsplit(res$warnings[nzchar(res$warnings)], ";", fixed = TRUE))
  per_fn <- table(factor(res$fn, levels = fuzz_functions),
                  factor(ifelse(res$outcome %in% fuzz_findings, "finding", res$outcome),
                         levels = c("result", "input_error", "finding")))
  c("### Fuzzing (inst/fuzz/fuzz.R)", "",
    sprintf("Seed %s; %d calls over %d exported functions%s; %s; %s.", format(seed), nrow(res),
            length(unique(res$fn)),
            if (is.finite(seconds)) sprintf(" in %.0f s", seconds) else "",
            R.version.string, paste(Sys.info()[c("sysname", "machine")], collapse = " ")),
    "", "| outcome | calls |", "|---|---|",
    fmt_tab(table(factor(res$outcome, levels = c("result", "input_error", fuzz_findings)))),
    "", "Input errors by class (each inherits `coagg_input_error`):", "", "| class | calls |",
    "|---|---|",
    if (length(err)) fmt_tab(sort(table(err), decreasing = TRUE)) else "| (none) | 0 |",
    if (length(other)) c("", "Other errors (findings):", "", "| class | calls |", "|---|---|",
                         fmt_tab(sort(table(other), decreasing = TRUE))),
    "", paste("Warnings by class (calls raising each; a `coagg_warning` is a recorded caveat;",
              "R's own warnings from an expression in the user's formula, such as log() of",
              "a negative number, are R's, as in lm()):"), "", "| class | calls |", "|---|---|",
    if (length(w)) fmt_tab(sort(table(w), decreasing = TRUE)) else "| (none) | 0 |",
    "", "Per function:", "", "| function | valid result | input error | finding |",
    "|---|---|---|---|",
    sprintf("| %s | %d | %d | %d |", rownames(per_fn), per_fn[, 1L], per_fn[, 2L], per_fn[, 3L]),
    "", sprintf("Crashes: %d. Findings (must be 0): %d.", crashes,
                sum(res$outcome %in% fuzz_findings)),
    extra)
}
