# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Measure strategic_client on the benchmark databases built by bench/build.py.

    python3 bench/run.py CONFIG FULL_DB BASE_DB OUTPUT_JSON

Each measurement runs in its own process (so the peak memory is the measurement's own) and
in a transaction that is rolled back, so the template databases stay as built.
"""

import json
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psutil

import odoo
from odoo import api
from odoo.tools import SQL, config

GOALS = {
    "recompute_vs_sql": 3.0,
    "daily_vs_sql": 2.5,
    "growth_2x_customers": 2.2,
    "confirmation_overhead": 1.10,
    "preview_vs_recompute": 1.0,
    "scale_first": 11.0,
    "scale_daily": 11.0,
    "peak_memory_mb": 1024,
}
SCALE = os.environ.get("BENCH_SCALE") or "1"
CRON_LIMIT = 60  # --limit-time-real-cron of the scheduled job's measure


def environment(conf, db):
    config.parse_config(["-c", conf, "-d", db, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(db)
    cr = registry.cursor()
    return api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})


def timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def sql_lower_bound(env):
    """The measured values of the default criteria by plain SQL, one GROUP BY per metric."""
    company = env.company.id
    today = odoo.fields.Date.context_today(env.user)
    year_ago = odoo.fields.Date.subtract(today, years=1)
    two_years_ago = odoo.fields.Date.subtract(today, years=2)
    customers = SQL(
        "SELECT id FROM res_partner WHERE active AND customer_rank > 0"
        " AND (parent_id IS NULL OR is_company)"
    )
    invoiced = SQL(
        """
        FROM account_move_line l JOIN account_move m ON m.id = l.move_id
        WHERE l.company_id = %s AND l.parent_state = 'posted' AND l.display_type = 'product'
          AND m.move_type IN ('out_invoice', 'out_refund') AND l.partner_id IN (%s)
        """,
        company,
        customers,
    )
    queries = {
        "purchase_amount": SQL(
            "SELECT l.partner_id, SUM(-l.balance) %s AND l.invoice_date BETWEEN %s AND %s"
            " GROUP BY 1",
            invoiced,
            year_ago,
            today,
        ),
        "growth": SQL(
            "SELECT l.partner_id, SUM(-l.balance) FILTER (WHERE l.invoice_date > %s),"
            " SUM(-l.balance) FILTER (WHERE l.invoice_date <= %s) %s"
            " AND l.invoice_date BETWEEN %s AND %s GROUP BY 1",
            year_ago,
            year_ago,
            invoiced,
            two_years_ago,
            today,
        ),
        # the months counted back from today, as the addon counts them
        "loyalty": SQL(
            "SELECT l.partner_id, COUNT(DISTINCT EXTRACT(YEAR FROM age(%s::date, l.invoice_date))"
            " * 12 + EXTRACT(MONTH FROM age(%s::date, l.invoice_date))) %s"
            " AND m.move_type = 'out_invoice' AND l.invoice_date BETWEEN %s AND %s GROUP BY 1",
            today,
            today,
            invoiced,
            year_ago,
            today,
        ),
        "low_rotation": SQL(
            "SELECT l.partner_id, SUM(-l.balance) %s AND l.invoice_date BETWEEN %s AND %s"
            " AND l.product_id IN (SELECT p.id FROM product_product p JOIN product_template t"
            " ON t.id = p.product_tmpl_id JOIN product_category c ON c.id = t.categ_id"
            " WHERE c.name LIKE 'Second%%') GROUP BY 1",
            invoiced,
            year_ago,
            today,
        ),
        "purchase_weight": SQL(
            """
            SELECT p.commercial_partner_id,
                   SUM(CASE WHEN d.usage = 'customer' THEN 1 ELSE -1 END * sm.quantity
                       * COALESCE(pp.weight, 0))
              FROM stock_move sm JOIN stock_picking sp ON sp.id = sm.picking_id
              JOIN res_partner p ON p.id = sp.partner_id
              JOIN stock_location s ON s.id = sm.location_id
              JOIN stock_location d ON d.id = sm.location_dest_id
              JOIN product_product pp ON pp.id = sm.product_id
             WHERE sm.state = 'done' AND sm.company_id = %s AND sm.date >= %s
               AND (d.usage = 'customer') <> (s.usage = 'customer')
               AND p.commercial_partner_id IN (%s)
          GROUP BY 1
            """,
            company,
            year_ago,
            customers,
        ),
        "margin": SQL(
            """
            SELECT l.partner_id, l.product_id, SUM(-l.balance),
                   SUM(l.quantity * sol.purchase_price)
              FROM account_move_line l JOIN account_move m ON m.id = l.move_id
         LEFT JOIN sale_order_line_invoice_rel r ON r.invoice_line_id = l.id
         LEFT JOIN sale_order_line sol ON sol.id = r.order_line_id
             WHERE l.company_id = %s AND l.parent_state = 'posted'
               AND l.display_type = 'product' AND m.move_type IN ('out_invoice', 'out_refund')
               AND l.invoice_date BETWEEN %s AND %s AND l.partner_id IN (%s)
          GROUP BY 1, 2
            """,
            company,
            year_ago,
            today,
            customers,
        ),
        "cash_payment": SQL(
            """
            SELECT m.commercial_partner_id, COUNT(*) FILTER (WHERE m.payment_state = 'paid'
                   AND (SELECT MAX(p.max_date) FROM account_move_line t
                        JOIN account_partial_reconcile p ON p.debit_move_id = t.id
                        WHERE t.move_id = m.id) <= m.invoice_date + 3), COUNT(*)
              FROM account_move m
             WHERE m.move_type = 'out_invoice' AND m.state = 'posted' AND m.company_id = %s
               AND m.invoice_date BETWEEN %s AND %s AND m.commercial_partner_id IN (%s)
          GROUP BY 1
            """,
            company,
            year_ago,
            today,
            customers,
        ),
        "payment_habits": SQL(
            """
            SELECT t.partner_id, SUM(p.amount * GREATEST(p.max_date - t.date_maturity, 0))
              FROM account_move_line t JOIN account_partial_reconcile p
                ON p.debit_move_id = t.id
             WHERE t.display_type = 'payment_term' AND t.parent_state = 'posted'
               AND t.company_id = %s AND t.invoice_date BETWEEN %s AND %s
               AND t.partner_id IN (%s)
          GROUP BY 1
            """,
            company,
            year_ago,
            today,
            customers,
        ),
        "overdue": SQL(
            "SELECT partner_id, SUM(amount_residual) FROM account_move_line"
            " WHERE company_id = %s AND parent_state = 'posted' AND NOT reconciled"
            " AND date_maturity < %s AND partner_id IN (%s) GROUP BY 1",
            company,
            today,
            customers,
        ),
        "multinational": SQL(
            "SELECT commercial_partner_id, COUNT(DISTINCT country_id) FROM res_partner"
            " WHERE commercial_partner_id IN (%s) GROUP BY 1",
            customers,
        ),
        "flags": SQL(
            "SELECT id, strategic_test_client, strategic_prestige, strategic_market_influence,"
            " industry_id FROM res_partner WHERE id IN (%s)",
            customers,
        ),
        "distributor": SQL(
            "SELECT partner_id, COUNT(*) FROM res_partner_res_partner_category_rel"
            " WHERE partner_id IN (%s) GROUP BY 1",
            customers,
        ),
    }
    for query in queries.values():
        env.cr.execute(query)
        env.cr.fetchall()
    return customers


# the partner's status columns the recompute writes, with their SQL types
STATUS_COLUMNS = {
    "is_strategic": "false",
    "strategic_qualified": "false",
    "strategic_status_reason": "'no_criterion'",
    "strategic_points": "0.0",
    "strategic_points_possible": "59.0",
    "strategic_points_reached": "0.0",
    "strategic_score": "0.0",
    "strategic_rank": "0",
    "strategic_criterion_id": "null",
    "strategic_invoiced_amount": "0.0",
    "strategic_days_late": "0.0",
    "strategic_overdue_amount": "0.0",
    "strategic_good_payment": "true",
}


def sql_lower_bound_with_writes(env):
    """The same measured values, then the results written in one bulk statement each: a
    score line per client and active criterion, the status columns of every client, a
    history row per client (what a first recompute writes)."""
    company = env.company.id
    customers = sql_lower_bound(env)
    env.cr.execute(
        SQL(
            """
            INSERT INTO strategic_score_line
                   (partner_id, criterion_id, value, has_value, threshold_value, reaches,
                    payment_ok, met, points, criterion_sequence, company_id,
                    create_uid, create_date, write_uid, write_date)
            SELECT p.id, c.id, 1.0, true, 1.0, true, true, true, c.weight, c.sequence, %s,
                   1, now(), 1, now()
              FROM (%s) p CROSS JOIN strategic_criterion c
             WHERE c.company_id = %s AND c.active
            """,
            company,
            customers,
            company,
        )
    )
    env.cr.execute(
        SQL(
            "UPDATE res_partner SET %s WHERE id IN (%s)",
            SQL(", ").join(
                SQL(
                    "%s = COALESCE(%s, '{}'::jsonb) || jsonb_build_object(%s::text, %s)",
                    SQL.identifier(column),
                    SQL.identifier(column),
                    str(company),
                    SQL(value),
                )
                for column, value in STATUS_COLUMNS.items()
            ),
            customers,
        )
    )
    env.cr.execute(
        SQL(
            """
            INSERT INTO strategic_score_history
                   (partner_id, score, points, points_possible, rank, is_strategic, qualified,
                    reason, status_changed, origin, company_id, date,
                    create_uid, create_date, write_uid, write_date)
            SELECT p.id, 0.0, 0.0, 59.0, 0, false, false, 'no_criterion', false, 'data', %s,
                   now(), 1, now(), 1, now()
              FROM (%s) p
            """,
            company,
            customers,
        )
    )


def rules_change(company):
    """A rules change an administrator might preview: half the cap, the first criterion's
    threshold halved, the minimum score up 5 points."""
    first = company.env["strategic.criterion"].search([("company_id", "=", company.id)], limit=1)
    return (
        {
            "strategic_max_clients": max(company.strategic_max_clients // 2, 1),
            "strategic_min_score": min(company.strategic_min_score + 5, 100),
        },
        first,
        {"threshold": first.threshold / 2},
    )


def measure_preview(env, company):
    """The preview of a rules change (strategic.rules.preview) against the recompute that
    applying it runs, on the same clients, after a first recompute (statuses in place)."""
    company._strategic_recompute()
    env.flush_all()
    settings, criterion, values = rules_change(company)
    wizard = env["strategic.rules.preview"].create(settings)
    wizard.criterion_ids.filtered(lambda line: line.criterion_id == criterion).write(values)
    env.flush_all()
    env.invalidate_all()
    before = env.cr.sql_log_count
    seconds, _ = timed(lambda: (wizard.action_preview(), env.flush_all()))
    queries = env.cr.sql_log_count - before
    lines = len(wizard.line_ids)
    criterion.write(values)
    company.write(settings)
    env.flush_all()
    env.invalidate_all()
    recompute_seconds, _ = timed(lambda: (company._strategic_recompute(), env.flush_all()))
    return {
        "seconds": seconds,
        "queries": queries,
        "lines": lines,
        "recompute_seconds": recompute_seconds,
    }


def measure_first_pick(env, company):
    """Short stock: strategic orders confirmed against products whose stock ordinary
    deliveries hold in full (each takes from the ordinary deliveries needed latest, with the
    chatter notes), against the same orders confirmed with stock enough for them."""
    products_count, ordinary_per_product = 30, 3
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    Partner = env["res.partner"].with_company(company)
    customers = Partner.search(company._strategic_customer_domain(), order="id")
    strategic = customers.filtered("is_strategic")
    ordinary = customers - strategic
    products = env["product.product"].create(
        [
            {"name": f"Bench short stock {n}", "is_storable": True, "list_price": 10.0}
            for n in range(products_count)
        ]
    )
    for product in products:
        env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 10)

    def orders(partners_and_products, qty):
        return env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "warehouse_id": warehouse.id,
                    "order_line": [
                        odoo.fields.Command.create(
                            {"product_id": product.id, "product_uom_qty": qty(n)}
                        )
                    ],
                }
                for n, (partner, product) in enumerate(partners_and_products)
            ]
        )

    # 4 + 3 + 3 of each product's 10 units held by ordinary deliveries
    holders = orders(
        [
            (ordinary[(p * ordinary_per_product + k) % len(ordinary)], product)
            for p, product in enumerate(products)
            for k in range(ordinary_per_product)
        ],
        lambda n: 4 if n % ordinary_per_product == 0 else 3,
    )
    holders.action_confirm()
    quotations = orders(
        [(strategic[p % len(strategic)], product) for p, product in enumerate(products)],
        lambda n: 5,
    )
    env.flush_all()

    def confirm_strategic():
        for quotation in quotations:
            quotation.action_confirm()
        env.flush_all()

    result = {"orders": len(quotations)}
    for case in ("short", "enough"):
        if case == "enough":
            for product in products:
                env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 5)
            env.flush_all()
        with env.cr.savepoint() as savepoint:
            env.invalidate_all()
            before = env.cr.sql_log_count
            result[f"{case}_seconds"], _ = timed(confirm_strategic)
            result[f"{case}_queries"] = env.cr.sql_log_count - before
            held = sum(quotations.picking_ids.move_ids.mapped("quantity"))
            assert held == 5 * len(quotations), (case, held)
            savepoint.rollback()
        env.invalidate_all()
    return result


def measure_actions(env, company):
    """The actions on one client the day after a full recompute (run on a copy whose
    recompute is committed: statuses and cut-offs stored): saving an override, its
    Recompute, confirming one of its orders; each timed with its queries."""
    Partner = env["res.partner"]
    clients = Partner.search(company._strategic_customer_domain(), order="id", limit=3)
    order = env["sale.order"].search([("state", "=", "draft")], limit=1, order="id")

    def one(action):
        env.invalidate_all()
        before = env.cr.sql_log_count
        seconds, _ = timed(lambda: (action(), env.flush_all()))
        return {"seconds": seconds, "queries": env.cr.sql_log_count - before}

    return {
        "override": one(
            lambda: clients[0].write(
                {"strategic_override": "force_in", "strategic_override_reason": "Bench"}
            )
        ),
        "client_recompute": one(clients[1].action_strategic_recompute),
        "confirm_one": one(order.action_confirm),
    }


def measure(conf, db, what):
    env = environment(conf, db)
    company = env.company
    result = {}
    try:
        if what == "commit_recompute":
            # the job's work of the night before, kept: measures of the day after read it
            result["seconds"], _ = timed(lambda: company._strategic_recompute())
            env.cr.commit()
        elif what in ("recompute", "daily"):
            # daily: on a copy whose recompute is committed, a new transaction as the job's
            result["seconds"], _ = timed(lambda: company._strategic_recompute())
            result["customers"] = env["res.partner"].search_count(
                company._strategic_customer_domain()
            )
        if what == "recompute":
            result["strategic"] = company.strategic_count
            result["steady_seconds"], _ = timed(lambda: company._strategic_recompute())
            # the early warning's own pass, as the daily recompute runs it
            ranking = env["strategic.ranking"].sudo().with_company(company)
            today = odoo.fields.Date.context_today(company)
            result["risk_seconds"], _ = timed(
                lambda: (ranking._risk_pass(company, today), env.flush_all())
            )
        elif what == "scheduled":
            # the scheduled job's batches (no cron here: no commit, no time limit)
            result["seconds"], _ = timed(
                lambda: (env["strategic.ranking"]._recompute_scheduled(company), env.flush_all())
            )
        elif what == "actions":
            result.update(measure_actions(env, company))
        elif what == "preview":
            result.update(measure_preview(env, company))
        elif what == "recompute_half":
            env.cr.execute(
                "UPDATE res_partner SET active = false WHERE name LIKE 'Bench customer %'"
                " AND right(name, 1) IN ('1', '3', '5', '7', '9')"
            )
            env.invalidate_all()
            result["seconds"], _ = timed(lambda: company._strategic_recompute())
            result["customers"] = env["res.partner"].search_count(
                company._strategic_customer_domain()
            )
        elif what == "sql":
            result["seconds"], _ = timed(lambda: sql_lower_bound(env))
        elif what == "sql_writes":
            result["seconds"], _ = timed(lambda: sql_lower_bound_with_writes(env))
        elif what == "confirm":
            # with the addon: on a copy whose recompute is committed (the statuses read)
            orders = env["sale.order"].search([("state", "=", "draft")], limit=200, order="id")

            def confirm():
                for order in orders:
                    order.action_confirm()
                env.flush_all()

            result["seconds"], _ = timed(confirm)
            result["orders"] = len(orders)
        elif what == "first_pick":
            company._strategic_recompute()
            result.update(measure_first_pick(env, company))
        elif what == "report":
            env.cr.execute(
                "SELECT partner_id FROM account_move_line WHERE display_type = 'product'"
                " AND partner_id IS NOT NULL GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1"
            )
            partner_id = env.cr.fetchone()[0]
            env.cr.execute(
                SQL(
                    "SELECT COUNT(*) FROM account_move_line WHERE partner_id = %s"
                    " AND display_type = 'product'",
                    partner_id,
                )
            )
            result["lines"] = env.cr.fetchone()[0]
            report = env["ir.actions.report"]
            report._render_qweb_html("strategic_client.report_consumption", [partner_id])
            env.invalidate_all()
            before = env.cr.sql_log_count
            result["seconds"], _ = timed(
                lambda: report._render_qweb_html(
                    "strategic_client.report_consumption", [partner_id]
                )
            )
            result["queries"] = env.cr.sql_log_count - before
        result["peak_memory_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    finally:
        env.cr.rollback()
        env.cr.close()
    print(json.dumps(result))


def run(conf, what, db):
    output = subprocess.run(
        [sys.executable, __file__, "measure", conf, db, what],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def committed_copy(conf, db):
    """A copy of ``db`` as it is the day after a full recompute: the recompute committed,
    then the table statistics and visibility PostgreSQL's autovacuum would have made by
    then (VACUUM ANALYZE). The measures of one client's actions, of confirmations and of
    the daily recompute run there: a new transaction on committed statuses, as in use.

    :return: the copy's name (dropped by the caller)"""
    copy = f"{db}_day_after"
    subprocess.run(["dropdb", "--if-exists", copy], check=True, capture_output=True)
    subprocess.run(["createdb", "-T", db, copy], check=True)
    first = run(conf, "commit_recompute", copy)
    subprocess.run(["vacuumdb", "--analyze", "-q", "-d", copy], check=True)
    print(f"(day-after copy {copy}: first recompute committed in {first['seconds']:.1f} s)")
    return copy


def run_fastest(conf, what, dbs, times=3):
    """The fastest of ``times`` runs of ``what`` on each database, the databases taking
    turns: a short measure on a shared machine swings by a fifth from one run to the next,
    and the fastest run of each is the one least disturbed by other work.

    :return: [result of each database]
    """
    runs = [[run(conf, what, db) for db in dbs] for _ in range(times)]
    return [min((r[i] for r in runs), key=lambda r: r["seconds"]) for i in range(len(dbs))]


# ------------------------------------------------------------------------------------------
# The scheduled job under a real cron worker's limits
# ------------------------------------------------------------------------------------------
JOB = "Strategic Clients: recompute scores and list"


def psql(db, query):
    return subprocess.run(
        ["psql", "-d", db, "-Atc", query], check=True, capture_output=True, text=True
    ).stdout.strip()


def list_fingerprint(db):
    """Who is strategic and at which rank, as users read the list: one hash."""
    return psql(
        db,
        "SELECT md5(COALESCE(string_agg(id || ':' || (strategic_rank->>'1'), ',' ORDER BY id),"
        " '')) FROM res_partner WHERE (is_strategic->>'1')::bool",
    )


def cron_worker_rss(log):
    """The resident memory of the server's cron workers alive now (named by the log), MB."""
    rss = 0.0
    for pid in re.findall(r"Worker WorkerCron \((\d+)\) alive", log):
        try:
            rss = max(rss, psutil.Process(int(pid)).memory_info().rss / 2**20)
        except psutil.Error:
            continue
    return rss


def measure_cron(conf, db, out_dir):
    """The recompute job of a copy of ``db`` (its first round: every client) run by Odoo
    itself: a server in multi-worker mode (cron only, --no-http) with one cron worker and
    --limit-time-real-cron, the other jobs postponed, the job due and triggered; until Odoo
    logs it fully done, or 45 minutes. The list users read is sampled every 2 s: it must
    change once, at the end."""
    copy = f"{db}_cron"
    log = Path(out_dir) / f"cron-x{SCALE}.log"
    log.unlink(missing_ok=True)
    subprocess.run(["dropdb", "--if-exists", copy], check=True, capture_output=True)
    subprocess.run(["createdb", "-T", db, copy], check=True)
    psql(
        copy,
        "UPDATE ir_cron SET nextcall = (now() AT TIME ZONE 'UTC') + interval '1 day';"
        " UPDATE ir_cron SET nextcall = (now() AT TIME ZONE 'UTC') - interval '1 minute'"
        " WHERE id = (SELECT res_id FROM ir_model_data WHERE module = 'strategic_client'"
        " AND name = 'ir_cron_strategic_recompute');"
        " DELETE FROM ir_cron_trigger",
    )
    cmd = [
        sys.executable, "-m", "odoo", "-c", conf, "-d", copy, f"--db-filter=^{copy}$",
        "--workers=2", "--max-cron-threads=1", f"--limit-time-real-cron={CRON_LIMIT}",
        "--no-http", f"--logfile={log}", "--log-level=info",
    ]  # fmt: skip
    fingerprints, peak, started = [list_fingerprint(copy)], 0.0, time.monotonic()
    server, notified = subprocess.Popen(cmd), False
    try:
        while time.monotonic() - started < 45 * 60:
            time.sleep(2)
            text = log.read_text() if log.exists() else ""
            peak = max(peak, cron_worker_rss(text))
            if not notified and "WorkerCron" in text:
                # what ir.cron._trigger() sends: an idle cron worker sleeps 60 to 69 s before
                # it polls, and a 60 s limit kills it first, so only a trigger wakes it
                psql("postgres", f"SELECT pg_notify('cron_trigger', '{copy}')")
                notified = True
            fingerprint = list_fingerprint(copy)
            if fingerprint != fingerprints[-1]:
                fingerprints.append(fingerprint)
            if JOB_DONE.search(text):
                break
        seconds = time.monotonic() - started
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
        subprocess.run(["dropdb", "--if-exists", copy], check=False, capture_output=True)
    result = cron_log_figures(log.read_text() if log.exists() else "")
    result.update(seconds=seconds, lists_seen=len(fingerprints), peak_memory_mb=peak)
    return result


JOB_DONE = re.compile(rf"Job '{re.escape(JOB)}' \(\d+\) fully done")
LOG_LINE = re.compile(r"^\S+ \S+ (\d+) (\w+) ")


def cron_log_figures(text):
    """The job's runs, batches, time left and the limit's kills, read from the server's log."""
    running, runs, durations, batches, time_left = {}, 0, [], 0, []
    killed, idle_kills, errors = 0, 0, []
    finished = bool(JOB_DONE.search(text))
    for line in text.splitlines():
        line = line.rstrip()
        match = LOG_LINE.match(line)
        if not match:
            continue
        pid, level = match.groups()
        if f"Job '{JOB}'" in line and line.endswith("starting"):
            runs += 1
            running[pid] = True
        elif f"Job '{JOB}'" in line and "duration" in line:
            running.pop(pid, None)
            durations.append(float(re.search(r"duration ([\d.]+)s", line).group(1)))
        elif "batch of" in line and "left to this run" in line:
            batches += 1
            time_left.append(float(re.search(r"(-?[\d.]+) s left to this run", line).group(1)))
        elif "WorkerCron" in line and "timeout after" in line:
            victim = re.search(r"WorkerCron \((\d+)\)", line).group(1)
            if running.pop(victim, None):
                killed += 1
            else:
                idle_kills += 1
        elif level in ("ERROR", "CRITICAL"):
            errors.append(line[:200])
    return {
        "finished": finished,
        "runs": runs,
        "batches": batches,
        "longest_run_seconds": max(durations, default=0.0),
        "min_time_left": min(time_left, default=0.0),
        "killed_runs": killed,
        "idle_worker_kills": idle_kills,
        "errors": errors,
    }


def main():
    conf, full_db, base_db, output = sys.argv[1:5]
    reference = reference_db()
    copies = [committed_copy(conf, db) for db in (full_db, reference) if db]
    try:
        results = measure_all(conf, full_db, base_db, output, reference, copies)
    finally:
        for copy in copies:
            subprocess.run(["dropdb", "--if-exists", copy], check=False, capture_output=True)
    report(results, output)


def measure_all(conf, full_db, base_db, output, reference, copies):
    """Every measure of one run: those of the day after on the committed copies."""
    day_after = copies[0]
    confirm_addon, confirm_base = run_fastest(conf, "confirm", [day_after, base_db])
    results = {
        "recompute": run(conf, "recompute", full_db),
        "recompute_half": run(conf, "recompute_half", full_db),
        "sql": run(conf, "sql", full_db),
        "sql_writes": run(conf, "sql_writes", full_db),
        "confirm_addon": confirm_addon,
        "confirm_base": confirm_base,
        "report": run(conf, "report", full_db),
        "preview": run(conf, "preview", full_db),
        "first_pick": run(conf, "first_pick", full_db),
        "scheduled": run(conf, "scheduled", full_db),
        "actions": run(conf, "actions", day_after),
        "daily": run(conf, "daily", day_after),
        "cron": measure_cron(conf, full_db, Path(output).parent),
    }
    if reference:
        results["reference"] = run(conf, "recompute", reference)
        results["reference_daily"] = run(conf, "daily", copies[1])
    ratios = {
        "recompute_vs_sql": results["recompute"]["seconds"] / results["sql_writes"]["seconds"],
        "daily_vs_sql": results["daily"]["seconds"] / results["sql"]["seconds"],
        "again_vs_sql": results["recompute"]["steady_seconds"] / results["sql"]["seconds"],
        "growth_2x_customers": results["recompute"]["seconds"]
        / results["recompute_half"]["seconds"],
        "confirmation_overhead": results["confirm_addon"]["seconds"]
        / results["confirm_base"]["seconds"],
        "preview_vs_recompute": results["preview"]["seconds"]
        / results["preview"]["recompute_seconds"],
        "short_stock_vs_enough": results["first_pick"]["short_seconds"]
        / results["first_pick"]["enough_seconds"],
    }
    if reference:
        ratios["scale_first"] = results["recompute"]["seconds"] / results["reference"]["seconds"]
        ratios["scale_daily"] = results["daily"]["seconds"] / results["reference_daily"]["seconds"]
        ratios["scale_again"] = (
            results["recompute"]["steady_seconds"] / results["reference"]["steady_seconds"]
        )
    ratios["risk_share"] = (
        results["recompute"]["risk_seconds"] / (results["recompute"]["steady_seconds"])
    )
    results["ratios"] = ratios
    results["scale"] = SCALE
    return results


def report(results, output):
    """Print the table of one run and keep it (``output``, and a file per run)."""
    ratios = results["ratios"]
    rows = [
        (
            "full recompute, %d customers (first run, writes everything)"
            % results["recompute"]["customers"],
            "%.2f s" % results["recompute"]["seconds"],
            "",
        ),
        (
            "full recompute again in the same transaction (nothing changed)",
            "%.2f s" % results["recompute"]["steady_seconds"],
            "",
        ),
        (
            "daily recompute: the day after, a new transaction on the committed one",
            "%.2f s" % results["daily"]["seconds"],
            "",
        ),
        ("SQL lower bound (one GROUP BY per metric)", "%.2f s" % results["sql"]["seconds"], ""),
        (
            "SQL lower bound with the results written (one bulk statement each)",
            "%.2f s" % results["sql_writes"]["seconds"],
            "",
        ),
        (
            "first recompute / SQL lower bound with writes",
            "%.2fx" % ratios["recompute_vs_sql"],
            "<= %.1fx" % GOALS["recompute_vs_sql"],
        ),
        (
            "daily recompute / SQL lower bound",
            "%.2fx" % ratios["daily_vs_sql"],
            "<= %.1fx" % GOALS["daily_vs_sql"],
        ),
        (
            "recompute again in the same transaction / SQL lower bound",
            "%.2fx" % ratios["again_vs_sql"],
            "",
        ),
        (
            "recompute at %d customers" % results["recompute_half"]["customers"],
            "%.2f s" % results["recompute_half"]["seconds"],
            "",
        ),
        (
            "2x customers: time ratio",
            "%.2fx" % ratios["growth_2x_customers"],
            "<= %.1fx" % GOALS["growth_2x_customers"],
        ),
        (
            "confirm %d orders, with strategic_client (fastest of 3)"
            % results["confirm_addon"]["orders"],
            "%.2f s" % results["confirm_addon"]["seconds"],
            "",
        ),
        (
            "confirm %d orders, sale_stock + sale_margin + account (fastest of 3)"
            % results["confirm_base"]["orders"],
            "%.2f s" % results["confirm_base"]["seconds"],
            "",
        ),
        (
            "confirmation overhead",
            "%.3fx" % ratios["confirmation_overhead"],
            "<= %.2fx" % GOALS["confirmation_overhead"],
        ),
        (
            "confirm %d strategic orders, short stock: each takes from ordinary deliveries"
            % results["first_pick"]["orders"],
            "%.2f s, %d queries"
            % (results["first_pick"]["short_seconds"], results["first_pick"]["short_queries"]),
            "",
        ),
        (
            "the same orders with stock enough",
            "%.2f s, %d queries"
            % (results["first_pick"]["enough_seconds"], results["first_pick"]["enough_queries"]),
            "",
        ),
        (
            "short stock / stock enough",
            "%.2fx" % ratios["short_stock_vs_enough"],
            "",
        ),
        (
            "consumption report HTML, largest client (%d lines)" % results["report"]["lines"],
            "%.3f s, %d queries" % (results["report"]["seconds"], results["report"]["queries"]),
            "queries independent of lines",
        ),
        (
            "preview of a rules change (%d clients listed, %d queries)"
            % (results["preview"]["lines"], results["preview"]["queries"]),
            "%.2f s" % results["preview"]["seconds"],
            "",
        ),
        (
            "recompute applying that change",
            "%.2f s" % results["preview"]["recompute_seconds"],
            "",
        ),
        (
            "preview / recompute",
            "%.2fx" % ratios["preview_vs_recompute"],
            "<= %.1fx" % GOALS["preview_vs_recompute"],
        ),
        (
            "scheduled job (its batches, in one process)",
            "%.2f s" % results["scheduled"]["seconds"],
            "",
        ),
        *(
            (
                f"one client: {label}",
                "%.3f s, %d queries"
                % (results["actions"][key]["seconds"], results["actions"][key]["queries"]),
                "same at any population",
            )
            for key, label in (
                ("override", "save an override"),
                ("client_recompute", "its Recompute"),
                ("confirm_one", "confirm one order"),
            )
        ),
        (
            "early warning's share of the daily recompute",
            "%.1f %% (%.2f s)" % (100 * ratios["risk_share"], results["recompute"]["risk_seconds"]),
            "",
        ),
        *(
            (
                "time at %d / at %d customers (%s recompute)"
                % (
                    results["recompute"]["customers"],
                    results["reference"]["customers"],
                    label,
                ),
                "%.2fx" % ratios[key],
                "<= %.0fx" % GOALS[key],
            )
            for key, label in (("scale_first", "first"), ("scale_daily", "daily"))
            if "reference" in results
        ),
        (
            "scheduled job under a cron worker (--limit-time-real-cron=%d): runs, batches"
            % CRON_LIMIT,
            "%s in %d runs, %d batches, %.0f s"
            % (
                "finished" if results["cron"]["finished"] else "NOT finished",
                results["cron"]["runs"],
                results["cron"]["batches"],
                results["cron"]["seconds"],
            ),
            "finishes over several runs",
        ),
        (
            "  longest run / runs killed by the limit / list versions seen by users",
            "%.0f s / %d / %d"
            % (
                results["cron"]["longest_run_seconds"],
                results["cron"]["killed_runs"],
                results["cron"]["lists_seen"],
            ),
            "< %d s / 0 / 2 (before, after)" % CRON_LIMIT,
        ),
        *(
            (
                f"peak memory of the {label} process",
                "%.0f MB" % results[key]["peak_memory_mb"],
                "<= 1024 MB",
            )
            for key, label in (
                ("recompute", "recompute"),
                ("scheduled", "scheduled job"),
                ("preview", "preview"),
                ("cron", "cron worker (sampled)"),
            )
        ),
    ]
    width = max(len(row[0]) for row in rows)
    print()
    print(f"{'measure'.ljust(width)}  {'figure':>22}  goal")
    for label, figure, goal in rows:
        print(f"{label.ljust(width)}  {figure:>22}  {goal}")
    with open(output, "w") as handle:
        json.dump(results, handle, indent=2)
    # every run kept, for the median and spread of several (python3 bench/run.py summary)
    kept = Path(output).parent / f"results-x{SCALE}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    kept.write_text(json.dumps(results, indent=2))
    print(f"\n(written to {output} and {kept})")


def reference_db():
    """At BENCH_SCALE > 1, the full database of the default scale (BENCH_DB_REFERENCE, or
    the default name), when its build is complete: the first and daily recompute are timed
    on both in the same run."""
    if SCALE == "1":
        return None
    name = os.environ.get("BENCH_DB_REFERENCE") or (
        (os.environ.get("BENCH_DB_PREFIX") or "strategic_bench") + "_full"
    )
    if not psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"):
        return None
    built = psql(name, "SELECT value FROM ir_config_parameter WHERE key = 'strategic_bench.built'")
    return name if built.startswith("full:") else None


SUMMARY = (
    ("recompute", "seconds", "full recompute, first run", "%.1f s"),
    ("recompute", "steady_seconds", "full recompute again in the same transaction", "%.1f s"),
    ("daily", "seconds", "daily recompute (the day after, on the committed one)", "%.1f s"),
    ("sql", "seconds", "SQL lower bound", "%.1f s"),
    ("sql_writes", "seconds", "SQL lower bound with writes", "%.1f s"),
    ("ratios", "recompute_vs_sql", "first recompute / lower bound with writes", "%.2fx"),
    ("ratios", "daily_vs_sql", "daily recompute / lower bound", "%.2fx"),
    ("recompute_half", "seconds", "recompute at half the customers", "%.1f s"),
    ("ratios", "growth_2x_customers", "2x customers: time ratio", "%.2fx"),
    ("ratios", "scale_first", "time at 10x customers / at 1x (first recompute)", "%.2fx"),
    ("ratios", "scale_daily", "time at 10x customers / at 1x (daily recompute)", "%.2fx"),
    ("ratios", "again_vs_sql", "recompute again in the same transaction / lower bound", "%.2fx"),
    ("ratios", "scale_again", "time at 10x / at 1x (again in the same transaction)", "%.2fx"),
    ("recompute", "risk_seconds", "early warning's pass", "%.2f s"),
    ("ratios", "risk_share", "early warning's share of the daily recompute", "%.3f"),
    ("confirm_addon", "seconds", "confirm 200 orders with the addon", "%.1f s"),
    ("confirm_base", "seconds", "confirm 200 orders without", "%.1f s"),
    ("ratios", "confirmation_overhead", "confirmation overhead", "%.3fx"),
    ("report", "seconds", "consumption report, largest client", "%.2f s"),
    ("report", "queries", "consumption report: queries", "%d"),
    ("preview", "seconds", "preview of a rules change", "%.1f s"),
    ("preview", "recompute_seconds", "the recompute applying it", "%.1f s"),
    ("ratios", "preview_vs_recompute", "preview / recompute", "%.2fx"),
    ("scheduled", "seconds", "scheduled job's batches in one process", "%.1f s"),
    ("cron", "seconds", "scheduled job under a cron worker: whole round", "%.0f s"),
    ("cron", "runs", "  its runs", "%d"),
    ("cron", "batches", "  its batches", "%d"),
    ("cron", "longest_run_seconds", "  its longest run", "%.0f s"),
    ("cron", "killed_runs", "  runs killed by the limit", "%d"),
    ("cron", "idle_worker_kills", "  idle cron workers killed by the limit", "%d"),
    ("cron", "lists_seen", "  versions of the list users saw", "%d"),
    ("actions", "override", "one client: save an override", "%.2f s"),
    ("actions", "client_recompute", "one client: its Recompute", "%.2f s"),
    ("actions", "confirm_one", "one client: confirm one order", "%.2f s"),
    ("recompute", "peak_memory_mb", "peak memory: recompute", "%.0f MB"),
    ("scheduled", "peak_memory_mb", "peak memory: scheduled job (one process)", "%.0f MB"),
    ("preview", "peak_memory_mb", "peak memory: preview", "%.0f MB"),
    ("cron", "peak_memory_mb", "peak memory: cron worker (sampled every 2 s)", "%.0f MB"),
)


def summary(folder):
    """The median and spread of every run kept in ``folder``, per scale (Markdown)."""
    for scale in sorted({p.name.split("-")[1] for p in Path(folder).glob("results-x*.json")}):
        runs = [json.loads(p.read_text()) for p in sorted(Path(folder).glob(f"results-{scale}-*"))]
        print(f"\n{scale}: {len(runs)} runs\n")
        print("| measure | median (spread) |\n|---|---|")
        for group, key, label, fmt in SUMMARY:
            values = [
                value["seconds"] if isinstance(value, dict) else value
                for value in (run.get(group, {}).get(key) for run in runs)
                if value is not None
            ]
            if values:
                print(
                    f"| {label} | {fmt % statistics.median(values)}"
                    f" ({fmt % min(values)} - {fmt % max(values)}) |"
                )


if __name__ == "__main__":
    if sys.argv[1] == "measure":
        measure(*sys.argv[2:5])
    elif sys.argv[1] == "summary":
        summary(sys.argv[2])
    else:
        main()
