#!/usr/bin/env python3
"""Open-loop, fixed-rate load generator for stock adjustments (standard library only).

For each rate R (requests per second) it schedules requests at t0 + i/R for DURATION seconds. A
dispatcher thread hands each scheduled send time to a pool of worker threads (one keep-alive
connection each). Latency is measured from the *scheduled* send time to the end of the response, so
time spent waiting for a free worker or a slow server is counted (no coordinated omission): a server
that stalls for one second shows up as a second of latency on every request due in that second.

Requests: POST /api/inventory/{id}/stock on a random item from the ids file, alternating addition
and deduction of 1.

Prints one JSON array on stdout: [{"rate", "duration_s", "sent", "ok", "errors", "achieved_rps",
"p50_ms", "p90_ms", "p99_ms", "max_ms", "service_p50_ms", "max_dispatch_lag_ms", "status_counts"}...]
"""
import argparse
import http.client
import json
import queue
import random
import sys
import threading
import time
import urllib.parse


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    k = min(len(sorted_values) - 1, max(0, int(round(p / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


class Worker(threading.Thread):
    def __init__(self, host, port, token, ids, jobs, results, timeout):
        super().__init__(daemon=True)
        self.host, self.port, self.token, self.ids = host, port, token, ids
        self.jobs, self.results, self.timeout = jobs, results, timeout
        self.conn = None
        self.flip = random.randint(0, 1)
        self.rng = random.Random()

    def run(self):
        headers = {"Authorization": "Bearer " + self.token, "Content-Type": "application/json",
                   "Accept": "application/json"}
        while True:
            job = self.jobs.get()
            if job is None:
                return
            scheduled = job
            self.flip ^= 1
            kind = "addition" if self.flip else "deduction"
            body = json.dumps({"quantity": 1, "reason": "bench fixed rate", "type": kind})
            path = "/api/inventory/" + self.rng.choice(self.ids) + "/stock"
            started = time.perf_counter()
            status = None
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
                self.conn.request("POST", path, body=body, headers=headers)
                r = self.conn.getresponse()
                r.read()
                status = r.status
                if r.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
            except (http.client.HTTPException, OSError) as e:
                status = "exc:" + type(e).__name__
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
            finished = time.perf_counter()
            self.results.append((scheduled, started, finished, status))


def run_rate(host, port, token, ids, rate, duration, workers, timeout, drain):
    jobs = queue.SimpleQueue()
    results = []  # list.append is atomic under the GIL
    pool = [Worker(host, port, token, ids, jobs, results, timeout) for _ in range(workers)]
    for w in pool:
        w.start()
    total = int(rate * duration)
    interval = 1.0 / rate
    t0 = time.perf_counter() + 0.2
    max_lag = 0.0
    for i in range(total):
        due = t0 + i * interval
        now = time.perf_counter()
        if due > now:
            time.sleep(due - now)
        else:
            max_lag = max(max_lag, now - due)
        jobs.put(due)
    end_of_schedule = time.perf_counter()
    # Let outstanding requests finish (bounded), then stop the workers.
    deadline = end_of_schedule + drain
    while len(results) < total and time.perf_counter() < deadline:
        time.sleep(0.05)
    for _ in pool:
        jobs.put(None)
    snapshot = list(results)
    unfinished = total - len(snapshot)

    latencies, service, counts = [], [], {}
    ok = 0
    for scheduled, started, finished, status in snapshot:
        counts[str(status)] = counts.get(str(status), 0) + 1
        latencies.append((finished - scheduled) * 1000)
        service.append((finished - started) * 1000)
        if isinstance(status, int) and 200 <= status < 300:
            ok += 1
    if unfinished:
        counts["unfinished"] = unfinished
    latencies.sort()
    service.sort()
    last_finish = max((r[2] for r in snapshot), default=end_of_schedule)
    span = max(last_finish - t0, 1e-9)

    def r2(x):
        return None if x is None else round(x, 2)

    return {
        "rate": rate,
        "duration_s": duration,
        "sent": total,
        "ok": ok,
        "errors": total - ok,
        "achieved_rps": round(len(snapshot) / span, 1),
        "p50_ms": r2(percentile(latencies, 50)),
        "p90_ms": r2(percentile(latencies, 90)),
        "p99_ms": r2(percentile(latencies, 99)),
        "max_ms": r2(latencies[-1] if latencies else None),
        "service_p50_ms": r2(percentile(service, 50)),
        "service_p99_ms": r2(percentile(service, 99)),
        "max_dispatch_lag_ms": round(max_lag * 1000, 2),
        "workers": workers,
        "status_counts": counts,
    }


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--base", required=True, help="http://127.0.0.1:PORT")
    p.add_argument("--token-file", required=True)
    p.add_argument("--ids-file", required=True)
    p.add_argument("--rates", default="50,100,200")
    p.add_argument("--duration", type=float, default=30, help="seconds per rate")
    p.add_argument("--workers", type=int, default=0, help="worker threads (default: max(32, rate))")
    p.add_argument("--timeout", type=float, default=30, help="per-request socket timeout, seconds")
    p.add_argument("--drain", type=float, default=30, help="max seconds to wait for stragglers after each rate")
    p.add_argument("--pause", type=float, default=2, help="seconds between rates")
    a = p.parse_args()

    u = urllib.parse.urlsplit(a.base)
    token = open(a.token_file).read().strip()
    ids = [l.strip() for l in open(a.ids_file) if l.strip()]
    out = []
    for rate in [float(r) for r in a.rates.split(",") if r.strip()]:
        workers = a.workers or max(32, int(rate))
        res = run_rate(u.hostname, u.port, token, ids, rate, a.duration, workers, a.timeout, a.drain)
        res["rate"] = int(rate) if rate.is_integer() else rate
        print(f"[fixed_rate] rate {res['rate']}/s: p50 {res['p50_ms']} ms, p99 {res['p99_ms']} ms, "
              f"max {res['max_ms']} ms, errors {res['errors']}, achieved {res['achieved_rps']}/s, "
              f"dispatch lag max {res['max_dispatch_lag_ms']} ms, statuses {res['status_counts']}",
              file=sys.stderr, flush=True)
        out.append(res)
        time.sleep(a.pause)
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()
