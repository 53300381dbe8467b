#!/usr/bin/env bash
# Lighthouse scores of the built site, mobile and desktop, for a few representative pages.
#
#   benchmarks/lighthouse.sh [SITE_DIR] [OUT_DIR]
#
# SITE_DIR  a built site (default: site/, as `nox -s docs` leaves it); nothing is built here.
# OUT_DIR   where the JSON reports go (default: artifacts/lighthouse/, git-ignored).
#
# Needs Node 20+ and Chromium (CHROME_PATH, default /usr/bin/chromium). Lighthouse 12.2.3 is
# taken from $LIGHTHOUSE if set (e.g. LIGHTHOUSE=/tmp/lh/node_modules/.bin/lighthouse after
# `cd /tmp/lh && npm i -E lighthouse@12.2.3`), otherwise run through `npx lighthouse@12.2.3`.
# PAGES overrides the pages measured (space-separated URL paths; PAGES=all: the eight pages of
# the nav and /404.html). CATEGORIES overrides the categories (comma-separated Lighthouse ids,
# e.g. CATEGORIES=accessibility). Text is served gzipped, as
# by any real static host; GZIP=0 serves it raw like `python -m http.server`.
#
# Prints one line per page and form factor with the four category scores (0-100), then the
# audits that did not pass, so a score below 100 comes with its reasons.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SITE_DIR="$(cd "${1:-$ROOT/site}" && pwd)"
OUT_DIR="${2:-$ROOT/artifacts/lighthouse}"
PAGES="${PAGES:-/ /derivatives/ /api/}"
if [[ "$PAGES" == all ]]; then
  PAGES="/ /derivatives/ /partial-derivatives/ /gradients/ /chain-rule/ /summary/ /exercises/ /api/ /404.html"
fi
CATEGORIES="${CATEGORIES:-performance,accessibility,best-practices,seo}"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
CHROME_FLAGS="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
--disable-background-networking --disable-component-update --disable-sync"
read -r -a LIGHTHOUSE_CMD <<<"${LIGHTHOUSE:-npx --yes lighthouse@12.2.3}"

[[ -f "$SITE_DIR/index.html" ]] || { echo "no built site in $SITE_DIR" >&2; exit 2; }
[[ -x "$CHROME_PATH" ]] || { echo "no Chromium at $CHROME_PATH (apt-get install chromium)" >&2; exit 2; }
mkdir -p "$OUT_DIR"

# Serve the site on 127.0.0.1 and a free port for the duration of the script (tools/local_site.py,
# the server the tests use too; it prints its URL first). Like any real static host (GitHub Pages,
# Netlify, nginx), text is sent gzip-compressed; GZIP=0 serves it raw as `python -m http.server`
# does (Lighthouse then blames the site for the server).
URL_FILE="$(mktemp)"
gzip_flag=()
[[ "${GZIP:-1}" == 1 ]] && gzip_flag=(--gzip)
python3 "$ROOT/tools/local_site.py" "$SITE_DIR" "${gzip_flag[@]}" >"$URL_FILE" &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null || true; rm -f "$URL_FILE"' EXIT
for _ in $(seq 50); do
  [[ -s "$URL_FILE" ]] && break
  sleep 0.1
done
ORIGIN="$(head -n 1 "$URL_FILE")"
ORIGIN="${ORIGIN%/}"
[[ -n "$ORIGIN" ]] || { echo "the local server did not start" >&2; exit 2; }

summarize() {  # report.json → "perf a11y bp seo" line, then the audits that did not pass
  node -e '
    const r = require(process.argv[1]);
    const cats = Object.keys(r.categories);
    const score = (c) => r.categories[c].score === null ? "n/a" : Math.round(r.categories[c].score * 100);
    console.log(cats.map((c) => `${c}=${score(c)}`).join("  "));
    for (const c of cats) {
      for (const ref of r.categories[c].auditRefs) {
        const a = r.audits[ref.id];
        if (ref.weight === 0 && c !== "performance") continue;
        if (a.score === null || a.score >= 1 || ["manual", "notApplicable", "informative"].includes(a.scoreDisplayMode)) continue;
        const items = (a.details && a.details.items || []).slice(0, 5).map((i) =>
          (i.node && (i.node.selector || i.node.snippet)) || i.url || i.source && i.source.url || i.label || "").filter(Boolean);
        const value = a.displayValue ? ` (${a.displayValue})` : "";
        console.log(`    [${c}] ${a.id}: ${a.title}${value}${items.length ? " — " + items.join(" | ") : ""}`);
      }
    }' "$1"
}

for page in $PAGES; do
  name="$(echo "$page" | tr -d '/')"; name="${name%.html}"; name="${name:-index}"
  for form in mobile desktop; do
    report="$OUT_DIR/$name-$form.json"
    preset=()
    [[ "$form" == desktop ]] && preset=(--preset=desktop)
    "${LIGHTHOUSE_CMD[@]}" "$ORIGIN$page" "${preset[@]}" --quiet \
      --output=json --output-path="$report" --chrome-flags="$CHROME_FLAGS" \
      --only-categories="$CATEGORIES"
    printf '%-16s %-8s ' "$page" "$form"
    summarize "$report"
  done
done
