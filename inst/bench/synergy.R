# Benchmark of the synergy and coordination models (R/weights.R,
# R/grey-relation.R, R/synergy.R, R/coupling.R).
#
# Run by hand, never as a test:
#   Rscript inst/bench/synergy.R            # full sizes
#   Rscript inst/bench/synergy.R small      # quick validation
# Prints a ready-to-paste markdown section for inst/bench/RESULTS.md.
#
# What it answers: whether the synergy pipeline would gain from a C kernel.
# It times the whole pipeline (entropy weights, CRITIC weights, order degrees,
# synergy, coupling coordination, grey relation) on SIMULATED panels of
# growing size, and compares coupling_coordination() with the one peer that
# exists, the CRAN package 'coupling' (C++ via Rcpp), measured in the same
# run on the same data, after checking that both give the same numbers.
# The peer is optional: install it into a separate library, e.g.
#   R_LIBS=/work/lib/peers Rscript -e 'install.packages("coupling", lib = "/work/lib/peers")'
# and run with R_LIBS=<that library>:<coagg's library>.

suppressPackageStartupMessages(library(coagg))
args <- commandArgs(trailingOnly = TRUE)
small <- length(args) && args[1] == "small"
reps <- if (small) 5L else 7L

# (regions, years, indicators per subsystem)
sizes <- if (small) {
  list(c(31, 20, 8), c(100, 20, 8))
} else {
  list(c(31, 20, 8), c(300, 30, 15), c(3000, 30, 15), c(10000, 50, 20))
}

have_peer <- requireNamespace("coupling", quietly = TRUE)

# Median over `reps` runs of the time of one evaluation. Fast calls are
# repeated inside each run (a batch of at least ~50 ms), because
# system.time() resolves only milliseconds.
timeit <- function(expr, reps) {
  e <- substitute(expr)
  env <- parent.frame()
  once <- system.time(eval(e, env))[["elapsed"]]
  inner <- if (once >= 0.05) 1L else as.integer(min(1000, ceiling(0.05 / max(once, 1e-4))))
  t <- numeric(reps)
  for (i in seq_len(reps)) {
    gc(FALSE)
    t[i] <- system.time(for (j in seq_len(inner)) eval(e, env))[["elapsed"]] / inner
  }
  stats::median(t)
}

sim_panel_for <- function(n_regions, n_years, m) {
  set.seed(1)
  g <- expand.grid(year = seq_len(n_years), region = seq_len(n_regions))
  n <- nrow(g)
  mk <- function(prefix) {
    x <- sapply(seq_len(m), function(j) {
      exp(0.05 * j * g$year / n_years + rnorm(n, 0, 0.3)) * (1 + g$region %% 7)
    })
    colnames(x) <- paste0(prefix, seq_len(m))
    x
  }
  cbind(g, mk("a"), mk("b"))
}

rows <- list()
agree <- NA_real_
for (sz in sizes) {
  nr <- sz[1]; ny <- sz[2]; m <- sz[3]
  sim <- sim_panel_for(nr, ny, m)
  ia <- paste0("a", seq_len(m)); ib <- paste0("b", seq_len(m))
  dir <- rep(c("+", "-"), length.out = m)
  key <- c("region", "year")
  t_entropy <- timeit(entropy_weights(sim, ia, index = key, direction = dir), reps)
  t_critic <- timeit(critic_weights(sim, ia, index = key, direction = dir), reps)
  wa <- entropy_weights(sim, ia, index = key, direction = dir)
  wb <- entropy_weights(sim, ib, index = key, direction = dir)
  t_order <- timeit(order_degree(sim, ia, index = key, direction = dir, weights = wa), reps)
  oa <- order_degree(sim, ia, index = key, direction = dir, weights = wa)
  ob <- order_degree(sim, ib, index = key, direction = dir, weights = wb)
  t_syn <- timeit(synergy_degree(list(A = oa, B = ob)), reps)
  ua <- oa$order$estimate; ub <- ob$order$estimate
  uc <- (ua + ub) / 2
  d <- data.frame(ua, ub, uc)
  t_cc <- timeit(coupling_coordination(d), reps)
  t_ccw <- timeit(coupling_coordination(d, coupling = "wang"), reps)
  yearly <- aggregate(sim[ia], by = list(year = sim$year), FUN = mean)
  t_grey <- timeit(grey_relation(yearly, "a1", ia[-1], index = "year", normalise = "minmax"),
                   reps)
  t_peer <- t_peerw <- NA_real_
  if (have_peer) {
    ours <- coupling_coordination(d)
    theirs <- coupling::ccd(d)
    oursw <- coupling_coordination(d, coupling = "wang")
    theirsw <- coupling::ccd(d, method = "wang")
    rd <- max(abs(c(ours$coupling - theirs$C, ours$estimate - theirs$D,
                    oursw$coupling - theirsw$C, oursw$estimate - theirsw$D)) /
                pmax(abs(c(theirs$C, theirs$D, theirsw$C, theirsw$D)), 1e-300))
    agree <- max(agree, rd, na.rm = TRUE)
    t_peer <- timeit(coupling::ccd(d), reps)
    t_peerw <- timeit(coupling::ccd(d, method = "wang"), reps)
  }
  rows[[length(rows) + 1L]] <- data.frame(
    regions = nr, years = ny, indicators = m, rows = nr * ny,
    entropy = t_entropy, critic = t_critic, order = t_order, synergy = t_syn,
    grey = t_grey, coupling = t_cc, peer_coupling = t_peer,
    coupling_wang = t_ccw, peer_wang = t_peerw)
}
res <- do.call(rbind, rows)

ms <- function(x) ifelse(is.na(x), "n/a", formatC(1000 * x, format = "f", digits = 2))
ratio <- function(a, b) ifelse(is.na(b) | b == 0, "n/a",
                               formatC(a / b, format = "f", digits = 2))

cat("## Synergy and coordination models (inst/bench/synergy.R)\n\n")
cat(sprintf("Median of %d runs, milliseconds (elapsed). Simulated panels: regions x years rows,\n", reps))
cat("each subsystem with the given number of indicators. Pipeline steps: entropy and CRITIC\n")
cat("weights of one subsystem, order degree of one subsystem (panel, padded bounds),\n")
cat("synergy of two subsystems (previous-period base), grey relation of the yearly means,\n")
cat("coupling coordination of three score vectors (standard and Wang et al. 2021).\n")
cat("Peer: CRAN package 'coupling' (`ccd()`, C++), same data, same run; ratio = coagg / peer.\n\n")
cat("| regions x years | indicators | entropy | CRITIC | order degree | synergy | grey | coupling | peer | ratio | coupling (Wang) | peer (Wang) | ratio |\n")
cat("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
for (i in seq_len(nrow(res))) {
  r <- res[i, ]
  cat(sprintf("| %d x %d = %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
              r$regions, r$years, r$rows, r$indicators, ms(r$entropy), ms(r$critic),
              ms(r$order), ms(r$synergy), ms(r$grey), ms(r$coupling),
              ms(r$peer_coupling), ratio(r$coupling, r$peer_coupling),
              ms(r$coupling_wang), ms(r$peer_wang), ratio(r$coupling_wang, r$peer_wang)))
}
cat("\n")
if (have_peer) {
  cat(sprintf("Agreement with 'coupling' %s (C and D, both methods): max relative difference %.2e.\n",
              as.character(utils::packageVersion("coupling")), agree))
} else {
  cat("Peer package 'coupling' not installed: peer columns n/a.\n")
}
cat(sprintf("\n%s; %s; %s, %d cores.\n", R.version.string,
            paste("coagg", utils::packageVersion("coagg")),
            Sys.info()[["machine"]], parallel::detectCores()))
