#!/usr/bin/env bash
# Enforces the dependency rules of shared/spec/architecture.md: the pure components (nlp,
# knowledge, bot) include no networking, TLS, SQL or JSON library; only app/ reads the
# environment; webhook/ writes no SQL.
set -euo pipefail
status=0
if grep -rnE '#include <(boost/asio|boost/beast|openssl/|sqlite3\.h|nlohmann/)' nlp knowledge bot; then
  echo "FAIL: a pure component includes an I/O library (above)" >&2; status=1
fi
if grep -rnE '\bgetenv\b' --include='*.cpp' --include='*.hpp' nlp knowledge bot store webhook admin telemetry; then
  echo "FAIL: only app/ may read the environment (above)" >&2; status=1
fi
if grep -rnE '#include <sqlite3\.h>|\b(SELECT|INSERT|UPDATE|DELETE) .*(FROM|INTO|SET)\b' webhook admin; then
  echo "FAIL: webhook/ and admin/ must not write SQL; go through store/ (above)" >&2; status=1
fi
[ $status -eq 0 ] && echo "layering respected"
exit $status
