# The samples of panel_unitroot() (R/unitroot.R): which units and periods
# each test uses (see ?panel_unitroot, "Unbalanced panels"): each unit's own
# sample, each unit's longest run of consecutive periods, or the balanced
# sub-panel, the kernel call on each, and the notes that say which was used
# and why.

# Run the kernel on the samples the tests need (see ur_sample_rule()): one
# call on every unit's own periods, and, when they differ from it, one on
# each unit's longest run and one on the balanced sub-panel. Returns the
# calls, the call each test reads (`source`), the period range of each call
# and the units' drop reasons.
ur_run <- function(p, lagvec, maxl, set, label, ids, warn) {
  drop_reason <- p$drop_reason
  keep <- which(is.na(drop_reason))
  out <- list(calls = list(), source = character(), periods = character(),
              drop_reason = drop_reason, label = label)
  if (!length(keep)) return(out)
  sel <- p$u %in% (keep - 1L)
  y <- p$y[sel]
  tc <- p$tc[sel]
  u <- p$u[sel]
  src <- set$samples
  bal <- if (any(src == "balanced")) ur_balance(y, tc, u, keep, p$ndet) else NULL
  runs <- if (any(src == "run")) ur_runs(y, tc, u, keep) else NULL
  # a sample that equals every unit's own periods is computed in the first call
  if (isTRUE(bal$same)) src[src == "balanced"] <- "unit"
  if (isTRUE(runs$same)) src[src == "run"] <- "unit"
  res <- ur_call(y, tc, u, keep, lagvec, maxl, set, names(src)[src == "unit"], need_pp = TRUE)
  reason <- ur_status_conditions(res, ids, set)$reason
  bad <- !is.na(reason)
  drop_reason[keep[bad]] <- reason[bad]
  keep2 <- keep[!bad]
  calls <- list(unit = res)
  if (any(src == "run")) {
    tests <- names(src)[src == "run"]
    ur_runs_note(runs, keep, keep2, tests, ids, label, warn)
    if (length(keep2)) calls$run <- ur_subcall(runs, keep, keep2, lagvec, maxl, set, tests)
  }
  if (any(src == "balanced")) {
    tests <- names(src)[src == "balanced"]
    warn(ur_balance_note(bal, set$convention, tests, label), "coagg_unbalanced_warning")
    if (!is.null(bal$y) && length(keep2)) {
      calls$balanced <- ur_subcall(bal, keep, keep2, lagvec, maxl, set, tests)
    }
  }
  for (k in setdiff(names(calls), "unit")) {
    left <- calls[[k]]$units$status != 0L
    if (any(left)) {
      tests <- names(src)[src == k]
      why <- ur_status_conditions(calls[[k]], ids, set)$reason[left]
      w <- calls[[k]]$keep[left]
      warn(sprintf("%s: %d unit%s left out of the %s: %s.",
                   ur_test_list(tests), length(w),
                   if (length(w) > 1L) "s" else "",
                   if (k == "run") "longest runs of consecutive periods" else "balanced sub-panel",
                   paste(sprintf("%s (%s)", ids[utils::head(w, 5L)], utils::head(why, 5L)),
                         collapse = ", ")), "coagg_dropped_unit_warning")
    }
  }
  periods <- vapply(calls, function(r) {
    ok <- r$units$status == 0L
    if (!any(ok)) return(NA_character_)
    a <- label(min(r$first[ok]))
    b <- label(max(r$last[ok]))
    if (a == b) a else paste(a, b, sep = "-")
  }, "")
  list(calls = calls, source = src, periods = periods, drop_reason = drop_reason, label = label)
}

# The kernel on a sub-sample (each unit's longest run, or the balanced
# sub-panel) of the units `keep2` that the first call could use. Automatic
# lag selection takes its maximum lag from the sub-sample's length.
ur_subcall <- function(smp, keep, keep2, lagvec, maxl, set, tests) {
  sel <- smp$u %in% (keep2 - 1L)
  if (set$lags != "fixed" && is.null(set$maxlag)) {
    len <- if (is.null(smp$len)) rep(smp$T, length(keep2)) else smp$len[match(keep2, keep)]
    maxl[keep2] <- maxlag_rule(len - 1L)
  }
  ur_call(smp$y[sel], smp$tc[sel], smp$u[sel], keep2, lagvec, maxl, set, tests,
          need_pp = FALSE)
}

# Each unit's longest run of consecutive periods (the earliest of equally
# long ones). `same`: no unit has a gap, so every run is the whole unit.
ur_runs <- function(y, tc, u, keep) {
  n <- length(y)
  start <- c(TRUE, u[-1L] != u[-n] | tc[-1L] - tc[-n] != 1L)
  run <- cumsum(start)
  rlen <- tabulate(run)
  runit <- u[start]
  if (length(rlen) == length(keep)) return(list(same = TRUE))
  o <- order(runit, -rlen, seq_along(rlen))
  best <- o[!duplicated(runit[o])]   # in unit order
  sel <- run %in% best
  full <- tabulate(match(u, keep - 1L), length(keep))
  list(y = y[sel], tc = tc[sel], u = u[sel], len = rlen[best], full = full,
       first = tc[start][best], last = tc[start][best] + rlen[best] - 1L, same = FALSE)
}

# The note naming the units with a gap that contribute their longest run
# (`runs` from ur_runs(); its units are those of `keep`, in order).
ur_runs_note <- function(runs, keep, keep2, tests, ids, label, warn) {
  if (isTRUE(runs$same)) return(invisible())
  k <- which(runs$len < runs$full & keep %in% keep2)
  if (!length(k)) return(invisible())
  shown <- utils::head(k, 5L)
  span <- ifelse(runs$first[shown] == runs$last[shown], label(runs$first[shown]),
                 paste(label(runs$first[shown]), label(runs$last[shown]), sep = "-"))
  warn(sprintf(paste("%s need consecutive periods: %d unit%s with a gap contribute%s %s",
                     "longest run of consecutive periods: %s%s."),
               ur_test_list(tests), length(k),
               if (length(k) > 1L) "s" else "", if (length(k) > 1L) "" else "s",
               if (length(k) > 1L) "their" else "its",
               paste(sprintf("%s (%s)", ids[keep[shown]], span), collapse = ", "),
               if (length(k) > 5L) sprintf(" and %d more", length(k) - 5L) else ""),
       "coagg_unbalanced_warning")
}

# The balanced sub-panel: the longest run of consecutive periods observed in
# every unit (the earliest of equally long runs). `same`: the panel is
# already balanced without gaps. `status`: "ok", "none" (no period is
# observed in every unit) or "short" (too few periods for the tests).
ur_balance <- function(y, tc, u, keep, ndet) {
  ulen <- tabulate(match(u, keep - 1L), length(keep))
  ustart <- c(0L, cumsum(ulen)[-length(ulen)]) + 1L
  t0 <- tc[ustart]
  if (length(ulen) && all(ulen == ulen[1L]) && all(t0 == t0[1L]) &&
      all(tc[ustart + ulen - 1L] - t0 + 1L == ulen)) {
    return(list(same = TRUE))
  }
  # a (unit, period) pair occurs once: a period is observed in every unit
  # when it occurs length(keep) times
  tmin <- min(tc)
  common <- which(tabulate(tc - tmin + 1L) == length(keep)) + (tmin - 1L)
  allsame <- length(common) * length(keep) == length(tc)
  contiguous <- function(p) length(p) == 0L || max(p) - min(p) + 1L == length(p)
  if (allsame && contiguous(common)) return(list(same = TRUE))
  if (!length(common)) return(list(same = FALSE, status = "none"))
  brk <- cumsum(c(1L, diff(common) != 1L))
  runs <- split(common, brk)
  best <- runs[[which.max(lengths(runs))]]
  out <- list(same = FALSE, T = length(best), first = best[1L], last = best[length(best)])
  if (length(best) < ndet + 3L) return(c(out, status = "short"))
  sel <- tc %in% best
  c(out, list(y = y[sel], tc = tc[sel], u = u[sel], status = "ok", used = sum(sel),
              all = length(sel)))
}

# "LLC, Breitung and Hadri": the tests' names for a sentence (the two Hadri
# variants named once).
ur_test_list <- function(tests) {
  lab <- unique(sub(" (het.)", "", ur_labels[tests], fixed = TRUE))
  if (length(lab) == 1L) return(lab)
  paste(paste(lab[-length(lab)], collapse = ", "), "and", lab[length(lab)])
}

# The note on the tests computed on the balanced sub-panel, and why.
ur_balance_note <- function(bal, convention, tests, label) {
  one <- length(unique(sub(" (het.)", "", ur_labels[tests], fixed = TRUE))) == 1L
  head <- sprintf("%s need%s a balanced panel without gaps", ur_test_list(tests),
                  if (one) "s" else "")
  if (bal$status == "none") {
    return(sprintf("%s; no period is observed in every unit, so %s not computed.", head,
                   if (one) "it is" else "they are"))
  }
  span <- if (bal$first == bal$last) label(bal$first) else
    paste(label(bal$first), label(bal$last), sep = "-")
  if (bal$status == "short") {
    return(sprintf(paste("%s; the longest run of periods observed in every unit (%s) has %d",
                         "periods, too few, so %s not computed."), head, span, bal$T,
                   if (one) "it is" else "they are"))
  }
  others <- setdiff(tests, c("cips", "cips_trunc"))
  why <- if (!length(others)) "" else switch(convention,
    eviews = paste("Harris and Tzavalis's corrections B_T and C_T are exact moments for one",
                   "common T, which an unbalanced panel does not have."),
    stata = paste("Stata's xtunitroot refuses an unbalanced panel for these tests (strongly",
                  "balanced data required) and gives these numbers when its sample is",
                  "restricted to those periods."),
    plm = paste("plm's purtest() refuses LLC and Hadri on an unbalanced panel (\"not applicable",
                "to unbalanced panels\") and has no Breitung or Harris-Tzavalis test; these are",
                "the numbers on those periods."))
  if (any(c("cips", "cips_trunc") %in% tests)) {
    why <- paste(why, "CIPS's cross-section averages need every unit in every period, and",
                 "Pesaran's (2007) tables are for balanced panels (Stata's xtcips refuses",
                 "unbalanced ones).")
  }
  sprintf(paste("%s: %s the %d consecutive periods %s observed in every unit (%d of %d",
                "observations; %d set aside). %s"), head, if (one) "it uses" else "they use",
          bal$T, span, bal$used, bal$all, bal$all - bal$used, trimws(why))
}
