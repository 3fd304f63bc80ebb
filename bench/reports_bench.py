#!/usr/bin/env python3
"""Reports benchmark: the five GET /api/reports queries on 100,000 items and 1,000,000 movements.

Creates a scratch database on a PostgreSQL server (default 127.0.0.1:5432 as postgres, trust),
applies the reporting projection's own migration (query-side .../db/read/V5__reports.sql), bulk-loads
its tables with generate_series (one organisation with --items items and --movements movements over a
year, plus a second organisation a tenth that size, so row-level security has rows to keep out), then
times every report's SQL -- the statements jOOQ renders for ReportsRepository, count and page, as the
application sends them -- with EXPLAIN ANALYZE under a non-superuser role with the tenant bound, so the
FORCEd row-level-security policies apply. Baseline in the same run: a plain count(*) of the
organisation's movements. Prints one JSON document: median ms per report (planning + execution of
both statements), the baseline and each report's ratio to it. Drops the database and role at the end.

Usage: bench/reports_bench.py [--items 100000] [--movements 1000000] [--runs 7] [--host H --port P --user U]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import uuid

TENANT = "7a1d3c5e-0000-4000-8000-000000000001"
OTHER = "7a1d3c5e-0000-4000-8000-000000000002"


def psql(args, db, sql, role=None, tenant=None):
    cmd = ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", args.host, "-p", str(args.port), "-U", args.user,
           "-d", db]
    if role:
        cmd += ["-c", f'SET ROLE "{role}"']
    if tenant:
        cmd += ["-c", f"SET stockade.tenant_id = '{tenant}'"]
    cmd += ["-c", sql]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip() + "\n" + sql[:300])
    return out.stdout


def load_sql(tenant, prefix, items, movements, stockouts):
    """One organisation's rows, as the projection would have written them."""
    t = f"'{tenant}'::uuid"
    return f"""
INSERT INTO read.report_category SELECT {t}, md5('{prefix}cat'||g)::uuid, 'Category '||g, NULL FROM generate_series(1,10) g;
INSERT INTO read.report_category SELECT {t}, md5('{prefix}sub'||g)::uuid, 'Sub '||g, md5('{prefix}cat'||((g%10)+1))::uuid
  FROM generate_series(1,40) g;
INSERT INTO read.report_user SELECT {t}, md5('{prefix}user'||g)::uuid, 'user'||g FROM generate_series(1,20) g;
INSERT INTO read.report_item (tenant_id, item_id, sku, name, location, category_id, sub_category_id, report_category_id,
                              current_stock, min_threshold, archived, last_movement_at, version)
SELECT {t}, md5('{prefix}item'||g)::uuid, 'SKU-'||g, 'Item '||g, 'Aisle '||(g%200), c.cat, c.sub, coalesce(c.sub, c.cat),
       (g*7)%50, 5, g%50 = 0, NULL, 1
FROM generate_series(1,{items}) g,
     LATERAL (SELECT CASE WHEN g%20 = 0 THEN NULL ELSE md5('{prefix}cat'||((g%40)%10+1))::uuid END AS cat,
                     CASE WHEN g%3 = 0 AND g%20 <> 0 THEN md5('{prefix}sub'||(g%40+1))::uuid END AS sub) c;
-- a tenth of the items never move (dead stock whatever N is)
INSERT INTO read.report_movement (tenant_id, transaction_id, item_id, user_id, movement_type, reason, units_in, units_out,
                                  effective_at)
SELECT {t}, md5('{prefix}tx'||g)::uuid, md5('{prefix}item'||(1+(g::bigint*7919)%({items}*9/10)))::uuid,
       md5('{prefix}user'||(g%20+1))::uuid, CASE WHEN g%3 = 0 THEN 'deduction' ELSE 'addition' END, 'reason '||(g%10),
       CASE WHEN g%3 = 0 THEN 0 ELSE 1+g%9 END, CASE WHEN g%3 = 0 THEN 1+g%7 ELSE 0 END,
       now() - ((g::bigint*37)%31536000) * interval '1 second'
FROM generate_series(1,{movements}) g;
INSERT INTO read.report_stockout (tenant_id, out_transaction_id, item_id, out_at, recovered_at)
SELECT {t}, md5('{prefix}out'||g)::uuid, md5('{prefix}item'||(1+(g*31)%{items}))::uuid,
       now() - ((g::bigint*613)%31536000) * interval '1 second',
       CASE WHEN g%10 = 0 THEN NULL ELSE now() - ((g::bigint*613)%31536000) * interval '1 second' + (g%720) * interval '1 minute' END
FROM generate_series(1,{stockouts}) g;
"""


DERIVED = """
INSERT INTO read.report_category_stock
SELECT tenant_id, coalesce(report_category_id, '00000000-0000-0000-0000-000000000000'), count(*), sum(current_stock),
       count(*) FILTER (WHERE current_stock > 0 AND current_stock <= min_threshold), count(*) FILTER (WHERE current_stock <= 0)
FROM read.report_item WHERE NOT archived GROUP BY 1, 2;
INSERT INTO read.report_location_stock
SELECT tenant_id, location, count(*), sum(current_stock),
       count(*) FILTER (WHERE current_stock > 0 AND current_stock <= min_threshold), count(*) FILTER (WHERE current_stock <= 0)
FROM read.report_item WHERE NOT archived GROUP BY 1, 2;
INSERT INTO read.report_movement_day
SELECT tenant_id, (effective_at AT TIME ZONE 'UTC')::date, coalesce(user_id, '00000000-0000-0000-0000-000000000000'),
       movement_type, reason, count(*), sum(units_in), sum(units_out)
FROM read.report_movement GROUP BY 1, 2, 3, 4, 5;
UPDATE read.report_item i SET last_movement_at = m.last FROM
  (SELECT tenant_id, item_id, max(effective_at) AS last FROM read.report_movement GROUP BY 1, 2) m
WHERE i.tenant_id = m.tenant_id AND i.item_id = m.item_id;
"""

# ---- the statements jOOQ renders for ReportsRepository (bind values inlined as PostgreSQL sees them) ----

def counted(select, columns):
    return f'select count(*) as "c" from ({select}) as "t" ({", ".join(f"{chr(34)}v{i}{chr(34)}" for i in range(columns))})'


def paged(select, order, limit=25):
    return f"{select} order by {order} offset 0 rows fetch next {limit} rows only"


def by_category(t):
    s_ = '"read"."report_category_stock"'
    s = (f'select {s_}."report_category_id", "c"."name", "c"."parent_id", "p"."name" as "parent_name", {s_}."items", {s_}."units", '
         f'{s_}."low_stock", {s_}."out_of_stock" from {s_} left outer join "read"."report_category" as "c" on ("c"."tenant_id" = '
         f'{s_}."tenant_id" and "c"."category_id" = {s_}."report_category_id") left outer join "read"."report_category" as "p" '
         f'on ("p"."tenant_id" = "c"."tenant_id" and "p"."category_id" = "c"."parent_id") '
         f'where {s_}."tenant_id" = cast(\'{t}\' as uuid)')
    order = (f'lower(coalesce("p"."name", "c"."name")) asc nulls last, "c"."parent_id" asc nulls first, lower("c"."name") asc, '
             f'{s_}."report_category_id" asc')
    return counted(s, 8), paged(s, order)


def by_location(t, search=None):
    l_ = '"read"."report_location_stock"'
    where = f'{l_}."tenant_id" = cast(\'{t}\' as uuid)'
    if search is not None:
        where = (f'({where} and {l_}."location" ilike ((\'%\' || replace(replace(replace(\'{search}\', \'!\', \'!!\'), '
                 f'\'%\', \'!%\'), \'_\', \'!_\')) || \'%\') escape \'!\')')
    s = (f'select {l_}."location", {l_}."items", {l_}."units", {l_}."low_stock", {l_}."out_of_stock" from {l_} where {where}')
    return counted(s, 5), paged(s, f'{l_}."location" asc')


DAY_KEYS = {"day": "to_char({c}, 'YYYY-MM-DD')", "week": "to_char(date_trunc('week', {c}::timestamp), 'YYYY-MM-DD')",
            "month": "to_char({c}, 'YYYY-MM')", "user": "cast({u} as varchar)", "reason": "{r}", "type": "upper({y})"}
LINE_KEYS = {"day": "to_char({c} at time zone 'UTC', 'YYYY-MM-DD')",
             "week": "to_char(date_trunc('week', {c} at time zone 'UTC'), 'YYYY-MM-DD')",
             "month": "to_char({c} at time zone 'UTC', 'YYYY-MM')",
             "user": "cast(coalesce({u}, '00000000-0000-0000-0000-000000000000'::uuid) as varchar)", "reason": "{r}",
             "type": "upper({y})"}


def day_part(t, group, first, end):
    d = '"read"."report_movement_day"'
    key = DAY_KEYS[group].format(c=f'{d}."day"', u=f'{d}."user_id"', r=f'{d}."reason"', y=f'{d}."movement_type"')
    return (f'select {key}, cast(sum({d}."movements") as bigint), cast(sum({d}."units_in") as bigint), '
            f'cast(sum({d}."units_out") as bigint) from {d} where ({d}."tenant_id" = cast(\'{t}\' as uuid) and '
            f'{d}."day" >= date \'{first}\' and {d}."day" < date \'{end}\') group by {key}')


def line_part(t, group, start, end, item=None):
    m = '"read"."report_movement"'
    key = LINE_KEYS[group].format(c=f'{m}."effective_at"', u=f'{m}."user_id"', r=f'{m}."reason"', y=f'{m}."movement_type"')
    item_filter = f' and {m}."item_id" = cast(\'{item}\' as uuid)' if item else ""
    return (f'select {key}, cast(count(*) as bigint), cast(sum({m}."units_in") as bigint), cast(sum({m}."units_out") as bigint) '
            f'from {m} where ({m}."tenant_id" = cast(\'{t}\' as uuid) and {m}."effective_at" >= timestamp with time zone '
            f'\'{start}\' and {m}."effective_at" < timestamp with time zone \'{end}\'{item_filter}) group by {key}')


def movements(group, parts):
    s = ('select "k", sum("m") as "m", sum("i") as "i", sum("o") as "o" from (' + " union all ".join(parts) +
         ') as "u" ("k", "m", "i", "o") group by "k"')
    order = '"k" asc' if group in ("day", "week", "month") else 'sum("m") desc, "k" asc'
    return counted(s, 4), paged(s, order)


def dead_stock(t, before, category=None):
    i = '"read"."report_item"'
    cat = (f' and ({i}."category_id" = cast(\'{category}\' as uuid) or {i}."sub_category_id" = cast(\'{category}\' as uuid))'
           if category else "")
    s = (f'select {i}."item_id", {i}."sku", {i}."name", {i}."location", {i}."current_stock", {i}."last_movement_at" from {i} '
         f'where ({i}."tenant_id" = cast(\'{t}\' as uuid) and not ({i}."archived") and ({i}."last_movement_at" is null or '
         f'{i}."last_movement_at" < timestamp with time zone \'{before}\'){cat})')
    return counted(s, 6), paged(s, f'{i}."last_movement_at" asc nulls first, {i}."item_id" asc')


def stockouts(t, item=None, since=None):
    s_ = '"read"."report_stockout"'
    i = '"read"."report_item"'
    where = f'{s_}."tenant_id" = cast(\'{t}\' as uuid)'
    if item:
        where = f'({where} and {s_}."item_id" = cast(\'{item}\' as uuid))'
    if since:
        where = (f'({where} and ({s_}."recovered_at" is null or {s_}."recovered_at" >= timestamp with time zone '
                 f'\'{since}\'))')
    s = (f'select {s_}."item_id", {i}."sku", {i}."name", {s_}."out_at", {s_}."recovered_at" from {s_} left outer join {i} on '
         f'({i}."tenant_id" = {s_}."tenant_id" and {i}."item_id" = {s_}."item_id") where {where}')
    return counted(s, 5), paged(s, f'{s_}."out_at" desc, {s_}."out_transaction_id" desc')


def explain_ms(args, db, role, sql):
    plan = json.loads(psql(args, db, "EXPLAIN (ANALYZE, FORMAT JSON) " + sql, role=role, tenant=TENANT))[0]
    return plan["Planning Time"] + plan["Execution Time"]


def measure(args, db, role, statements):
    for s in statements:  # warm-up
        explain_ms(args, db, role, s)
    runs = [sum(explain_ms(args, db, role, s) for s in statements) for _ in range(args.runs)]
    return round(statements and statistics.median(runs), 2)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser()
    p.add_argument("--items", type=int, default=100_000)
    p.add_argument("--movements", type=int, default=1_000_000)
    p.add_argument("--stockouts", type=int, default=50_000)
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=5432)
    p.add_argument("--user", default="postgres")
    p.add_argument("--keep", action="store_true", help="keep the scratch database and role")
    args = p.parse_args()
    migration = os.path.join(here, "..", "query-side", "src", "main", "resources", "db", "read", "V5__reports.sql")
    suffix = uuid.uuid4().hex[:8]
    db, role = f"stockade_reports_bench_{suffix}", f"stockade_reports_bench_{suffix}"
    log = lambda m: print(m, file=sys.stderr, flush=True)
    psql(args, "postgres", f'CREATE DATABASE "{db}"')
    try:
        psql(args, "postgres", f'CREATE ROLE "{role}" NOLOGIN NOSUPERUSER NOBYPASSRLS')
        psql(args, db, "CREATE SCHEMA read")
        psql(args, db, open(migration).read())
        psql(args, db, f'GRANT USAGE ON SCHEMA read TO "{role}"; GRANT SELECT ON ALL TABLES IN SCHEMA read TO "{role}"')
        started = time.time()
        psql(args, db, load_sql(TENANT, "a", args.items, args.movements, args.stockouts))
        psql(args, db, load_sql(OTHER, "b", max(1, args.items // 10), max(1, args.movements // 10), max(1, args.stockouts // 10)))
        psql(args, db, DERIVED)
        psql(args, db, "VACUUM ANALYZE")
        load_s = round(time.time() - started, 1)
        counts = {r.split("|")[0]: int(r.split("|")[1]) for r in psql(args, db, """
            SELECT 'items', count(*) FROM read.report_item UNION ALL SELECT 'locations', count(*) FROM read.report_location_stock
            UNION ALL SELECT 'categories', count(*) FROM read.report_category_stock UNION ALL SELECT 'movements', count(*) FROM read.report_movement
            UNION ALL SELECT 'movement_days', count(*) FROM read.report_movement_day
            UNION ALL SELECT 'stockouts', count(*) FROM read.report_stockout""", role=role, tenant=TENANT).split()}
        log(f"loaded in {load_s} s; visible to the organisation: {counts}")
        now = psql(args, db, "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
                             "(now() AT TIME ZONE 'UTC')::date").strip().split("|")
        now_ts, today = now[0], now[1]
        day = lambda n: psql(args, db, f"SELECT date '{today}' + {n}").strip()
        an_item = psql(args, db, f"SELECT md5('aitem'||4242)::uuid").strip()
        a_category = psql(args, db, f"SELECT md5('acat'||3)::uuid").strip()
        year_ago_noon = day(-365) + " 12:00:00+00"
        reports = {
            "stock-by-category": by_category(TENANT),
            "stock-by-location": by_location(TENANT),
            "stock-by-location?search=aisle 1": by_location(TENANT, "aisle 1"),
            "movements?groupBy=day (last 30 days)": movements("day", [day_part(TENANT, "day", day(-29), day(1))]),
            "movements?groupBy=week (365 days)": movements("week", [day_part(TENANT, "week", day(-364), day(1))]),
            "movements?groupBy=user (365 days)": movements("user", [day_part(TENANT, "user", day(-364), day(1))]),
            "movements?groupBy=reason&from=<instant>&to=<instant> (365 days)": movements("reason", [
                day_part(TENANT, "reason", day(-364), today), line_part(TENANT, "reason", year_ago_noon, day(-364)),
                line_part(TENANT, "reason", today, now_ts)]),
            "movements?groupBy=month&itemId= (365 days)": movements("month", [
                line_part(TENANT, "month", day(-364), day(1), item=an_item)]),
            "dead-stock?days=90": dead_stock(TENANT, day(-90)),
            "dead-stock?days=90&category=": dead_stock(TENANT, day(-90), a_category),
            "stockouts": stockouts(TENANT),
            "stockouts?from=<30 days ago>": stockouts(TENANT, since=day(-30)),
            "stockouts?itemId=": stockouts(TENANT, item=an_item),
        }
        baseline = measure(args, db, role, ['select count(*) from "read"."report_movement"'])
        results = {}
        for name, statements in reports.items():
            results[name] = measure(args, db, role, list(statements))
            log(f"{name}: {results[name]} ms")
        out = {
            "what": "median ms (planning + execution of the count and the first page of 25, as ReportsRepository runs them) "
                    "under row-level security as a non-superuser role, EXPLAIN ANALYZE",
            "server": psql(args, db, "SHOW server_version").strip(),
            "rows": counts, "load_seconds": load_s, "runs": args.runs,
            "baseline": {"select count(*) from report_movement (the organisation's movements)": baseline},
            "reports_ms": results,
            "ratio_to_baseline": {k: round(v / baseline, 2) for k, v in results.items()},
            "slowest_ms": max(results.values()),
            "all_under_200_ms": max(results.values()) < 200,
        }
        print(json.dumps(out, indent=2))
    finally:
        if not args.keep:
            psql(args, "postgres", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            psql(args, "postgres", f'DROP ROLE IF EXISTS "{role}"')


if __name__ == "__main__":
    main()
