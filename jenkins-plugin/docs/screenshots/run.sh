#!/usr/bin/env bash
# Regenerates the README screenshots against a running Jenkins that has this plugin installed (it adds two
# credentials: use a throwaway Jenkins). Starts the local Entra + ACR stand-in with seed.json for Test connection,
# then drives Debian's Chromium (apt-get install chromium) with Playwright (npm install here).
#   jenkins-plugin/docs/screenshots/run.sh http://localhost:8080/jenkins/ [--user admin --password admin]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
jenkins="${1:?usage: run.sh JENKINS_URL [--user U --password P]}"; shift
[ -x /usr/bin/chromium ] || { echo "needs Debian's chromium: apt-get install chromium" >&2; exit 1; }
(cd "$here" && npm install --no-audit --no-fund --silent)

work="$(mktemp -d)"
trap 'exec 3>&-; wait "${stack_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
(cd "$root" && ./mvnw -B -q -pl token-service compile dependency:build-classpath -Dmdep.outputFile="$work/cp")
mkfifo "$work/stdin"
java -cp "$root/token-service/target/classes:$(cat "$work/cp")" dev.acrbridge.testsvc.LocalStackMain \
  --seed "$here/seed.json" < "$work/stdin" > "$work/stack.json" &
stack_pid=$!
exec 3> "$work/stdin" # the stack runs until this descriptor closes
for _ in $(seq 1 120); do [ -s "$work/stack.json" ] && break; sleep 1; done
[ -s "$work/stack.json" ] || { echo "the local stack did not start" >&2; exit 1; }
node "$here/take-screenshots.mjs" --jenkins "$jenkins" --stack "$work/stack.json" --out "$here" "$@"
