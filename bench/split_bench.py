#!/usr/bin/env python3
"""Split-mode benchmark (issue 15): what running Stockade as separate command-side and query-side services
behind nginx costs, against the all-in-one jar, in one run on one machine.

Set-ups, one after the other, each on a fresh PostgreSQL database of its own (the machine's server) and one
Redis key prefix for the run:
  all-in-one   stockade.jar, measured directly and then through nginx (the same JVM: nginx's own cost)
  split-1+1    stockade-command.jar + stockade-query.jar behind nginx
  split-2+2    two of each behind nginx
nginx runs the repository's front door, ops/nginx/nginx.conf (its routes generated from ops/routing/routes.json),
with the same substitutions the integration tests' FrontDoor makes: upstream addresses, listen port, paths.

For each target: the same 1,000 items, a warm-up (JIT, first ANALYZE), then the closed-loop adjustment load of
run.sh's phase a (wrk -t2 -c32, adjust.lua), the catch-up lag after it (GET /actuator/processors on a query
node's management port: the time until every processor is at the event store's head), and one open-loop
fixed rate below saturation (fixed_rate.py, default 50/s) for p50/p99. CPU seconds of the JVMs, nginx and
PostgreSQL during the closed-loop run are recorded (CPU per request is what a bigger machine divides up).

ONE JSON document on stdout; progress on stderr; logs in bench/results/<UTC time>-split/. Every process it
started is stopped and every database, role and Redis key it made is dropped at the end, also on failure or
Ctrl-C. Secrets (JWT key, link key, audit key, passwords) are generated for the run and never printed.
See bench/README.md, "Split mode".
"""
import argparse
import base64
import json
import os
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # the run leaves the working tree as it found it
from benchlib import Api, _wrk_summary, adjust_item, admin_password, create_batch, login, parse_wrk, wait_processors, wait_total  # noqa: E402

ADMIN = "admin"
NGINX_CONF = os.path.join(REPO, "ops", "nginx", "nginx.conf")
CLK_TCK = os.sysconf("SC_CLK_TCK")


def log(msg):
    print(f"[split {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def loadavg():
    return " ".join(open("/proc/loadavg").read().split()[:3])


# ------------------------------------------------------------------------------------------------ CPU accounting

def proc_cpu_s(pid):
    """utime + stime of one process, in seconds (0 when it is gone)."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK
    except (OSError, IndexError, ValueError):
        return 0.0


def pids_where(pred):
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            stat = open(f"/proc/{d}/stat").read()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if pred(int(d), comm, ppid):
            out.append(int(d))
    return out


def machine_ticks():
    f = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    return sum(f), f[3] + f[4]


class CpuWindow:
    """CPU seconds used by each group of processes between start() and stop(). PostgreSQL is every process
    named postgres on the machine (its backends are not ours to tell apart): other databases' work counts too."""

    def __init__(self, groups):
        self.groups = groups  # name -> function returning pids

    def _sample(self):
        s = {name: {pid: proc_cpu_s(pid) for pid in fn()} for name, fn in self.groups.items()}
        s["postgres"] = {pid: proc_cpu_s(pid) for pid in pids_where(lambda p, c, pp: c.startswith("postgres"))}
        return s

    def start(self):
        self.t0 = time.time()
        self.m0 = machine_ticks()
        self.c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.s0 = self._sample()

    def stop(self):
        s1 = self._sample()
        m1 = machine_ticks()
        c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = {}
        for name in s1:
            # Processes that started inside the window count from 0; ones that ended are lost (none should).
            out[name + "_cpu_s"] = round(sum(v - self.s0.get(name, {}).get(pid, 0.0) for pid, v in s1[name].items()), 2)
        # wrk is the only child reaped inside the window.
        out["load_generator_cpu_s"] = round((c1.ru_utime + c1.ru_stime) - (self.c0.ru_utime + self.c0.ru_stime), 2)
        total, idle = m1[0] - self.m0[0], m1[1] - self.m0[1]
        out["machine_busy_pct"] = round(100 * (1 - idle / max(total, 1)), 1)
        out["window_s"] = round(time.time() - self.t0, 2)
        return out


# ------------------------------------------------------------------------------------------------ the run

class Run:
    def __init__(self, args):
        self.args = args
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        self.dir = os.path.join(HERE, "results", stamp + "-split")
        os.makedirs(self.dir, exist_ok=True)
        self.work = tempfile.mkdtemp(prefix="stockade-split-bench-", dir=args.data_root)
        os.chmod(self.work, 0o755)
        self.tag = secrets.token_hex(4)
        self.redis_prefix = f"stockade-split-bench-{self.tag}:"
        self.password = admin_password()
        self.processes = []  # (Popen, name): everything we started and must stop
        self.databases = []  # (database, owner, app)
        self.notes = []
        self.token_file = os.path.join(self.work, "token")
        self.ids_file = os.path.join(self.work, "adjust-ids.txt")

    def note(self, msg):
        self.notes.append(msg)
        log("NOTE: " + msg)

    # ---------------------------------------------------------------- secrets shared by every node of the run

    def make_secrets(self):
        pem = subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
                             capture_output=True, check=True, text=True).stdout
        # The documented way to make the audit checkpoint key (README); the jar prints it, we keep it.
        out = subprocess.run(["java", "-jar", self.args.jar, "audit", "new-key", "stockade-bench"],
                             capture_output=True, text=True, timeout=300)
        audit = next((l.split("=", 1)[1] for l in out.stdout.splitlines()
                      if l.startswith("STOCKADE_AUDIT_SIGNING_KEY=")), None)
        if out.returncode != 0 or not audit:
            raise SystemExit(f"'audit new-key' failed (exit {out.returncode}): {out.stderr[-500:]}")
        self.secrets = {"STOCKADE_JWT_PRIVATE_KEY": pem.strip(),
                        "STOCKADE_URL_SIGNING_KEY": base64.b64encode(os.urandom(32)).decode(),
                        "STOCKADE_AUDIT_SIGNING_KEY": audit,
                        # As docker compose does: personal-data keys wrapped (production mode refuses them in clear).
                        "STOCKADE_PERSONAL_DATA_WRAPPING_KEY": base64.b64encode(os.urandom(32)).decode()}

    # ---------------------------------------------------------------- PostgreSQL

    def psql(self, database, sql, quiet=True):
        """Runs SQL as the superuser; the SQL goes through stdin so that passwords never reach a command line."""
        cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.args.pg_host, "-p", str(self.args.pg_port),
               "-U", self.args.pg_user, "-d", database, "-At", "-f", "-"]
        r = subprocess.run(cmd, input=sql, capture_output=True, text=True, timeout=300)
        if r.returncode != 0:
            raise RuntimeError(f"psql on {database} failed: {r.stderr.strip()[:500]}")
        return r.stdout

    def provision(self, setup):
        """A database with an owner role (migrations) and an application role, as DatabaseProvisioner makes them."""
        name = f"stockade_splitbench_{self.tag}_{re.sub('[^a-z0-9]', '', setup)}"
        owner, app = name + "_owner", name + "_app"
        owner_pw, app_pw = secrets.token_urlsafe(18), secrets.token_urlsafe(18)
        self.databases.append((name, owner, app))

        def lit(s):
            return "'" + s.replace("'", "''") + "'"
        attrs = "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB"
        self.psql("postgres", f"CREATE ROLE {owner} {attrs} PASSWORD {lit(owner_pw)};\n"
                              f"CREATE ROLE {app} {attrs} PASSWORD {lit(app_pw)};\n")
        self.psql("postgres", f"CREATE DATABASE {name} OWNER {owner} ENCODING 'UTF8';\n")
        self.psql("postgres", f"REVOKE ALL ON DATABASE {name} FROM PUBLIC;\nGRANT CONNECT ON DATABASE {name} TO {app};\n")
        self.psql(name, "ALTER FUNCTION pg_catalog.textlike(text, text) LEAKPROOF;\n")
        return {"SPRING_DATASOURCE_URL": f"jdbc:postgresql://{self.args.pg_host}:{self.args.pg_port}/{name}",
                "SPRING_DATASOURCE_USERNAME": app, "SPRING_DATASOURCE_PASSWORD": app_pw,
                "STOCKADE_DB_MIGRATION_USERNAME": owner, "STOCKADE_DB_MIGRATION_PASSWORD": owner_pw}, name

    def drop(self, name, owner, app):
        try:
            self.psql("postgres", f"DROP DATABASE IF EXISTS {name} WITH (FORCE);\n"
                                  f"DROP ROLE IF EXISTS {app};\nDROP ROLE IF EXISTS {owner};\n")
            log(f"dropped database {name}")
        except Exception as e:  # noqa: BLE001 - cleanup goes on
            log(f"could not drop {name}: {e}")

    # ---------------------------------------------------------------- processes

    def start_jvm(self, jar, name, setup_dir, db_env, heap):
        port, mgmt = free_port(), free_port()
        data = os.path.join(self.work, name)
        os.makedirs(data, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("STOCKADE_", "SPRING_"))}
        env.update(db_env)
        env.update(self.secrets)
        env.update({
            "SERVER_PORT": str(port), "MANAGEMENT_SERVER_PORT": str(mgmt), "STOCKADE_HTTPS_PORT": str(free_port()),
            "STOCKADE_DATA_DIR": data, "SPRING_PROFILES_ACTIVE": "bench",
            "STOCKADE_BOOTSTRAP_ADMIN_USERNAME": ADMIN, "STOCKADE_BOOTSTRAP_ADMIN_EMAIL": "admin@example.test",
            "STOCKADE_BOOTSTRAP_ADMIN_PASSWORD": self.password,
            "STOCKADE_SECURITY_REDIS_URL": self.args.redis_url, "STOCKADE_SECURITY_REDIS_KEY_PREFIX": self.redis_prefix,
            # nginx is the only client address the services see.
            "STOCKADE_SECURITY_TRUSTED_PROXIES": "127.0.0.1",
            # What the all-in-one jar's bench profile sets; the service jars have no such profile.
            "STOCKADE_SECURITY_LIMITS_ANONYMOUS_REQUESTS": "1000000",
            "STOCKADE_SECURITY_LIMITS_LOGIN_REQUESTS": "1000000",
            "STOCKADE_SECURITY_LIMITS_LOGINIP_REQUESTS": "1000000",
            "STOCKADE_SECURITY_LIMITS_USER_REQUESTS": "100000000",
            "STOCKADE_PRIVACY_ERASURE_DIR": os.path.join(self.work, "erasures"),
            "AXONIQ_UPDATE_CHECKER_DISABLED": "true",
        })
        logf = open(os.path.join(setup_dir, name + ".log"), "w")
        cmd = ["java", f"-Xmx{heap}", *self.args.java_opts.split(), "-jar", jar]
        # A session of its own: Ctrl-C reaches this script, which then stops the JVM itself.
        p = subprocess.Popen(cmd, env=env, stdout=logf, stderr=subprocess.STDOUT, start_new_session=True,
                             cwd=data)
        self.processes.append((p, name))
        return {"name": name, "proc": p, "port": port, "management": mgmt, "log": logf.name,
                "base": f"http://127.0.0.1:{port}"}

    def await_healthy(self, nodes, timeout):
        t0 = time.time()
        pending = list(nodes)
        while pending:
            for n in list(pending):
                if n["proc"].poll() is not None:
                    tail = open(n["log"]).read()[-3000:]
                    raise RuntimeError(f"{n['name']} exited during start-up (exit {n['proc'].returncode}):\n{tail}")
                try:
                    with urllib.request.urlopen(n["base"] + "/health", timeout=3) as r:
                        if r.status == 200:
                            pending.remove(n)
                            log(f"{n['name']} healthy after {time.time() - t0:.0f}s")
                except (urllib.error.URLError, OSError):
                    pass
            if time.time() - t0 > timeout:
                raise RuntimeError(f"not healthy within {timeout}s: {[n['name'] for n in pending]}")
            time.sleep(0.5)
        return round(time.time() - t0, 1)

    def start_nginx(self, setup_dir, command, query):
        """The front door as FrontDoor (webapp's ops tests) runs it: the repository's nginx.conf with the compose
        service names replaced by the given upstreams, on a free loopback port, in a temporary prefix."""
        temp = os.path.join(self.work, "nginx-" + os.path.basename(setup_dir))
        spa = os.path.join(temp, "spa")
        os.makedirs(spa, exist_ok=True)
        with open(os.path.join(spa, "index.html"), "w") as f:
            f.write("<!doctype html><title>Stockade</title>")
        port = free_port()
        conf = open(NGINX_CONF).read()

        def servers(addresses):
            return "\n        ".join(f"server {a};" for a in addresses)
        for old, new in (("server command-side:8080;", servers(command)),
                         ("server query-side:8080;", servers(query)),
                         ("listen 8080;", f"listen 127.0.0.1:{port};"),
                         ("/etc/nginx/stockade-spa-headers.conf", os.path.join(REPO, "ops", "nginx", "spa-headers.conf")),
                         ("/usr/share/stockade/spa", spa),
                         ("pid /tmp/nginx.pid;", f"pid {temp}/nginx.pid;"),
                         ("/tmp/nginx-", f"{temp}/nginx-"),
                         ("access_log /dev/stdout;", "access_log off;")):
            if old not in conf:
                raise RuntimeError(f"ops/nginx/nginx.conf no longer contains {old!r}: update split_bench.py and FrontDoor")
            conf = conf.replace(old, new)
        assert "command-side:" not in conf and "query-side:" not in conf
        path = os.path.join(temp, "nginx.conf")
        with open(path, "w") as f:
            f.write(conf)
        shutil.copy(path, os.path.join(setup_dir, "nginx.conf"))
        glob = "daemon off;" + (" user root;" if os.geteuid() == 0 else "")
        out = open(os.path.join(setup_dir, "nginx.out"), "w")
        p = subprocess.Popen(["nginx", "-p", temp, "-c", path, "-e", os.path.join(setup_dir, "nginx-error.log"),
                              "-g", glob], stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append((p, "nginx"))
        deadline = time.time() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if p.poll() is not None or time.time() > deadline:
                    raise RuntimeError("nginx did not start: " + open(out.name).read()[-2000:])
                time.sleep(0.05)
        return {"proc": p, "base": f"http://127.0.0.1:{port}"}

    def stop(self, proc, name, grace=30):
        if proc.poll() is not None:
            return
        log(f"stopping {name} (pid {proc.pid})")
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            log(f"{name} did not stop within {grace}s: SIGKILL")
            proc.kill()
            proc.wait(10)

    def stop_all(self, procs):
        for p, name in reversed(procs):
            self.stop(p, name)
        self.processes = [(p, n) for p, n in self.processes if p.poll() is None]

    def delete_redis_keys(self):
        try:
            keys = subprocess.run(["redis-cli", "-u", self.args.redis_url, "--scan", "--pattern", self.redis_prefix + "*"],
                                  capture_output=True, text=True, timeout=60).stdout.split()
            for i in range(0, len(keys), 500):
                subprocess.run(["redis-cli", "-u", self.args.redis_url, "DEL", *keys[i:i + 500]],
                               capture_output=True, timeout=60)
            log(f"deleted {len(keys)} Redis keys under {self.redis_prefix}")
        except (OSError, subprocess.SubprocessError) as e:
            log(f"could not delete Redis keys {self.redis_prefix}*: {e}")

    def cleanup(self):
        self.stop_all(list(self.processes))
        for d in self.databases:
            self.drop(*d)
        self.databases = []
        self.delete_redis_keys()
        if self.args.keep_data:
            log(f"data kept in {self.work}")
        else:
            shutil.rmtree(self.work, ignore_errors=True)

    # ---------------------------------------------------------------- load

    def sign_in(self, base):
        api = Api(base)
        token = login(api, ADMIN, self.password, time.time() + 120)
        with open(self.token_file, "w") as f:
            f.write(token)
        return token

    def wrk(self, base, seconds, out):
        cmd = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--timeout", "30s", "-s", os.path.join(HERE, "adjust.lua"),
               base, "--", self.token_file, self.ids_file]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 90)
        with open(out, "w") as f:
            f.write(r.stdout + r.stderr)
        summary = _wrk_summary(parse_wrk(r.stdout))
        if summary is None:
            raise RuntimeError(f"wrk printed no summary (exit {r.returncode}): {r.stderr[-500:]}")
        return summary

    def fixed_rate(self, base, out):
        cmd = [sys.executable, os.path.join(HERE, "fixed_rate.py"), "--base", base, "--token-file", self.token_file,
               "--ids-file", self.ids_file, "--rates", str(self.args.rate), "--duration", str(self.args.duration)]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=self.args.duration + 120)
        with open(out, "w") as f:
            f.write(r.stdout + r.stderr)
        sys.stderr.write(r.stderr)
        if r.returncode != 0:
            raise RuntimeError(f"fixed_rate.py failed (exit {r.returncode})")
        res = json.loads(r.stdout)[0]
        return {k: res.get(k) for k in ("rate", "achieved_rps", "p50_ms", "p90_ms", "p99_ms", "max_ms", "errors",
                                        "service_p99_ms", "max_dispatch_lag_ms", "status_counts")}

    def measure(self, label, base, management, setup_dir, cpu):
        """One target: closed-loop wrk with CPU accounting, the catch-up after it, then the fixed rate."""
        slug = label.replace(" ", "_")
        self.sign_in(base)
        log(f"[{label}] wrk: 2 threads, 32 connections, {self.args.duration}s of stock adjustments")
        cpu.start()
        adj = self.wrk(base, self.args.duration, os.path.join(setup_dir, slug + ".wrk.log"))
        usage = cpu.stop()
        lag = wait_processors(management, self.args.lag_timeout)
        log(f"[{label}] {adj['throughput_rps']} req/s, p99 {adj['p99_ms']} ms, non-2xx {adj['non2xx']}, "
            f"errors {adj['errors']}; lag {lag.get('max_lag_events')} events, caught up in {lag.get('catchup_s')}s")
        res = dict(adj)
        res["projection_lag"] = lag
        wrk_s = adj["requests"] / adj["throughput_rps"] if adj.get("throughput_rps") else None
        if wrk_s and lag.get("caught_up"):
            res["sustained_rps"] = round(adj["requests"] / (wrk_s + lag["catchup_s"]), 1)
        server = usage.get("jvm_cpu_s", 0) + usage.get("nginx_cpu_s", 0) + usage.get("postgres_cpu_s", 0)
        usage["server_cpu_ms_per_request"] = round(1000 * server / adj["requests"], 2) if adj["requests"] else None
        res["cpu"] = usage
        self.sign_in(base)
        log(f"[{label}] fixed rate {self.args.rate}/s for {self.args.duration}s")
        res["fixed_rate"] = self.fixed_rate(base, os.path.join(setup_dir, slug + ".fixed_rate.log"))
        wait_processors(management, self.args.lag_timeout)
        res["loadavg_after"] = loadavg()
        return res

    def run_setup(self, key, commands, queries):
        """commands == queries == 0: the all-in-one jar (direct, then through nginx); else the split services."""
        setup_dir = os.path.join(self.dir, key)
        os.makedirs(setup_dir, exist_ok=True)
        out = {"loadavg_before": loadavg()}
        db_env, dbname = self.provision(key)
        started = []
        try:
            if commands == 0:
                nodes = [self.start_jvm(self.args.jar, "all-in-one", setup_dir, db_env, self.args.aio_heap)]
                cmd_nodes, query_nodes = nodes, nodes
            else:
                cmd_nodes = [self.start_jvm(self.args.command_jar, f"command-{i + 1}", setup_dir, db_env, self.args.heap)
                             for i in range(commands)]
                query_nodes = [self.start_jvm(self.args.query_jar, f"query-{i + 1}", setup_dir, db_env, self.args.heap)
                               for i in range(queries)]
                nodes = cmd_nodes + query_nodes
            started = [(n["proc"], n["name"]) for n in nodes]
            log(f"[{key}] starting {len(nodes)} JVM(s) at once on database {dbname}")
            out["startup_s"] = self.await_healthy(nodes, self.args.start_timeout)
            nginx = self.start_nginx(setup_dir, [f"127.0.0.1:{n['port']}" for n in cmd_nodes],
                                     [f"127.0.0.1:{n['port']}" for n in query_nodes])
            started.append((nginx["proc"], "nginx"))
            management = f"http://127.0.0.1:{query_nodes[0]['management']}"
            jvm_pids = [n["proc"].pid for n in nodes]
            cpu = CpuWindow({"jvm": lambda: jvm_pids,
                             "nginx": lambda: [nginx["proc"].pid] + pids_where(lambda p, c, pp: pp == nginx["proc"].pid)})
            # The all-in-one jar is measured directly again after nginx: the JVM and the tables keep warming up
            # for minutes (see phase a), so nginx's cost is nginx against the two direct runs around it. The first
            # direct run is the baseline: it comes at the same point after the warm-up as the split set-ups' run.
            targets = [("direct", nodes[0]["base"]), ("nginx", nginx["base"]), ("direct_again", nodes[0]["base"])] \
                if commands == 0 else [("nginx", nginx["base"])]

            first = targets[0][1]
            self.sign_in(first)
            api = Api(first, open(self.token_file).read().strip(), ADMIN, self.password, timeout=600)
            t0 = time.time()
            res = create_batch(first, [api.token], [adjust_item(i, 1_000_000) for i in range(self.args.items)],
                               1000, time.time() + 300, (ADMIN, self.password))
            if res is None or len(res[0]) < self.args.items:
                raise RuntimeError(f"could not create the {self.args.items} items: {res and res[1][:3]}")
            with open(self.ids_file, "w") as f:
                f.write("\n".join(res[0]) + "\n")
            reached, total = wait_total(api, self.args.items, time.time() + 120)
            log(f"[{key}] {len(res[0])} items created in {time.time() - t0:.1f}s, read side total {total}")

            if self.args.warmup > 0:
                log(f"[{key}] warm-up: {self.args.warmup}s of adjustments through {targets[0][0]} (not measured), "
                    f"then ANALYZE")
                warm = self.wrk(first, self.args.warmup, os.path.join(setup_dir, "warmup.wrk.log"))
                out["warmup"] = {k: warm[k] for k in ("throughput_rps", "p99_ms", "non2xx", "errors")}
                wait_processors(management, self.args.lag_timeout)
                self.psql(dbname, "ANALYZE;\n")
            for label, base in targets:
                out[label] = self.measure(f"{key} {label}", base, management, setup_dir, cpu)
            out["app_log_errors"] = {n["name"]: sum(1 for l in open(n["log"], errors="replace") if " ERROR " in l)
                                     for n in nodes}
            # A Redis call that times out (a saturated machine) falls back to the node's own limiter: counted, since
            # it is a cost of sharing limits between processes that the all-in-one jar pays too.
            out["redis_fallback_warnings"] = {
                n["name"]: sum(1 for l in open(n["log"], errors="replace") if "Redis is unreachable" in l) for n in nodes}
            if any(out["app_log_errors"].values()):
                self.note(f"{key}: ERROR lines in the service logs {out['app_log_errors']} (see {setup_dir})")
        finally:
            self.stop_all(started)
            name, owner, app = next(d for d in self.databases if d[0] == dbname)
            self.drop(name, owner, app)
            self.databases.remove((name, owner, app))
            for f in (self.token_file, self.ids_file):
                if os.path.exists(f):
                    os.remove(f)
        out["loadavg_after"] = loadavg()
        return out


# ------------------------------------------------------------------------------------------------ the report

def summarise(setups, notes):
    """One row per measured target, with ratios against the all-in-one jar measured directly."""
    names = {"all-in-one": "all-in-one", "split-1+1": "1 command + 1 query", "split-2+2": "2 command + 2 query"}
    query_side = set()
    for key, s in setups.items():
        if key.startswith("split") and isinstance(s, dict) and s.get("nginx"):
            query_side |= set(s["nginx"]["projection_lag"].get("local_processors") or [])
    rows = []
    for key, s in setups.items():
        if not isinstance(s, dict) or "error" in s:
            continue
        for target in ("direct", "nginx", "direct_again"):
            r = s.get(target)
            if not r:
                continue
            suffix = {"direct": " direct", "nginx": " through nginx", "direct_again": " direct again (after nginx)"}
            lag = r["projection_lag"]
            by = lag.get("catchup_s_by_processor") or {}
            q = [v for k, v in by.items() if k in query_side] if query_side else list(by.values())
            fr = r.get("fixed_rate") or {}
            rows.append({
                "setup": names.get(key, key) + suffix[target],
                "throughput_rps": r.get("throughput_rps"), "sustained_rps": r.get("sustained_rps"),
                "p50_ms": r.get("p50_ms"), "p99_ms": r.get("p99_ms"),
                "non2xx": r.get("non2xx"), "errors": r.get("errors"),
                "lag_events_at_end": lag.get("max_lag_events"), "catchup_s": lag.get("catchup_s"),
                "query_side_catchup_s": max(q) if q and lag.get("caught_up") else None,
                "fixed_rate": {k: fr.get(k) for k in ("rate", "achieved_rps", "p50_ms", "p99_ms", "max_ms", "errors")},
                "server_cpu_ms_per_request": r["cpu"].get("server_cpu_ms_per_request"),
                "jvm_cpu_ms_per_request": round(1000 * r["cpu"]["jvm_cpu_s"] / r["requests"], 2) if r.get("requests") else None,
                "machine_busy_pct": r["cpu"].get("machine_busy_pct"),
                "loadavg_after": r.get("loadavg_after"),
            })
    base = next((r for r in rows if r["setup"] == "all-in-one direct"), None)

    def ratio(a, b):
        return round(a / b, 3) if a is not None and b else None
    for r in rows:
        if base is None:
            break
        r["vs_all_in_one_direct"] = {
            "throughput": ratio(r["throughput_rps"], base["throughput_rps"]),
            "sustained": ratio(r["sustained_rps"], base["sustained_rps"]),
            "closed_loop_p99": ratio(r["p99_ms"], base["p99_ms"]),
            "fixed_rate_p99": ratio(r["fixed_rate"]["p99_ms"], base["fixed_rate"]["p99_ms"]),
            "catchup": ratio(r["catchup_s"], base["catchup_s"]),
            "server_cpu_per_request": ratio(r["server_cpu_ms_per_request"], base["server_cpu_ms_per_request"]),
        }
    return rows, sorted(query_side)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="duration 10, warm-up 10 (about 5 minutes in all)")
    p.add_argument("--duration", type=int, help="seconds of the closed-loop run and of the fixed rate (default 30)")
    p.add_argument("--warmup", type=int, help="seconds of unmeasured load per set-up, then ANALYZE (default 60)")
    p.add_argument("--rate", type=int, default=50, help="the fixed rate, requests/s, below saturation (default 50)")
    p.add_argument("--items", type=int, default=1000)
    p.add_argument("--setups", default="all-in-one,split-1+1,split-2+2")
    p.add_argument("--jar", default=os.path.join(REPO, "webapp", "target", "stockade.jar"))
    p.add_argument("--command-jar", default=os.path.join(REPO, "command-side", "target", "stockade-command.jar"))
    p.add_argument("--query-jar", default=os.path.join(REPO, "query-side", "target", "stockade-query.jar"))
    p.add_argument("--heap", default="512m", help="-Xmx of each service JVM (default 512m)")
    p.add_argument("--aio-heap", default="1g", help="-Xmx of the all-in-one JVM (default 1g, a 1+1 pair's total)")
    p.add_argument("--java-opts", default=os.environ.get("BENCH_JAVA_OPTS", ""))
    p.add_argument("--pg-host", default="127.0.0.1")
    p.add_argument("--pg-port", type=int, default=5432)
    p.add_argument("--pg-user", default="postgres", help="a superuser; the password, if any, from PGPASSWORD")
    p.add_argument("--redis-url", default="redis://127.0.0.1:6379")
    p.add_argument("--start-timeout", type=int, default=600)
    p.add_argument("--lag-timeout", type=int, default=300)
    p.add_argument("--data-root", default="/var/tmp")
    p.add_argument("--keep-data", action="store_true")
    a = p.parse_args()
    a.duration = a.duration or (10 if a.quick else 30)
    a.warmup = a.warmup if a.warmup is not None else (10 if a.quick else 60)
    if a.quick:
        a.lag_timeout = min(a.lag_timeout, 120)
    plan = {"all-in-one": (0, 0), "split-1+1": (1, 1), "split-2+2": (2, 2)}
    setups = [s.strip() for s in a.setups.split(",") if s.strip()]
    bad = [s for s in setups if s not in plan]
    if bad:
        p.error(f"unknown set-up(s) {bad}; choose from {list(plan)}")

    missing = [t for t in ("java", "wrk", "nginx", "psql", "redis-cli", "openssl") if shutil.which(t) is None]
    if missing == ["wrk"] or missing == []:
        if missing:
            log("installing wrk with apt-get")
            subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], stdout=sys.stderr, check=False,
                           env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    missing = [t for t in ("java", "wrk", "nginx", "psql", "redis-cli", "openssl") if shutil.which(t) is None]
    if missing:
        sys.exit(f"missing tools: {missing} (apt-get install wrk nginx postgresql-client redis-tools openssl)")
    for jar, needed in ((a.jar, True), (a.command_jar, any(s.startswith("split") for s in setups)),
                        (a.query_jar, any(s.startswith("split") for s in setups))):
        if needed and not os.path.isfile(jar):
            sys.exit(f"no jar at {jar} (build it first, or pass --jar/--command-jar/--query-jar)")
    a.jar, a.command_jar, a.query_jar = (os.path.abspath(x) for x in (a.jar, a.command_jar, a.query_jar))

    run = Run(a)
    runlog = open(os.path.join(run.dir, "run.log"), "a")

    class Tee:
        def __init__(self, *s):
            self.s = s

        def write(self, x):
            for s in self.s:
                s.write(x)

        def flush(self):
            for s in self.s:
                s.flush()
    sys.stderr = Tee(sys.__stderr__, runlog)
    real_stdout, sys.stdout = sys.stdout, sys.stderr  # stdout is kept for the JSON document

    def on_term(signum, frame):
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, on_term)

    started_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    t1, i1 = machine_ticks()
    time.sleep(3)
    t2, i2 = machine_ticks()
    busy = round(100 * (1 - (i2 - i1) / max(t2 - t1, 1)))
    doc = {"machine": {"cores": os.cpu_count(), "loadavg_start": loadavg(), "cpu_busy_pct_before": busy},
           "settings": {"duration_s": a.duration, "warmup_s": a.warmup, "fixed_rate": a.rate, "items": a.items,
                        "quick": a.quick, "setups": setups, "heap": a.heap, "aio_heap": a.aio_heap,
                        "jar": a.jar, "command_jar": a.command_jar, "query_jar": a.query_jar,
                        "started_at": started_at}}
    if busy > 25:
        run.note(f"the machine was busy before the run ({busy}% CPU in use, load average {loadavg()}): numbers are noisy")
    log(f"run {run.dir}: set-ups {setups}, duration {a.duration}s, warm-up {a.warmup}s, fixed rate {a.rate}/s, "
        f"{os.cpu_count()} cores, load average {loadavg()}")
    results = {}
    rc = 0
    t_run = time.time()
    try:
        # A build next to the run may replace the jars while a JVM still reads classes from them.
        for attr in ("jar", "command_jar", "query_jar"):
            if os.path.isfile(getattr(a, attr)):
                copy = os.path.join(run.work, attr.replace("_", "-") + ".jar")
                shutil.copy(getattr(a, attr), copy)
                setattr(a, attr, copy)
        run.make_secrets()
        for key in setups:
            t0 = time.time()
            log(f"=== set-up {key}")
            try:
                results[key] = run.run_setup(key, *plan[key])
            except (RuntimeError, OSError, subprocess.SubprocessError, ValueError, KeyError) as e:
                run.note(f"set-up {key} failed: {e}"[:1500])
                results[key] = {"error": str(e)[:500]}
            results[key]["seconds"] = round(time.time() - t0, 1)
    except (KeyboardInterrupt, SystemExit) as e:
        rc = 130 if isinstance(e, KeyboardInterrupt) else (e.code if isinstance(e.code, int) else 1)
        run.note(f"interrupted (exit {rc})")
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not leave processes or databases behind
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        run.cleanup()
    rows, query_side = summarise(results, run.notes)
    doc["machine"]["loadavg_end"] = loadavg()
    doc["summary"] = rows
    doc["query_side_processors"] = query_side
    doc["setups"] = results
    doc["notes"] = run.notes
    doc["seconds"] = round(time.time() - t_run, 1)
    text = json.dumps(doc, indent=2)
    with open(os.path.join(run.dir, "result.json"), "w") as f:
        f.write(text + "\n")
    shutil.copy(os.path.join(run.dir, "result.json"), os.path.join(HERE, "results", "latest-split.json"))
    log(f"done in {doc['seconds']}s; logs in {run.dir}")
    print(text, file=real_stdout)
    sys.exit(rc)


if __name__ == "__main__":
    main()
