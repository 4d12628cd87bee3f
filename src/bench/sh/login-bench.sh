#!/bin/sh
# Vault builds side by side in one run: logins, authenticated requests, creates and reads, 16 clients.
#   src/bench/sh/login-bench.sh <rounds> <jar>:<old|new> [<jar>:<old|new> ...]
# Each round starts each build in turn (demo profile, a fresh data directory, port 18090), runs
# LoginBench against it and stops it. "old" is a build before two factors (password-only tokens),
# "teams" one with case teams (accounts are made in a team).
# Needs, first, from the project root:
#   ./mvnw test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
set -eu
ROUNDS=$1; shift
CP="target/test-classes:target/classes:$(cat target/bench.cp)"
run() { # <jar> <mode>
  dir=$(mktemp -d)
  java -jar "$1" --spring.profiles.active=demo --server.port=18090 --vault.store.data-dir="$dir" \
       --vault.keys.path=keys-example/vault-keys.json --logging.level.root=warn >"$dir.log" 2>&1 &
  pid=$!
  for i in $(seq 1 120); do curl -sf http://127.0.0.1:18090/actuator/health >/dev/null 2>&1 && break; sleep 1; done
  echo "== $2 $1"
  java -cp "$CP" org.evidencevault.bench.LoginBench http://127.0.0.1:18090 "$2" 16 10 10 || echo "(bench failed)"
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$dir" "$dir.log"
}
for r in $(seq 1 "$ROUNDS"); do
  echo "# round $r"
  for spec in "$@"; do run "${spec%:*}" "${spec##*:}"; done
done
