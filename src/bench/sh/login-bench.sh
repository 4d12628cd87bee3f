#!/bin/sh
# Logins and authenticated requests, a vault build against another, side by side in one run:
#   src/bench/sh/login-bench.sh <new.jar> <old.jar> [rounds]
# Each round starts the old build, runs LoginBench old, stops it; then the same for the new build
# (demo profile, a fresh data directory each time, port 18090). Needs ./mvnw test-compile first
# (LoginBench is in target/test-classes).
set -eu
NEW=$1; OLD=$2; ROUNDS=${3:-2}
CP="target/test-classes:target/classes"
run() { # <jar> <mode>
  dir=$(mktemp -d)
  java -jar "$1" --spring.profiles.active=demo --server.port=18090 --vault.store.data-dir="$dir" \
       --vault.keys.path=keys-example/vault-keys.json --logging.level.root=warn >"$dir.log" 2>&1 &
  pid=$!
  for i in $(seq 1 120); do curl -sf http://127.0.0.1:18090/actuator/health >/dev/null 2>&1 && break; sleep 1; done
  echo "== $2 ($1)"
  java -cp "$CP" org.evidencevault.bench.LoginBench http://127.0.0.1:18090 "$2" 16 10 10
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$dir" "$dir.log"
}
for r in $(seq 1 "$ROUNDS"); do
  echo "# round $r"
  run "$OLD" old
  run "$NEW" new
done
