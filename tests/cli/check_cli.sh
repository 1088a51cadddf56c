#!/usr/bin/env bash
# The command line as a user types it: answers, exit codes and error messages.
# Usage: check_cli.sh PATH/TO/madoguchi PATH/TO/madoguchi.example.toml
set -uo pipefail
madoguchi="${1:?binary}"; example="${2:?example config}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT; cd "$work"
failures=0 checks=0
expect() {  # expect NAME WANTED_EXIT REGEX -- COMMAND...
  local name="$1" wanted="$2" regex="$3"; shift 4
  checks=$((checks + 1))
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

# messenger-profile: checks that send nothing (tests/integration/messenger_profile_test.cpp sends).
expect "messenger-profile --dry-run prints the body and needs no token" 0 \
  '^\{ "get_started": \{ "payload": "get_started" \}, "greeting": \[ \{ "locale": "default",.*"payload": "entry:human-handoff"' -- \
  sh -c "env -u MADOGUCHI_PAGE_TOKEN_OSAKA_PREF '$madoguchi' messenger-profile --config '$example' --tenant osaka-pref --dry-run 2>/dev/null | tr -s ' \n' ' '"
expect "messenger-profile without the page token names the variable" 2 \
  "has no Page access token; set MADOGUCHI_PAGE_TOKEN_OSAKA_PREF" -- \
  env -u MADOGUCHI_PAGE_TOKEN_OSAKA_PREF "$madoguchi" messenger-profile --config "$example" --tenant osaka-pref
expect "messenger-profile for an unknown tenant lists the configured ones" 2 \
  "unknown tenant 'atlantis'; the configured tenants are: osaka-pref, morioka" -- \
  "$madoguchi" messenger-profile --config "$example" --tenant atlantis --dry-run
expect "messenger-profile without --tenant is a usage error" 2 'messenger-profile needs --tenant' -- \
  "$madoguchi" messenger-profile --dry-run

# kb import / export: a municipality's own FAQ list, into a database without the default content.
printf '[storage]\nsqlite = "own/kb.db"\nseed_default = false\n' > own.toml
printf '\xEF\xBB\xBFid,title,questions,answer,links\r\n1234,燃えるゴミの日,"燃えるゴミはいつ出せばいいですか\r\nゴミの収集日",燃えるゴミは月曜日と木曜日に出してください。,"ごみカレンダー|https://city.example.jp/gomi"\r\n88,粗大ゴミ,粗大ゴミの出し方,粗大ゴミは予約制です。,\r\n' > faq.csv
expect "seed_default = false starts without the default entries" 2 "unknown tenant 'osaka-pref'" -- \
  "$madoguchi" kb export --config own.toml --tenant osaka-pref --format csv
expect "kb import reports what it did" 0 \
  '^imported 2 entries for tenant amagasaki: 2 added, 0 updated, 0 unchanged, 0 retired$' -- \
  sh -c "'$madoguchi' kb import --config own.toml --tenant amagasaki faq.csv 2>/dev/null"
expect "ask answers from the imported entry of a tenant the config does not list" 0 \
  '"decision":"answer","entry":"1234"' -- \
  "$madoguchi" ask --config own.toml --tenant amagasaki --json 燃えるゴミはいつ出せばいいですか
expect "importing the same file again changes nothing" 0 '0 added, 0 updated, 2 unchanged, 0 retired' -- \
  "$madoguchi" kb import --config own.toml --tenant amagasaki faq.csv
"$madoguchi" kb export --config own.toml --tenant amagasaki --format csv > before.csv 2>/dev/null
printf 'id,title,answer,links\n1234,a,b,\n5,c,,\n1234,d,e,nolabel\n' > bad.csv
expect "a bad CSV is refused with every problem and its line" 1 \
  'nothing was imported.*3行目（answer 列）: 空です.*4行目（id 列）:.*2行目と同じ.*4行目（links 列）: 1つ目のリンク' -- \
  bash -c "out=\$('$madoguchi' kb import --config own.toml --tenant amagasaki --replace bad.csv 2>&1); code=\$?; echo \$out; exit \$code"
expect "a refused import leaves the database as it was" 0 '^same$' -- \
  sh -c "[ -s before.csv ] && '$madoguchi' kb export --config own.toml --tenant amagasaki --format csv 2>/dev/null | cmp -s - before.csv && echo same"
expect "kb export --format json" 0 '"id": "1234",.*"links": \[ \{ "label": "ごみカレンダー", "url": "https://city.example.jp/gomi" \}' -- \
  sh -c "'$madoguchi' kb export --config own.toml --tenant amagasaki --format json 2>/dev/null | tr -s ' \n' ' '"
printf 'id,title,questions,answer,links\n88,粗大ゴミ,粗大ゴミの出し方,粗大ゴミは予約制です。,\n' > one.csv
expect "kb import --dry-run lists what would change and changes nothing" 0 \
  '- 1234  燃えるゴミの日.*dry run, nothing changed: .* would add 0, update 0, leave 1 unchanged and retire 1$' -- \
  sh -c "'$madoguchi' kb import --config own.toml --tenant amagasaki --replace --dry-run one.csv 2>/dev/null | tr '\n' ' ' | sed 's/ \$//' &&
         [ \$('$madoguchi' kb export --config own.toml --tenant amagasaki --format json 2>/dev/null | grep -c '\"id\"') = 2 ]"
expect "--replace retires the entries the file does not list" 0 '0 added, 0 updated, 1 unchanged, 1 retired$' -- \
  "$madoguchi" kb import --config own.toml --tenant amagasaki --replace one.csv
expect "a retired entry is no longer exported" 0 '^1$' -- \
  sh -c "'$madoguchi' kb export --config own.toml --tenant amagasaki --format json 2>/dev/null | grep -c '\"id\"'"
printf '[storage]\nsqlite = "copy/kb.db"\nseed_default = false\n' > copy.toml
"$madoguchi" kb export --tenant morioka --format csv > default.csv 2>/dev/null
"$madoguchi" kb export --tenant morioka --format json > default.json 2>/dev/null
"$madoguchi" kb import --config copy.toml --tenant morioka --replace default.csv > /dev/null 2>&1
expect "export, import and export again is byte-identical (CSV and JSON)" 0 '^identical$' -- \
  sh -c "'$madoguchi' kb export --config copy.toml --tenant morioka --format csv 2>/dev/null | cmp - default.csv &&
         '$madoguchi' kb export --config copy.toml --tenant morioka --format json 2>/dev/null | cmp - default.json &&
         [ \$(wc -l < default.json) -gt 100 ] && echo identical"
expect "kb import without --tenant is a usage error" 2 'kb import needs --tenant' -- \
  "$madoguchi" kb import faq.csv

# staff accounts and backups, in a database of their own.
printf '[storage]\nsqlite = "staff/m.db"\n' > staff.toml
expect "staff add reads the password from standard input" 0 '^added editor sato for osaka-pref; they can sign in at /admin/$' -- \
  sh -c "printf 'a long enough passphrase\n' | '$madoguchi' staff add sato --role editor --tenant osaka-pref --config staff.toml 2>/dev/null"
expect "staff add of an admin" 0 '^added admin kato' -- \
  sh -c "echo 'another long passphrase' | '$madoguchi' staff add kato --role admin --config staff.toml 2>/dev/null"
expect "staff list shows the accounts and never a hash" 0 '^kato	admin	\(every tenant\)	active sato	editor	osaka-pref	active $' -- \
  sh -c "out=\$('$madoguchi' staff list --config staff.toml 2>/dev/null); case \"\$out\" in *argon2*) exit 1;; esac; printf '%s\\n' \"\$out\" | tr '\\n' ' '; echo"
expect "staff list --json gives one object per account and never a hash" 0 '^2 0$' -- \
  sh -c "'$madoguchi' staff list --json --config staff.toml 2>/dev/null > list.json; echo \$(grep -c '\"username\":' list.json) \$(grep -c -i 'argon2\|password' list.json)"
expect "a taken username is refused" 1 "the staff account 'sato' exists" -- \
  sh -c "echo 'a long enough passphrase' | '$madoguchi' staff add sato --role admin --config staff.toml"
expect "a short password is refused with the rule" 2 'the password must be 12 to 256 characters' -- \
  sh -c "echo 'short' | '$madoguchi' staff add abe --role admin --config staff.toml"
expect "no password on standard input says how to give one" 2 'no password on standard input' -- \
  sh -c "'$madoguchi' staff add abe --role admin --config staff.toml < /dev/null"
expect "an editor of an unknown tenant is refused with the list of tenants" 2 "unknown tenant 'atlantis'; the tenants are: .*osaka-pref" -- \
  sh -c "echo 'a long enough passphrase' | '$madoguchi' staff add abe --role editor --tenant atlantis --config staff.toml"
expect "an editor needs a tenant" 2 'at least one --tenant' -- \
  "$madoguchi" staff add abe --role editor --config staff.toml
expect "staff passwd sets a new password from standard input" 0 '^set a new password for sato; their sessions were ended$' -- \
  sh -c "echo 'a brand new passphrase' | '$madoguchi' staff passwd sato --config staff.toml 2>/dev/null"
expect "staff disable" 0 '^disabled sato; their sessions were ended$' -- \
  sh -c "'$madoguchi' staff disable sato --config staff.toml 2>/dev/null"
expect "a disabled account is listed as disabled" 0 '^sato	editor	osaka-pref	disabled$' -- \
  sh -c "'$madoguchi' staff list --config staff.toml 2>/dev/null"
expect "staff enable lets a disabled account sign in again" 0 '^enabled sato; they can sign in with their password$' -- \
  sh -c "'$madoguchi' staff enable sato --config staff.toml 2>/dev/null"
expect "an enabled account is listed as active" 0 '^sato	editor	osaka-pref	active$' -- \
  sh -c "'$madoguchi' staff list --config staff.toml 2>/dev/null"
expect "an unknown account says how to list them" 1 "no staff account 'nobody'; see the accounts with: madoguchi staff list" -- \
  "$madoguchi" staff disable nobody --config staff.toml
"$madoguchi" kb export --config staff.toml --tenant osaka-pref --format csv > staff-export.csv 2>/dev/null
expect "backup writes a new file and says how to restore it" 0 '^wrote a backup of staff/m.db to backups/m.db \([0-9]+ bytes\)\. To restore it: stop madoguchi' -- \
  sh -c "'$madoguchi' backup --config staff.toml backups/m.db 2>/dev/null"
printf '[storage]\nsqlite = "backups/m.db"\nseed_default = false\n' > restored.toml
expect "the backup opens with the same entries and accounts" 0 '^same$' -- \
  sh -c "[ -s backups/m.db ] && [ -s staff-export.csv ] &&
         '$madoguchi' kb export --config restored.toml --tenant osaka-pref --format csv 2>/dev/null | cmp -s - staff-export.csv &&
         '$madoguchi' staff list --config restored.toml 2>/dev/null | grep -q '^kato' && echo same"
expect "backup refuses an existing file" 1 "backups/m.db': the file exists; choose a new file name or delete it first" -- \
  "$madoguchi" backup --config staff.toml backups/m.db
expect "backup without a file is a usage error" 2 'backup needs the new file' -- "$madoguchi" backup

printf 'osaka-pref\tセミナーの申し込み方法\tosaka-boost-seminar\nyokote\tもう死にたい\tcrisis-self-harm\nmorioka\t燃えるゴミの収集日は何曜日ですか\t-\n' > labelled.tsv
expect "eval scores labelled questions" 0 'in-scope top-1: +1\.000 \(1/1\)' -- \
  "$madoguchi" eval labelled.tsv
expect "eval reports safety recall and out-of-scope handling" 0 'safety recall: +1\.000 \(1/1\)' -- \
  sh -c "'$madoguchi' eval labelled.tsv 2>/dev/null | grep -A1 'out-of-scope handled: *1.000 (1/1)'"
printf 'osaka-pref\tセミナー\nmorioka\t\t-\n' > malformed.tsv
expect "a malformed eval file names every bad line" 2 'malformed.tsv:2: ' -- \
  "$madoguchi" eval malformed.tsv
expect "eval of a missing file says what to give" 1 "cannot read 'nope.tsv'" -- \
  "$madoguchi" eval nope.tsv
expect "eval without a file is a usage error" 2 'eval needs a file of labelled questions' -- \
  "$madoguchi" eval

[ $failures -eq 0 ] && echo "$((checks - failures)) passed, $failures failed" && exit 0
echo "$((checks - failures)) passed, $failures failed"; exit 1
