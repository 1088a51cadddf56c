#!/usr/bin/env bash
# Matching quality floors, checked with `madoguchi eval` as a user runs it: the held-out set of the
# default knowledge base, a city FAQ list imported through CSV, and shared/eval/dev.tsv when the
# checkout sits beside it. A drop below a floor fails; the floors sit a little under what the
# matcher measures today (see README.md, "Matching quality"), so a real regression shows.
# Usage: check_matching.sh PATH/TO/madoguchi SOURCE_DIR
set -uo pipefail
madoguchi="$(realpath "${1:?binary}")"; source_dir="$(realpath "${2:?source dir}")"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT; cd "$work"
source "$source_dir/tests/quality/floors.sh"

report="$("$madoguchi" eval "$source_dir/eval/default-holdout.tsv" 2>/dev/null)" || { echo "FAIL eval of the hold-out set"; exit 1; }
at_least holdout "in-scope top-1" "$(value "$report" "in-scope top-1")" 0.80
at_least holdout "safety recall" "$(value "$report" "safety recall")" 1.0
at_most holdout "false safety routes" "$(value "$report" "false safety routes")" 0
at_most holdout "wrong answers" "$(value "$report" "wrong answers")" 3
at_most holdout "calibration error" "$(value "$report" "calibration error")" 0.15
at_least holdout "out-of-scope handled" "$(value "$report" "out-of-scope handled")" 0.95

# The safety sets (eval/safety/): the tune files are what the signals were tuned on and the
# learned model trains on; kept.tsv is kept aside. Floors a little under today's measure; the
# targets (recall 1.00, false routes <= 1%) are in README.md, "Safety".
safety_floors() {  # name recall-floor false-route-ceiling
  report="$("$madoguchi" eval "$source_dir/eval/safety/$1.tsv" 2>/dev/null)" || { echo "FAIL eval of the safety set $1"; exit 1; }
  at_least "safety-$1" "safety recall" "$(value "$report" "safety recall")" "$2"
  at_most "safety-$1" "false safety routes" "$(value "$report" "false safety routes")" "$3"
  # No crisis is ever answered with an unrelated entry: the kinds of crisis have no wrong answer.
  crisis_wrong="$(sed -n '/^by kind/,/^misses/p' <<<"$report" | awk '$3 != "-" && $1 != "by" && $1 != "misses:" { s += $(NF-1) } END { print s + 0 }')"
  at_most "safety-$1" "crises answered with another entry" "$crisis_wrong" 0
}
for tuned in tune tune-2 tune-3 tune-4 tune-5 tune-6 tune-7 tune-8 tune-9 tune-10 tune-11 tune-12 tune-13 tune-14 tune-15 tune-16; do
  safety_floors "$tuned" 0.98 4
done
safety_floors kept 0.96 6

printf '[storage]\nsqlite = "%s/city.db"\nseed_default = false\n' "$work" > city.toml
"$madoguchi" kb import --config city.toml --tenant sample-city "$source_dir/eval/sample-city/faq.csv" >/dev/null 2>&1 \
  || { echo "FAIL import of the sample city's FAQ"; exit 1; }
report="$("$madoguchi" eval --config city.toml "$source_dir/eval/sample-city/queries.tsv" 2>/dev/null)" \
  || { echo "FAIL eval of the sample city"; exit 1; }
at_least city "ranked first" "$(value "$report" "ranked first")" 0.68
at_most city "share of answers wrong" "$(wrong_share "$report")" 0.11
at_most city "calibration error" "$(value "$report" "calibration error")" 0.15
at_least city "out-of-scope handled" "$(value "$report" "out-of-scope handled")" 0.8

dev="$source_dir/../shared/eval/dev.tsv"
if [ -f "$dev" ]; then
  report="$("$madoguchi" eval "$dev" 2>/dev/null)" || { echo "FAIL eval of dev.tsv"; exit 1; }
  at_least dev "in-scope top-1" "$(value "$report" "in-scope top-1")" 0.92
  at_least dev "out-of-scope handled" "$(value "$report" "out-of-scope handled")" 0.90
  at_least dev "safety recall" "$(value "$report" "safety recall")" 1.0
  at_most dev "false safety routes" "$(value "$report" "false safety routes")" 0
  at_most dev "wrong answers" "$(value "$report" "wrong answers")" 2
else
  echo "--   dev: $dev is not beside this checkout; its floors were not checked"
fi
[ "$failures" -eq 0 ]
