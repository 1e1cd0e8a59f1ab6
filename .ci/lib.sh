# Helpers shared by the reliability stages of .ci/run (sourced, not run).

# Run a command as root (apt-get) whether or not we are root.
as_root() {
  if [ "$(id -u)" -ne 0 ]; then sudo "$@"; else "$@"; fi
}

# apt_install PKG...: install the Debian packages that are not installed yet.
apt_install() {
  local need=() p
  for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
  done
  if [ ${#need[@]} -gt 0 ]; then
    echo "Installing: ${need[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
}

# need_r_packages PKG...: Debian's r-cran-PKG for each R package R cannot load.
need_r_packages() {
  local need=() p
  for p in "$@"; do
    Rscript -e "quit(status = as.integer(!requireNamespace('$p', quietly = TRUE)))" \
      >/dev/null 2>&1 || need+=("r-cran-${p,,}")  # Debian names are lower case
  done
  if [ ${#need[@]} -gt 0 ]; then apt_install "${need[@]}"; fi
}

# source_copy SRC DEST: a clean copy of the package sources (no .git, no
# compiled objects), so that a stage's build never touches the work tree.
source_copy() {
  mkdir -p "$2"
  (cd "$1" && tar --exclude=.git --exclude='*.o' --exclude='*.so' -cf - .) | tar -xf - -C "$2"
}

# install_with MAKEVARS SRC LIB LOG: R CMD INSTALL with the flags of MAKEVARS.
# The test load is skipped: a sanitized library loads only with the
# sanitizer runtime preloaded.
install_with() {
  mkdir -p "$3"
  if ! R_MAKEVARS_USER="$1" R CMD INSTALL --no-test-load --library="$3" "$2" >"$4" 2>&1; then
    cat "$4"
    echo "FAIL: the package does not build with $(tr '\n' ' ' < "$1")" >&2
    exit 1
  fi
}

# seconds since the epoch
now() { date +%s; }
