# Drawing helpers shared by every plot() method (base graphics only): colour
# scales, a heat map with its colour legend, a dot-and-interval plot, series
# over time on grade bands, and horizontal bars. Each helper sets the
# margins it needs from the width of its labels and restores the graphical
# parameters it changed. A plot() method builds the data frame it will
# draw, hands it to a helper, and returns that data frame invisibly.

# ---------------------------------------------------------------------------
# Colours
# ---------------------------------------------------------------------------

# Colour-blind-safe HCL palettes: "sequential" from light to dark,
# "diverging" blue - light - red, "qualitative" for lines and groups.
plot_colours <- function(n, scale = c("sequential", "diverging", "qualitative")) {
  scale <- match.arg(scale)
  if (n < 1L) return(character())
  switch(scale,
         sequential = grDevices::hcl.colors(n, "YlOrRd", rev = TRUE),
         diverging = grDevices::hcl.colors(n, "Blue-Red 3"),
         qualitative = if (n <= 8L) grDevices::hcl.colors(n, "Dark 3") else
           grDevices::hcl.colors(n, "Dynamic"))
}

# Colours of the verdicts of a test battery and of the audits.
verdict_colours <- c(stationary = "#4393C3", "unit root" = "#F4A582", undetermined = "grey80",
                     ok = "#4393C3", inconsistent = "#D6604D", unchecked = "grey80")

# Colour of a cell with no value.
na_colour <- "grey92"

# The breaks of a colour scale over the finite values of z: `n` bins of
# equal width on the scale (log10 when log = TRUE, symmetric around
# `centre` when one is given), widened by rounding so the legend reads well.
scale_breaks <- function(z, n = 9L, log = FALSE, centre = NULL) {
  v <- z[is.finite(z)]
  if (log) v <- log10(v[v > 0])
  if (!length(v)) return(c(0, 1))
  if (!is.null(centre)) {
    c0 <- if (log) log10(centre) else centre
    h <- max(abs(v - c0))
    if (h == 0) h <- 1
    return(seq(c0 - h, c0 + h, length.out = n + 1L))
  }
  r <- range(v)
  if (r[1L] == r[2L]) r <- r + c(-0.5, 0.5) * max(abs(r[1L]), 1)
  seq(r[1L], r[2L], length.out = n + 1L)
}

# Colours of the values z under breaks (on the scale: log10 when log),
# NA (and, on a log scale, values <= 0) getting `missing`.
scale_colours <- function(z, breaks, cols, log = FALSE, missing = na_colour) {
  v <- if (log) suppressWarnings(log10(z)) else z
  out <- rep(missing, length(z))
  ok <- is.finite(v)
  bin <- findInterval(v[ok], breaks, all.inside = TRUE)
  out[ok] <- cols[bin]
  out
}

# Black or white text, whichever reads better on each fill colour.
text_colour_on <- function(fill) {
  rgb <- grDevices::col2rgb(fill) / 255
  lum <- 0.2126 * rgb[1L, ] + 0.7152 * rgb[2L, ] + 0.0722 * rgb[3L, ]
  ifelse(lum > 0.5, "black", "white")
}

# ---------------------------------------------------------------------------
# Layout
# ---------------------------------------------------------------------------

# Width of the widest label in margin lines at cex.
label_lines <- function(labels, cex = 1) {
  if (!length(labels)) return(0)
  w <- max(graphics::strwidth(as.character(labels), units = "inches", cex = cex), 0,
           na.rm = TRUE)
  w / (graphics::par("csi") * graphics::par("mex"))
}

# Positions of at most `max` labels out of n, evenly spaced (all when n is
# small enough), so that long axes stay legible.
thin_labels <- function(n, max = 45L) {
  if (n <= max) return(seq_len(n))
  unique(round(seq(1, n, length.out = max)))
}

# Axis text size for n labels on an axis of `inches`, between 0.55 and 0.9.
axis_cex <- function(n, inches) {
  per <- inches / max(n, 1)
  min(0.9, max(0.55, per / 0.2))
}

# Shorten labels beyond `width` characters (display only).
shorten <- function(x, width = 30L) {
  x <- as.character(x)
  long <- !is.na(x) & nchar(x, type = "width") > width
  x[long] <- paste0(substr(x[long], 1L, width - 2L), "..")
  x
}

# ---------------------------------------------------------------------------
# Heat map with a colour legend
# ---------------------------------------------------------------------------

# z: a matrix, rows drawn from top to bottom, columns from left to right,
# with row and column names as labels. The colour bar on the right has the
# scale's breaks (values when log = TRUE are shown on their original scale).
# cell_text: NULL (values printed in the cells when there are at most
# `max_text` cells), FALSE, or a character matrix. highlight: a logical
# matrix of cells to outline. Extra legend keys (name = colour) are drawn
# under the bar (e.g. "0 (absent)"). Categorical cells: `cell_colours` (a
# matrix of colours) with `keys` (name = colour) drawn instead of the bar.
# col_groups: a label per column; runs of equal labels are named above the
# plot and separated by a line.
draw_heatmap <- function(z, main, xlab = "", ylab = "", legend_title = "",
                         scale = c("sequential", "diverging"), log = FALSE, centre = NULL,
                         n_colours = 9L, breaks = NULL, cell_text = NULL, digits = 2L,
                         highlight = NULL, extra_keys = NULL, cell_colours = NULL,
                         keys = NULL, col_groups = NULL, max_text = 300L, ...) {
  scale <- match.arg(scale)
  nr <- nrow(z)
  nc <- ncol(z)
  rl <- shorten(rownames(z))
  cl <- shorten(colnames(z))
  if (is.null(breaks)) breaks <- scale_breaks(z, n_colours, log, centre)
  cols <- plot_colours(length(breaks) - 1L, scale)
  fill <- if (is.null(cell_colours)) scale_colours(z, breaks, cols, log) else cell_colours
  fill <- matrix(fill, nr, nc)
  if (!is.null(extra_keys)) {
    for (k in names(extra_keys)) fill[attr(extra_keys, "cells")[[k]]] <- extra_keys[[k]]
  }

  din <- graphics::par("din")
  cex_y <- axis_cex(min(nr, 45L), din[2L] * 0.7)
  cex_x <- axis_cex(min(nc, 45L), din[1L] * 0.6)
  rot_x <- nc > 6L || max(nchar(cl, type = "width"), 0) * nc > 60L
  left <- min(label_lines(rl, cex_y) + 1.5 + (nzchar(ylab)) * 1.5, 14)
  bottom <- if (rot_x) min(label_lines(cl, cex_x) + 1.5, 12) + nzchar(xlab) * 1.5 else
    3 + nzchar(xlab) * 1.2
  right <- if (is.null(keys)) 7.5 else min(label_lines(names(keys), 0.7) + 3.5, 14)
  op <- graphics::par(mar = c(bottom, left, if (is.null(col_groups)) 3.2 else 4.4, right),
                      xpd = FALSE)
  on.exit(graphics::par(op), add = TRUE)
  graphics::plot.new()
  graphics::plot.window(xlim = c(0.5, nc + 0.5), ylim = c(0.5, nr + 0.5), xaxs = "i", yaxs = "i")
  # row 1 at the top
  xx <- rep(seq_len(nc), each = nr)
  yy <- rep(nr + 1L - seq_len(nr), times = nc)
  graphics::rect(xx - 0.5, yy - 0.5, xx + 0.5, yy + 0.5, col = as.vector(fill),
                 border = if (nr * nc <= 2500L) "white" else NA, lwd = 0.5)
  if (!is.null(highlight) && any(highlight, na.rm = TRUE)) {
    h <- which(highlight, arr.ind = TRUE)
    graphics::rect(h[, 2L] - 0.5, nr + 1L - h[, 1L] - 0.5, h[, 2L] + 0.5,
                   nr + 1L - h[, 1L] + 0.5, border = "black", lwd = 2.5)
  }
  if (is.null(cell_text) && nr * nc <= max_text) {
    cell_text <- matrix(ifelse(is.na(z), "", formatC(z, format = "f", digits = digits)), nr, nc)
  }
  if (is.character(cell_text)) {
    # the largest size (at most 0.8) at which the longest text fits its cell
    cw <- graphics::grconvertX(1, "user", "inches") - graphics::grconvertX(0, "user", "inches")
    ch <- graphics::grconvertY(1, "user", "inches") - graphics::grconvertY(0, "user", "inches")
    tw <- max(graphics::strwidth(as.vector(cell_text), units = "inches"), 1e-6)
    th <- graphics::strheight("0", units = "inches")
    tcex <- min(0.8, 0.92 * cw / tw, 0.8 * abs(ch) / th)
    if (tcex >= 0.35) {
      graphics::text(xx, yy, as.vector(cell_text), col = text_colour_on(as.vector(fill)),
                     cex = tcex)
    }
  }
  iy <- thin_labels(nr)
  ix <- thin_labels(nc)
  graphics::axis(2, at = nr + 1L - iy, labels = rl[iy], las = 1, tick = FALSE,
                 cex.axis = cex_y, line = -0.6)
  graphics::axis(1, at = ix, labels = cl[ix], las = if (rot_x) 2 else 1, tick = FALSE,
                 cex.axis = cex_x, line = -0.6)
  graphics::box(col = "grey60")
  if (!is.null(col_groups)) {
    runs <- rle(as.character(col_groups))
    ends <- cumsum(runs$lengths)
    starts <- ends - runs$lengths + 1L
    graphics::mtext(runs$values, side = 3, at = (starts + ends) / 2, line = 0.3, cex = 0.85,
                    font = 2)
    if (length(ends) > 1L) {
      graphics::abline(v = ends[-length(ends)] + 0.5, lwd = 2.5, col = "white")
    }
  }
  graphics::title(main = main, cex.main = 1, line = if (is.null(col_groups)) NA else 2.2)
  if (nzchar(xlab)) graphics::mtext(xlab, side = 1, line = bottom - 1.2, cex = 0.9)
  if (nzchar(ylab)) graphics::mtext(ylab, side = 2, line = left - 1.2, cex = 0.9)
  # cells without a value are drawn in na_colour: the legend says so
  bar_keys <- extra_keys
  if (is.null(cell_colours)) {
    covered <- unlist(attr(extra_keys, "cells"), use.names = FALSE)
    if (length(setdiff(which(is.na(z)), covered))) {
      bar_keys <- c(extra_keys, c("no value" = na_colour))
    }
  }
  if (is.null(keys)) draw_colour_bar(breaks, cols, legend_title, log, bar_keys) else
    draw_keys(keys, legend_title)
  invisible(structure(breaks, keys = names(if (is.null(keys)) bar_keys else keys)))
}

# A legend of categorical colours in the right margin.
draw_keys <- function(keys, title) {
  usr <- graphics::par("usr")
  op <- graphics::par(xpd = NA)
  on.exit(graphics::par(op))
  graphics::legend(usr[2L] + 0.01 * diff(usr[1:2]), usr[4L], legend = names(keys),
                   fill = unname(keys), border = "grey40", bty = "n", cex = 0.75, title = title,
                   title.adj = 0)
  invisible()
}

# A vertical colour bar in the right margin of the current plot, with the
# scale's labels and any extra keys (squares with their names) beneath.
draw_colour_bar <- function(breaks, cols, title, log = FALSE, extra_keys = NULL) {
  usr <- graphics::par("usr")
  x0 <- graphics::grconvertX(1, "npc", "user") +
    graphics::grconvertX(0.25, "inches", "user") - graphics::grconvertX(0, "inches", "user")
  w <- graphics::grconvertX(0.22, "inches", "user") - graphics::grconvertX(0, "inches", "user")
  y_lo <- usr[3L] + 0.05 * diff(usr[3:4]) + if (length(extra_keys)) 0.12 * diff(usr[3:4]) else 0
  y_hi <- usr[4L] - 0.05 * diff(usr[3:4])
  yb <- seq(y_lo, y_hi, length.out = length(breaks))
  op <- graphics::par(xpd = NA)
  on.exit(graphics::par(op))
  graphics::rect(x0, yb[-length(yb)], x0 + w, yb[-1L], col = cols, border = NA)
  graphics::rect(x0, y_lo, x0 + w, y_hi, border = "grey40")
  # round values inside the scale, at their place on it
  b <- range(breaks)
  at <- if (log) {
    lv <- 10^seq(floor(b[1L]), ceiling(b[2L]))
    cand <- sort(unique(c(lv, 2 * lv, 5 * lv)))
    cand <- log10(cand[log10(cand) >= b[1L] - 1e-9 & log10(cand) <= b[2L] + 1e-9])
    if (length(cand) > 7L) cand <- cand[abs(cand - round(cand)) < 1e-9]
    cand
  } else {
    p <- pretty(b, 5L)
    p[p >= b[1L] - 1e-9 * diff(b) & p <= b[2L] + 1e-9 * diff(b)]
  }
  ya <- y_lo + (at - b[1L]) / diff(b) * (y_hi - y_lo)
  vals <- if (log) 10^at else at
  graphics::segments(x0 + w, ya, x0 + 1.15 * w, ya, col = "grey40")
  graphics::text(x0 + 1.3 * w, ya, format_scale(vals), adj = c(0, 0.5), cex = 0.7)
  graphics::text(x0, y_hi + 0.035 * diff(usr[3:4]), title, adj = c(0, 0), cex = 0.75)
  if (length(extra_keys)) {
    ky <- usr[3L] + 0.05 * diff(usr[3:4]) + (seq_along(extra_keys) - 1) * 0.06 * diff(usr[3:4])
    graphics::rect(x0, ky, x0 + w, ky + 0.04 * diff(usr[3:4]), col = unname(extra_keys),
                   border = "grey40")
    graphics::text(x0 + 1.25 * w, ky + 0.02 * diff(usr[3:4]), names(extra_keys), adj = c(0, 0.5),
                   cex = 0.7)
  }
  invisible()
}

# Labels of a colour scale: few significant digits, no scientific notation
# for ordinary magnitudes.
format_scale <- function(v) {
  trimws(format(signif(v, 3L), scientific = FALSE, drop0trailing = TRUE, trim = TRUE))
}

# ---------------------------------------------------------------------------
# Dots and intervals
# ---------------------------------------------------------------------------

# One row per label (top to bottom in the order given), a point at
# `estimate` and a segment from `low` to `high` (NA: no segment), in one or
# more groups drawn side by side within a row. `ref`: a vertical reference
# line (NULL for none). `point_colours`: one colour per point (overrides the
# group colours). Legend for the groups when there are several.
draw_intervals <- function(label, estimate, low = NULL, high = NULL, group = NULL,
                           main = "", xlab = "", ref = 0, point_colours = NULL,
                           legend_title = NULL, highlight = NULL, log = FALSE,
                           legend_pos = "bottomright", ...) {
  n <- length(estimate)
  if (is.null(low)) low <- rep(NA_real_, n)
  if (is.null(high)) high <- rep(NA_real_, n)
  if (is.null(group)) group <- rep("", n)
  group <- factor(group, levels = unique(group))
  ng <- nlevels(group)
  labs <- unique(as.character(label))
  nl <- length(labs)
  row <- match(as.character(label), labs)
  off <- if (ng > 1L) (as.integer(group) - (ng + 1) / 2) * min(0.6 / ng, 0.25) else 0
  y <- nl + 1L - row - off
  gcols <- if (ng > 1L) plot_colours(ng, "qualitative") else "grey20"
  pcol <- if (is.null(point_colours)) gcols[as.integer(group)] else point_colours
  xr <- range(c(estimate, low, high, ref), finite = TRUE)
  if (!all(is.finite(xr))) xr <- c(-1, 1)
  if (xr[1L] == xr[2L]) xr <- xr + c(-1, 1) * max(abs(xr[1L]) * 0.1, 1e-8)
  din <- graphics::par("din")
  cex_y <- axis_cex(min(nl, 60L), din[2L] * 0.75)
  left <- min(label_lines(shorten(labs, 40L), cex_y) + 1.5, 16)
  op <- graphics::par(mar = c(4.2, left, if (ng > 1L) 4.6 else 3.2, 1.2))
  on.exit(graphics::par(op), add = TRUE)
  graphics::plot.new()
  graphics::plot.window(xlim = xr, ylim = c(0.4, nl + 0.6), log = if (log) "x" else "")
  graphics::abline(h = seq_len(nl), col = "grey92", lwd = 0.8)
  if (!is.null(highlight)) {
    hl <- which(labs %in% highlight)
    if (length(hl)) {
      graphics::rect(graphics::par("usr")[1L], nl + 1L - hl - 0.45, graphics::par("usr")[2L],
                     nl + 1L - hl + 0.45, col = "#FFF2CC", border = NA)
    }
  }
  if (!is.null(ref)) graphics::abline(v = ref, col = "grey50", lty = 2)
  ok <- is.finite(low) & is.finite(high)
  if (any(ok)) graphics::segments(low[ok], y[ok], high[ok], y[ok], col = pcol[ok], lwd = 1.6)
  graphics::points(estimate, y, pch = 19, col = pcol, cex = if (nl > 60L) 0.6 else 0.9)
  iy <- thin_labels(nl, 60L)
  graphics::axis(2, at = nl + 1L - iy, labels = shorten(labs, 40L)[iy], las = 1, tick = FALSE,
                 cex.axis = cex_y, line = -0.6)
  graphics::axis(1, cex.axis = 0.8)
  graphics::box(col = "grey60")
  graphics::title(main = main, xlab = xlab, cex.main = 1, line = if (ng > 1L) 2.8 else NA)
  if (ng > 1L) {
    op2 <- graphics::par(xpd = NA)
    usr <- graphics::par("usr")
    graphics::legend(mean(usr[1:2]), usr[4L], legend = levels(group), col = gcols, pch = 19,
                     lty = 1, bty = "n", cex = 0.8, horiz = TRUE, xjust = 0.5, yjust = 0,
                     title = NULL)
    graphics::par(op2)
  }
  invisible()
}

# ---------------------------------------------------------------------------
# Series over time on grade bands
# ---------------------------------------------------------------------------

# Lines of `value` over `time`, one per unit (unit NULL or all NA: one
# series), on horizontal grade bands (a data frame with lower, upper and
# label; NULL for none) shaded alternately and named inside the plot's right
# edge. Periods that are not numbers are placed in their sorted order.
draw_series <- function(time, value, unit = NULL, bands = NULL, main = "", ylab = "",
                        xlab = "time", ylim = NULL, hline = NULL, legend_title = NULL, ...) {
  tnum <- if (is.numeric(time)) time else {
    lev <- if (is.factor(time)) levels(time) else sort(unique(as.character(time)))
    match(as.character(time), lev)
  }
  tlab <- if (is.numeric(time)) NULL else {
    if (is.factor(time)) levels(time) else sort(unique(as.character(time)))
  }
  if (is.null(unit)) unit <- rep(NA, length(value))
  units <- unique(unit)
  nu <- length(units)
  cols <- plot_colours(nu, "qualitative")
  if (is.null(ylim)) ylim <- range(c(value, hline), finite = TRUE)
  if (!all(is.finite(ylim))) ylim <- c(0, 1)
  show_legend <- nu > 1L && nu <= 20L
  right <- if (show_legend) min(label_lines(shorten(units, 20L), 0.75) + 3, 12) else 1.2
  op <- graphics::par(mar = c(4.2, 4.2, 3.2, right))
  on.exit(graphics::par(op), add = TRUE)
  graphics::plot.new()
  xr <- range(tnum, finite = TRUE)
  if (xr[1L] == xr[2L]) xr <- xr + c(-0.5, 0.5)
  graphics::plot.window(xlim = xr, ylim = ylim)
  usr <- graphics::par("usr")
  if (!is.null(bands) && nrow(bands)) {
    shade <- rep_len(c("grey96", "grey89"), nrow(bands))
    graphics::rect(usr[1L], pmax(bands$lower, usr[3L]), usr[2L], pmin(bands$upper, usr[4L]),
                   col = shade, border = NA)
    mid <- (pmax(bands$lower, usr[3L]) + pmin(bands$upper, usr[4L])) / 2
    inside <- bands$upper > usr[3L] & bands$lower < usr[4L]
    graphics::text(usr[2L] - 0.01 * diff(usr[1:2]), mid[inside], bands$label[inside],
                   adj = c(1, 0.5), cex = 0.6, col = "grey35")
  }
  if (!is.null(hline)) graphics::abline(h = hline, col = "grey50", lty = 2)
  for (k in seq_len(nu)) {
    sel <- if (is.na(units[k])) is.na(unit) else unit %in% units[k]
    o <- order(tnum[sel])
    graphics::lines(tnum[sel][o], value[sel][o], type = "b", pch = 19, cex = 0.7, col = cols[k],
                    lwd = 1.4)
  }
  if (is.null(tlab)) graphics::axis(1, cex.axis = 0.8) else {
    it <- thin_labels(length(tlab), 20L)
    graphics::axis(1, at = it, labels = tlab[it], cex.axis = 0.8)
  }
  graphics::axis(2, las = 1, cex.axis = 0.8)
  graphics::box(col = "grey60")
  graphics::title(main = main, xlab = xlab, ylab = ylab, cex.main = 1)
  if (show_legend) {
    op2 <- graphics::par(xpd = NA)
    graphics::legend(usr[2L] + 0.02 * diff(usr[1:2]), usr[4L], legend = shorten(units, 20L),
                     col = cols, lty = 1, pch = 19, bty = "n", cex = 0.75, title = legend_title)
    graphics::par(op2)
  }
  invisible()
}

# ---------------------------------------------------------------------------
# Horizontal bars
# ---------------------------------------------------------------------------

# Bars of `value` named by `label` (drawn top to bottom in the order given),
# with an optional vertical line at `vline` and bar colours.
draw_bars <- function(label, value, main = "", xlab = "", xlim = NULL, vline = NULL,
                      colours = NULL, value_text = TRUE, digits = 3L, ...) {
  n <- length(value)
  if (is.null(colours)) colours <- rep("#6BAED6", n)
  if (is.null(xlim)) xlim <- c(0, max(c(value, vline), 0, na.rm = TRUE) * 1.12)
  if (xlim[2L] <= xlim[1L]) xlim[2L] <- xlim[1L] + 1
  din <- graphics::par("din")
  cex_y <- axis_cex(min(n, 60L), din[2L] * 0.75)
  left <- min(label_lines(shorten(label, 40L), cex_y) + 1.5, 16)
  op <- graphics::par(mar = c(4.2, left, 3.2, 1.2))
  on.exit(graphics::par(op), add = TRUE)
  graphics::plot.new()
  graphics::plot.window(xlim = xlim, ylim = c(0.4, n + 0.6), xaxs = "i")
  y <- n + 1L - seq_len(n)
  graphics::rect(0, y - 0.35, value, y + 0.35, col = colours, border = NA)
  if (value_text) {
    graphics::text(value, y, formatC(value, format = "f", digits = digits), pos = 4, cex = 0.7,
                   offset = 0.2)
  }
  if (!is.null(vline)) graphics::abline(v = vline, lty = 2, col = "grey40")
  graphics::axis(2, at = y, labels = shorten(label, 40L), las = 1, tick = FALSE, cex.axis = cex_y,
                 line = -0.6)
  graphics::axis(1, cex.axis = 0.8)
  graphics::box(col = "grey60")
  graphics::title(main = main, xlab = xlab, cex.main = 1)
  invisible()
}

# Graphical parameters given to a plot() method: each method draws a
# finished figure with its own layout, so they are refused with advice
# (check_dots_empty(..., foreign = plot_foreign)).
plot_foreign <- local({
  advice <- paste("this plot() method draws a finished figure with its own layout; set the title",
                  "with `main =`, or draw your own figure from the data frame plot() returns",
                  "invisibly.")
  nm <- c("col", "xlab", "ylab", "xlim", "ylim", "cex", "pch", "lty", "lwd", "las", "type",
          "sub", "axes", "log", "cex.main", "cex.axis", "cex.lab", "mar", "bg", "border")
  stats::setNames(rep(advice, length(nm)), nm)
})
