# Ellison-Glaeser agglomeration and co-agglomeration indices and location
# quotients. The R side validates and codes the long data frame, the C side
# (src/agglomeration.c) aggregates it into region x industry x period arrays
# and computes every index in one .Call; R names and shapes the result and
# records the caveats.

# Engine codes shared with src/agglomeration.c
EG_MODE <- c(aggregate = 0L, counts = 1L, firms = 2L)
EG_X <- c(total = 0L, mean_share = 1L, reference = 2L)
EG_H <- c(none = 0L, exact = 1L, counts = 2L, inverse_n = 3L, user = 4L)

# ---------------------------------------------------------------------------
# Validation and coding of the input
# ---------------------------------------------------------------------------

# Validate the data and its columns and code them for C. Returns a list with
# the codes (rc, ic, tc; 0-based), employment, firm counts, the input mode,
# the levels and the column names.
eg_data <- function(data, region, industry, employment, n_firms = NULL,
                    firm_id = NULL, time = NULL) {
  check_data_frame(data)
  check_string(region, "region")
  check_string(industry, "industry")
  check_string(employment, "employment")
  check_string(n_firms, "n_firms", null_ok = TRUE)
  check_string(firm_id, "firm_id", null_ok = TRUE)
  check_string(time, "time", null_ok = TRUE)
  cols <- unlist(list(region = region, industry = industry, employment = employment,
                      n_firms = n_firms, firm_id = firm_id, time = time))
  d <- anyDuplicated(cols)
  if (d) {
    abort_input(sprintf('names column "%s", which `%s` already names; each role needs its own column.',
                        cols[[d]], names(cols)[match(cols[[d]], cols)]),
                arg = names(cols)[d], column = cols[[d]])
  }
  if (!is.null(n_firms) && !is.null(firm_id)) {
    abort_input(paste("give either `n_firms` (rows are region x industry cells with",
                      "enterprise counts) or `firm_id` (one row per firm), not both."),
                arg = "firm_id")
  }
  reg <- check_key_column(data, region, "region")
  ind <- check_key_column(data, industry, "industry")
  tm <- if (!is.null(time)) check_key_column(data, time, "time")
  # integer columns go to C as they are (no double copy of a long column)
  emp <- check_numeric_column(data, employment, "employment", nonnegative = TRUE,
                              as_double = FALSE)
  nf <- double()
  mode <- "aggregate"
  if (!is.null(n_firms)) {
    mode <- "counts"
    # rows with employment but fewer than one firm are found by the C pass
    # counts of enterprises are whole numbers; a fraction is most often a
    # count in other units (e.g. 10,000 firms), which would distort H
    nf <- check_numeric_column(data, n_firms, "n_firms", nonnegative = TRUE, whole = TRUE,
                               as_double = FALSE)
  }
  # firm rows: the cheap test for repeated ids runs before the codes exist,
  # so that its table and the codes are not in memory at the same time
  fid <- NULL
  if (!is.null(firm_id)) {
    fid <- check_key_column(data, firm_id, "firm_id")
    if (!eg_firm_ids_may_repeat(fid)) fid <- NULL
  }
  rg <- group_codes(reg)
  ig <- group_codes(ind)
  tg <- if (!is.null(time)) group_codes(tm) else list(code = integer(), levels = NULL)
  nr <- length(rg$levels)
  if (nr < 2L) {
    abort_input(sprintf(paste('column "%s" holds a single region ("%s"); the indices compare',
                              "regions, so at least two are needed."),
                        region, as.character(rg$levels[1L])),
                arg = "region", column = region, row = 1L)
  }
  out <- list(rc = rg$code, ic = ig$code, tc = tg$code, emp = emp, nf = nf, mode = mode,
              region_levels = rg$levels, industry_levels = ig$levels,
              time_levels = tg$levels, nr = nr, ni = length(ig$levels),
              nt = if (is.null(time)) 1L else length(tg$levels), cols = cols,
              n = nrow(data))
  if (!is.null(firm_id)) {
    out$mode <- "firms"
    if (!is.null(fid)) eg_check_firm_ids(fid, out)
  }
  out
}

# Firm rows: a firm id may not repeat within an industry and period. The
# common case, ids unique over the whole table, is settled by one pass:
# tabulate() for positive integer ids of moderate range (a table of max(id)
# counts, less memory than a hash table of the ids), anyDuplicated()
# otherwise. Only when some id repeats is the exact check run.
eg_firm_ids_may_repeat <- function(fid) {
  n <- length(fid)
  if (is.integer(fid) && n && min(fid) >= 1L && max(fid) <= 4 * n + 1e6) {
    return(max(tabulate(fid, max(fid))) > 1L)
  }
  anyDuplicated(fid) > 0L
}

eg_check_firm_ids <- function(fid, d) {
  fc <- match(fid, unique(fid))
  tc <- if (length(d$tc)) d$tc else 0L
  key <- (as.double(fc) * d$ni + d$ic) * d$nt + tc
  row <- anyDuplicated(key)
  if (row) {
    first <- match(key[row], key)
    abort_input(sprintf('firm "%s" appears twice in industry "%s"%s: row %d repeats row %d. Rows are firms (or plants): one row per firm, industry and period.',
                        as.character(fid[row]),
                        as.character(d$industry_levels[d$ic[row] + 1L]),
                        eg_period_text(d, tc[min(row, length(tc))]), row, first),
                arg = "firm_id", column = d$cols[["firm_id"]], row = row)
  }
  invisible(TRUE)
}

eg_period_text <- function(d, t0) {
  if (is.null(d$time_levels)) "" else
    sprintf(" in period %s", as.character(d$time_levels[t0 + 1L]))
}

eg_period_label <- function(d, t0) {
  if (is.null(d$time_levels)) "" else sprintf(" (period %s)", as.character(d$time_levels[t0 + 1L]))
}

# Reference shares x: NULL / "total" (aggregate of the data), "mean_share"
# (mean of the industry shares), a named vector of region totals, or a data
# frame of region (and period) totals. Returns the method code and, for
# supplied totals, an nr x nt matrix.
eg_reference <- function(reference, d) {
  total <- list(method = "total", label = "aggregate employment of all industries in the data",
                matrix = double())
  if (is.null(reference)) return(total)
  if (is.character(reference) && length(reference) == 1L && is.null(names(reference))) {
    r <- check_choice(reference, c("total", "mean_share"), "reference")
    if (r == "total") return(total)
    return(list(method = "mean_share", label = "mean of the industries' region shares (EGK 2010)",
                matrix = double()))
  }
  lev <- as.character(d$region_levels)
  nt <- d$nt
  reference <- drop_1d(reference)
  if (is.data.frame(reference)) {
    mat <- eg_reference_frame(reference, d)
  } else if (is.numeric(reference) && is.null(dim(reference))) {
    nm <- names(reference)
    if (is.null(nm) || anyNA(nm) || any(!nzchar(nm))) {
      abort_input(paste("must be \"total\", \"mean_share\", a numeric vector of region totals",
                        "named by region, or a data frame of totals; this numeric vector has",
                        if (is.null(nm)) "no names." else "a missing or empty name."),
                  arg = "reference")
    }
    eg_check_totals(reference, "reference", labels = nm)
    dn <- anyDuplicated(nm)
    if (dn) {
      abort_input(sprintf('names region "%s" twice (elements %d and %d).', nm[dn],
                          match(nm[dn], nm), dn), arg = "reference", row = dn)
    }
    k <- match(nm, lev)
    if (anyNA(k)) {
      j <- which(is.na(k))[1L]
      abort_input(sprintf(paste('names region "%s" (element %d), which is not in column "%s"',
                                "of `data`. Give totals for the data's regions only (a region",
                                "with no employment in the data's industries needs zero rows",
                                "in `data`)."), nm[j], j, d$cols[["region"]]),
                  arg = "reference", row = j)
    }
    miss <- which(!(lev %in% nm))
    if (length(miss)) {
      row <- match(miss[1L] - 1L, d$rc)
      abort_input(sprintf('has no total for region "%s" (column "%s", first at row %d of `data`).',
                          lev[miss[1L]], d$cols[["region"]], row),
                  arg = "reference", column = d$cols[["region"]], row = row)
    }
    mat <- rep(as.double(reference)[match(lev, nm)], nt)
  } else {
    abort_input(sprintf(paste("must be NULL, \"total\", \"mean_share\", a named numeric vector",
                              "of region totals or a data frame of totals, not %s."),
                        describe(reference)), arg = "reference")
  }
  list(method = "reference", label = "supplied region totals (`reference`)", matrix = mat)
}

# A one-dimensional named array (as from tapply()) as a named vector.
drop_1d <- function(x) {
  if (is.numeric(x) && length(dim(x)) == 1L) {
    x <- stats::setNames(as.vector(x), names(x))
  }
  x
}

# Values of supplied totals: finite and non-negative, first bad one named.
eg_check_totals <- function(v, arg, labels, what = "total") {
  bad <- !is.finite(v) | v < 0
  if (any(bad)) {
    j <- which(bad)[1L]
    abort_input(sprintf('has %s %s for "%s" (element %d); %ss must be finite and non-negative.',
                        if (is.na(v[j])) "a missing" else "an invalid", what, labels[j], j, what),
                arg = arg, row = j)
  }
  invisible(TRUE)
}

# A data frame of totals: columns region (and time) named as in `data`, and
# `total`. Rows for periods absent from the data are ignored.
eg_reference_frame <- function(ref, d) {
  rcol <- d$cols[["region"]]
  tcol <- if (!is.null(d$time_levels)) d$cols[["time"]]
  check_data_frame(ref, "reference")
  r <- check_key_column(ref, rcol, "reference", data_arg = "reference")
  tot <- check_numeric_column(ref, "total", "reference", nonnegative = TRUE,
                              data_arg = "reference")
  lev <- as.character(d$region_levels)
  rk <- match(as.character(r), lev)
  if (anyNA(rk)) {
    j <- which(is.na(rk))[1L]
    abort_input(sprintf('row %d names region "%s", which is not in column "%s" of `data`.',
                        j, as.character(r[j]), rcol), arg = "reference", column = rcol, row = j)
  }
  tk <- rep(1L, length(rk))
  if (!is.null(tcol)) {
    tt <- check_key_column(ref, tcol, "reference", data_arg = "reference")
    tk <- match(as.character(tt), as.character(d$time_levels))
    keep <- !is.na(tk)
    rk <- rk[keep]
    tk <- tk[keep]
    tot <- tot[keep]
    rows <- which(keep)
  } else {
    rows <- seq_along(rk)
  }
  cell <- rk + d$nr * (tk - 1L)
  dup <- anyDuplicated(cell)
  if (dup) {
    abort_input(sprintf("row %d repeats the (region%s) of row %d.", rows[dup],
                        if (is.null(tcol)) "" else ", time", rows[match(cell[dup], cell)]),
                arg = "reference", row = rows[dup])
  }
  mat <- rep(NA_real_, d$nr * d$nt)
  mat[cell] <- tot
  if (anyNA(mat)) {
    seen <- tabulate(d$rc + 1L + d$nr * (if (length(d$tc)) d$tc else 0L), d$nr * d$nt) > 0L
    need <- which(is.na(mat) & seen)
    if (length(need)) {
      c0 <- need[1L] - 1L
      m0 <- c0 %% d$nr
      t0 <- c0 %/% d$nr
      row <- which(d$rc == m0 & (if (length(d$tc)) d$tc == t0 else TRUE))[1L]
      abort_input(sprintf('has no total for region "%s"%s (first at row %d of `data`).',
                          lev[m0 + 1L], eg_period_text(d, t0), row),
                  arg = "reference", column = rcol, row = row)
    }
    mat[is.na(mat)] <- 0
  }
  mat
}

# The firms' Herfindahl index: "auto", "exact", "counts", "inverse_n", or
# supplied values (a named vector or a data frame) for the units `units`.
eg_herfindahl <- function(herfindahl, d, units, required, unit_col, present) {
  if (is.character(herfindahl) && length(herfindahl) == 1L && is.null(names(herfindahl))) {
    h <- check_choice(herfindahl, c("auto", "exact", "counts", "inverse_n"), "herfindahl")
    if (h == "auto") {
      h <- switch(d$mode, firms = "exact", counts = "counts", aggregate = "none")
    }
    if (h == "exact" && d$mode != "firms") {
      abort_input("\"exact\" needs firm rows: name the firm column in `firm_id` (one row per firm).",
                  arg = "herfindahl")
    }
    if (h %in% c("counts", "inverse_n") && d$mode == "aggregate") {
      abort_input(sprintf(paste("\"%s\" needs firm numbers: name the enterprise-count column",
                                "in `n_firms`, or give firm rows with `firm_id`."), h),
                  arg = "herfindahl")
    }
    if (h == "none" && required) {
      abort_input(paste("the E-G index needs the firms' Herfindahl index H: give `firm_id`",
                        "(one row per firm), `n_firms` (enterprise counts) or values of H in",
                        "`herfindahl`."), arg = "herfindahl")
    }
    label <- switch(h,
                    none = "not used",
                    exact = "exact, from the firm rows",
                    counts = "equal-size firms within each region, H = sum s^2 / n",
                    inverse_n = "1 / N (equal-size firms)")
    return(list(method = h, label = label, user = double()))
  }
  nu <- length(units)
  nt <- d$nt
  herfindahl <- drop_1d(herfindahl)
  if (is.data.frame(herfindahl)) {
    check_data_frame(herfindahl, "herfindahl")
    u <- check_key_column(herfindahl, unit_col, "herfindahl", data_arg = "herfindahl")
    v <- check_numeric_column(herfindahl, "herfindahl", "herfindahl", data_arg = "herfindahl")
    uk <- match(as.character(u), units)
    if (anyNA(uk)) {
      j <- which(is.na(uk))[1L]
      abort_input(sprintf('row %d names "%s", which is not one of %s.', j, as.character(u[j]),
                          paste0('"', utils::head(units, 5L), '"', collapse = ", ")),
                  arg = "herfindahl", column = unit_col, row = j)
    }
    tk <- rep(1L, length(uk))
    rows <- seq_along(uk)
    if (!is.null(d$time_levels)) {
      tt <- check_key_column(herfindahl, d$cols[["time"]], "herfindahl", data_arg = "herfindahl")
      tk <- match(as.character(tt), as.character(d$time_levels))
      keep <- !is.na(tk)
      uk <- uk[keep]; tk <- tk[keep]; v <- v[keep]; rows <- rows[keep]
    }
    cell <- uk + nu * (tk - 1L)
    dup <- anyDuplicated(cell)
    if (dup) {
      abort_input(sprintf("row %d repeats the key of row %d.", rows[dup],
                          rows[match(cell[dup], cell)]), arg = "herfindahl", row = rows[dup])
    }
    mat <- rep(NA_real_, nu * nt)
    mat[cell] <- v
    bad <- which(present & (is.na(mat) | !(mat > 0 & mat <= 1)))
  } else if (is.numeric(herfindahl) && is.null(dim(herfindahl))) {
    nm <- names(herfindahl)
    if (is.null(nm) || anyNA(nm) || anyDuplicated(nm)) {
      abort_input(sprintf("must be a numeric vector named by %s (unique names), or a data frame.",
                          if (unit_col == "group") "the groups of `pair`" else "industry"),
                  arg = "herfindahl")
    }
    k <- match(nm, units)
    if (anyNA(k)) {
      j <- which(is.na(k))[1L]
      abort_input(sprintf('names "%s" (element %d), which is not one of %s.', nm[j], j,
                          paste0('"', utils::head(units, 5L), '"', collapse = ", ")),
                  arg = "herfindahl", row = j)
    }
    mat <- rep(as.double(herfindahl)[match(units, nm)], nt)
    bad <- which(present & (is.na(mat) | !(mat > 0 & mat <= 1)))
  } else {
    abort_input(sprintf(paste("must be \"auto\", \"exact\", \"counts\", \"inverse_n\", a named",
                              "numeric vector or a data frame, not %s."), describe(herfindahl)),
                arg = "herfindahl")
  }
  if (length(bad)) {
    b0 <- bad[1L] - 1L
    val <- mat[bad[1L]]
    abort_input(sprintf('%s for "%s"%s; H must lie in (0, 1].',
                        if (is.na(val)) "has no value" else sprintf("has H = %s", format(val)),
                        units[b0 %% nu + 1L], eg_period_text(d, b0 %/% nu)),
                arg = "herfindahl")
  }
  mat[is.na(mat)] <- 0.5 # units without data in a period: never used
  list(method = "user", label = "supplied (`herfindahl`)", user = mat)
}

# Which units (industries, or groups through gmap) have rows in each period:
# a logical vector of length nu * nt.
eg_presence <- function(d, gmap, nu) {
  tc <- if (length(d$tc)) d$tc else 0L
  seen <- tabulate(d$ic + 1L + d$ni * tc, d$ni * d$nt) > 0L
  pres <- logical(nu * d$nt)
  for (t in seq_len(d$nt)) {
    s <- seen[(t - 1L) * d$ni + seq_len(d$ni)]
    u <- unique(gmap[s & gmap >= 0L])
    pres[(t - 1L) * nu + u + 1L] <- TRUE
  }
  pres
}

eg_dims <- function(d, ...) as.integer(c(d$nr, d$ni, d$nt, ...))

# A data frame from a named list of equally long columns (NULL columns
# dropped), without data.frame()'s checks and name mangling.
tidy_frame <- function(cols, class = NULL) {
  cols <- cols[!vapply(cols, is.null, TRUE)]
  n <- if (length(cols)) length(cols[[1L]]) else 0L
  structure(cols, row.names = c(NA_integer_, -n), class = c(class, "data.frame"))
}

# Regions that have rows in a period but a zero reference share there are left
# out of per-region results; say so.
eg_absent_regions_note <- function(d, x) {
  tc <- if (length(d$tc)) d$tc else 0L
  seen <- tabulate(d$rc + 1L + d$nr * tc, d$nr * d$nt) > 0L
  out <- which(seen & !(x > 0))
  if (!length(out)) return(character())
  c0 <- out[1L] - 1L
  warn_caveat(sprintf(paste("Region \"%s\"%s has no employment in any industry of the data",
                            "and is left out%s."),
                      as.character(d$region_levels[c0 %% d$nr + 1L]), eg_period_text(d, c0 %/% d$nr),
                      if (length(out) > 1L) sprintf(" (%d such region%s)", length(out),
                                                    if (d$nt > 1L) "-periods" else "s") else ""))
}

eg_opts <- function(d, ref, h, ...) {
  as.integer(c(EG_MODE[[d$mode]], EG_X[[ref$method]], EG_H[[h$method]], ...))
}

# Checks on what the engine found while aggregating: a repeated cell, zero
# employment, fewer than two regions, supplied totals inconsistent with the
# data. Errors are raised here; caveats are returned as notes.
eg_after_call <- function(res, d, ref) {
  if (res$dup[3L] > 0) {
    row <- as.integer(res$dup[3L])
    abort_input(sprintf(paste('column "%s" is %s at row %d, where employment (column "%s")',
                              "is %s: a cell with employment needs at least one firm."),
                        d$cols[["n_firms"]], format(d$nf[row]), row, d$cols[["employment"]],
                        format(d$emp[row])),
                arg = "n_firms", column = d$cols[["n_firms"]], row = row)
  }
  if (res$dup[1L] > 0) {
    row <- as.integer(res$dup[1L])
    first <- as.integer(res$dup[2L])
    key <- c(as.character(d$region_levels[d$rc[row] + 1L]),
             as.character(d$industry_levels[d$ic[row] + 1L]))
    cols <- d$cols[c("region", "industry")]
    if (!is.null(d$time_levels)) {
      key <- c(key, as.character(d$time_levels[d$tc[row] + 1L]))
      cols <- c(cols, d$cols[["time"]])
    }
    abort_input(sprintf(paste("duplicated (%s) = (%s): row %d repeats row %d. Rows must be",
                              "unique cells; for one row per firm name the firm column in",
                              "`firm_id`."),
                        paste(cols, collapse = ", "), paste(key, collapse = ", "), row, first),
                arg = "data", column = unname(cols), row = row)
  }
  huge <- which(!is.finite(res$total))
  if (length(huge)) {
    abort_input(sprintf(paste('column "%s" sums to more than the largest representable',
                              "number%s; rescale it (the indices do not depend on the unit)."),
                        d$cols[["employment"]], eg_period_label(d, huge[1L] - 1L)),
                arg = "employment", column = d$cols[["employment"]])
  }
  zero <- which(!(res$total > 0))
  if (length(zero)) {
    abort_input(sprintf('column "%s" sums to zero%s: there are no shares to compare.',
                        d$cols[["employment"]], eg_period_label(d, zero[1L] - 1L)),
                arg = "employment", column = d$cols[["employment"]])
  }
  few <- which(res$n_regions < 2L)
  if (length(few)) {
    abort_input(sprintf(paste("only %d region has a positive reference share%s; the indices",
                              "compare regions, so at least two are needed."),
                        res$n_regions[few[1L]], eg_period_label(d, few[1L] - 1L)),
                arg = "region", column = d$cols[["region"]])
  }
  # Other regions may have positive shares that vanish beside one region's
  # (an employment of 1e308 next to hundreds): then 1 - sum x^2, the
  # denominator of every index, is zero or rounding noise, and the indices
  # came out as Inf or NaN (fuzz finding).
  flat <- which(!(1 - res$sum_x2 > sqrt(.Machine$double.eps)))
  if (length(flat)) {
    supplied <- ref$method == "reference"
    abort_input(sprintf(paste("one region holds all of the reference employment to machine",
                              "precision%s (1 - sum of x^2 = %s): the indices divide by it and",
                              "are undefined. Check %s for an extreme value."),
                        eg_period_label(d, flat[1L] - 1L), format(1 - res$sum_x2[flat[1L]]),
                        if (supplied) "`reference`" else sprintf('column "%s"', d$cols[["employment"]])),
                arg = if (supplied) "reference" else "employment",
                column = if (supplied) NULL else d$cols[["employment"]])
  }
  notes <- character()
  if (ref$method == "reference") {
    rt <- res$region_total
    rf <- ref$matrix
    bad <- which(rt > 0 & !(rf > 0))
    if (length(bad)) {
      c0 <- bad[1L] - 1L
      abort_input(sprintf('gives region "%s" a total of 0%s, although the data has employment %s there.',
                          as.character(d$region_levels[c0 %% d$nr + 1L]),
                          eg_period_text(d, c0 %/% d$nr), format(rt[bad[1L]])),
                  arg = "reference")
    }
    over <- which(rt > rf * (1 + 1e-9))
    if (length(over)) {
      c0 <- over[1L] - 1L
      notes <- c(notes, warn_caveat(sprintf(paste(
        "In %d region%s the data's employment exceeds the supplied reference total",
        "(first: region \"%s\"%s, %s > %s); check that `reference` covers all",
        "sectors of the data."),
        length(over), if (length(over) == 1L) "" else "-periods",
        as.character(d$region_levels[c0 %% d$nr + 1L]), eg_period_text(d, c0 %/% d$nr),
        format(rt[over[1L]]), format(rf[over[1L]]))))
    }
  }
  notes
}

# Industry labels (as character) matched against a user's vector, with a
# classed error naming the first unknown one.
eg_match_industries <- function(v, d, arg, what) {
  if (!is.atomic(v) || !length(v) || anyNA(v)) {
    abort_input(sprintf("%s must be a non-empty vector of industry codes without NA.", what),
                arg = arg)
  }
  lev <- as.character(d$industry_levels)
  v <- as.character(v)
  k <- match(v, lev)
  if (anyNA(k)) {
    bad <- v[is.na(k)][1L]
    near <- character()
    if (length(lev) <= 5000L) {
      dist <- utils::adist(tolower(bad), tolower(lev))[1L, ]
      near <- lev[dist <= max(1, nchar(bad) %/% 4) & dist == min(dist)]
    }
    abort_input(sprintf('%s names industry "%s", which is not in column "%s" of `data`.%s',
                        what, bad, d$cols[["industry"]],
                        if (length(near)) sprintf(" Did you mean %s?",
                                                  paste0('"', near, '"', collapse = " or ")) else ""),
                arg = arg, column = d$cols[["industry"]])
  }
  dup <- anyDuplicated(k)
  if (dup) {
    abort_input(sprintf('%s lists industry "%s" twice.', what, v[dup]), arg = arg)
  }
  k - 1L
}

eg_time_column <- function(d, t0) {
  if (is.null(d$time_levels)) NULL else d$time_levels[t0 + 1L]
}

eg_settings <- function(d, ref, h, res) {
  list(input = d$mode, reference = ref$label, reference_method = ref$method,
       herfindahl = h$label, herfindahl_method = h$method,
       n_regions = res$n_regions, sum_x2 = res$sum_x2,
       time = d$time_levels, columns = d$cols)
}

# ---------------------------------------------------------------------------
# eg_index
# ---------------------------------------------------------------------------

#' Ellison-Glaeser agglomeration index of each industry
#'
#' @md
#' @description
#' Computes the Ellison-Glaeser (1997) index of geographic concentration
#' \eqn{\gamma} of every industry, with the raw spatial Gini \eqn{G}, the
#' firms' Herfindahl index \eqn{H} and the test statistic of
#' \eqn{\gamma = 0}, from a long data frame: one row per region x industry
#' cell (aggregated data, optionally with enterprise counts) or one row per
#' firm (microdata).
#'
#' @param data a data frame in long form.
#' @param region,industry,employment names (strings) of the columns holding
#'   the region, the industry and the employment (or another non-negative
#'   size measure) of each row.
#' @param n_firms name of a column of enterprise counts when the rows are
#'   aggregated region x industry cells (as in a statistical yearbook). Used
#'   to estimate \eqn{H}. Counts must be whole numbers (a fraction is
#'   usually a count in other units, such as tens of thousands of firms,
#'   which would distort \eqn{H}); rows with employment need at least one.
#' @param firm_id name of a column identifying firms (or plants) when every
#'   row is one firm with its employment. Several rows per region x industry
#'   cell are then expected; an id may not repeat within an industry and
#'   period. Firms with zero employment are ignored.
#' @param time name of a period column. Each period is computed separately
#'   (its own shares, \eqn{H} and indices), exactly as a call on that
#'   period's rows alone, and results carry a `time` column.
#' @param reference the regions' reference shares \eqn{x_m}: `NULL` or
#'   `"total"` (default: each region's share of the aggregate employment of
#'   all industries in `data`); `"mean_share"` (the mean over industries of
#'   the industries' region shares, the empirical choice of Ellison, Glaeser
#'   and Kerr 2010); a numeric vector of region totals named by region (for
#'   instance total employment of all sectors from a yearbook; used for
#'   every period); or a data frame with the region column (and the time
#'   column), named as in `data`, and a numeric column `total`.
#' @param herfindahl how to obtain each industry's Herfindahl index of firm
#'   shares \eqn{H}: `"auto"` (default: `"exact"` with `firm_id`, `"counts"`
#'   with `n_firms`), `"exact"`, `"counts"`, `"inverse_n"`, or supplied
#'   values: a numeric vector named by industry, or a data frame with the
#'   industry column (and the time column) and a column `herfindahl`.
#'
#' @details
#' Notation: regions \eqn{m = 1, \dots, M}, industries \eqn{i}; \eqn{E_{mi}}
#' the employment of industry \eqn{i} in region \eqn{m};
#' \eqn{s_{mi} = E_{mi} / \sum_m E_{mi}} the share of the industry located in
#' \eqn{m}; \eqn{x_m} the region's reference share (see `reference`);
#' \eqn{S_2 = \sum_m x_m^2}, \eqn{S_3 = \sum_m x_m^3}. A region with no
#' employment in an industry has \eqn{s_{mi} = 0}.
#'
#' \deqn{G_i = \sum_m (s_{mi} - x_m)^2, \qquad
#'   \gamma_i = \frac{G_i - (1 - S_2) H_i}{(1 - S_2)(1 - H_i)}}{G_i = sum_m (s_mi - x_m)^2,
#'   gamma_i = (G_i - (1 - S2) H_i) / ((1 - S2)(1 - H_i))}
#'
#' (Ellison and Glaeser 1997). \eqn{\gamma > 0} means more
#' concentration than firms located at random in proportion to \eqn{x}
#' would produce; values above 0.05 are usually called highly
#' concentrated, below 0.02 not concentrated.
#'
#' **The Herfindahl index** \eqn{H_i = \sum_k z_k^2} over the firms \eqn{k}
#' of the industry, \eqn{z_k} the firm's share of the industry's employment:
#' * `"exact"`: from the firm rows.
#' * `"counts"`: from enterprise counts, assuming the \eqn{n_{mi}} firms of
#'   the industry in region \eqn{m} are of equal size,
#'   \eqn{H_i \approx \sum_m s_{mi}^2 / n_{mi}}{H_i = sum_m s_mi^2 / n_mi}.
#'   This is how studies on yearbook data (such as the Zhejiang study of
#'   [eg_coagg()]) estimate \eqn{H}. It understates \eqn{H} when firm
#'   sizes vary within a region.
#' * `"inverse_n"`: all \eqn{N_i} firms of equal size, \eqn{H_i = 1/N_i}.
#' * supplied values.
#'
#' **Test of \eqn{\gamma = 0}.** Under random location of the firms in
#' proportion to \eqn{x} (Ellison and Glaeser 1997),
#' \eqn{E(G) = (1 - S_2) H} and
#' \deqn{\mathrm{Var}(G) = 2 \{ H^2 [S_2 - 2 S_3 + S_2^2] -
#'   \textstyle\sum_k z_k^4 [S_2 - 4 S_3 + 3 S_2^2] \}}{Var(G) = 2 {H^2 [S2 - 2 S3 + S2^2]
#'   - sum_k z_k^4 [S2 - 4 S3 + 3 S2^2]}}
#' and `statistic` is \eqn{z = (G - (1 - S_2) H) / \sqrt{\mathrm{Var}(G)}}{z = (G - (1 - S2) H) /
#' sqrt(Var(G))}, with the one-sided normal p-value \eqn{P(Z > z)}. The
#' firm shares' fourth powers come from the firm rows (`"exact"`), from
#' the equal-size assumption (`"counts"`:
#' \eqn{\sum_m s_{mi}^4 / n_{mi}^3}{sum_m s_mi^4 / n_mi^3}; `"inverse_n"`:
#' \eqn{1 / N^3}); with supplied \eqn{H} they are unknown and `statistic`
#' and `p_value` are `NA`. The normal approximation is rough when few
#' regions or few firms dominate.
#'
#' **Conventions elsewhere.** With `reference = NULL` the reference shares
#' are taken from the data themselves; this is the convention of the R
#' package REAT's `ellison.a2()`. Supply the regions' totals of all sectors
#' to follow Ellison and Glaeser's definition (\eqn{x} = the regions' shares
#' of aggregate employment).
#'
#' Undefined values are `NA` and recorded in the notes of the result (and
#' warned about): an industry without employment in a period, \eqn{H = 1}
#' (a single firm), \eqn{\mathrm{Var}(G) \le 0}{Var(G) <= 0}.
#'
#' @return A data frame of class `eg_index`, one row per industry (and
#'   period), with columns `industry`, `time` (when given), `estimate`
#'   (\eqn{\gamma}), `gini` (\eqn{G}), `herfindahl` (\eqn{H}), `statistic`
#'   (\eqn{z}), `p_value` (one-sided), `n_regions` (regions where the
#'   industry has employment), `n_firms` (`NA` without firm information),
#'   `employment` (the industry's total), `input` (`"firms"`, `"counts"` or
#'   `"aggregate"`) and `h_method`. Attributes: `notes` (caveats), and
#'   `settings` (reference shares used, \eqn{\sum x^2} and the number of
#'   regions per period).
#'
#' @references
#' Ellison, G. and Glaeser, E. L. (1997). Geographic concentration in U.S.
#' manufacturing industries: a dartboard approach. *Journal of Political
#' Economy*, 105(5), 889-927. \doi{10.1086/262098}
#'
#' Ellison, G., Glaeser, E. L. and Kerr, W. R. (2010). What causes industry
#' agglomeration? Evidence from coagglomeration patterns. *American Economic
#' Review*, 100(3), 1195-1213. \doi{10.1257/aer.100.3.1195}
#'
#' @seealso [eg_coagg()] for the per-region co-agglomeration index of a pair
#'   of industry groups, [eg_coagg_matrix()] for all pairs,
#'   [location_quotient()], [cbp_metro] for real data.
#' @family agglomeration
#' @export
#' @examples
#' # Firm microdata: one industry, ten firms in three regions (simulated
#' # numbers from a textbook exercise), reference = regions' total employment
#' firms <- data.frame(
#'   region = rep(c("Wien", "Linz", "Graz"), c(5, 4, 1)),
#'   industry = "A",
#'   firm = 1:10,
#'   employees = c(200, 650, 12000, 100, 50, 16000, 13000, 1500, 1500, 25000)
#' )
#' eg_index(firms, "region", "industry", "employees", firm_id = "firm",
#'          reference = c(Wien = 5e5, Linz = 4e5, Graz = 1e5))
#'
#' # Aggregated data with establishment counts: US metro areas, 2019
#' sectors <- subset(cbp_metro, naics != "00" & cbsa_type %in% "metro")
#' eg <- eg_index(sectors, "cbsa_code", "naics", "employment",
#'                n_firms = "establishments")
#' eg[order(-eg$estimate), c("industry", "estimate", "gini", "herfindahl")][1:5, ]
eg_index <- function(data, region, industry, employment, n_firms = NULL, firm_id = NULL,
                     time = NULL, reference = NULL, herfindahl = "auto") {
  d <- eg_data(data, region, industry, employment, n_firms, firm_id, time)
  ref <- eg_reference(reference, d)
  units <- as.character(d$industry_levels)
  gmap <- seq_len(d$ni) - 1L
  h <- eg_herfindahl(herfindahl, d, units, required = TRUE, unit_col = industry,
                     present = eg_presence(d, gmap, d$ni))
  res <- .Call(C_eg_index, d$rc, d$ic, d$tc, d$emp, d$nf, eg_dims(d, d$ni),
               eg_opts(d, ref, h, 0L), ref$matrix, h$user, gmap)
  notes <- eg_after_call(res, d, ref)
  k <- which(res$rows > 0L)
  u0 <- (k - 1L) %% d$ni
  t0 <- (k - 1L) %/% d$ni
  st <- eg_unit_table(res, k, h$method, d$mode)
  out <- tidy_frame(c(list(industry = d$industry_levels[u0 + 1L],
                           time = eg_time_column(d, t0)), st$table))
  notes <- c(notes, eg_unit_notes(st, function(j) sprintf('industry "%s"', units[u0[j] + 1L]),
                                  function(j) eg_period_label(d, t0[j])))
  structure(out, class = c("eg_index", "data.frame"), notes = notes,
            settings = eg_settings(d, ref, h, res))
}

# The per-unit columns from an engine result, NA where undefined.
eg_unit_table <- function(res, k, hmethod, mode) {
  emp <- res$employment[k]
  none <- !(emp > 0)
  gam <- res$gamma[k]
  H <- res$herfindahl[k]
  G <- res$gini[k]
  z <- res$z[k]
  if (hmethod %in% c("user", "none")) z[] <- NA_real_
  single <- !none & is.finite(H) & H >= 1
  gam[none | !is.finite(gam)] <- NA_real_
  G[none] <- NA_real_
  H[none | !is.finite(H)] <- NA_real_
  novar <- !none & !single & !(res$var_gini[k] > 0) & !(hmethod %in% c("user", "none"))
  z[none | !is.finite(z)] <- NA_real_
  nf <- res$n_firms[k]
  if (mode == "aggregate") nf[] <- NA_real_
  tab <- list(estimate = gam, gini = G, herfindahl = H, statistic = z,
              p_value = stats::pnorm(z, lower.tail = FALSE),
              n_regions = res$n_present[k], n_firms = nf, employment = emp,
              input = rep(mode, length(k)), h_method = rep(hmethod, length(k)))
  list(table = tab, none = none, single = single, novar = novar)
}

# Notes on undefined values; what(j) and period(j) label the j-th unit row.
eg_unit_notes <- function(st, what, period) {
  notes <- character()
  more <- function(j) if (length(j) > 1L) sprintf(" (%d such cases)", length(j)) else ""
  if (any(st$none)) {
    j <- which(st$none)
    notes <- c(notes, warn_caveat(sprintf("%s has no employment%s: its indices are NA%s.",
                                          what(j[1L]), period(j[1L]), more(j))))
  }
  if (any(st$single)) {
    j <- which(st$single)
    notes <- c(notes, warn_caveat(sprintf(
      "%s%s has H = 1 (a single firm): gamma is undefined (NA)%s.", what(j[1L]), period(j[1L]),
      more(j))))
  }
  if (any(st$novar)) {
    j <- which(st$novar)
    notes <- c(notes, warn_caveat(sprintf(
      "%s%s: Var(G) <= 0 under the null, so z and its p-value are NA%s.", what(j[1L]),
      period(j[1L]), more(j))))
  }
  notes
}

# ---------------------------------------------------------------------------
# eg_coagg
# ---------------------------------------------------------------------------

#' Per-region co-agglomeration of two industry groups (the Zhejiang study's index)
#'
#' @md
#' @description
#' For a named pair of industry groups (for instance manufacturing and
#' logistics), sums each group's industries, computes a per-region
#' agglomeration index \eqn{a_j} for the first group and \eqn{b_j} for the
#' second in every region \eqn{j}, and combines them into one
#' co-agglomeration value per region (and period),
#' \deqn{\gamma_j = 1 - \frac{|a_j - b_j|}{a_j + b_j}}{gamma_j = 1 - |a_j - b_j| / (a_j + b_j)}
#' which lies in \[0, 1\] and is larger the closer the two groups' levels
#' are. This is the index of the package's reference study on Zhejiang
#' (Chen and Yang, see below) and of the Chinese literature it draws on.
#'
#' @inheritParams eg_index
#' @param pair a named list of two industry groups, each a vector of codes
#'   from the `industry` column, e.g.
#'   `list(manufacturing = "C", logistics = c("G53", "G54", "G60"))`. Each
#'   group's industries are summed first (employment, firms, firm sizes).
#'   The other industries in `data` still count for the reference shares.
#' @param index the per-region index of each group:
#'   * `"lq"` (default): the group's E-G \eqn{\gamma} over all regions
#'     scaled by its location quotient in the region,
#'     \eqn{a_j = \gamma_a \, LQ_{aj}}{a_j = gamma_a LQ_aj}, with
#'     \eqn{LQ_{aj} = s_{aj} / x_j}{LQ_aj = s_aj / x_j};
#'   * `"decomposition"`: the region's own term of the E-G index,
#'     \deqn{a_j = \frac{(s_{aj} - x_j)^2 - (1 - \sum_m x_m^2) H_a}{(1 - \sum_m x_m^2)(1 - H_a)};}{a_j =
#'     ((s_aj - x_j)^2 - (1 - sum x^2) H_a) / ((1 - sum x^2)(1 - H_a));}
#'   * `"location_quotient"`: the location quotient alone,
#'     \eqn{a_j = LQ_{aj}}{a_j = LQ_aj}; with `formula = "ratio"` this is
#'     the location-quotient co-agglomeration index of Yang (2013), with
#'     `"ratio_plus_sum"` that of Chen, Liu and Zou (2016). Needs no
#'     \eqn{H}.
#' @param formula how \eqn{a_j} and \eqn{b_j} are combined: `"ratio"`
#'   (default), \eqn{1 - |a_j - b_j| / (a_j + b_j)}, or `"ratio_plus_sum"`,
#'   \eqn{1 - |a_j - b_j| / (a_j + b_j) + (a_j + b_j)}, which also rewards
#'   the joint level (Chen, Liu and Zou 2016). Where \eqn{a_j < 0},
#'   \eqn{b_j < 0} or \eqn{a_j + b_j \le 0}{a_j + b_j <= 0} the value is
#'   `NA`, and the result records (and warns) how many and which.
#' @param herfindahl as in [eg_index()], for the two groups; supplied values
#'   are named by the groups' names in `pair` (a data frame has a column
#'   `group`). Not needed with `index = "location_quotient"`.
#'
#' @details
#' The E-G quantities of a group are those of [eg_index()] applied to the
#' group's summed employment: shares \eqn{s_{aj}}, \eqn{G_a}, \eqn{H_a} (with
#' `"counts"`, \eqn{H_a = \sum_j s_{aj}^2 / n_{aj}}{H_a = sum_j s_aj^2 / n_aj}
#' with the group's summed enterprise counts \eqn{n_{aj}}) and
#' \eqn{\gamma_a}. They are kept in the attribute `groups` and printed.
#'
#' With `index = "lq"`, \eqn{a_j / b_j = (\gamma_a / \gamma_b)(LQ_{aj} /
#' LQ_{bj})}{a_j / b_j = (gamma_a / gamma_b) (LQ_aj / LQ_bj)}: the value is 1
#' where the location quotients stand in the inverse ratio of the two
#' gammas, not where they are equal. On [cbp_metro], manufacturing's
#' \eqn{\gamma} is about 2.4 times that of transportation and warehousing,
#' so the metros with the highest value are those where logistics is about
#' 2.4 times as over-represented as manufacturing. Read the values with this
#' in mind, and compare with `index = "location_quotient"`.
#'
#' ## Which variant did the Zhejiang study use?
#' Chen and Yang printed their formula (2) only as an image, which
#' did not survive in the text we have. What the text does say: the E-G
#' index "measures the agglomeration of each industry", it is then
#' "combined with the location quotient to compute the co-agglomeration
#' coefficient" (citing their reference 18), the index of city \eqn{j} is
#' written with the two per-city indices \eqn{\gamma_{mj}}{gamma_mj} and
#' \eqn{\gamma_{pj}}{gamma_pj} only, and "a larger
#' \eqn{\gamma_{mpj}}{gamma_mpj} means that the two industries' levels in the
#' city are closer". The 66 published values (Table 1) all lie in
#' \[0.30, 0.97\], none is missing, and the study estimated \eqn{H} from
#' enterprise counts. Our reading, **most likely** `index = "lq"` with
#' `formula = "ratio"` (the defaults), rests on this evidence:
#' * "closer levels give a larger value" is the defining property of
#'   \eqn{1 - |a - b| / (a + b)}, and every published value lies inside its
#'   range \[0, 1\];
#' * the E-G \eqn{\gamma} is one number per industry for the whole
#'   province; a per-city \eqn{\gamma_{mj}}{gamma_mj} needs a city-specific
#'   factor, and "combined with the location quotient" names it;
#' * `"ratio_plus_sum"` applied to location quotients exceeds 1 whenever the
#'   two quotients add up to more than 1 (on [cbp_metro] it exceeds 1 in all
#'   381 metro areas, values 1.08 to 7.19), contrary to Table 1;
#' * `"decomposition"` is negative wherever a region's share is close to its
#'   reference share; the value is then `NA` (on [cbp_metro]: 366 of 381
#'   metro areas), whereas Table 1 has no gaps;
#' * the pure location-quotient form would not use the E-G index at all,
#'   while the paper builds its measure on it.
#'
#' What the evidence cannot settle: with `index = "lq"`, `"ratio_plus_sum"`
#' adds only \eqn{a_j + b_j}, which is small when the gammas are small (at
#' most about 0.02 on [cbp_metro]), so the published range does not tell it from
#' `"ratio"`; the text's description ("closer levels, larger value")
#' matches `"ratio"` alone. Reference 18, which the text cites for the
#' combination with the location quotient, is not identifiable from the
#' copy of the paper we have (its reference list is missing). This is a
#' reading of the text, not a certainty: without the formula, the reference
#' list and the yearbook inputs the published numbers cannot be reproduced,
#' and the other variants are provided so that their effect can be seen.
#'
#' @return A data frame of class `eg_coagg`, one row per region (and
#'   period) with a positive reference share: `region`, `time` (when
#'   given), `lq_a`, `lq_b` (the two groups' location quotients),
#'   `index_a`, `index_b` (the per-region indices \eqn{a_j}, \eqn{b_j}) and
#'   `estimate` (the co-agglomeration value). Attributes: `pair`, `index`,
#'   `formula`, `groups` (per group and period: `estimate` = the group's
#'   E-G \eqn{\gamma}, `gini`, `herfindahl`, `employment`, `n_firms`),
#'   `notes` and `settings`.
#'
#' @references
#' Chen, C. and Yang, W. E-commerce influence on the co-agglomeration of
#' manufacturing industry and logistics industry: an empirical study based
#' on panel data of the prefecture-level cities of Zhejiang province (in
#' Chinese; Hangzhou Dianzi University; the journal and year are not stated
#' in the copies used; the authors' names are from a public reprint,
#' https://lw33.cn/article/084e7fafd550e1298346b2e9.html). The package's
#' reference study.
#'
#' Chen, J., Liu, Y. and Zou, M. (2016). Urban productivity growth under
#' industrial co-agglomeration (in Chinese). *Journal of Zhejiang University
#' (Humanities and Social Sciences)*, 46(3).
#'
#' Yang, R. (2013). Industrial agglomeration and regional wage gaps:
#' evidence from 269 Chinese cities (in Chinese). *Management World*,
#' 2013(8).
#'
#' Ellison, G. and Glaeser, E. L. (1997). Geographic concentration in U.S.
#' manufacturing industries: a dartboard approach. *Journal of Political
#' Economy*, 105(5), 889-927. \doi{10.1086/262098}
#'
#' @family agglomeration
#' @export
#' @examples
#' # Manufacturing (NAICS 31-33) and transportation & warehousing (48-49)
#' # across US metropolitan areas, County Business Patterns 2019. H from
#' # establishment counts; reference = each metro's all-sector employment.
#' metro <- subset(cbp_metro, cbsa_type %in% "metro")
#' sectors <- subset(metro, naics != "00")
#' all_sectors <- with(subset(metro, naics == "00"), setNames(employment, cbsa_name))
#' co <- eg_coagg(sectors, region = "cbsa_name", industry = "naics",
#'                employment = "employment", n_firms = "establishments",
#'                reference = all_sectors,
#'                pair = list(manufacturing = "31-33", logistics = "48-49"))
#' co
#' # the ten largest metro areas
#' big <- names(sort(all_sectors, decreasing = TRUE))[1:10]
#' co[match(big, co$region), c("region", "index_a", "index_b", "estimate")]
eg_coagg <- function(data, region, industry, employment, n_firms = NULL, firm_id = NULL,
                     time = NULL, reference = NULL, pair,
                     index = c("lq", "decomposition", "location_quotient"),
                     formula = c("ratio", "ratio_plus_sum"), herfindahl = "auto") {
  index <- check_choice(index, c("lq", "decomposition", "location_quotient"), "index")
  formula <- check_choice(formula, c("ratio", "ratio_plus_sum"), "formula")
  if (missing(pair)) {
    abort_input(paste("is missing: name the two industry groups, e.g.",
                      'pair = list(manufacturing = "C", logistics = c("G53", "G54", "G60")).'),
                arg = "pair")
  }
  d <- eg_data(data, region, industry, employment, n_firms, firm_id, time)
  gmap <- eg_pair_map(pair, d)
  groups <- names(pair)
  ref <- eg_reference(reference, d)
  h <- eg_herfindahl(herfindahl, d, groups, required = index != "location_quotient",
                     unit_col = "group", present = eg_presence(d, gmap, 2L))
  if (index == "location_quotient") h <- list(method = "none", label = "not used", user = double())
  res <- .Call(C_eg_index, d$rc, d$ic, d$tc, d$emp, d$nf, eg_dims(d, 2L),
               eg_opts(d, ref, h, 1L), ref$matrix, h$user, gmap)
  notes <- eg_after_call(res, d, ref)

  nr <- d$nr
  nt <- d$nt
  # group-level table
  k <- seq_len(2L * nt)
  st <- eg_unit_table(res, k, h$method, d$mode)
  u0 <- (k - 1L) %% 2L
  t0 <- (k - 1L) %/% 2L
  gtab <- tidy_frame(c(list(group = groups[u0 + 1L], time = eg_time_column(d, t0)),
                       st$table[c("estimate", "gini", "herfindahl", "employment", "n_firms")]))
  if (index == "location_quotient") gtab$estimate <- gtab$herfindahl <- NA_real_
  plab <- vapply(t0, function(t) eg_period_label(d, t), "") # 2 x periods: short
  if (any(st$none)) {
    j <- which(st$none)[1L]
    abort_input(sprintf('group "%s" of `pair` has no employment%s; its shares are undefined.',
                        groups[u0[j] + 1L], plab[j]), arg = "pair")
  }
  if (index != "location_quotient") {
    notes <- c(notes, eg_unit_notes(st, function(j) sprintf('group "%s"', groups[u0[j] + 1L]),
                                    function(j) plab[j]))
  }

  # per-region values: arrays are region x unit x period
  xm <- res$x
  notes <- c(notes, eg_absent_regions_note(d, xm))
  keep <- which(xm > 0)
  m0 <- (keep - 1L) %% nr
  tt <- (keep - 1L) %/% nr
  ia <- m0 + 1L + nr * (2L * tt)
  ib <- ia + nr
  pick <- switch(index, lq = res$eg_lq, decomposition = res$decomposition,
                 location_quotient = res$lq)
  a <- pick[ia]
  b <- pick[ib]
  # A group with H = 1 (a single firm) has no E-G gamma and a zero
  # denominator in the decomposition: its per-region index is not finite.
  # Such values are NA, with a note.
  for (g in 1:2) {
    v <- if (g == 1L) a else b
    j <- which(!is.finite(v))
    if (!length(j)) next
    hj <- gtab$herfindahl[2L * tt[j[1L]] + g]
    why <- if (isTRUE(hj >= 1)) "its Herfindahl index is 1 (a single firm)" else
      "a denominator is zero"
    notes <- c(notes, warn_caveat(sprintf(paste(
      "The per-region index of group \"%s\" is not finite in %d region%s (first: region",
      "\"%s\"%s): %s, so %s is NA there."),
      groups[g], length(j), if (length(j) > 1L) "s" else "",
      as.character(d$region_levels[m0[j[1L]] + 1L]), eg_period_text(d, tt[j[1L]]), why,
      if (index == "lq") "gamma x LQ" else "the decomposition index")))
    v[j] <- NA_real_
    if (g == 1L) a <- v else b <- v
  }
  if (index == "lq") {
    for (g in 1:2) {
      neg <- which(gtab$estimate < 0 & u0 == g - 1L)
      if (length(neg)) {
        notes <- c(notes, warn_caveat(sprintf(paste(
          "The E-G gamma of group \"%s\" is negative%s (%s): with index = \"lq\" its",
          "per-region index is negative in every region, so the co-agglomeration is NA."),
          groups[g], plab[neg[1L]], format(signif(gtab$estimate[neg[1L]], 4)))))
      }
    }
  }
  val <- eg_combine(a, b, formula)
  if (any(val$bad)) {
    j <- which(val$bad)
    notes <- c(notes, warn_caveat(sprintf(paste(
      "The co-agglomeration value is NA for %d of %d region%s because a per-region index",
      "is NA or negative or a + b <= 0 (first: region \"%s\"%s, a = %s, b = %s)."),
      length(j), length(a), if (nt > 1L) "-periods" else "s",
      as.character(d$region_levels[m0[j[1L]] + 1L]), eg_period_text(d, tt[j[1L]]),
      format(signif(a[j[1L]], 4)), format(signif(b[j[1L]], 4)))))
  }
  out <- tidy_frame(list(region = d$region_levels[m0 + 1L], time = eg_time_column(d, tt),
                         lq_a = res$lq[ia], lq_b = res$lq[ib], index_a = a, index_b = b,
                         estimate = val$value), class = "eg_coagg")
  structure(out, pair = pair, index = index, formula = formula, groups = gtab,
            notes = notes, settings = eg_settings(d, ref, h, res))
}

eg_pair_map <- function(pair, d) {
  ok <- is.list(pair) && !is.data.frame(pair) && length(pair) == 2L
  nm <- names(pair)
  if (!ok || is.null(nm) || anyNA(nm) || any(!nzchar(nm)) || nm[1L] == nm[2L]) {
    abort_input(sprintf(paste("must be a list of two named industry groups, e.g.",
                              'list(manufacturing = "C", logistics = c("G53", "G54", "G60")),',
                              "not %s."), describe(pair)), arg = "pair")
  }
  gmap <- rep(-1L, d$ni)
  for (g in 1:2) {
    k <- eg_match_industries(pair[[g]], d, "pair", sprintf('group "%s"', nm[g]))
    both <- k[gmap[k + 1L] >= 0L]
    if (length(both)) {
      abort_input(sprintf('industry "%s" is in both groups.',
                          as.character(d$industry_levels[both[1L] + 1L])), arg = "pair")
    }
    gmap[k + 1L] <- g - 1L
  }
  gmap
}

# Combine per-region indices; NA (and flagged) where a or b is negative or
# a + b <= 0.
eg_combine <- function(a, b, formula) {
  fin <- is.finite(a) & is.finite(b)
  bad <- !fin
  bad[fin] <- a[fin] < 0 | b[fin] < 0 | a[fin] + b[fin] <= 0
  v <- 1 - abs(a - b) / (a + b)
  if (formula == "ratio_plus_sum") v <- v + (a + b)
  v[bad] <- NA_real_
  list(value = v, bad = bad)
}

# ---------------------------------------------------------------------------
# eg_coagg_matrix
# ---------------------------------------------------------------------------

#' Pairwise co-agglomeration matrix (Ellison-Glaeser-Kerr) and group indices (Ellison-Glaeser)
#'
#' @md
#' @description
#' The co-agglomeration index of every pair of industries (Ellison, Glaeser
#' and Kerr 2010), computed for all pairs at once as a rank-\eqn{M} update
#' (BLAS `dsyrk`) of the centred share matrix, and optionally the
#' Ellison-Glaeser (1997) co-agglomeration index \eqn{\gamma^c} of groups of
#' industries.
#'
#' @inheritParams eg_index
#' @param industries industries (codes of the `industry` column) to include
#'   in the matrix; default all. The reference shares always use every
#'   industry of `data`.
#' @param groups `NULL` or a named list of industry groups (each a vector
#'   of at least two industry codes) for the EG 1997 group index. Needs
#'   \eqn{H} (see `herfindahl`).
#' @param herfindahl as in [eg_index()]; used only for `groups`.
#'
#' @details
#' With \eqn{s_{mi}} the share of industry \eqn{i} located in region
#' \eqn{m} and \eqn{x_m} the reference shares,
#' \deqn{\gamma^c_{ij} = \frac{\sum_m (s_{mi} - x_m)(s_{mj} - x_m)}{1 - \sum_m x_m^2}}{gamma^c_ij
#'   = sum_m (s_mi - x_m)(s_mj - x_m) / (1 - sum_m x_m^2)}
#' (Ellison, Glaeser and Kerr 2010). It needs no Herfindahl index.
#' The diagonal is `NA` (the agglomeration of an industry with itself is its
#' E-G \eqn{\gamma}, from [eg_index()]).
#'
#' For a group of industries \eqn{i = 1, \dots, r} with employment weights
#' \eqn{w_i} (shares of the group's employment), group shares
#' \eqn{s_m = \sum_i w_i s_{mi}}, \eqn{G = \sum_m (s_m - x_m)^2},
#' \eqn{H = \sum_i w_i^2 H_i} and the industries' own \eqn{\gamma_i},
#' \deqn{\gamma^c = \frac{G / (1 - \sum_m x_m^2) - H - \sum_i \gamma_i w_i^2 (1 - H_i)}{1 -
#'   \sum_i w_i^2}}{gamma^c = [G / (1 - sum x^2) - H - sum_i gamma_i w_i^2 (1 - H_i)] / (1 - sum_i
#'   w_i^2)}
#' (Ellison and Glaeser 1997). For \eqn{r = 2} it equals the pair
#' index above exactly.
#'
#' @return Without `time`: a matrix of class `eg_coagg_matrix` with the
#'   industries as dimnames, and attributes `groups` (a data frame: `group`,
#'   `estimate` = \eqn{\gamma^c}, `gini`, `herfindahl`, `employment`,
#'   `n_industries`, `industries`), `notes` and `settings`. With `time`: a
#'   list of such matrices, one per period, of class
#'   `eg_coagg_matrix_list`. `as.data.frame()` gives the long form: one row
#'   per pair (`industry_1`, `industry_2`, `time`, `estimate`), or with
#'   `what = "groups"` the group table.
#'
#' @references
#' Ellison, G., Glaeser, E. L. and Kerr, W. R. (2010). What causes industry
#' agglomeration? Evidence from coagglomeration patterns. *American Economic
#' Review*, 100(3), 1195-1213. \doi{10.1257/aer.100.3.1195}
#'
#' Ellison, G. and Glaeser, E. L. (1997). Geographic concentration in U.S.
#' manufacturing industries: a dartboard approach. *Journal of Political
#' Economy*, 105(5), 889-927. \doi{10.1086/262098}
#'
#' @family agglomeration
#' @export
#' @examples
#' sectors <- subset(cbp_metro, naics != "00" & cbsa_type %in% "metro")
#' m <- eg_coagg_matrix(sectors, "cbsa_code", "naics", "employment",
#'                      n_firms = "establishments",
#'                      industries = c("31-33", "42", "48-49", "51", "54"),
#'                      groups = list(goods = c("31-33", "42", "48-49")))
#' m
#' head(as.data.frame(m))
eg_coagg_matrix <- function(data, region, industry, employment, n_firms = NULL,
                            firm_id = NULL, time = NULL, reference = NULL,
                            industries = NULL, groups = NULL, herfindahl = "auto") {
  d <- eg_data(data, region, industry, employment, n_firms, firm_id, time)
  ref <- eg_reference(reference, d)
  sel <- if (is.null(industries)) seq_len(d$ni) - 1L else
    eg_match_industries(industries, d, "industries", "`industries`")
  glist <- list()
  if (!is.null(groups)) {
    gn <- names(groups)
    if (!is.list(groups) || is.data.frame(groups) || !length(groups) || is.null(gn) ||
        anyNA(gn) || any(!nzchar(gn)) || anyDuplicated(gn)) {
      abort_input(sprintf("must be NULL or a named list of industry groups, not %s.",
                          describe(groups)), arg = "groups")
    }
    for (g in seq_along(groups)) {
      glist[[g]] <- eg_match_industries(groups[[g]], d, "groups", sprintf('group "%s"', gn[g]))
      if (length(glist[[g]]) < 2L) {
        abort_input(sprintf('group "%s" has %d industry; a group needs at least two.', gn[g],
                            length(glist[[g]])), arg = "groups")
      }
    }
  }
  units <- as.character(d$industry_levels)
  h <- eg_herfindahl(herfindahl, d, units, required = length(glist) > 0L,
                     unit_col = industry, present = eg_presence(d, seq_len(d$ni) - 1L, d$ni))
  if (!length(glist)) h <- list(method = "none", label = "not used", user = double())
  gstart <- as.integer(c(0L, cumsum(lengths(glist))))
  gmem <- as.integer(unlist(glist))
  if (is.null(gmem)) gmem <- integer()
  res <- .Call(C_eg_pairs, d$rc, d$ic, d$tc, d$emp, d$nf, eg_dims(d),
               eg_opts(d, ref, h), ref$matrix, h$user, sel, gstart, gmem)
  notes <- eg_after_call(res, d, ref)

  ns <- length(sel)
  nt <- d$nt
  lab <- units[sel + 1L]
  zero <- which(!(res$employment > 0))
  if (length(zero)) {
    z0 <- zero - 1L
    notes <- c(notes, warn_caveat(sprintf(
      "Industry \"%s\" has no employment%s: its row and column are NA%s.",
      lab[z0[1L] %% ns + 1L], eg_period_label(d, z0[1L] %/% ns),
      if (length(zero) > 1L) sprintf(" (%d such cases)", length(zero)) else "")))
  }
  gtab <- NULL
  if (length(glist)) {
    ng <- length(glist)
    k <- seq_len(ng * nt)
    g0 <- (k - 1L) %% ng
    t0 <- (k - 1L) %/% ng
    est <- res$group_gamma[k]
    undefined <- !is.finite(est)
    est[undefined] <- NA_real_
    gtab <- tidy_frame(list(group = names(groups)[g0 + 1L], time = eg_time_column(d, t0)))
    gtab$estimate <- est
    gtab$gini <- ifelse(is.finite(res$group_gini[k]), res$group_gini[k], NA_real_)
    gtab$herfindahl <- ifelse(is.finite(res$group_herfindahl[k]), res$group_herfindahl[k],
                              NA_real_)
    gtab$employment <- res$group_employment[k]
    gtab$n_industries <- lengths(glist)[g0 + 1L]
    gtab$industries <- vapply(glist, function(v) paste(units[v + 1L], collapse = ", "),
                              "")[g0 + 1L]
    if (any(undefined)) {
      j <- which(undefined)[1L]
      notes <- c(notes, warn_caveat(sprintf(paste(
        "The group index of \"%s\"%s is undefined (NA): fewer than two of its industries",
        "have employment, or one has H = 1."), gtab$group[j],
        eg_period_label(d, t0[j]))))
    }
  }
  settings <- eg_settings(d, ref, h, res)
  mats <- lapply(seq_len(nt), function(t) {
    m <- matrix(res$matrix[(t - 1L) * ns * ns + seq_len(ns * ns)], ns, ns,
                dimnames = list(lab, lab))
    diag(m) <- NA_real_
    z <- !(res$employment[(t - 1L) * ns + seq_len(ns)] > 0)
    m[z, ] <- NA_real_
    m[, z] <- NA_real_
    gt <- if (!is.null(gtab) && nt > 1L) gtab[gtab$time == d$time_levels[t], , drop = FALSE] else gtab
    if (!is.null(gt)) rownames(gt) <- NULL
    structure(m, class = c("eg_coagg_matrix", "matrix", "array"),
              time = eg_time_column(d, t - 1L), groups = gt,
              notes = if (nt == 1L) notes else character(),
              settings = settings, sum_x2 = res$sum_x2[t], n_regions = res$n_regions[t])
  })
  if (nt == 1L) return(mats[[1L]])
  names(mats) <- as.character(d$time_levels)
  structure(mats, class = "eg_coagg_matrix_list", groups = gtab, notes = notes,
            settings = settings)
}

#' @md
#' @rdname eg_coagg_matrix
#' @param x an `eg_coagg_matrix` or `eg_coagg_matrix_list`.
#' @param row.names,optional ignored (for the generic).
#' @param what `"pairs"` (default) for one row per pair of industries,
#'   `"groups"` for the EG 1997 group table.
#' @param ... ignored.
#' @export
as.data.frame.eg_coagg_matrix <- function(x, row.names = NULL, optional = FALSE, ...,
                                          what = c("pairs", "groups")) {
  what <- check_choice(what, c("pairs", "groups"), "what")
  if (what == "groups") {
    g <- attr(x, "groups")
    return(if (is.null(g)) data.frame() else g)
  }
  lab <- rownames(x)
  n <- length(lab)
  i <- rep(seq_len(n), rev(seq_len(n)) - 1L)
  j <- unlist(lapply(seq_len(n), function(k) seq_len(n)[seq_len(n) > k]))
  up <- i + n * (j - 1L)
  tm <- attr(x, "time")
  tidy_frame(list(industry_1 = lab[i], industry_2 = lab[j],
                  time = if (!is.null(tm)) rep(tm, length(up)),
                  estimate = unclass(x)[up]))
}

#' @rdname eg_coagg_matrix
#' @export
as.data.frame.eg_coagg_matrix_list <- function(x, row.names = NULL, optional = FALSE, ...,
                                               what = c("pairs", "groups")) {
  what <- check_choice(what, c("pairs", "groups"), "what")
  if (what == "groups") {
    g <- attr(x, "groups")
    return(if (is.null(g)) data.frame() else g)
  }
  out <- do.call(rbind, lapply(unclass(x), as.data.frame.eg_coagg_matrix, what = "pairs"))
  rownames(out) <- NULL
  out
}

# ---------------------------------------------------------------------------
# location_quotient
# ---------------------------------------------------------------------------

#' Location quotients
#'
#' @md
#' @description
#' The location quotient of every industry in every region,
#' \deqn{LQ_{mi} = \frac{E_{mi} / E_m}{E_i / E} = \frac{s_{mi}}{x_m},}{LQ_mi = (E_mi / E_m) /
#'   (E_i / E) = s_mi / x_m,}
#' the ratio of the industry's share in the region's employment to its share
#' in total employment. \eqn{LQ > 1} marks a regional specialisation.
#'
#' @inheritParams eg_index
#' @param reference the regions' reference employment \eqn{E_m / E}, as in
#'   [eg_index()]: by default the aggregate of all industries in `data`; a
#'   named vector (or data frame) of totals of all sectors gives the
#'   textbook location quotient when `data` holds only some industries.
#'
#' @return A data frame of class `coagg_lq`, one row per region, industry
#'   (and period), regions in the order of their levels: `region`,
#'   `industry`, `time` (when given), `employment` (\eqn{E_{mi}}, zero where
#'   the industry is absent) and `estimate` (the location quotient).
#'   Attribute `notes`.
#'
#' @references
#' Isard, W. (1960). *Methods of Regional Analysis: An Introduction to
#' Regional Science*. MIT Press, Cambridge, MA.
#'
#' @family agglomeration
#' @export
#' @examples
#' d <- data.frame(region = rep(c("A", "B"), each = 2), industry = rep(1:2, 2),
#'                 employment = c(1000, 2000, 1000, 4000))
#' location_quotient(d, "region", "industry", "employment",
#'                   reference = c(A = 4000, B = 6000))
location_quotient <- function(data, region, industry, employment, firm_id = NULL,
                              time = NULL, reference = NULL) {
  d <- eg_data(data, region, industry, employment, NULL, firm_id, time)
  ref <- eg_reference(reference, d)
  h <- list(method = "none")
  res <- .Call(C_location_quotient, d$rc, d$ic, d$tc, d$emp, d$nf, eg_dims(d),
               eg_opts(d, ref, h), ref$matrix)
  notes <- eg_after_call(res, d, ref)
  nr <- d$nr
  ni <- d$ni
  notes <- c(notes, eg_absent_regions_note(d, res$x))
  idx <- list()
  for (t in seq_len(d$nt)) {
    m <- which(res$x[(t - 1L) * nr + seq_len(nr)] > 0)
    i <- which(res$rows[(t - 1L) * ni + seq_len(ni)] > 0L)
    if (!length(m) || !length(i)) next
    idx[[t]] <- rep(m, each = length(i)) + nr * (rep(i, length(m)) - 1L) + nr * ni * (t - 1L)
  }
  idx <- unlist(idx)
  m0 <- (idx - 1L) %% nr
  i0 <- ((idx - 1L) %/% nr) %% ni
  t0 <- (idx - 1L) %/% (nr * ni)
  lq <- res$lq[idx]
  undefined <- !is.finite(lq)
  if (any(undefined)) {
    j <- which(undefined)[1L]
    notes <- c(notes, warn_caveat(sprintf(
      "Industry \"%s\" has no employment%s: its location quotients are NA.",
      as.character(d$industry_levels[i0[j] + 1L]), eg_period_label(d, t0[j]))))
    lq[undefined] <- NA_real_
  }
  out <- tidy_frame(list(region = d$region_levels[m0 + 1L],
                         industry = d$industry_levels[i0 + 1L], time = eg_time_column(d, t0),
                         employment = res$cell_employment[idx], estimate = lq),
                    class = "coagg_lq")
  structure(out, notes = notes, settings = list(reference = ref$label, time = d$time_levels))
}

# ---------------------------------------------------------------------------
# print methods
# ---------------------------------------------------------------------------

settings_lines <- function(s) {
  if (is.null(s)) return(character())
  per <- if (is.null(s$time)) {
    sprintf("regions: %d, sum of x^2 = %s", s$n_regions, format(signif(s$sum_x2, 5)))
  } else {
    sprintf("periods: %d (%s to %s), regions per period: %s", length(s$time),
            as.character(s$time[1L]), as.character(s$time[length(s$time)]),
            paste(unique(range(s$n_regions)), collapse = " to "))
  }
  c(paste("Reference shares x:", s$reference), paste("Herfindahl H:", s$herfindahl), per)
}

#' Print methods for agglomeration results
#'
#' @md
#' @param x a result of [eg_index()], [eg_coagg()], [eg_coagg_matrix()] or
#'   [location_quotient()].
#' @param n number of rows (or industries of a matrix) to show.
#' @param digits significant digits.
#' @param ... ignored.
#' @return `x`, invisibly.
#' @name print.eg_index
#' @keywords internal
#' @export
print.eg_index <- function(x, n = 20L, digits = 4L, ...) {
  s <- attr(x, "settings")
  cat("Ellison-Glaeser agglomeration index (gamma) by industry\n")
  if (!is.null(s)) cat(paste0("  ", c(paste("Input:", switch(s$input,
    firms = "firm rows", counts = "cells with enterprise counts", aggregate = "cells")),
    settings_lines(s))), sep = "\n")
  cat("  statistic = z for gamma = 0 (Ellison-Glaeser 1997); p_value one-sided\n\n")
  print_table(x, n, digits)
  notes <- attr(x, "notes")
  print_notes(notes)
  invisible(x)
}

#' @rdname print.eg_index
#' @export
print.eg_coagg <- function(x, n = 20L, digits = 4L, ...) {
  s <- attr(x, "settings")
  pair <- attr(x, "pair")
  cat("Co-agglomeration of two industry groups by region\n")
  if (!is.null(pair)) {
    cat(sprintf("  a = %s (%s)\n  b = %s (%s)\n", names(pair)[1L],
                paste(pair[[1L]], collapse = ", "), names(pair)[2L],
                paste(pair[[2L]], collapse = ", ")))
    idx <- attr(x, "index")
    cat(sprintf("  per-region index: %s\n", switch(idx,
      lq = "\"lq\", the group's E-G gamma x its location quotient",
      decomposition = "\"decomposition\", the region's term of the E-G index",
      location_quotient = "\"location_quotient\", the location quotient")))
    cat(sprintf("  estimate = %s\n", switch(attr(x, "formula"),
      ratio = "1 - |a - b| / (a + b)", ratio_plus_sum = "1 - |a - b| / (a + b) + (a + b)")))
  }
  if (!is.null(s)) cat(paste0("  ", settings_lines(s)), sep = "\n")
  g <- attr(x, "groups")
  if (!is.null(g)) {
    cat("\nGroups (E-G index over all regions):\n")
    print_table(g, 40L, digits)
  }
  est <- x$estimate
  if (length(est) && any(!is.na(est))) {
    q <- stats::quantile(est, c(0, 0.25, 0.5, 0.75, 1), na.rm = TRUE, names = FALSE)
    cat(sprintf("\nestimate over %d region%s: min %s, quartiles %s / %s / %s, max %s%s\n",
                length(est), if (is.null(s$time)) "s" else "-periods",
                format(signif(q[1], digits)), format(signif(q[2], digits)),
                format(signif(q[3], digits)), format(signif(q[4], digits)),
                format(signif(q[5], digits)),
                if (anyNA(est)) sprintf(", %d NA", sum(is.na(est))) else ""))
  }
  cat("\n")
  print_table(x, n, digits)
  notes <- attr(x, "notes")
  print_notes(notes)
  invisible(x)
}

#' @rdname print.eg_index
#' @export
print.eg_coagg_matrix <- function(x, n = 10L, digits = 4L, ...) {
  s <- attr(x, "settings")
  tm <- attr(x, "time")
  cat(sprintf("Pairwise co-agglomeration (Ellison-Glaeser-Kerr 2010)%s: %d industries\n",
              if (is.null(tm)) "" else paste0(", period ", as.character(tm)), nrow(x)))
  if (!is.null(s)) {
    cat(sprintf("  Reference shares x: %s\n  regions: %d, sum of x^2 = %s\n", s$reference,
                attr(x, "n_regions"), format(signif(attr(x, "sum_x2"), 5))))
  }
  cat("\n")
  k <- min(nrow(x), n)
  m <- unclass(x)[seq_len(k), seq_len(k), drop = FALSE]
  attributes(m) <- list(dim = dim(m), dimnames = dimnames(m))
  print(signif(m, digits))
  if (nrow(x) > k) {
    cat(sprintf("# ... showing %d of %d industries (as.data.frame() gives all pairs)\n",
                k, nrow(x)))
  }
  g <- attr(x, "groups")
  if (!is.null(g) && nrow(g)) {
    cat("\nGroup co-agglomeration (Ellison-Glaeser 1997, gamma^c):\n")
    print_table(g, 40L, digits)
  }
  notes <- attr(x, "notes")
  print_notes(notes)
  invisible(x)
}

#' @rdname print.eg_index
#' @export
print.eg_coagg_matrix_list <- function(x, n = 10L, digits = 4L, ...) {
  cat(sprintf("Pairwise co-agglomeration matrices for %d periods\n\n", length(x)))
  for (m in unclass(x)) {
    attr(m, "groups") <- NULL
    print.eg_coagg_matrix(m, n = n, digits = digits)
    cat("\n")
  }
  g <- attr(x, "groups")
  if (!is.null(g) && nrow(g)) {
    cat("Group co-agglomeration (Ellison-Glaeser 1997, gamma^c):\n")
    print_table(g, 40L, digits)
  }
  notes <- attr(x, "notes")
  print_notes(notes)
  invisible(x)
}

#' @rdname print.eg_index
#' @export
print.coagg_lq <- function(x, n = 20L, digits = 4L, ...) {
  s <- attr(x, "settings")
  cat("Location quotients LQ = (E_mi / E_m) / (E_i / E)\n")
  if (!is.null(s)) cat(sprintf("  Reference (E_m / E): %s\n", s$reference))
  cat("\n")
  print_table(x, n, digits)
  notes <- attr(x, "notes")
  print_notes(notes)
  invisible(x)
}
