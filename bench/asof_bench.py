#!/usr/bin/env python3
"""As-of benchmark (issue 14 §2): one item at (at, knownAt) and the whole inventory of 100,000 items on 1,000,000
movements, against GET /api/inventory/{id}'s read of the live item row.

Creates a scratch database on a PostgreSQL server (default 127.0.0.1:5432 as postgres, trust), applies the read
migrations the as-of feature and the baseline need (V1 read models, V6 tenant isolation, V8 as-of), bulk-loads
the bitemporal tables with generate_series as the audit-asof projection would have written them (--items items,
each with a creation and some detail and threshold changes; --movements movements over a year, one in 20
back-dated by up to 30 days; a second organisation a tenth that size for row-level security to keep out), and
the live inventory_item table. Then, under a non-superuser role with the tenant bound (FORCEd row-level security):
- one item: pgbench runs the four statements AsOfQueries.item sends (AsOfRepository: createdAt, versionAt,
  stockAt, anomalies of the item), written here as jOOQ renders them, for a random item at a random (at, knownAt);
  baseline in the same run: the single-row read of inventory_item that GET /api/inventory/{id} makes. p50/p99
  from pgbench's per-transaction log. SQL only: the HTTP and security stack (the same for both) is not in it.
- whole inventory: the page-of-100 statement with its totals (median of --runs, EXPLAIN ANALYZE) and the full
  export (every item, COPY to the client, wall time) at now and at mid-year as known at mid-year; and the first
  page of GET /api/audit/anomalies over the whole organisation (a window over every movement).
Prints one JSON document; drops the database and role at the end.

Usage: bench/asof_bench.py [--items 100000] [--movements 1000000] [--seconds 15] [--runs 5]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

TENANT = "7a1d3c5e-0000-4000-8000-000000000001"
OTHER = "7a1d3c5e-0000-4000-8000-000000000002"
START = "2025-01-01 00:00:00+00"


def psql(args, db, sql, role=None, tenant=None, user=None):
    cmd = ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", args.host, "-p", str(args.port),
           "-U", user or args.user, "-d", db]
    if role:
        cmd += ["-c", f'SET ROLE "{role}"']
    if tenant:
        cmd += ["-c", f"SET stockade.tenant_id = '{tenant}'"]
    cmd += ["-c", sql]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip() + "\n" + sql[:300])
    return out.stdout


def load_sql(tenant, prefix, items, movements):
    t = f"'{tenant}'::uuid"
    return f"""
INSERT INTO read.inventory_item (tenant_id, item_id, sku, name, barcode, location, category_id, current_stock,
                                 min_threshold, stock_status, archived, version, created_at, updated_at)
SELECT {t}, md5('{prefix}item'||g)::uuid, 'SKU-'||g, 'Item '||g, '{prefix}B'||g, 'Aisle '||(g%200),
       md5('{prefix}cat'||(g%10))::uuid, 10, 5, 0, false, 3, timestamptz '{START}', now()
FROM generate_series(1,{items}) g;
-- creation at the start of the year (one item a few seconds after the other)
INSERT INTO read.audit_asof_item_version
SELECT {t}, md5('{prefix}item'||g)::uuid, 0, NULL, timestamptz '{START}' + g * interval '10 seconds',
       'Item '||g, 'SKU-'||g, '{prefix}B'||g, 'Aisle '||(g%200), md5('{prefix}cat'||(g%10))::uuid, NULL, NULL, NULL, 5,
       NULL, false
FROM generate_series(1,{items}) g;
-- every second item renamed after 100 days, every third a new threshold after 200 (stream sequences far above
-- the movements' so the versions keep their order)
INSERT INTO read.audit_asof_item_version
SELECT {t}, md5('{prefix}item'||g)::uuid, 1000000, NULL, timestamptz '{START}' + interval '100 days' + g * interval '1 second',
       'Renamed '||g, 'SKU-'||g, '{prefix}B'||g, 'Aisle '||(g%200), md5('{prefix}cat'||(g%10))::uuid, NULL, NULL, NULL, 5,
       NULL, false
FROM generate_series(2,{items},2) g;
INSERT INTO read.audit_asof_item_version
SELECT {t}, md5('{prefix}item'||g)::uuid, 2000000, NULL, timestamptz '{START}' + interval '200 days' + g * interval '1 second',
       CASE WHEN g%2=0 THEN 'Renamed ' ELSE 'Item ' END||g, 'SKU-'||g, '{prefix}B'||g, 'Aisle '||(g%200),
       md5('{prefix}cat'||(g%10))::uuid, NULL, NULL, NULL, 8, NULL, false
FROM generate_series(3,{items},3) g;
-- movements spread over the year after the creations; one in 20 back-dated by up to 30 days
INSERT INTO read.audit_asof_movement
SELECT {t}, md5('{prefix}item'||((g % {items}) + 1))::uuid, g / {items} + 1, g,
       rec, CASE WHEN g % 20 = 0 THEN rec - (g % 30) * interval '1 day' ELSE rec END,
       CASE WHEN g % 3 = 0 THEN -1 ELSE 2 END
FROM generate_series(1,{movements}) g,
     LATERAL (SELECT timestamptz '{START}' + interval '12 days' + g * (interval '350 days' / {movements}) AS rec) r;
"""


# The statements of AsOfRepository, as jOOQ renders them (bound values inlined by pgbench's variables).
ITEM_SCRIPT = """
\\set g random(1, {items})
\\set at random(0, 364)
\\set known random(0, 364)
SELECT recorded_at FROM read.audit_asof_item_version WHERE (tenant_id = '{tenant}' AND item_id = md5('aitem'||:g)::uuid) ORDER BY sequence ASC LIMIT 1;
SELECT * FROM read.audit_asof_item_version WHERE (tenant_id = '{tenant}' AND item_id = md5('aitem'||:g)::uuid AND recorded_at <= least(timestamptz '{start}' + :at * interval '1 day', timestamptz '{start}' + (:at + :known) * interval '1 day')) ORDER BY sequence DESC LIMIT 1;
SELECT sum(delta) FROM read.audit_asof_movement WHERE (tenant_id = '{tenant}' AND item_id = md5('aitem'||:g)::uuid AND effective_at <= timestamptz '{start}' + :at * interval '1 day' AND recorded_at <= timestamptz '{start}' + (:at + :known) * interval '1 day');
SELECT a.* FROM (SELECT m.item_id, m.sequence, m.position, m.recorded_at, m.effective_at, m.delta,
    sum(m.delta) OVER (PARTITION BY m.item_id ORDER BY m.effective_at, m.sequence) AS balance, c.created_at
  FROM read.audit_asof_movement m LEFT OUTER JOIN (SELECT item_id, min(recorded_at) AS created_at FROM read.audit_asof_item_version
      WHERE (tenant_id = '{tenant}' AND item_id = md5('aitem'||:g)::uuid) GROUP BY item_id) c ON c.item_id = m.item_id
  WHERE (m.tenant_id = '{tenant}' AND m.item_id = md5('aitem'||:g)::uuid AND m.recorded_at <= timestamptz '{start}' + (:at + :known) * interval '1 day')) a
WHERE ((a.balance < 0 OR a.effective_at < a.created_at) AND a.effective_at <= timestamptz '{start}' + :at * interval '1 day')
ORDER BY a.item_id, a.effective_at, a.sequence LIMIT 500;
"""

BASELINE_SCRIPT = """
\\set g random(1, {items})
SELECT * FROM read.inventory_item WHERE (tenant_id = '{tenant}' AND item_id = md5('aitem'||:g)::uuid);
"""


def inventory_sql(at, known, limit=None):
    recorded_by = f"least(timestamptz '{at}', timestamptz '{known}')"
    totals = ", count(*) OVER () AS total_items, sum(coalesce(s.stock, 0)) OVER () AS total_stock" if limit else ""
    page = f" LIMIT {limit} OFFSET 0" if limit else ""
    return f"""SELECT v.*, coalesce(s.stock, 0) AS stock_at{totals}
FROM (SELECT DISTINCT ON (item_id) * FROM read.audit_asof_item_version
      WHERE (tenant_id = '{TENANT}' AND recorded_at <= {recorded_by}) ORDER BY item_id, sequence DESC) v
LEFT OUTER JOIN (SELECT item_id, sum(delta) AS stock FROM read.audit_asof_movement
      WHERE (tenant_id = '{TENANT}' AND effective_at <= timestamptz '{at}' AND recorded_at <= timestamptz '{known}')
      GROUP BY item_id) s ON s.item_id = v.item_id
ORDER BY v.name, v.item_id{page}"""


ANOMALIES_SQL = f"""SELECT a.* FROM (SELECT m.item_id, m.sequence, m.position, m.recorded_at, m.effective_at, m.delta,
    sum(m.delta) OVER (PARTITION BY m.item_id ORDER BY m.effective_at, m.sequence) AS balance, c.created_at
  FROM read.audit_asof_movement m LEFT OUTER JOIN (SELECT item_id, min(recorded_at) AS created_at FROM read.audit_asof_item_version
      WHERE tenant_id = '{TENANT}' GROUP BY item_id) c ON c.item_id = m.item_id
  WHERE m.tenant_id = '{TENANT}') a
WHERE (a.balance < 0 OR a.effective_at < a.created_at)
ORDER BY a.item_id, a.effective_at, a.sequence LIMIT 101 OFFSET 0"""


def pgbench(args, db, role, password, script, label):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "script.sql")
        with open(path, "w") as f:
            f.write(script)
        env = dict(os.environ, PGPASSWORD=password)
        out = subprocess.run(["pgbench", "-n", "-h", args.host, "-p", str(args.port), "-U", role, "-c", "1", "-j", "1",
                              "-T", str(args.seconds), "-l", "--log-prefix", os.path.join(d, "log"), "-f", path, db],
                             capture_output=True, text=True, env=env, cwd=d)
        if out.returncode != 0:
            raise RuntimeError(label + ": " + out.stderr.strip())
        latencies = []
        for name in os.listdir(d):
            if name.startswith("log"):
                for line in open(os.path.join(d, name)):
                    latencies.append(int(line.split()[2]) / 1000.0)
        latencies.sort()
        pct = lambda p: round(latencies[min(len(latencies) - 1, int(len(latencies) * p))], 2)
        return {"transactions": len(latencies), "p50_ms": pct(0.50), "p99_ms": pct(0.99), "max_ms": round(latencies[-1], 2)}


def explain_ms(args, db, role, sql):
    plan = json.loads(psql(args, db, "EXPLAIN (ANALYZE, FORMAT JSON) " + sql, role=role, tenant=TENANT))[0]
    return plan["Planning Time"] + plan["Execution Time"]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser()
    p.add_argument("--items", type=int, default=100_000)
    p.add_argument("--movements", type=int, default=1_000_000)
    p.add_argument("--seconds", type=int, default=15)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=5432)
    p.add_argument("--user", default="postgres")
    p.add_argument("--keep", action="store_true")
    args = p.parse_args()
    migrations = os.path.join(here, "..", "query-side", "src", "main", "resources", "db", "read")
    suffix = uuid.uuid4().hex[:8]
    db, role, password = f"stockade_asof_bench_{suffix}", f"stockade_asof_bench_{suffix}", uuid.uuid4().hex
    log = lambda m: print(m, file=sys.stderr, flush=True)
    psql(args, "postgres", f'CREATE DATABASE "{db}"')
    try:
        psql(args, "postgres", f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{password}' NOSUPERUSER NOBYPASSRLS")
        psql(args, db, "CREATE SCHEMA read")
        for m in ("V1__read_models.sql", "V6__tenant_isolation_function.sql", "V8__audit_asof.sql"):
            psql(args, db, open(os.path.join(migrations, m)).read())
        psql(args, db, f'GRANT USAGE ON SCHEMA read TO "{role}"; GRANT SELECT ON ALL TABLES IN SCHEMA read TO "{role}";'
                       f"ALTER ROLE \"{role}\" IN DATABASE \"{db}\" SET stockade.tenant_id = '{TENANT}'")
        started = time.time()
        psql(args, db, load_sql(TENANT, "a", args.items, args.movements))
        psql(args, db, load_sql(OTHER, "b", max(1, args.items // 10), max(1, args.movements // 10)))
        psql(args, db, "VACUUM ANALYZE")
        load_s = round(time.time() - started, 1)
        counts = {r.split("|")[0]: int(r.split("|")[1]) for r in psql(args, db, """
            SELECT 'movements', count(*) FROM read.audit_asof_movement UNION ALL
            SELECT 'versions', count(*) FROM read.audit_asof_item_version UNION ALL
            SELECT 'items', count(*) FROM read.inventory_item""", role=role, tenant=TENANT).split()}
        log(f"loaded in {load_s} s; visible to the organisation: {counts}")
        fill = dict(items=args.items, tenant=TENANT, start=START)
        baseline = pgbench(args, db, role, password, BASELINE_SCRIPT.format(**fill), "baseline")
        log(f"baseline GET /api/inventory/{{id}} SQL: {baseline}")
        item = pgbench(args, db, role, password, ITEM_SCRIPT.format(**fill), "as-of item")
        log(f"as-of item: {item}")
        points = {"at now, known now": ("2030-01-01 00:00:00+00", "2030-01-01 00:00:00+00"),
                  "at mid-year, known at mid-year": ("2025-07-01 00:00:00+00", "2025-07-01 00:00:00+00")}
        whole = {}
        for label, (at, known) in points.items():
            explain_ms(args, db, role, inventory_sql(at, known, 100))
            page = statistics.median(explain_ms(args, db, role, inventory_sql(at, known, 100)) for _ in range(args.runs))
            exports = []
            for _ in range(args.runs):
                t0 = time.time()
                rows = psql(args, db, f"COPY ({inventory_sql(at, known)}) TO STDOUT", role=role, tenant=TENANT).count("\n")
                exports.append(time.time() - t0)
            whole[label] = {"page_of_100_with_totals_ms": round(page, 1),
                            "every_item_export_ms": round(statistics.median(exports) * 1000, 1), "rows": rows}
            log(f"{label}: {whole[label]}")
        explain_ms(args, db, role, ANOMALIES_SQL)
        anomalies = round(statistics.median(explain_ms(args, db, role, ANOMALIES_SQL) for _ in range(args.runs)), 1)
        log(f"anomalies, first page of the whole organisation: {anomalies} ms")
        print(json.dumps({
            "what": "as-of SQL under row-level security as a non-superuser role; one item: pgbench, 1 client, "
                    "per-transaction latency of AsOfRepository's four statements for one item, against the single-row "
                    "read GET /api/inventory/{id} makes; whole inventory: EXPLAIN ANALYZE median, export COPY wall time",
            "server": psql(args, db, "SHOW server_version").strip(),
            "rows": counts, "load_seconds": load_s,
            "one_item": {"as_of": item, "baseline_inventory_item": baseline,
                         "p99_ratio": round(item["p99_ms"] / baseline["p99_ms"], 2),
                         "p99_under_50_ms": item["p99_ms"] <= 50},
            "whole_inventory": whole,
            "anomalies_first_page_ms": anomalies,
            "whole_inventory_under_2_s": all(w["every_item_export_ms"] <= 2000 for w in whole.values()),
        }, indent=2))
    finally:
        if not args.keep:
            psql(args, "postgres", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            psql(args, "postgres", f'DROP ROLE IF EXISTS "{role}"')


if __name__ == "__main__":
    main()
