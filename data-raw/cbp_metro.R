# Builds data/cbp_metro.rda from the County Business Patterns 2019 extract
# (U.S. Census Bureau; public domain). Run from the package root:
#   Rscript data-raw/cbp_metro.R [path/to/cbp_metro_2019.csv]
# By default it reads the copy of the source table shipped with the package,
# inst/extdata/cbp_metro_2019.csv.xz (the project's shared/data/
# cbp_metro_2019.csv compressed with xz -9), so that tests can compare the
# dataset with its source cell for cell on any machine.
# The source table (18,191 rows) is described in its own README: employment
# and establishments of every metropolitan and micropolitan statistical area
# (CBSA, 2019 delineation) by 2-digit NAICS 2017 sector, taken from a public
# compilation of the Census Bureau's CBP API pull for 2019.
args <- commandArgs(trailingOnly = TRUE)
src <- if (length(args)) args[1L] else xzfile(file.path("inst", "extdata", "cbp_metro_2019.csv.xz"))

# Two area names are not ASCII ("Cañon City, CO", "Española, NM"): read the
# file as UTF-8 so that they are marked as such in the saved data.
cbp_metro <- utils::read.csv(
  src, stringsAsFactors = FALSE, na.strings = "NA", encoding = "UTF-8",
  colClasses = c(cbsa_code = "character", cbsa_name = "character",
                 cbsa_type = "character", naics = "character",
                 employment = "integer", establishments = "integer")
)

# Every column of the source is kept, cell for cell, in the source's order
# (by CBSA code, then sector). Checks that the documentation relies on:
stopifnot(
  nrow(cbp_metro) == 18191L,
  identical(names(cbp_metro), c("cbsa_code", "cbsa_name", "cbsa_type", "naics",
                                "employment", "establishments")),
  !anyNA(cbp_metro[c("cbsa_code", "naics", "employment", "establishments")]),
  all(nchar(cbp_metro$cbsa_code) == 5L),
  !anyDuplicated(cbp_metro[c("cbsa_code", "naics")]),
  length(unique(cbp_metro$cbsa_code)) == 933L,
  all(cbp_metro$cbsa_type %in% c("metro", "micro", NA)),
  sum(cbp_metro$naics == "00") == 933L,
  all(cbp_metro$establishments > 0L),
  # withheld cells: establishments > 0 but employment 0; all in sector "99"
  identical(sum(cbp_metro$employment == 0L), 4L),
  all(cbp_metro$naics[cbp_metro$employment == 0L] == "99")
)
rownames(cbp_metro) <- NULL
stopifnot(all(Encoding(cbp_metro$cbsa_name[grepl("[^ -~]", cbp_metro$cbsa_name)]) == "UTF-8"))

dir.create("data", showWarnings = FALSE)
save(cbp_metro, file = "data/cbp_metro.rda", compress = "xz", version = 2)
