#!/usr/bin/env python3
"""Audit export benchmark: GET /api/audit/events?format=ndjson against GET /api/transactions?format=csv.

Starts the packaged jar on a fresh embedded database (import_bench's start_app) with a small heap, makes
--movements stock movements over --items items (benchlib's Api, several threads), then alternates, --rounds
times, the baseline (the ledger's CSV export, which streams the same movements from one read table) and the
audit export of the same movements (type=StockAdjusted: every row with its stored bytes, leaf hash, inclusion
proof and decoded event, against a checkpoint it forces). For each run: events/s, MB/s, and the server JVM's
peak heap in use while it ran (jstat samples every 50 ms, after a full GC), then the export's ratios to the
baseline. Numbers, not a test. Usage: bench/export_bench.py [--movements N] [--items N] [--heap 256m] [--jar PATH] [--jfr FILE]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import Api, adjust_item, log  # noqa: E402
from import_bench import PASSWORD, call, start_app, stop_app  # noqa: E402


class HeapWatch:
    """The peak of the JVM's heap in use (survivors + eden + old, jstat -gc) while it runs."""

    def __init__(self, pid):
        subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, check=False)
        self.peak_kb = 0.0
        self.proc = subprocess.Popen(["jstat", "-gc", str(pid), "50"], stdout=subprocess.PIPE, text=True)
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        columns = None
        for line in self.proc.stdout:
            cells = line.split()
            if cells and cells[0] == "S0C":
                columns = cells
                continue
            if columns and len(cells) == len(columns):
                row = dict(zip(columns, cells))
                used = sum(float(row[c]) for c in ("S0U", "S1U", "EU", "OU"))
                self.peak_kb = max(self.peak_kb, used)

    def stop(self):
        time.sleep(0.2)
        self.proc.terminate()
        self.proc.wait(10)
        return round(self.peak_kb / 1024, 1)


def stream(base, token, path):
    """GETs a file and reads it in 64 KiB pieces: (seconds, bytes, lines)."""
    req = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + token})
    started = time.time()
    size = lines = 0
    with urllib.request.urlopen(req, timeout=600) as r:
        assert r.status == 200, r.status
        while True:
            piece = r.read(65536)
            if not piece:
                break
            size += len(piece)
            lines += piece.count(b"\n")
    return time.time() - started, size, lines


def verify_offline(base, token, path, jar, data_dir):
    """Saves one export and runs the jar's offline verifier on it (no server involved): its exit code and last line."""
    export_file = os.path.join(data_dir, "bench-export.ndjson")
    key_file = os.path.join(data_dir, "bench-public-key.txt")
    for source, target in ((path, export_file), ("/api/audit/public-key", key_file)):
        req = urllib.request.Request(base + source, headers={"Authorization": "Bearer " + token})
        with urllib.request.urlopen(req, timeout=600) as r, open(target, "wb") as f:
            while True:
                piece = r.read(65536)
                if not piece:
                    break
                f.write(piece)
    done = subprocess.run(["java", "-jar", jar, "audit", "verify-export", export_file, "--public-key", key_file],
                          capture_output=True, text=True, timeout=900, check=False)
    lines = (done.stdout + done.stderr).strip().splitlines()
    return {"exit": done.returncode, "said": lines[-1][:300] if lines else ""}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser()
    p.add_argument("--movements", type=int, default=20_000)
    p.add_argument("--items", type=int, default=100)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--heap", default="256m")
    p.add_argument("--jar", default=os.path.join(os.path.dirname(here), "webapp", "target", "stockade.jar"))
    p.add_argument("--verify", action="store_true",
                   help="after the rounds, save one export and check it offline with the jar's audit verify-export")
    p.add_argument("--jfr", help="record the export rounds with Java Flight Recorder into this file (a profile)")
    args = p.parse_args()

    app, base, token, data_dir = start_app(args.jar, args.heap, "stockade-export-bench-")
    try:
        items = [adjust_item(i, 1_000_000) for i in range(args.items)]
        status, body = call(base, "POST", "/api/inventory/batch", token, {"items": items})
        assert status == 200, (status, body)
        ids = body["ids"]

        log(f"{args.movements} movements over {len(ids)} items, {args.threads} threads")
        local = threading.local()

        def move(i):
            if not hasattr(local, "api"):
                local.api = Api(base, token, "bench", PASSWORD)
            kind = "addition" if i % 2 == 0 else "deduction"
            status, _, raw = local.api.call("POST", f"/api/inventory/{ids[i % len(ids)]}/stock",
                                            {"quantity": 1, "reason": f"bench {i}", "type": kind})
            if status != 200:
                raise SystemExit(f"movement {i}: HTTP {status} {raw[:200]!r}")

        started = time.time()
        with ThreadPoolExecutor(args.threads) as pool:
            list(pool.map(move, range(args.movements)))
        load_s = time.time() - started

        # Both exports are of the stock movements: each item's initial stock and every movement. The ledger and the
        # audit index are projections: wait until each has them all. An index that stops growing short of them is a
        # defect (it once lost events that committed out of position order), not a reason to stop waiting: it is
        # reported as such in the result.
        _, ledger = call(base, "GET", "/api/transactions?limit=1", token)
        expected = args.movements + len(ids)
        deadline = time.time() + 180
        baseline_path = "/api/transactions?format=csv"
        export_path = "/api/audit/events?format=ndjson&type=StockAdjusted"
        while True:
            _, _, base_lines = stream(base, token, baseline_path)
            _, _, export_lines = stream(base, token, export_path)
            if base_lines - 1 >= expected and export_lines - 2 >= expected:
                break
            if time.time() > deadline:
                log(f"DEFECT: after 180 s the export has {export_lines - 2} of {expected} events")
                break
            time.sleep(2)
        log(f"ledger rows {base_lines - 1}, audit index rows {export_lines - 2}, movements {expected}")

        runs = {"baseline": [], "export": []}
        if args.jfr:
            subprocess.run(["jcmd", str(app.pid), "JFR.start", "name=export-bench", "settings=profile"],
                           capture_output=True, check=True)
        for r in range(args.rounds):
            for name, path, overhead in (("baseline", baseline_path, 1), ("export", export_path, 2)):
                watch = HeapWatch(app.pid)
                seconds, size, lines = stream(base, token, path)
                peak = watch.stop()
                events = lines - overhead
                runs[name].append({"events": events, "s": round(seconds, 2), "events_per_s": round(events / seconds),
                                   "mb": round(size / 1e6, 1), "mb_per_s": round(size / 1e6 / seconds, 1),
                                   "peak_heap_mib": peak})
                log(f"round {r + 1} {name}: {runs[name][-1]}")

        if args.jfr:
            subprocess.run(["jcmd", str(app.pid), "JFR.stop", "name=export-bench",
                            "filename=" + os.path.abspath(args.jfr)], capture_output=True, check=True)
            log(f"flight recording: {args.jfr} (jfr print --events jdk.ExecutionSample, or jfr view hot-methods)")

        verified = None
        if args.verify:
            verified = verify_offline(base, token, export_path, args.jar, data_dir)
            log(f"offline verification of the export: {verified}")

        def median(name, key):
            return statistics.median(x[key] for x in runs[name])

        def peak(name):
            return max(x["peak_heap_mib"] for x in runs[name])

        print(json.dumps({
            "heap_max": args.heap,
            "movements": args.movements,
            "events_expected": expected,
            "events_exported": runs["export"][-1]["events"],
            "export_complete": runs["export"][-1]["events"] == expected,
            "ledger_rows": runs["baseline"][-1]["events"],
            "load_movements_per_s": round(args.movements / load_s),
            "ledger_total": ledger.get("total") if isinstance(ledger, dict) else None,
            "baseline_transactions_csv": {"median_events_per_s": median("baseline", "events_per_s"),
                                          "peak_heap_mib": peak("baseline"), "runs": runs["baseline"]},
            "export_ndjson": {"median_events_per_s": median("export", "events_per_s"),
                              "peak_heap_mib": peak("export"), "runs": runs["export"]},
            "ratio_events_per_s_export_to_baseline": round(
                median("export", "events_per_s") / median("baseline", "events_per_s"), 3),
            # A baseline run shorter than jstat's first sample has no peak: no ratio then.
            "ratio_peak_heap_export_to_baseline": round(peak("export") / peak("baseline"), 2) if peak("baseline") else None,
            "export_verified_offline": verified,
            "ratio_bytes_per_event_export_to_baseline": round(
                (runs["export"][-1]["mb"] / runs["export"][-1]["events"])
                / (runs["baseline"][-1]["mb"] / runs["baseline"][-1]["events"]), 1),
        }, indent=2))
    finally:
        stop_app(app, data_dir)


if __name__ == "__main__":
    main()
