#!/usr/bin/env bash
# Closed-loop webhook throughput of the real `madoguchi serve`, in the product's measuring harness
# (../shared/bench: wrk with pre-signed Messenger events, an nginx fake of the Send API), with
# what it costs per message. A benchmark for notes, not a test: it prints numbers, judges nothing.
#
#   bench/webhook_throughput.sh [--server PATH] [--harness DIR] [--seconds 15] [--connections 64]
#                               [--db-dir DIR] [--config-extra TOML] [--syscalls] [--perf FILE]
#
# Prints one line: messages/s acknowledged (wrk), answers delivered per second during the run (the
# sink's log), wrk's p50/p99 in ms, server CPU in µs per message, peak RSS. --syscalls runs a
# second pass under `strace -c -f` and prints system calls per message (strace slows the server:
# read the counts, not that pass's rate). --perf FILE records the server with `perf record -g`
# during the run (see bench/README.md for the flame graph). --db-dir /dev/shm puts the database on
# tmpfs. Needs wrk, nginx-light, python3 (and strace, linux-perf for those options).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
server=$repo/build/app/madoguchi
harness=$repo/../shared/bench
seconds=15
connections=64
db_dir=
config_extra=
syscalls=0
perf_out=

while (($# > 0)); do
  case "$1" in
    --server) server=$2; shift 2 ;;
    --harness) harness=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --db-dir) db_dir=$2; shift 2 ;;
    --config-extra) config_extra=$2; shift 2 ;;
    --syscalls) syscalls=1; shift ;;
    --perf) perf_out=$(realpath -m "$2"); shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "webhook_throughput.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

for tool in wrk nginx python3 curl; do
  command -v "$tool" >/dev/null || [[ -x /usr/sbin/$tool ]] ||
    { echo "webhook_throughput.sh: $tool not found: apt-get install -y wrk nginx-light python3 curl" >&2; exit 2; }
done
[[ -x "$server" ]] || { echo "webhook_throughput.sh: no server binary at $server; build first or pass --server" >&2; exit 2; }
[[ -f "$harness/webhook.lua" ]] || { echo "webhook_throughput.sh: no harness at $harness; pass --harness DIR (the product's ../shared/bench)" >&2; exit 2; }
server=$(realpath "$server")

work=$(mktemp -d)
db_dir=${db_dir:-$work}
db=$(mktemp -u "$db_dir/madoguchi-bench-XXXXXX.db")
server_pid=
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  "$work/bench/sink/sink.sh" stop >/dev/null 2>&1 || true
  rm -rf "$work" "$db" "$db-wal" "$db-shm"
}
trap cleanup EXIT

# The harness is read-only and writes beside itself: work on a copy.
cp -r "$harness" "$work/bench"
chmod -R u+w "$work/bench"
cd "$work/bench"
python3 make_requests.py --count 200000 >/dev/null  # fresh timestamps: older events are ignored

cat >"$work/madoguchi.toml" <<EOF
[server]
listen = "127.0.0.1:18080"
[storage]
sqlite = "$db"
[meta]
graph_api_base = "http://127.0.0.1:18081/v19.0"
app_id = "1"
[[tenants]]
id = "osaka-pref"
name = "大阪府"
messenger_page_id = "104000000000001"
$config_extra
EOF

url=http://127.0.0.1:18080/webhook/messenger
wrk_run() {  # requests-file seconds [extra wrk options]
  BENCH_REQUESTS=$1 BENCH_THREADS=2 wrk -t2 -c"$connections" -d"$2s" "${@:3}" -s webhook.lua "$url"
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
delivered() { sink/sink.sh count; }

start_server() {
  sink/sink.sh start >/dev/null
  MADOGUCHI_META_APP_SECRET=bench-app-secret MADOGUCHI_META_VERIFY_TOKEN=bench \
    MADOGUCHI_PAGE_TOKEN_OSAKA_PREF=bench-page-token \
    "$server" serve --config "$work/madoguchi.toml" 2>"$work/server.log" &
  server_pid=$!
  for _ in $(seq 1 300); do
    curl -fs -o /dev/null http://127.0.0.1:18080/healthz && break
    sleep 0.1
  done
  wrk_run data/requests-warmup.txt 3 >/dev/null 2>&1
  local before=-1 now
  now=$(delivered)
  while [[ "$now" != "$before" ]]; do  # the warm-up's answers have gone out
    before=$now
    sleep 1.5
    now=$(delivered)
  done
}

stop_server() {
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=
  sink/sink.sh stop >/dev/null
  rm -f "$db" "$db-wal" "$db-shm"  # the next pass sends the same events: no duplicates
}

start_server
ticks_before=$(cpu_ticks)
sent_before=$(delivered)
perf_pid=
if [[ -n "$perf_out" ]]; then
  perf record -F 499 -g -o "$perf_out" -p "$server_pid" -- sleep "$seconds" >/dev/null 2>&1 &
  perf_pid=$!
fi
wrk_run data/requests.txt "$seconds" --latency >"$work/wrk.txt" 2>&1
ticks_after=$(cpu_ticks)
sleep 1.5  # the sink flushes its log every second
sent_after=$(delivered)
[[ -n "$perf_pid" ]] && wait "$perf_pid"
peak_rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status")
stop_server

requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
awk -v n="$requests" -v s="$seconds" -v d=$((sent_after - sent_before)) \
  -v ticks=$((ticks_after - ticks_before)) -v hz="$(getconf CLK_TCK)" -v p50="$p50" -v p99="$p99" \
  -v rss="$peak_rss_kb" 'BEGIN {
    printf "messages_per_s=%.0f delivered_per_s=%.0f p50=%s p99=%s cpu_us_per_message=%.0f cores=%.2f peak_rss_mib=%.1f\n",
      n / s, d / s, p50, p99, ticks / hz / n * 1e6, ticks / hz / s, rss / 1024 }'

if ((syscalls)); then
  start_server
  sent_before=$(delivered)
  strace -c -f -o "$work/strace.txt" -p "$server_pid" &
  strace_pid=$!
  sleep 1
  wrk_run data/requests.txt "$seconds" >/dev/null 2>&1
  kill -INT "$strace_pid"
  wait "$strace_pid" 2>/dev/null || true
  sleep 1.5
  answered=$(($(delivered) - sent_before))
  stop_server
  echo "system calls per message under strace ($answered messages answered):"
  awk -v n="$answered" '$NF ~ /^[a-z_0-9]+$/ && $NF != "total" && $4 ~ /^[0-9]+$/ && n > 0 {
      printf "  %-16s %6.2f\n", $NF, $4 / n }' "$work/strace.txt" | sort -k2 -n -r | head -12
fi
