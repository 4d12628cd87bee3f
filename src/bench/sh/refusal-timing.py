#!/usr/bin/env python3
"""Does the time of a refusal tell whether a record exists in another team?

    python3 src/bench/sh/refusal-timing.py <requests per kind> <rounds> <jar> [<jar> ...]

For each round, for each jar in turn (side by side: a build before a change next to one after it): starts the jar (demo profile, a fresh data directory, port 18091), logs in as `officer` (geneva-desk, owner of
the seed case) to learn the seed's ids, then as `officer2` (mexico-desk) and asks, interleaved on one keep-alive
connection, for records of the seed case (foreign: 404) and for ids nobody ever used (unknown: 404), for
defenders and incidents. Prints p50/p90/p99/mean per kind, side by side, and the bodies' equality.
"""
import base64, hashlib, hmac, http.client, json, os, shutil, statistics, struct, subprocess, sys, tempfile, time, uuid

PORT = 18091
TOTP = {"officer": "DEMOOFFICERTOTPSECRETAAAAAAAAAAA", "officer2": "DEMOOFFICERTWOTOTPSECRETAAAAAAAA"}
PASSWORD = {"officer": "violet-harbour-demo", "officer2": "cenote-river-demo"}


def totp(secret, at):
    key = base64.b32decode(secret)
    digest = hmac.new(key, struct.pack(">Q", int(at) // 30), hashlib.sha1).digest()
    o = digest[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", digest[o:o + 4])[0] & 0x7FFFFFFF) % 1_000_000)


def call(conn, method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = "Bearer " + token
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    r = conn.getresponse()
    return r.status, r.read()


def token(conn, user):
    # the demo accounts appear a moment after health is UP; each code is used once per 30-second step
    for attempt in range(12):
        status, body = call(conn, "POST", "/api/v1/auth/token",
                            {"username": user, "password": PASSWORD[user], "code": totp(TOTP[user], time.time())})
        if status == 200:
            return json.loads(body)["token"]
        time.sleep(5)
    raise AssertionError((status, body))


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    n, rounds, jars = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    for r in range(rounds):
        for jar in jars:
            print("# round %d: %s" % (r + 1, jar))
            run(jar, n)
            sys.stdout.flush()


def run(jar, n):
    data = tempfile.mkdtemp()
    vault = subprocess.Popen(["java", "-jar", jar, "--spring.profiles.active=demo", "--server.port=%d" % PORT,
                              "--vault.store.data-dir=" + data, "--vault.keys.path=keys-example/vault-keys.json",
                              "--logging.level.root=warn"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(180):
            try:
                c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
                if call(c, "GET", "/actuator/health")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(1)
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        owner = token(conn, "officer")
        status, body = call(conn, "POST", "/api/v1/defenders/search", {"name": "Jorge Santiago Aguirre Espinosa"}, owner)
        defender = json.loads(body)["items"][0]["id"]
        status, body = call(conn, "GET", "/api/v1/incidents", token=owner)
        incident = json.loads(body)["items"][0]["id"]
        time.sleep(31)  # the next TOTP step: each code is used once
        stranger = token(conn, "officer2")
        kinds = {"defender foreign": "/api/v1/defenders/" + defender, "defender unknown": None,
                 "incident foreign": "/api/v1/incidents/" + incident, "incident unknown": None}
        times = {k: [] for k in kinds}
        bodies = {k: set() for k in kinds}
        for warm in (True, False):
            for i in range(200 if warm else n):
                for k, path in kinds.items():
                    p = path or ("/api/v1/%ss/%s" % (k.split()[0], uuid.uuid4()))
                    t0 = time.perf_counter()
                    status, body = call(conn, "GET", p, token=stranger)
                    dt = (time.perf_counter() - t0) * 1000
                    assert status == 404, (k, status, body)
                    if not warm:
                        times[k].append(dt)
                        bodies[k].add(body)
        print("%-18s %8s %8s %8s %8s  (ms, %d requests each, interleaved)" % ("kind", "p50", "p90", "p99", "mean", n))
        for k, v in times.items():
            print("%-18s %8.2f %8.2f %8.2f %8.2f" % (k, pct(v, 50), pct(v, 90), pct(v, 99), statistics.mean(v)))
        for kind in ("defender", "incident"):
            print("%s bodies identical: %s" % (kind, bodies[kind + " foreign"] == bodies[kind + " unknown"]))
    finally:
        vault.terminate()
        vault.wait(60)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
