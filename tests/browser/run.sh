#!/usr/bin/env bash
# The staff page in a real browser: starts `madoguchi serve` on loopback with a fresh database
# and an admin account, then drives /admin/ with headless Chromium (tests/browser/staff_page.test.mjs).
# Usage: run.sh PATH/TO/madoguchi
# Exit 77 (ctest: skipped) when Chromium or Node.js is missing, except under CI=true, where that
# is a failure. Screenshots go to tests/browser/out/.
set -uo pipefail
madoguchi="$(realpath "${1:?usage: $0 PATH/TO/madoguchi}")"
here="$(cd "$(dirname "$0")" && pwd)"
chromium="${MADOGUCHI_CHROMIUM:-/usr/bin/chromium}"

missing() {
  if [ "${CI:-}" = "true" ]; then
    echo "FAIL: $1 (CI needs it: scripts/install-packages test installs packaging/debian-test.txt)" >&2
    exit 1
  fi
  echo "SKIP: $1; install it with scripts/install-packages test to run the browser test" >&2
  exit 77
}
[ -x "$chromium" ] || missing "no Chromium at $chromium"
command -v node >/dev/null || missing "no node (Node.js) on PATH"
command -v npm >/dev/null || missing "no npm on PATH"
[ -x "$madoguchi" ] || { echo "FAIL: no madoguchi binary at $madoguchi" >&2; exit 1; }

# playwright-core (pinned in package.json and package-lock.json; it downloads no browser).
if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/axe-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund) || { echo "FAIL: npm ci in $here" >&2; exit 1; }
fi

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -KILL "$server_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

# As tests/support/server_under_test.cpp: port 0 (the log names the port), a database in the
# temp dir, the default knowledge base, the system MeCab dictionary. The Send API points at a
# closed loopback port, so replies to the test's webhook message go nowhere.
cat > madoguchi.toml <<'EOF'
[server]
listen = "127.0.0.1:0"
threads = 2
[storage]
sqlite = "var/madoguchi.db"
[meta]
graph_api_base = "http://127.0.0.1:9/v21.0"
[nlp]
dictionary_dir = "/var/lib/mecab/dic/ipadic-utf8"
[[tenants]]
id = "osaka-pref"
name = "大阪府"
messenger_page_id = "1111111111"
[[tenants]]
id = "morioka"
name = "盛岡市"
messenger_page_id = "2222222222"
EOF
export MADOGUCHI_META_APP_SECRET="browser-test-app-secret"
export MADOGUCHI_META_VERIFY_TOKEN="browser-test-verify-token"
export MADOGUCHI_PAGE_TOKEN_OSAKA_PREF="browser-test-page-token"
password="browser-test-password-1"

if ! printf '%s\n' "$password" | "$madoguchi" staff add admin --role admin --config madoguchi.toml > staff.log 2>&1; then
  echo "FAIL: madoguchi staff add admin:" >&2; cat staff.log >&2; exit 1
fi

"$madoguchi" serve --config madoguchi.toml 2> server.log &
server_pid=$!
address=""
for _ in $(seq 1 300); do
  address="$(grep -m1 '"event":"listening"' server.log | sed -n 's/.*"address":"\([^"]*\)".*/\1/p')"
  [ -n "$address" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$address" ]; then
  echo "FAIL: the server did not start; its log:" >&2; cat server.log >&2; exit 1
fi
base="http://$address"
healthy=""
for _ in $(seq 1 100); do
  if curl -fsS "$base/healthz" > /dev/null 2>&1; then healthy=1; break; fi
  sleep 0.1
done
[ -n "$healthy" ] || { echo "FAIL: $base/healthz does not answer; the log:" >&2; cat server.log >&2; exit 1; }

mkdir -p "$here/out"
MDG_BASE_URL="$base" MDG_USERNAME=admin MDG_PASSWORD="$password" MDG_CHROMIUM="$chromium" \
MDG_OUT="$here/out" MDG_APP_SECRET="$MADOGUCHI_META_APP_SECRET" MDG_PAGE_ID=1111111111 \
  node --test --test-reporter=spec "$here/staff_page.test.mjs"
status=$?

kill -TERM "$server_pid"
server_status=0
wait "$server_pid" || server_status=$?
server_pid=""
if [ "$server_status" -ne 0 ]; then
  echo "FAIL: madoguchi serve exited with $server_status after SIGTERM" >&2; status=1
fi
if grep -qE 'Sanitizer|runtime error:' server.log; then
  echo "FAIL: the server log shows a sanitizer report:" >&2; grep -E -A20 'Sanitizer|runtime error:' server.log >&2; status=1
fi
if [ "$status" -ne 0 ]; then
  echo "--- server log (last 60 lines) ---" >&2; tail -n 60 server.log >&2
fi
exit "$status"
