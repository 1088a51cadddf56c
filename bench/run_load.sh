#!/usr/bin/env bash
# Reliability matrix row 33: constant-rate load of 50, 200 and 1000 req/s on the real
# `madoguchi serve` — p99 ack < 200 ms, zero errors, no fd/RSS growth. A benchmark for notes, not
# a test: it prints numbers and judges nothing.
#
#   bench/run_load.sh [SERVER | --server PATH] [--generator PATH] [--seconds 60] [--soak 600]
#                     [--rates "50 200 1000"] [--server-cpu 1] [--generator-cpu 0]
#                     [--server-threads 0] [--log-level info] [--connections 64]
#                     [--max-connections 250] [--results FILE] [--pause 5] [--keep]
#
# SERVER defaults to build/app/madoguchi, the generator to load_generator in the build tree's
# bench/ next to it. The server runs in a fresh temporary directory (config, SQLite database,
# log), pinned to --server-cpu; the fake Graph API (load_generator --fake-graph-port) and the
# generator are pinned to --generator-cpu. --soak N replaces the steps by one N-second run at
# 200 req/s. One JSON summary line per step goes to the results file (default: in the temporary
# directory, which --keep keeps; it is removed otherwise unless the server failed).
set -euo pipefail

server=build/app/madoguchi
generator=
seconds=60
soak=
rates="50 200 1000"
server_cpu=1
generator_cpu=0
server_threads=0
log_level=info
connections=64
max_connections=250
results=
keep=0
pause=5

while (($# > 0)); do
  case "$1" in
    --server) server=$2; shift 2 ;;
    --generator) generator=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --soak) soak=$2; shift 2 ;;
    --rates) rates=$2; shift 2 ;;
    --server-cpu) server_cpu=$2; shift 2 ;;
    --generator-cpu) generator_cpu=$2; shift 2 ;;
    --server-threads) server_threads=$2; shift 2 ;;
    --log-level) log_level=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --max-connections) max_connections=$2; shift 2 ;;
    --results) results=$2; shift 2 ;;
    --pause) pause=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    -*) echo "run_load.sh: unknown option $1" >&2; exit 2 ;;
    *) server=$1; shift ;;
  esac
done

server=$(realpath "$server")
if [[ -z "$generator" ]]; then
  generator=$(dirname "$server")/../bench/load_generator
fi
generator=$(realpath "$generator")
for binary in "$server" "$generator"; do
  [[ -x "$binary" ]] || { echo "run_load.sh: not an executable: $binary" >&2; exit 2; }
done
if [[ -n "$soak" ]]; then
  rates=200
  seconds=$soak
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/madoguchi-load.XXXXXX")
results=${results:-$work/results.jsonl}
: >"$results"
app_secret="load-app-secret-$RANDOM$RANDOM"
verify_token="load-verify-token-$RANDOM$RANDOM"
page_token="EAAGloadPageToken$RANDOM$RANDOM"
page_id=1111111111
server_pid=
fake_pid=
failed=0

cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [[ -n "$fake_pid" ]] && kill -0 "$fake_pid" 2>/dev/null; then
    kill -TERM "$fake_pid" 2>/dev/null || true
    wait "$fake_pid" 2>/dev/null || true
  fi
  if ((keep == 0 && failed == 0)); then
    rm -rf "$work"
  else
    echo "run_load.sh: kept $work" >&2
  fi
}
trap cleanup EXIT

# Waits until FILE has a line matching PATTERN (at most SECONDS), and prints it.
wait_for_line() {
  local file=$1 pattern=$2 limit=$3 line
  for ((i = 0; i < limit * 10; ++i)); do
    if line=$(grep -m1 -e "$pattern" "$file" 2>/dev/null); then
      printf '%s\n' "$line"
      return 0
    fi
    sleep 0.1
  done
  return 1
}

# The fake Graph API.
taskset -c "$generator_cpu" "$generator" --fake-graph-port 0 >"$work/fake.out" &
fake_pid=$!
fake_port=$(wait_for_line "$work/fake.out" fake_graph_listening 10 | jq -r .port)

cat >"$work/madoguchi.toml" <<EOF
[server]
listen = "127.0.0.1:0"
threads = $server_threads
[storage]
sqlite = "var/madoguchi.db"
[meta]
graph_api_base = "http://127.0.0.1:$fake_port/v21.0"
[log]
level = "$log_level"
[[tenants]]
id = "osaka-pref"
name = "大阪府"
messenger_page_id = "$page_id"
EOF

(
  cd "$work"
  export MADOGUCHI_META_APP_SECRET=$app_secret MADOGUCHI_META_VERIFY_TOKEN=$verify_token \
    MADOGUCHI_PAGE_TOKEN_OSAKA_PREF=$page_token
  exec taskset -c "$server_cpu" "$server" serve --config madoguchi.toml 2>"$work/server.log"
) &
server_pid=$!
if ! listening=$(wait_for_line "$work/server.log" '"event":"listening"' 120); then
  failed=1
  echo "run_load.sh: the server did not start; its log:" >&2
  cat "$work/server.log" >&2
  exit 1
fi
address=$(jq -r .address <<<"$listening")
port=${address##*:}
echo "run_load.sh: server pid $server_pid on $address (cpu $server_cpu), fake Graph API on" \
  "127.0.0.1:$fake_port, generator on cpu $generator_cpu; work dir $work" >&2

run_base=$(($(date +%s) % 900000))
step=0
for rate in $rates; do
  step=$((step + 1))
  if ((step > 1)); then
    sleep "$pause"  # the outbox drains, the server's idle connections close
  fi
  # The machine may be shared: a busy one makes the server's latency someone else's.
  echo "run_load.sh: --- $rate req/s for $seconds s --- (load average: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  taskset -c "$generator_cpu" "$generator" --port "$port" --secret "$app_secret" \
    --rate "$rate" --seconds "$seconds" --connections "$connections" \
    --max-connections "$max_connections" --page-id "$page_id" --server-pid "$server_pid" \
    --run $((run_base + step)) --label "rate=$rate" >>"$results"
done

sleep 2
metrics=$(curl -s "http://127.0.0.1:$port/metrics" | grep -E '^madoguchi_(outbox|journal|decisions|delivery|events_dropped|breaker|http_requests_total)' | head -60 || true)

server_status=0
if kill -TERM "$server_pid" 2>/dev/null; then
  wait "$server_pid" || server_status=$?
else
  wait "$server_pid" || server_status=$?  # it had already exited (crashed?)
  echo "run_load.sh: the server was no longer running" >&2
fi
server_pid=
kill -TERM "$fake_pid" 2>/dev/null || true
wait "$fake_pid" || true
fake_pid=

echo "run_load.sh: server exit status $server_status" >&2
echo "run_load.sh: fake Graph API: $(grep fake_graph_stopped "$work/fake.out" || echo '?')" >&2
echo "run_load.sh: server log, lines per level and event (http_request aside):" >&2
jq -rR 'fromjson? | select(.event != "http_request") | "\(.level) \(.event)"' "$work/server.log" |
  sort | uniq -c | sort -rn >&2 || true
echo "run_load.sh: http_request lines by status:" >&2
jq -rR 'fromjson? | select(.event == "http_request") | "\(.status)"' "$work/server.log" |
  sort | uniq -c >&2 || true
if [[ -n "$metrics" ]]; then
  echo "run_load.sh: /metrics after the last step:" >&2
  printf '%s\n' "$metrics" >&2
fi
echo "run_load.sh: results ($results):" >&2
jq -c '{label: .label, sent: .sent, ok_2xx: .ok_2xx, non_2xx: .non_2xx, io_errors: .io_errors,
        p50: .latency_ms.p50, p99: .latency_ms.p99, p99_9: .latency_ms.p99_9,
        max: .latency_ms.max, fd: .server.fd, rss_kb: .server.rss_kb,
        cap_hits: .connections.cap_hits, max_schedule_lag_ms: .max_schedule_lag_ms}' \
  "$results" >&2 || true
if ((server_status != 0)); then
  failed=1
fi
if ((keep == 0 && failed == 0)); then
  cat "$results"
fi
