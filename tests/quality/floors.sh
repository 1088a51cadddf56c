# Helpers of the quality checks (sourced): read figures from a `madoguchi eval` report and compare
# them with floors and ceilings, counting failures in $failures.
failures=0

# value REPORT LABEL: the first number after "LABEL:" in an eval report.
value() { grep -m1 "^$2:" <<<"$1" | sed -E 's/^[^:]*: *([0-9.]+).*/\1/'; }
# wrong_share REPORT: wrong answers / answers.
wrong_share() {
  local line; line="$(grep -m1 '^wrong answers:' <<<"$1")"
  awk '{ if ($5 + 0 == 0) print 0; else printf "%.3f\n", $3 / $5 }' <<<"$line"
}
at_least() {  # at_least SET NAME VALUE FLOOR
  if awk -v v="$3" -v f="$4" 'BEGIN { exit !(v >= f) }'; then echo "ok   $1 $2 $3 >= $4"
  else echo "FAIL $1 $2 $3 < $4"; failures=$((failures + 1)); fi
}
at_most() {  # at_most SET NAME VALUE CEILING
  if awk -v v="$3" -v c="$4" 'BEGIN { exit !(v <= c) }'; then echo "ok   $1 $2 $3 <= $4"
  else echo "FAIL $1 $2 $3 > $4"; failures=$((failures + 1)); fi
}
