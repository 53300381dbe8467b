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

# Serve the site on 127.0.0.1 and a free port for the duration of the script. Like any real
# static host (GitHub Pages, Netlify, nginx), text is sent gzip-compressed; GZIP=0 serves it
# raw as `python -m http.server` does (Lighthouse then blames the site for the server).
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 - "$SITE_DIR" "$PORT" "${GZIP:-1}" >/dev/null 2>&1 <<'PY' &
import functools, gzip, http.server, os, sys

site, port, compress = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
TEXT = ("text/", "application/javascript", "application/json", "image/svg+xml")


class Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
            path = os.path.join(path, "index.html")
        kind = self.guess_type(path)
        accepted = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (compress and accepted and kind.startswith(TEXT) and os.path.isfile(path)):
            return super().do_GET()
        with open(path, "rb") as f:
            body = gzip.compress(f.read(), 6)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


handler = functools.partial(Handler, directory=site)
http.server.ThreadingHTTPServer(("127.0.0.1", port), handler).serve_forever()
PY
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  python3 -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$PORT/', timeout=1)" \
    2>/dev/null && break
  sleep 0.1
done

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
    "${LIGHTHOUSE_CMD[@]}" "http://127.0.0.1:$PORT$page" "${preset[@]}" --quiet \
      --output=json --output-path="$report" --chrome-flags="$CHROME_FLAGS" \
      --only-categories="$CATEGORIES"
    printf '%-16s %-8s ' "$page" "$form"
    summarize "$report"
  done
done
