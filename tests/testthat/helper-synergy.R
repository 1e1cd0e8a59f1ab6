# Fixtures of the synergy tests (test-weights.R, test-grey-relation.R,
# test-synergy.R, test-coupling.R): the cases of
# shared/reference/synergy-cases.md and a small simulated panel.

catch <- function(expr) tryCatch(expr, coagg_input_error = function(e) e)

ref_s <- data.frame(s1 = c(.0162, .1782, .5490, .6730, .0207, .9875),
                    s2 = c(.2720, .6824, .0593, .4812, .8891, .5573),
                    s3 = c(.2655, .3721, .5729, .9082, .2017, .8984))

ref_e <- data.frame(e1 = c(100, 130, 170, 210, 260), e2 = c(20, 24, 23, 30, 35),
                    e3 = c(8.0, 7.5, 7.8, 6.9, 6.0))
ref_i <- data.frame(i1 = c(50, 52, 58, 57, 66), i2 = c(3.1, 3.4, 3.3, 3.9, 4.2))

ref_order <- function() {
  list(E = order_degree(ref_e, c("e1", "e2", "e3"), direction = c("+", "+", "-"),
                        weights = c(0.40, 0.35, 0.25), bounds = "padded"),
       I = order_degree(ref_i, c("i1", "i2"), direction = "+",
                        weights = c(0.5, 0.5), bounds = "padded"))
}

make_panel <- function() {
  set.seed(21)
  g <- expand.grid(year = 2015:2020, region = c("north", "south", "west"),
                   stringsAsFactors = FALSE)
  g$x1 <- round(50 + 10 * (g$year - 2015) + rnorm(nrow(g), 0, 5), 1)
  g$x2 <- round(5 - 0.3 * (g$year - 2015) + rnorm(nrow(g), 0, 0.4), 2)
  g$y1 <- round(20 + 3 * (g$year - 2015) + rnorm(nrow(g), 0, 2), 1)
  g$y2 <- round(1 + 0.1 * (g$year - 2015) + runif(nrow(g)), 3)
  g
}
