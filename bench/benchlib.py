#!/usr/bin/env python3
"""Helpers for bench/run.sh: sign-in, item creation, catalogue load, projection wait, result assembly.

Standard library only. Every sub-command writes its diagnostics to stderr and its result (if any) to
stdout or to the file it is given, so that run.sh can keep stdout for the final JSON document.
"""
import argparse
import http.client
import json
import os
import re
import statistics
import sys
import threading
import time
import urllib.parse


def admin_password():
    """The throw-away Admin's password of a bench run: BENCH_ADMIN_PASSWORD when set, otherwise a fresh random one for
    this run only (never printed, never stored). A generated one carries a character of each class the password
    policy asks for after 24 random ones."""
    given = os.environ.get("BENCH_ADMIN_PASSWORD")
    if given:
        return given
    import secrets
    import string
    classes = (string.ascii_uppercase, string.ascii_lowercase, string.digits, "!#%*+=?")
    return secrets.token_urlsafe(18) + "".join(secrets.choice(c) for c in classes)


def log(msg):
    print(f"[benchlib {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class Api:
    """A keep-alive JSON client for one thread. Re-signs in on 401 when it knows the credentials."""

    def __init__(self, base, token=None, username=None, password=None, timeout=120):
        u = urllib.parse.urlsplit(base)
        self.host, self.port = u.hostname, u.port or 80
        self.timeout = timeout
        self.token = token
        self.username, self.password = username, password
        self.conn = None

    def _connection(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self.conn

    def raw(self, method, path, body=None, auth=True):
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if auth and self.token:
            headers["Authorization"] = "Bearer " + self.token
        for attempt in range(2):
            try:
                c = self._connection()
                c.request(method, path, body=data, headers=headers)
                r = c.getresponse()
                payload = r.read()
                return r.status, payload
            except (http.client.HTTPException, OSError):
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                if attempt == 1:
                    raise

    def call(self, method, path, body=None):
        status, payload = self.raw(method, path, body)
        if status == 401 and self.username:
            self.token = login(self, self.username, self.password, deadline=time.time() + 60)
            status, payload = self.raw(method, path, body)
        try:
            parsed = json.loads(payload) if payload else None
        except ValueError:
            parsed = None
        return status, parsed, payload


def login(api, username, password, deadline):
    """Signs in, retrying until `deadline` (the first Admin appears a moment after /health answers)."""
    last = None
    while time.time() < deadline:
        try:
            status, payload = api.raw("POST", "/api/auth/login", {"username": username, "password": password}, auth=False)
            if status == 200:
                api.token = json.loads(payload)["token"]
                return api.token
            last = f"HTTP {status}: {payload[:200]!r}"
            time.sleep(5 if status == 429 else 1)
        except OSError as e:
            last = repr(e)
            time.sleep(1)
    raise SystemExit(f"login failed until deadline: {last}")


# ---------------------------------------------------------------- item generation

def catalogue_item(i):
    """Catalogue item i. The name carries tagNNq with NN = i % 100, so searching 'tagNNq' matches 1%.
    5% are out of stock and 5% low on stock, so that a status filter has something to find."""
    if i % 20 == 0:
        stock = 0
    elif i % 20 == 1:
        stock = 3
    else:
        stock = 100 + i % 900
    return {"name": f"Bench item {i:06d} tag{i % 100:02d}q", "sku": f"BENCH-{i:06d}",
            "location": f"Aisle {i % 40:02d}", "currentStock": stock, "minThreshold": 10}


def adjust_item(i, stock):
    return {"name": f"Adjust target {i:04d}", "sku": f"ADJ-{i:04d}", "location": "Bench",
            "currentStock": stock, "minThreshold": 1}


def create_single(base, token_holder, items, concurrency, deadline, creds):
    """POST /api/inventory once per item with `concurrency` threads; stops at `deadline`. Returns ids, errors."""
    ids = [None] * len(items)
    errors = []
    next_index = [0]
    lock = threading.Lock()

    def worker():
        api = Api(base, token_holder[0], *creds)
        while time.time() < deadline:
            with lock:
                i = next_index[0]
                if i >= len(items):
                    return
                next_index[0] += 1
            try:
                status, body, raw = api.call("POST", "/api/inventory", items[i])
            except OSError as e:
                with lock:
                    errors.append(repr(e))
                continue
            if status == 201:
                ids[i] = body["item"]["id"]
            else:
                with lock:
                    errors.append(f"HTTP {status}: {raw[:200]!r}")

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [x for x in ids if x], errors


def create_batch(base, token_holder, items, batch_size, deadline, creds):
    """POST /api/inventory/batch in chunks. Returns (ids, errors) or None when the endpoint is missing."""
    api = Api(base, token_holder[0], *creds, timeout=600)
    ids, errors = [], []
    for start in range(0, len(items), batch_size):
        if time.time() > deadline:
            errors.append("deadline reached")
            break
        chunk = items[start:start + batch_size]
        t0 = time.time()
        status, body, raw = api.call("POST", "/api/inventory/batch", {"items": chunk})
        if status in (404, 405) and start == 0:
            return None
        if status != 200:
            errors.append(f"batch at {start}: HTTP {status}: {raw[:300]!r}")
            continue
        ids.extend(body.get("ids", []))
        for e in body.get("errors", []) or []:
            errors.append(f"batch at {start}: {e}")
        if (start // batch_size) % 10 == 0:
            log(f"batch {start // batch_size + 1}/{(len(items) + batch_size - 1) // batch_size}: "
                f"{len(body.get('ids', []))} created in {time.time() - t0:.1f}s")
    return ids, errors


def total_items(api):
    status, body, raw = api.call("GET", "/api/inventory?limit=1")
    if status != 200:
        raise RuntimeError(f"GET /api/inventory?limit=1 -> {status}: {raw[:200]!r}")
    return int(body["total"])


def wait_total(api, expected, deadline):
    """Waits until the list projection reports at least `expected` items. Returns (reached, last_total)."""
    last = -1
    while True:
        last = total_items(api)
        if last >= expected or time.time() > deadline:
            return last >= expected, last
        time.sleep(0.5)


# ---------------------------------------------------------------- sub-commands

def cmd_login(a):
    api = Api(a.base)
    token = login(api, a.username, a.password, time.time() + a.timeout)
    with open(a.out, "w") as f:
        f.write(token)
    log("signed in")


def _creds(a):
    return (a.username, a.password)


def cmd_create_items(a):
    """The 1,000 adjustment targets: batch when available, else single POSTs."""
    token = [open(a.token_file).read().strip()]
    items = [adjust_item(i, a.stock) for i in range(a.count)]
    deadline = time.time() + a.timeout
    t0 = time.time()
    res = create_batch(a.base, token, items, 1000, deadline, _creds(a))
    method = "batch"
    if res is None:
        method = "single"
        res = create_single(a.base, token, items, a.concurrency, deadline, _creds(a))
    ids, errors = res
    log(f"created {len(ids)}/{a.count} adjustment items via {method} in {time.time() - t0:.1f}s; {len(errors)} errors")
    for e in errors[:5]:
        log("  " + e)
    if len(ids) < a.count:
        raise SystemExit("could not create the adjustment items")
    with open(a.out, "w") as f:
        f.write("\n".join(ids) + "\n")
    api = Api(a.base, token[0], *_creds(a))
    reached, last = wait_total(api, a.count, time.time() + 120)
    log(f"projection total {last} (reached={reached})")


def cmd_load_catalogue(a):
    token = [open(a.token_file).read().strip()]
    api = Api(a.base, token[0], *_creds(a))
    before = total_items(api)
    deadline = time.time() + a.timeout
    notes = []
    items = [catalogue_item(i) for i in range(a.count)]
    t0 = time.time()
    res = create_batch(a.base, token, items, 1000, deadline, _creds(a))
    method = "batch"
    if res is None:
        method = "single"
        target = min(a.count, a.fallback_max)
        notes.append(f"POST /api/inventory/batch is missing (404/405): loaded with single POST /api/inventory "
                     f"({a.concurrency} threads), target {target} instead of {a.count}, time budget {a.fallback_seconds}s")
        log(notes[-1])
        deadline = time.time() + a.fallback_seconds
        res = create_single(a.base, token, items[:target], a.concurrency, deadline, _creds(a))
    ids, errors = res
    t_sent = time.time() - t0
    log(f"catalogue: {len(ids)} created via {method} in {t_sent:.1f}s; {len(errors)} errors")
    for e in errors[:5]:
        log("  " + e)
    if errors:
        notes.append(f"{len(errors)} errors while loading; first: {errors[0][:200]}")
    expected = before + len(ids)
    reached, last = wait_total(api, expected, time.time() + a.wait_timeout)
    t_total = time.time() - t0
    if not reached:
        notes.append(f"projection did not catch up within {a.wait_timeout}s: total {last} < {expected}")
    loaded = last - before
    result = {
        "catalogue_items": loaded,
        "catalogue_requested": a.count,
        "load_method": method,
        "load_seconds": round(t_total, 2),
        "load_requests_seconds": round(t_sent, 2),
        "load_items_per_s": round(loaded / t_total, 1) if t_total > 0 else None,
        "projection_total": last,
        "notes": notes,
    }
    json.dump(result, sys.stdout)
    print()


def cmd_probe_queries(a):
    """Sequential latency of each list query type: which one is slow."""
    token = open(a.token_file).read().strip()
    api = Api(a.base, token, *_creds(a))
    queries = {
        "first_page_by_name": "/api/inventory?page=1&limit=100&sort=name&order=asc",
        "search_1pct": "/api/inventory?search=tag37q&page=1&limit=100&sort=name&order=asc",
        "status_low": "/api/inventory?status=Low%20Stock&page=1&limit=100&sort=name&order=asc",
        "deep_page_500": "/api/inventory?page=500&limit=100&sort=name&order=asc",
    }
    out = {}
    for name, path in queries.items():
        samples = []
        status = None
        for _ in range(a.samples):
            t0 = time.perf_counter()
            status, body, raw = api.call("GET", path)
            samples.append((time.perf_counter() - t0) * 1000)
        out[name] = {"median_ms": round(statistics.median(samples), 1), "max_ms": round(max(samples), 1),
                     "status": status, "total": (body or {}).get("total") if isinstance(body, dict) else None}
    json.dump(out, sys.stdout)
    print()


def wait_processors(management, timeout, poll=0.2):
    """After a write burst: how far behind the event processors are and how long they take to catch up
    (GET /actuator/processors on the management port, the operator's; no token there). In split mode a query
    node's view lists every processor of the deployment (the others' positions come from the shared token
    store), so one node's port covers them all. Returns {"max_lag_events", "catchup_s", "caught_up",
    "lag_at_end_of_load", "catchup_s_by_processor", "local_processors", "head_position"}; "local_processors" are
    the ones the node asked runs itself (a query node: the query side's)."""
    api = Api(management, None)
    t0 = time.time()
    first = None
    reached = {}
    while True:
        status, body, raw = api.call("GET", "/actuator/processors")
        if status != 200 or not isinstance(body, dict):
            return {"error": f"/actuator/processors -> {status}"}
        now = round(time.time() - t0, 2)
        procs = body.get("processors", [])
        lags = {p["name"]: p.get("lag") or 0 for p in procs}
        if first is None:
            first = lags
        for name, lag in lags.items():
            if lag == 0:
                reached.setdefault(name, now)
            else:
                reached.pop(name, None)  # fell behind again: its catch-up is the last time it reached the head
        if all(v == 0 for v in lags.values()) or time.time() - t0 > timeout:
            break
        time.sleep(poll)
    return {"max_lag_events": max(first.values(), default=0), "catchup_s": round(time.time() - t0, 2),
            "caught_up": all(v == 0 for v in lags.values()), "lag_at_end_of_load": first,
            "catchup_s_by_processor": reached,
            "local_processors": sorted(p["name"] for p in procs if p.get("running") is not None),
            "head_position": body.get("headPosition")}


def cmd_wait_projections(a):
    """Prints wait_processors' result for run.sh."""
    out = wait_processors(a.management, a.timeout)
    if "error" not in out:
        log(f"projections: lag {out['lag_at_end_of_load']} -> caught up={out['caught_up']} in {out['catchup_s']}s")
    json.dump(out, sys.stdout)
    print()


def parse_pgbench(text):
    tps = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", text) or re.search(r"tps = ([0-9.]+)", text)
    lat = re.search(r"latency average = ([0-9.]+) ms", text)
    failed = re.search(r"number of failed transactions: (\d+)", text)
    done = re.search(r"number of transactions actually processed: (\d+)", text)
    return {
        "tps": round(float(tps.group(1)), 1) if tps else None,
        "latency_avg_ms": round(float(lat.group(1)), 3) if lat else None,
        "transactions": int(done.group(1)) if done else None,
        "failed": int(failed.group(1)) if failed else None,
    }


def parse_wrk(text):
    """The BENCHJSON line printed by adjust.lua / list.lua's done()."""
    for line in text.splitlines():
        if line.startswith("BENCHJSON "):
            return json.loads(line[len("BENCHJSON "):])
    return None


def _read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


def _json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def _wrk_summary(w):
    if not w:
        return None
    dur = w["duration_us"] / 1e6 if w.get("duration_us") else None
    return {
        "throughput_rps": round(w["requests"] / dur, 1) if dur else None,
        "requests": w["requests"],
        "p50_ms": round(w["p50_us"] / 1000, 2),
        "p90_ms": round(w["p90_us"] / 1000, 2),
        "p99_ms": round(w["p99_us"] / 1000, 2),
        "max_ms": round(w["max_us"] / 1000, 2),
        "errors": w["socket_errors"],
        "non2xx": w["non2xx"],
        "status_counts": {k: v for k, v in (w.get("status_counts") or {}).items() if v},
    }


def cmd_assemble(a):
    d = a.dir
    meminfo = _read("/proc/meminfo")
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1)) if "MemTotal" in meminfo else None
    doc = {
        "machine": {"cores": os.cpu_count(), "memory": f"{mem_kb / 1024 / 1024:.1f} GiB" if mem_kb else None,
                    "memory_bytes": mem_kb * 1024 if mem_kb else None,
                    "loadavg_start": _read(os.path.join(d, "loadavg_start.txt")).strip() or None,
                    "loadavg_end": _read(os.path.join(d, "loadavg_end.txt")).strip() or None,
                    "cpu_busy_pct_before": int(_read(os.path.join(d, "cpu_busy_start.txt")).strip() or -1)},
        "settings": _json(os.path.join(d, "settings.json")),
    }
    adj = _wrk_summary(parse_wrk(_read(os.path.join(d, "adjust.wrk.log"))))
    lag = _json(os.path.join(d, "adjust_lag.json"))
    if adj is not None and lag is not None:
        adj["projection_lag"] = lag
        # Accepted movements per second including the time the read side needed to apply them all: a
        # command side that answers fast while starving the projections does not look better than it is.
        wrk_s = adj["requests"] / adj["throughput_rps"] if adj.get("throughput_rps") else None
        if wrk_s and lag.get("caught_up") and lag.get("catchup_s") is not None:
            adj["sustained_rps"] = round(adj["requests"] / (wrk_s + lag["catchup_s"]), 1)
    doc["adjustments"] = adj
    doc["adjustments_warmup"] = _wrk_summary(parse_wrk(_read(os.path.join(d, "warmup.wrk.log"))))
    doc["fixed_rate"] = _json(os.path.join(d, "fixed_rate.json"))
    doc["http_ceiling"] = {
        "anonymous_health": _wrk_summary(parse_wrk(_read(os.path.join(d, "ceiling_health.wrk.log")))),
        "signed_in_profile": _wrk_summary(parse_wrk(_read(os.path.join(d, "ceiling_profile.wrk.log")))),
    }
    lq = _json(os.path.join(d, "catalogue.json")) or {}
    lw = _wrk_summary(parse_wrk(_read(os.path.join(d, "list.wrk.log"))))
    if lw:
        lq.update(lw)
    probe = _json(os.path.join(d, "probe.json"))
    if probe:
        lq["per_query_sequential"] = probe
    doc["list_query"] = lq or None
    base = parse_pgbench(_read(os.path.join(d, "pgbench.log"))) if os.path.exists(os.path.join(d, "pgbench.log")) else None
    doc["baseline"] = base
    ratio = None
    if adj and base and adj.get("throughput_rps") and base.get("tps"):
        ratio = round(adj["throughput_rps"] / base["tps"], 4)
    doc["ratio_adjustments_to_baseline"] = ratio
    sustained = None
    if adj and base and adj.get("sustained_rps") and base.get("tps"):
        sustained = round(adj["sustained_rps"] / base["tps"], 4)
    doc["ratio_sustained_adjustments_to_baseline"] = sustained
    ceiling = (doc["http_ceiling"].get("signed_in_profile") or {}).get("throughput_rps")
    doc["ratio_signed_in_get_to_baseline"] = round(ceiling / base["tps"], 4) if ceiling and base and base.get("tps") else None
    notes = [l.strip() for l in _read(os.path.join(d, "notes.txt")).splitlines() if l.strip()]
    notes += (lq.get("notes") or []) if isinstance(lq, dict) else []
    doc["notes"] = notes
    doc["phase_seconds"] = _json(os.path.join(d, "phases.json"))
    json.dump(doc, sys.stdout, indent=2)
    print()


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)

    s = sub.add_parser("login")
    s.add_argument("--base", required=True)
    s.add_argument("--username", required=True)
    s.add_argument("--password", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--timeout", type=float, default=120)
    s.set_defaults(fn=cmd_login)

    for name, fn in (("create-items", cmd_create_items), ("load-catalogue", cmd_load_catalogue),
                     ("probe-queries", cmd_probe_queries), ("wait-projections", cmd_wait_projections)):
        s = sub.add_parser(name)
        s.add_argument("--base", required=True)
        s.add_argument("--token-file", required=True)
        s.add_argument("--username")
        s.add_argument("--password")
        s.add_argument("--count", type=int, default=1000)
        s.add_argument("--stock", type=int, default=1_000_000)
        s.add_argument("--concurrency", type=int, default=8)
        s.add_argument("--timeout", type=float, default=600)
        s.add_argument("--wait-timeout", type=float, default=600)
        s.add_argument("--fallback-max", type=int, default=10000)
        s.add_argument("--fallback-seconds", type=float, default=300)
        s.add_argument("--samples", type=int, default=10)
        s.add_argument("--management", default="http://127.0.0.1:8081",
                       help="the application's management port (MANAGEMENT_SERVER_PORT)")
        s.add_argument("--out")
        s.set_defaults(fn=fn)

    s = sub.add_parser("assemble")
    s.add_argument("--dir", required=True)
    s.set_defaults(fn=cmd_assemble)

    a = p.parse_args()
    a.fn(a)


if __name__ == "__main__":
    main()
