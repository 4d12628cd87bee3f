#!/bin/sh
# End-to-end evidence upload against the embedded store, next to a plain cp of the same file on the same disk.
#   src/bench/sh/evidence-upload-bench.sh <jar> <MiB> <rounds>
# Starts the jar (demo profile, a fresh data directory under ./target, port 18092), takes a token for the demo
# officer, and per round: cp of a random file (then sync), and the same file registered and sent in one
# PATCH with curl (-T streams it), waiting for 204; prints MB/s of each. Needs python3 (the TOTP code).
set -eu
JAR=$1; MIB=$2; ROUNDS=$3
WORK=$(mktemp -d -p "$(pwd)/target")
head -c $((MIB * 1048576)) /dev/urandom > "$WORK/file.bin"
SIZE=$(stat -c %s "$WORK/file.bin")
java -Xmx512m -jar "$JAR" --spring.profiles.active=demo --server.port=18092 --vault.store.data-dir="$WORK/data" \
     --vault.keys.path=keys-example/vault-keys.json --logging.level.root=warn >"$WORK/vault.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT
for i in $(seq 1 180); do curl -sf http://127.0.0.1:18092/actuator/health >/dev/null 2>&1 && break; sleep 1; done
sleep 5
CODE=$(python3 -c 'import base64,hmac,hashlib,struct,time;k=base64.b32decode("DEMOOFFICERTOTPSECRETAAAAAAAAAAA");d=hmac.new(k,struct.pack(">Q",int(time.time())//30),hashlib.sha1).digest();o=d[-1]&15;print("%06d"%((struct.unpack(">I",d[o:o+4])[0]&0x7fffffff)%1000000))')
TOKEN=$(curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"officer\",\"password\":\"violet-harbour-demo\",\"code\":\"$CODE\"}" \
        http://127.0.0.1:18092/api/v1/auth/token | python3 -c 'import json,sys;print(json.load(sys.stdin)["token"])')
INCIDENT=$(curl -sf -H "Authorization: Bearer $TOKEN" http://127.0.0.1:18092/api/v1/incidents | python3 -c 'import json,sys;print(json.load(sys.stdin)["items"][0]["id"])')
now() { date +%s.%N; }
echo "# $MIB MiB, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
for r in $(seq 1 "$ROUNDS"); do
  t0=$(now); cp "$WORK/file.bin" "$WORK/copy.bin"; sync; t1=$(now); rm -f "$WORK/copy.bin"
  ID=$(curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
       -d "{\"kind\":\"DEVICE_BACKUP\",\"mediaType\":\"application/octet-stream\",\"size\":$SIZE}" \
       http://127.0.0.1:18092/api/v1/incidents/$INCIDENT/evidence | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
  t2=$(now)
  STATUS=$(curl -s -o /dev/null -w '%{http_code}' -X PATCH -T "$WORK/file.bin" -H "Authorization: Bearer $TOKEN" \
           -H 'Content-Type: application/offset+octet-stream' -H 'Upload-Offset: 0' http://127.0.0.1:18092/api/v1/evidence/$ID/content)
  t3=$(now)
  python3 -c "s=$SIZE;print('round $r: cp+sync %.0f MB/s | upload (status $STATUS) %.0f MB/s' % (s/1e6/($t1-$t0), s/1e6/($t3-$t2)))"
done
