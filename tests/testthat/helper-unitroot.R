# Helpers of the unit-root and MacKinnon tests (test-mackinnon.R,
# test-unitroot*.R): plain-R reference computations of the published
# formulas, independent of the C code, and a simulated panel.

# ---------------------------------------------------------------------------
# Plain-R reference computations (independent of the C code)
# ---------------------------------------------------------------------------

# MacKinnon (1996) p-value by the method of the paper (local GLS regression
# of the inverse normal of p on a cubic in the quantiles), from urca's copy of
# the tables, solved on a centred and scaled basis so that it is well
# conditioned.
r_mk_tables <- function(exo) {
  urc <- get(".urc1", envir = asNamespace("urca"))
  pr <- get(".probsUrcval", envir = asNamespace("urca"))
  name <- c(none = "dfnc", intercept = "dfc", trend = "dfct", quadratic = "dfctt")[[exo]]
  h <- grep(sprintf("^%s ", name), urc)
  b <- t(vapply(urc[h + 1:221], function(l) {
    v <- scan(text = l, quiet = TRUE)
    if (length(v) == 4L) c(v[1:3], 0, v[4]) else v
  }, numeric(5)))
  list(b = b, p = pr[, 1], z = pr[, 2])
}
r_mackinnon_p <- function(stat, n, exo) {
  tb <- r_mk_tables(exo)
  o <- if (is.finite(n)) 1 / n else 0
  q <- tb$b[, 1] + tb$b[, 2] * o + tb$b[, 3] * o^2 + tb$b[, 4] * o^3
  im <- which.min(abs(stat - q))
  if (im > 4 && im < 217) {
    idx <- (im - 4):(im + 4); ident <- FALSE
  } else if (im < 9) {
    idx <- seq_len(max(im + 4, 5)); ident <- FALSE
  } else {
    idx <- 221:(221 - max(222 - im + 4, 5) + 1); ident <- TRUE
  }
  np <- length(idx)
  om <- if (ident) diag(np) else outer(seq_len(np), seq_len(np), function(a, c) {
    lo <- idx[pmin(a, c)]; hi <- idx[pmax(a, c)]
    tb$b[idx[a], 5] * tb$b[idx[c], 5] *
      sqrt(tb$p[lo] * (1 - tb$p[hi]) / (tb$p[hi] * (1 - tb$p[lo])))
  })
  L <- t(chol(om))
  x <- q[idx]; m <- mean(x); s <- sd(x)
  u <- (x - m) / s; u0 <- (stat - m) / s
  X <- forwardsolve(L, cbind(1, u, u^2, u^3)); Y <- forwardsolve(L, tb$z[idx])
  f4 <- lm.fit(X, Y)
  V <- chol2inv(qr.R(f4$qr))
  t4 <- abs(f4$coefficients[4]) / sqrt(sum(f4$residuals^2) / (np - 4) * V[4, 4])
  fit <- if (t4 > 2) sum(f4$coefficients * u0^(0:3)) else
    sum(lm.fit(X[, 1:3], Y)$coefficients * u0^(0:2))
  p <- pnorm(min(max(fit, -16), 16))
  if (im == 1 && p > tb$p[1]) p <- tb$p[1]
  if (im == 221 && p < tb$p[221]) p <- tb$p[221]
  p
}

# A simulated panel (not real data): N units, T periods, AR(1) differences
# with coefficient phi (phi = 0: random walks), optional stationary units.
sim_ur_panel <- function(N, T, phi = 0, rho = 1, seed = 1, start = 2000) {
  set.seed(seed)
  y <- matrix(0, T, N)
  for (i in seq_len(N)) {
    e <- stats::filter(rnorm(T), phi, method = "recursive")
    y[, i] <- if (rho == 1) cumsum(e) else stats::filter(e, rho, method = "recursive")
  }
  data.frame(id = rep(sprintf("u%03d", seq_len(N)), each = T),
             year = rep(start + seq_len(T) - 1L, N), y = as.vector(y) + 5)
}

# ADF regression of one series, by lm(): t statistic of y[t-1] (levels).
r_adf <- function(y, p, exo, dfcor = TRUE) {
  n0 <- length(y); dy <- diff(y)
  rows <- (p + 2):n0
  X <- cbind(ylag = y[rows - 1])
  for (j in seq_len(p)) X <- cbind(X, dy[rows - 1 - j])
  if (exo == "intercept") X <- cbind(X, 1)
  if (exo == "trend") X <- cbind(X, 1, rows)
  f <- lm.fit(X, dy[rows - 1])
  n <- length(rows); k <- ncol(X); rss <- sum(f$residuals^2)
  s2 <- rss / if (dfcor) (n - k) else n
  se <- sqrt(s2 * chol2inv(qr.R(f$qr))[1, 1])
  list(t = unname(f$coefficients[1] / se), n = n, rss = rss, s2 = s2, fit = f,
       X = X, dy = dy[rows - 1], se = se)
}

r_nw_bw <- function(u) {
  n <- length(u)
  g <- function(j) sum(u[(j + 1):n] * u[1:(n - j)]) / n
  nl <- floor(4 * (n / 100)^(2 / 9))
  gj <- vapply(seq_len(nl), g, 0)
  s0 <- g(0) + 2 * sum(gj); s1 <- 2 * sum(seq_len(nl) * gj)
  min(floor(1.1447 * ((s1 / s0)^2)^(1 / 3) * n^(1 / 3)), n - 1)
}
r_bartlett <- function(u, l) {
  n <- length(u)
  g <- function(j) sum(u[(j + 1):n] * u[1:(n - j)]) / n
  g(0) + 2 * sum(vapply(seq_len(l), function(j) (1 - j / (l + 1)) * g(j), 0))
}

quiet <- function(expr) suppressWarnings(expr)
# Evaluate and collect every warning (so that none leaks into the test log).
collect_warnings <- function(expr) {
  w <- list()
  value <- withCallingHandlers(expr, warning = function(c) {
    w[[length(w) + 1L]] <<- c
    invokeRestart("muffleWarning")
  })
  list(value = value, classes = unlist(lapply(w, class)),
       messages = vapply(w, conditionMessage, ""))
}
stat_of <- function(res, test, name) {
  st <- attr(res, "statistics")
  st[st$test == test & st$statistic_name == name, c("statistic", "p_value")]
}
