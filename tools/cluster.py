# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""`make cluster`: the addon on a production-shaped Odoo on this machine, and four checks.

    python3 tools/cluster.py CONFIG SOURCE_DB

- a private PostgreSQL primary (its socket in .cluster/, no TCP port) holding a copy of the
  benchmark database SOURCE_DB (pg_dump | pg_restore; the shared server is only read), and a
  streaming replica of it made with pg_basebackup, on 127.0.0.1:$CLUSTER_REPLICA_PORT (5499);
  both clusters belong to the user postgres;
- two Odoo servers, `--workers=2 --max-cron-threads=1`, on 127.0.0.1 ports
  $CLUSTER_PORT_A and $CLUSTER_PORT_B (8221, 8222), with db_replica_host/db_replica_port;
- the checks, printed (and written to .cluster/results.json):
  1. the recompute job triggered on both servers at once runs once;
  2. Recompute now over HTTP on server B while A's job runs gets "already running", and an
     override saved meanwhile is saved and its recompute queued;
  3. /my/strategic and a consumption report's download are served by the replica
     (its pg_stat_database counts their transactions) while the primary runs the job;
  4. 50 portal users and 10 back-office users reading the strategic list during the job:
     every request answered, none over 120 s, each list as of one recompute.

Every loop is bounded (timeouts); the servers and clusters are stopped at the end.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".cluster"
PG_BIN = Path(os.environ.get("CLUSTER_PG_BIN", "/usr/lib/postgresql/15/bin"))
PORT_A = int(os.environ.get("CLUSTER_PORT_A", "8221"))
PORT_B = int(os.environ.get("CLUSTER_PORT_B", "8222"))
REPLICA_PORT = int(os.environ.get("CLUSTER_REPLICA_PORT", "5499"))
PORTAL_USERS = 50
OFFICE_USERS = 10
LIMIT_REAL = 120  # seconds: Odoo's default limit_time_real, and the goal of check 4
# the cron workers' own limit (default: Odoo's, limit_time_real). An idle cron worker sleeps
# 60 to 69 s between polls, so a limit of 60 s kills idle workers too (logged as errors)
LIMIT_REAL_CRON = os.environ.get("CLUSTER_LIMIT_TIME_REAL_CRON", "")
CRON_XMLID = "strategic_client.ir_cron_strategic_recompute"


def log(message):
    print(f"[cluster {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(*command, user=None, **kwargs):
    if user:
        command = ("runuser", "-u", user, "--", *command)
    return subprocess.run(command, check=True, text=True, capture_output=True, **kwargs)


# ----------------------------------------------------------------------------------------
# PostgreSQL: a private primary and its streaming replica
# ----------------------------------------------------------------------------------------
class Postgres:
    def __init__(self, name, port, tcp):
        self.dir = WORK / name
        self.data = self.dir / "data"
        self.sock = self.dir / "run"
        self.port = port
        self.tcp = tcp

    def start(self):
        options = (
            f"-p {self.port} -k {self.sock} "
            f"-c listen_addresses='{'127.0.0.1' if self.tcp else ''}' "
            "-c wal_level=replica -c max_wal_senders=4 -c hot_standby=on "
            "-c max_connections=200 -c shared_buffers=256MB"
        )
        run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.dir / "server.log"),
            "-w",
            "-t",
            "120",
            "-o",
            options,
            "start",
            user="postgres",
        )

    def stop(self):
        if (self.data / "postmaster.pid").exists():
            subprocess.run(
                [
                    "runuser",
                    "-u",
                    "postgres",
                    "--",
                    str(PG_BIN / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-m",
                    "fast",
                    "-w",
                    "-t",
                    "60",
                    "stop",
                ],
                check=False,
                capture_output=True,
            )

    def psql(self, db, sql):
        return run(
            "psql", "-h", str(self.sock), "-p", str(self.port), "-d", db, "-Atc", sql
        ).stdout.strip()


def copy_filestore(config, source_db, db):
    """The copy's attachments (assets, reports) where Odoo looks for them."""
    data_dir = next(
        (
            line.split("=", 1)[1].strip()
            for line in config.read_text().splitlines()
            if line.split("=")[0].strip() == "data_dir"
        ),
        os.path.expanduser("~/.local/share/Odoo"),
    )
    source, target = Path(data_dir, "filestore", source_db), Path(data_dir, "filestore", db)
    shutil.rmtree(target, ignore_errors=True)
    if source.exists():
        shutil.copytree(source, target)


def prepare_databases(source_db, db):
    primary = Postgres("primary", 5432, tcp=False)
    replica = Postgres("replica", REPLICA_PORT, tcp=True)
    for cluster in (replica, primary):
        cluster.stop()
    shutil.rmtree(WORK / "primary", ignore_errors=True)
    shutil.rmtree(WORK / "replica", ignore_errors=True)
    for cluster in (primary, replica):
        cluster.sock.mkdir(parents=True)
        shutil.chown(cluster.dir, "postgres")
        shutil.chown(cluster.sock, "postgres")
    log("private primary: initdb, then a copy of the benchmark database ...")
    run(
        str(PG_BIN / "initdb"),
        "-D",
        str(primary.data),
        "-U",
        "root",
        "--auth=trust",
        "-E",
        "UTF8",
        user="postgres",
    )
    with open(primary.data / "pg_hba.conf", "w") as hba:
        hba.write("local all all trust\nlocal replication all trust\n")
    primary.start()
    primary.psql("postgres", f'CREATE DATABASE "{db}"')
    started = time.time()
    dump = subprocess.Popen(["pg_dump", "-Fc", "-d", source_db], stdout=subprocess.PIPE)
    run(
        "pg_restore",
        "-h",
        str(primary.sock),
        "-p",
        "5432",
        "-d",
        db,
        "--no-owner",
        "--no-acl",
        stdin=dump.stdout,
    )
    dump.wait(timeout=3600)
    primary.psql(db, "ANALYZE")
    # the copy's other scheduled jobs wait a day: the servers' logs show the addon's job
    primary.psql(
        db,
        "UPDATE ir_cron SET nextcall = now() AT TIME ZONE 'UTC' + interval '1 day'"
        " WHERE id NOT IN (SELECT res_id FROM ir_model_data WHERE module = 'strategic_client'"
        " AND name = 'ir_cron_strategic_recompute')",
    )
    log(f"copied '{source_db}' in {time.time() - started:.0f} s")
    log("streaming replica: pg_basebackup ...")
    run(
        str(PG_BIN / "pg_basebackup"),
        "-h",
        str(primary.sock),
        "-p",
        "5432",
        "-U",
        "root",
        "-D",
        str(replica.data),
        "-R",
        "-X",
        "stream",
        "-c",
        "fast",
        user="postgres",
    )
    with open(replica.data / "pg_hba.conf", "w") as hba:
        hba.write("local all all trust\nhost all all 127.0.0.1/32 trust\n")
    replica.start()
    for _attempt in range(120):
        if replica.psql("postgres", "SELECT pg_is_in_recovery()") == "t":
            break
        time.sleep(1)
    log(f"replica in recovery on 127.0.0.1:{REPLICA_PORT}, streaming from the primary")
    return primary, replica


# ----------------------------------------------------------------------------------------
# Odoo: two servers in multi-worker mode
# ----------------------------------------------------------------------------------------
class Server:
    def __init__(self, name, port, config, db, primary):
        self.name, self.port, self.db = name, port, db
        self.url = f"http://127.0.0.1:{port}"
        self.log = WORK / f"server_{name}.log"
        self.conf = WORK / f"server_{name}.conf"
        base = [
            line
            for line in config.read_text().splitlines()
            if not line.split("=")[0].strip()
            in (
                "http_port",
                "db_host",
                "db_port",
                "db_name",
                "dbfilter",
                "workers",
                "max_cron_threads",
                "logfile",
                "gevent_port",
                "http_interface",
                "db_replica_host",
                "db_replica_port",
                "limit_time_real_cron",
                "pidfile",
            )
        ]
        self.conf.write_text(
            "\n".join(base)
            + f"""
http_interface = 127.0.0.1
http_port = {port}
gevent_port = {port + 10}
db_host = {primary.sock}
db_port = 5432
db_name = {db}
dbfilter = ^{db}$
db_replica_host = 127.0.0.1
db_replica_port = {REPLICA_PORT}
workers = 2
max_cron_threads = 1
limit_time_real = {LIMIT_REAL}
logfile = {self.log}
"""
            + (f"limit_time_real_cron = {LIMIT_REAL_CRON}\n" if LIMIT_REAL_CRON else "")
        )
        self.process = None

    def start(self):
        self.log.write_text("")
        # the console script: Odoo's prefork server starts its gevent process again from
        # sys.argv, which `python -m odoo` would not survive
        odoo = shutil.which("odoo") or shutil.which("odoo-bin")
        with open(self.log.with_suffix(".out"), "w") as output:
            self.process = subprocess.Popen(
                [odoo, "-c", str(self.conf)],
                start_new_session=True,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        for _attempt in range(180):
            try:
                if requests.get(f"{self.url}/web/health", timeout=5).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(1)
        raise RuntimeError(f"server {self.name} did not answer on {self.url}")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)

    def errors(self):
        return [
            line
            for line in self.log.read_text(errors="replace").splitlines()
            if " ERROR " in line or " CRITICAL " in line
        ]

    # --- RPC as a user -------------------------------------------------------------------
    def session(self, login, password):
        session = requests.Session()
        response = session.post(
            f"{self.url}/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "params": {"db": self.db, "login": login, "password": password},
            },
            timeout=LIMIT_REAL,
        )
        response.raise_for_status()
        if response.json().get("error"):
            raise RuntimeError(f"{login}: {response.json()['error']}")
        return session

    def call(self, session, model, method, *args, **kwargs):
        response = session.post(
            f"{self.url}/web/dataset/call_kw/{model}/{method}",
            json={
                "jsonrpc": "2.0",
                "params": {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
            },
            timeout=LIMIT_REAL + 30,
        )
        response.raise_for_status()
        body = response.json()
        if body.get("error"):
            raise RpcError(body["error"]["data"].get("message") or str(body["error"]))
        return body["result"]


class RpcError(Exception):
    pass


# ----------------------------------------------------------------------------------------
# The checks
# ----------------------------------------------------------------------------------------
def setup_users(server, admin, primary, db, cron_id):
    """A cap large enough for 50 portal users on strategic clients, each with a report
    sent; 10 back-office users of the strategic list."""
    company_id = server.call(admin, "res.users", "read", [2], ["company_id"])[0]["company_id"][0]
    server.call(admin, "res.company", "write", [company_id], {"strategic_max_clients": 80})
    # the first round by the scheduled job, as the README advises on a large base: a first
    # recompute of 100,000 clients inside a request (Recompute now) passes the 120 s limit
    server.call(admin, "ir.cron", "method_direct_trigger", [cron_id])
    waited = wait_for_the_job(primary, db, company_id, cron_id, timeout=3600)
    if waited is None:
        raise RuntimeError("set-up: the job's first round still runs after an hour")
    log(f"set-up: the job's first round over after {waited} s more")
    clients = server.call(
        admin,
        "res.partner",
        "search_read",
        [("is_strategic", "=", True)],
        ["id", "name"],
        limit=PORTAL_USERS + 5,
        order="strategic_rank",
    )
    # the portal users' clients stay strategic; the override of check 2 is on another one
    clients, other = clients[:PORTAL_USERS], clients[-1]
    portal = server.call(admin, "ir.model.data", "check_object_reference", "base", "group_portal")[
        1
    ]
    office = server.call(
        admin,
        "ir.model.data",
        "check_object_reference",
        "strategic_client",
        "group_strategic_user",
    )[1]
    internal = server.call(admin, "ir.model.data", "check_object_reference", "base", "group_user")[
        1
    ]
    users = [
        {
            "name": f"Portal {i}",
            "login": f"cluster_portal_{i}",
            "password": "cluster-pw-1",
            "partner_id": client["id"],
            "group_ids": [(6, 0, [portal])],
        }
        for i, client in enumerate(clients)
    ] + [
        {
            "name": f"Office {i}",
            "login": f"cluster_office_{i}",
            "password": "cluster-pw-1",
            "group_ids": [(6, 0, [internal, office])],
        }
        for i in range(OFFICE_USERS)
    ]
    for start in range(0, len(users), 5):  # a few per request: each within the time limit
        server.call(
            admin,
            "res.users",
            "create",
            users[start : start + 5],
            context={"no_reset_password": True},
        )
    server.call(
        admin,
        "strategic.consumption.sent",
        "create",
        [
            {
                "partner_id": client["id"],
                "company_id": company_id,
                "semester": 2019 * 2 + 1,
                "semester_label": "2019 S2",
                "state": "sent",
            }
            for client in clients
        ],
    )
    sent = server.call(
        admin,
        "strategic.consumption.sent",
        "search_read",
        [("partner_id", "=", clients[0]["id"])],
        ["id"],
        limit=1,
    )[0]["id"]
    # the job's work: a smaller cap changes the status of clients beyond it
    server.call(admin, "res.company", "write", [company_id], {"strategic_max_clients": 60})
    return company_id, clients, sent, other


def strategic_list(server, session):
    rows = server.call(
        session,
        "res.partner",
        "search_read",
        [("strategic_rank", ">", 0)],
        ["id", "is_strategic", "strategic_rank"],
        order="strategic_rank, id",
    )
    return tuple((row["id"], row["is_strategic"], row["strategic_rank"]) for row in rows)


def advisory_lock_held(primary, db, company_id):
    return (
        primary.psql(
            db,
            f"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 7410155"
            f" AND objid = {company_id} AND granted",
        )
        != "0"
    )


def wait_for_the_job(primary, db, company_id, cron_id, timeout=900):
    """Wait until the recompute job is over: no round under way, the company's lock free
    and no run of the job queued, twice in a row 2 s apart. Return the seconds waited
    (None: still running after ``timeout``)."""
    started, calm = time.time(), 0
    while time.time() - started < timeout:
        busy = (
            advisory_lock_held(primary, db, company_id)
            or primary.psql(
                db, f"SELECT strategic_batch_last_id FROM res_company WHERE id = {company_id}"
            )
            not in ("", "0")
            or primary.psql(
                db,
                f"SELECT count(*) FROM ir_cron_trigger WHERE cron_id = {cron_id}"
                f" AND call_at <= now() AT TIME ZONE 'UTC' + interval '1 minute'",
            )
            != "0"
        )
        calm = 0 if busy else calm + 1
        if calm >= 2:
            return round(time.time() - started, 1)
        time.sleep(2)
    return None


def main():
    config, source_db = sys.argv[1:3]
    db = os.environ.get("CLUSTER_DB", "h22_cluster")
    WORK.mkdir(exist_ok=True)
    results = {}
    primary, replica = prepare_databases(source_db, db)
    copy_filestore(Path(config), source_db, db)
    servers = [
        Server("a", PORT_A, Path(config), db, primary),
        Server("b", PORT_B, Path(config), db, primary),
    ]
    try:
        for server in servers:
            server.start()
        a, b = servers
        log(f"servers up: A {a.url}, B {b.url} (workers=2, max_cron_threads=1 each)")
        admin_a, admin_b = a.session("admin", "admin"), b.session("admin", "admin")
        cron_id = a.call(
            admin_a, "ir.model.data", "check_object_reference", *CRON_XMLID.split(".")
        )[1]
        company_id, clients, sent_id, other = setup_users(a, admin_a, primary, db, cron_id)
        started = primary.psql(db, "SELECT now() AT TIME ZONE 'UTC'")
        before = strategic_list(a, admin_a)
        with ThreadPoolExecutor(max_workers=8) as pool:  # the users log in before the job
            portal = list(
                pool.map(
                    lambda i: (a if i % 2 else b).session(f"cluster_portal_{i}", "cluster-pw-1"),
                    range(len(clients)),
                )
            )
            office = list(
                pool.map(
                    lambda i: (a if i % 2 else b).session(f"cluster_office_{i}", "cluster-pw-1"),
                    range(OFFICE_USERS),
                )
            )

        # --- 1. the job triggered on both servers at once --------------------------------
        outcomes = {}

        def trigger(server, session):
            try:
                server.call(session, "ir.cron", "method_direct_trigger", [cron_id])
                outcomes[server.name] = "ran"
            except (RpcError, requests.RequestException) as error:
                outcomes[server.name] = f"refused: {error}"

        jobs = [
            threading.Thread(target=trigger, args=(a, admin_a)),
            threading.Thread(target=trigger, args=(b, admin_b)),
        ]
        replica_before = int(
            replica.psql(
                "postgres", f"SELECT xact_commit FROM pg_stat_database WHERE datname = '{db}'"
            )
        )
        for job in jobs:
            job.start()
        for _attempt in range(300):  # until one of them holds the company's lock
            if advisory_lock_held(primary, db, company_id):
                break
            time.sleep(0.2)
        log("the job runs (the company's lock is held)")

        # --- 2. Recompute now on B meanwhile, an override saved meanwhile -----------------
        try:
            b.call(admin_b, "res.company", "action_strategic_recompute", [company_id])
            results["recompute_now_during_job"] = "ran (not expected)"
        except RpcError as error:
            results["recompute_now_during_job"] = str(error)
        target = other["id"]
        b.call(
            admin_b,
            "res.partner",
            "write",
            [target],
            {"strategic_override": "force_out", "strategic_override_reason": "Cluster check"},
        )
        results["override_saved"] = b.call(
            admin_b, "res.partner", "read", [target], ["strategic_override"]
        )[0]["strategic_override"]
        results["override_queued"] = int(
            primary.psql(
                db,
                f"SELECT count(*) FROM ir_cron_trigger WHERE cron_id = {cron_id}"
                f" AND create_date >= '{started}'",
            )
        )

        # --- 3 and 4. readers during the job ---------------------------------------------
        def portal_page(i):
            server = b if i % 2 == 0 else a
            t0 = time.time()
            response = portal[i].get(f"{server.url}/my/strategic", timeout=LIMIT_REAL + 30)
            return ("portal", response.status_code, time.time() - t0, None)

        def office_list(i):
            server = a if i % 2 else b
            t0 = time.time()
            figures = strategic_list(server, office[i])
            return ("office", 200, time.time() - t0, figures)

        def report(_i):
            t0 = time.time()
            response = portal[0].get(
                f"{b.url}/my/strategic/report/{sent_id}", timeout=LIMIT_REAL + 30
            )
            return ("report", response.status_code, time.time() - t0, None)

        with ThreadPoolExecutor(max_workers=PORTAL_USERS + OFFICE_USERS + 1) as pool:
            futures = [pool.submit(portal_page, i) for i in range(len(portal))]
            futures += [pool.submit(office_list, i) for i in range(OFFICE_USERS)]
            futures.append(pool.submit(report, 0))
            answers = [future.result(timeout=LIMIT_REAL + 60) for future in futures]
        lock_during_readers = advisory_lock_held(primary, db, company_id)
        replica_after = int(
            replica.psql(
                "postgres", f"SELECT xact_commit FROM pg_stat_database WHERE datname = '{db}'"
            )
        )
        for job in jobs:
            job.join(timeout=3600)
        # the trigger returns after the job's first run: its next runs (and the run queued
        # by the override) go on in the servers' cron workers
        results["job_round_over_after_readers_s"] = wait_for_the_job(
            primary, db, company_id, cron_id
        )
        after = strategic_list(a, admin_a)

        # --- what the job did --------------------------------------------------------------
        history = primary.psql(
            db,
            f"SELECT origin, count(*), count(DISTINCT (partner_id, company_id))"
            f" FROM strategic_score_history"
            f" WHERE create_date >= '{started}' GROUP BY origin",
        ).replace("\n", "; ")
        activities = primary.psql(
            db,
            "SELECT count(*) FROM (SELECT res_id, strategic_risk_key FROM mail_activity"
            "  WHERE res_model = 'res.partner' AND strategic_risk_key IS NOT NULL"
            "  GROUP BY 1, 2 HAVING count(*) > 1) AS twice",
        )
        results.update(
            job_outcomes=outcomes,
            history_origin_rows_clients=history,
            duplicate_risk_activities=int(activities),
            server_errors={server.name: server.errors() for server in servers},
            skipped_log_lines=sum(
                "skipped: another one is running" in server.log.read_text(errors="replace")
                for server in servers
            ),
            replica_transactions_during_readers=replica_after - replica_before,
            job_still_running_when_readers_ended=lock_during_readers,
            answers={
                kind: {
                    "count": sum(1 for a_ in answers if a_[0] == kind),
                    "not_200": sum(1 for a_ in answers if a_[0] == kind and a_[1] != 200),
                    "slowest_s": round(
                        max((a_[2] for a_ in answers if a_[0] == kind), default=0), 2
                    ),
                }
                for kind in ("portal", "office", "report")
            },
            office_lists_as_of_one_recompute=sum(
                1 for a_ in answers if a_[0] == "office" and a_[3] in (before, after)
            ),
        )
    finally:
        for server in servers:
            server.stop()
        replica.stop()
        primary.stop()
    (WORK / "results.json").write_text(json.dumps(results, indent=2, default=str))
    print(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
