# Generates the Pesaran (2007) block of src/unitroot_tables.c: the critical
# values of the CIPS statistic and of its truncated version CIPS*.
#
# Source of the numbers: Pesaran, M. H. (2007), "A simple panel unit root
# test in the presence of cross-section dependence", Journal of Applied
# Econometrics 22(2), 265-312, doi:10.1002/jae.951, Tables II(a) (case I: no
# intercept or trend, p. 279), II(b) (case II: individual intercepts,
# p. 280) and II(c) (case III: individual intercepts and trends, p. 281).
# Each table gives the 1%, 5% and 10% critical values of CIPS(N, T) and of
# CIPS*(N, T) for N and T in {10, 15, 20, 30, 50, 70, 100, 200}; the paper
# prints T in rows and N in columns. CIPS* differs from CIPS only at T = 10
# (cases I and II) and T = 10, 15 (case III).
#
# Transcription (data-raw/pesaran2007_table2.csv, long format: statistic,
# case, N, T, cv1, cv5, cv10): taken from plm 2.6-2 (critvals.cips) and
# compared value by value with two independent transcriptions in Stata
# code: xtcips (M. Sangiacomo, v4.0, 2018; all 672 CIPS and differing CIPS*
# values equal) and xtcipsm (M. Roudane; its 576 CIPS values equal). A
# published Stata pescadf output at N = 15, T = 30 (constant, truncated)
# prints -2.45 / -2.25 / -2.14, the CIPS* values of Table II(b) at that cell
# (and not those of the transposed cell), which fixes the orientation.
#
# Run from the package root:  Rscript data-raw/cips_tables.R
# It rewrites the text between the BEGIN/END markers of the Pesaran block
# of src/unitroot_tables.c and leaves the rest of the file alone.

tab <- utils::read.csv("data-raw/pesaran2007_table2.csv", colClasses = "character")
grid <- c(10, 15, 20, 30, 50, 70, 100, 200)
stopifnot(nrow(tab) == 2 * 3 * 64, setequal(as.numeric(tab$N), grid),
          setequal(as.numeric(tab$T), grid))

# cell [statistic][case][level][N][T]
cell <- function(st, cs, lv, n, t) {
  r <- tab[tab$statistic == st & tab$case == cs & as.numeric(tab$N) == n &
             as.numeric(tab$T) == t, ]
  stopifnot(nrow(r) == 1L)
  r[[c("cv1", "cv5", "cv10")[lv]]]
}
# sanity: critical values fall with the level (1% below 5% below 10%), and
# truncation never makes them more extreme
for (st in c("cips", "cips_star")) for (cs in c("I", "II", "III")) for (n in grid) for (t in grid) {
  v <- as.numeric(vapply(1:3, function(l) cell(st, cs, l, n, t), ""))
  stopifnot(v[1] < v[2], v[2] < v[3])
  if (st == "cips_star") {
    u <- as.numeric(vapply(1:3, function(l) cell("cips", cs, l, n, t), ""))
    stopifnot(all(v >= u))
  }
}

lines <- c(
  "/* BEGIN GENERATED: Pesaran (2007) Tables II(a)-(c) (data-raw/cips_tables.R) */",
  sprintf("const double coagg_cips_grid[COAGG_CIPS_NG] = {%s};", paste(grid, collapse = ", ")),
  "/* [CIPS, CIPS*][case I, II, III][1%, 5%, 10%][N][T] */",
  "const double coagg_cips_crit[2][3][3][COAGG_CIPS_NG][COAGG_CIPS_NG] = {")
sts <- c("cips", "cips_star")
css <- c("I", "II", "III")
for (a in 1:2) {
  lines <- c(lines, sprintf("  { /* %s */", c("CIPS", "CIPS*")[a]))
  for (b in 1:3) {
    lines <- c(lines, sprintf("    { /* case %s: Table II(%s) */", css[b], letters[b]))
    for (l in 1:3) {
      lines <- c(lines, sprintf("      { /* %s%%, rows N = 10 ... 200, columns T = 10 ... 200 */",
                                c(1, 5, 10)[l]))
      rows <- vapply(grid, function(n) {
        sprintf("        {%s}", paste(vapply(grid, function(t) cell(sts[a], css[b], l, n, t), ""),
                                      collapse = ", "))
      }, "")
      lines <- c(lines, paste0(rows, c(rep(",", 7), "")))
      lines <- c(lines, paste0("      }", if (l < 3) "," else ""))
    }
    lines <- c(lines, paste0("    }", if (b < 3) "," else ""))
  }
  lines <- c(lines, paste0("  }", if (a < 2) "," else ""))
}
lines <- c(lines, "};", "/* END GENERATED: Pesaran (2007) */")

src <- readLines("src/unitroot_tables.c")
b <- grep("^/\\* BEGIN GENERATED: Pesaran \\(2007\\)", src)
e <- grep("^/\\* END GENERATED: Pesaran \\(2007\\) \\*/", src)
stopifnot(length(b) == 1L, length(e) == 1L, e > b)
writeLines(c(src[seq_len(b - 1L)], lines, src[-seq_len(e)]), "src/unitroot_tables.c")
