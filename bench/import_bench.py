#!/usr/bin/env python3
"""Catalogue import benchmark: a 100,000-row CSV through POST /api/inventory/import under a small heap.

Starts the packaged jar on a fresh embedded database with -Xmx (default 256m), measures in the same
run a baseline (the batch-create endpoint, 1,000 items a request, the fastest way in) and then the
import: the dry run (every row checked) and the real import (rows created in the background).
Prints one JSON document: rows/s of each and the import's ratio to the baseline, plus the JVM's
peak resident memory. Usage: bench/import_bench.py [--rows N] [--baseline N] [--heap 256m] [--jar PATH]
"""
import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import admin_password  # noqa: E402

# One per run (export_bench imports it and starts its own server with it).
PASSWORD = admin_password()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, method, path, token=None, body=None, content_type="application/json", headers=None):
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", content_type)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=600) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return None


def start_app(jar, heap, prefix="stockade-bench-", java_opts=()):
    """Starts the jar on a fresh embedded database under /var/tmp and signs in as its first Admin.
    Returns (app, base, token, data_dir); stop it with stop_app."""
    data_dir = tempfile.mkdtemp(prefix=prefix, dir="/var/tmp")
    os.chmod(data_dir, 0o755)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STOCKADE_", "SPRING_"))}
    env.update(STOCKADE_DATA_DIR=data_dir, SERVER_PORT=str(port), STOCKADE_HTTPS_PORT=str(free_port()),
               MANAGEMENT_SERVER_PORT=str(free_port()),
               STOCKADE_BOOTSTRAP_ADMIN_USERNAME="bench", STOCKADE_BOOTSTRAP_ADMIN_EMAIL="bench@example.test",
               STOCKADE_BOOTSTRAP_ADMIN_PASSWORD=PASSWORD, AXONIQ_UPDATE_CHECKER_DISABLED="true",
               SPRING_PROFILES_ACTIVE="bench")
    log = open(os.path.join(data_dir, "app.log"), "w")
    app = subprocess.Popen(["java", f"-Xmx{heap}", *java_opts, "-jar", jar], env=env, stdout=log,
                           stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 180
    token = None
    while time.time() < deadline and token is None:
        if app.poll() is not None:
            stop_app(app, data_dir, keep=True)
            sys.exit("the application exited; see " + log.name)
        try:
            status, body = call(base, "POST", "/api/auth/login", body={"username": "bench", "password": PASSWORD})
            token = body["token"] if status == 200 else None
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.5)
    if token is None:
        stop_app(app, data_dir, keep=True)
        sys.exit("the application did not start; see " + log.name)
    return app, base, token, data_dir


def stop_app(app, data_dir, keep=False):
    app.terminate()
    try:
        app.wait(60)
    except subprocess.TimeoutExpired:
        app.kill()
    if not keep and os.environ.get("KEEP_DATA") != "1":
        shutil.rmtree(data_dir, ignore_errors=True)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--baseline", type=int, default=20_000, help="items created through /batch first")
    p.add_argument("--heap", default="256m")
    p.add_argument("--jar", default=os.path.join(os.path.dirname(here), "webapp", "target", "stockade.jar"))
    args = p.parse_args()

    app, base, token, data_dir = start_app(args.jar, args.heap, "stockade-import-bench-")
    try:
        print(f"baseline: {args.baseline} items through /api/inventory/batch", file=sys.stderr)
        started = time.time()
        for b in range(args.baseline // 1000):
            items = [{"name": f"Baseline {b}-{i}", "location": "B", "currentStock": i % 50} for i in range(1000)]
            status, body = call(base, "POST", "/api/inventory/batch", token, {"items": items})
            assert status == 200 and body["created"] == 1000, body
        baseline_s = time.time() - started

        csv = ["name,sku,location,shelf,description,currentStock,minThreshold"]
        for i in range(args.rows):
            csv.append(f"Imported item {i},IMP-{i:07d},Aisle {i % 40},S{i % 9},\"Imported, row {i}\",{i % 100},{i % 20}")
        payload = ("\r\n".join(csv) + "\r\n").encode()
        print(f"import: {args.rows} rows, {len(payload) / 1e6:.1f} MB", file=sys.stderr)

        started = time.time()
        status, dry = call(base, "POST", "/api/inventory/import?dryRun=true", token, payload, "text/csv",
                           {"Idempotency-Key": "bench-dry-" + uuid.uuid4().hex})
        dry_s = time.time() - started
        assert status == 200 and dry["validRows"] == args.rows, (status, dry)

        started = time.time()
        status, job = call(base, "POST", "/api/inventory/import?mode=all-or-nothing", token, payload, "text/csv",
                           {"Idempotency-Key": "bench-run-" + uuid.uuid4().hex})
        accepted_s = time.time() - started
        assert status == 202, (status, job)
        while job["status"] == "running":
            time.sleep(1)
            status, job = call(base, "GET", "/api/inventory/import/" + job["id"], token)
        import_s = time.time() - started
        assert job["status"] == "completed" and job["created"] == args.rows, job

        baseline_rate = args.baseline / baseline_s
        import_rate = args.rows / import_s
        print(json.dumps({
            "heap": args.heap,
            "rows": args.rows,
            "file_mb": round(len(payload) / 1e6, 1),
            "baseline_batch_items_per_s": round(baseline_rate),
            "dry_run_s": round(dry_s, 1),
            "dry_run_rows_per_s": round(args.rows / dry_s),
            "accepted_after_s": round(accepted_s, 1),
            "import_s": round(import_s, 1),
            "import_rows_per_s": round(import_rate),
            "import_vs_batch_ratio": round(import_rate / baseline_rate, 2),
            "jvm_peak_rss_mib": round(peak_rss_mib(app.pid) or 0),
        }, indent=2))
    finally:
        stop_app(app, data_dir)


if __name__ == "__main__":
    main()
