#!/usr/bin/env bash
# The command line as a user types it: answers, exit codes and error messages.
# Usage: check_cli.sh PATH/TO/madoguchi PATH/TO/madoguchi.example.toml
set -uo pipefail
madoguchi="${1:?binary}"; example="${2:?example config}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT; cd "$work"
failures=0
expect() {  # expect NAME WANTED_EXIT REGEX -- COMMAND...
  local name="$1" wanted="$2" regex="$3"; shift 4
  local out code
  out="$("$@" 2>&1)"; code=$?
  if [ "$code" -ne "$wanted" ] || ! grep -qE -- "$regex" <<<"$out"; then
    echo "FAIL $name: exit $code (wanted $wanted), output:"; echo "$out" | head -20; failures=$((failures + 1))
  else
    echo "ok   $name"
  fi
}

expect "the example config is valid and ask answers the seminar question" 0 \
  '"decision":"answer","entry":"osaka-boost-seminar"' -- \
  "$madoguchi" ask --config "$example" --tenant osaka-pref --json セミナーの申し込み方法
expect "stdout carries only the answer (JSON per line)" 0 '^\{"candidates":' -- \
  sh -c "'$madoguchi' ask --tenant morioka --json 盛岡のセミナー 2>/dev/null"
expect "each stdin line is answered" 0 '^2$' -- \
  sh -c "printf 'セミナー 申し込み\nもずやん\n' | '$madoguchi' ask --tenant osaka-pref --json 2>/dev/null | wc -l"
expect "a crisis goes to the hotlines" 0 '\[safety\] crisis-self-harm' -- \
  "$madoguchi" ask --tenant yokote もう死にたい
expect "an off-topic question falls back" 0 '"decision":"fallback"' -- \
  "$madoguchi" ask --tenant morioka --json 燃えるゴミの収集日は何曜日ですか
expect "an unknown tenant is refused with the list of tenants" 2 "unknown tenant 'atlantis'.*osaka-pref" -- \
  "$madoguchi" ask --tenant atlantis テスト
expect "ask without --tenant is a usage error" 2 'ask needs --tenant' -- "$madoguchi" ask テスト
expect "an unknown command is a usage error" 2 "unknown command 'srve'" -- "$madoguchi" srve
printf '[server]\nlisten = "nowhere"\n' > bad.toml
expect "a bad config names the key" 2 "server.listen" -- "$madoguchi" ask --config bad.toml --tenant osaka-pref x
printf '[meta]\napp_secret = "x"\n' > secret.toml
expect "a secret in the config file is refused" 2 "MADOGUCHI_META_APP_SECRET" -- \
  "$madoguchi" ask --config secret.toml --tenant osaka-pref x
expect "a missing config file says what to do" 2 "omit --config" -- \
  "$madoguchi" ask --config nowhere.toml --tenant osaka-pref x
expect "help" 0 'madoguchi serve' -- "$madoguchi" help

[ $failures -eq 0 ] && echo "$((12 - failures)) passed, $failures failed" && exit 0
echo "$((12 - failures)) passed, $failures failed"; exit 1
