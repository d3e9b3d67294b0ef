# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Build the benchmark data set (fixed seed) into a database where the addons are installed.

Run by `make bench` (tools/dev.sh) as: python3 bench/build.py CONFIG DATABASE full|base

- full: 10,000 commercial customers (some with child addresses in other countries), 3 years
  of posted invoices and credit notes (~250,000 invoice lines, two currencies), payments
  early, on time and late, ~100,000 done delivery moves with returns, and 200 draft orders.
The same data set is built into a second database without strategic_client (only
sale_stock, sale_margin and account), for the confirmation comparison.

How it stays fast and keeps Odoo's invariants: a few hundred invoices, payments and
deliveries are made through the ORM (batched creates, real posting, real payment
registration, real validation), then cloned with set-based SQL (INSERT ... SELECT, fresh
ids from the tables' sequences) onto other customers and dates. A clone copies every column
of a row the ORM wrote, so what the ORM guarantees holds for the clones: balanced moves
(same lines and amounts), amounts and residuals matching lines and reconciliations (invoice,
its receivable line, the partial and full reconciliations and the payment entry are cloned
together), computed stored fields, quantities of done moves matching their move lines.
What changes is consistent by construction: partner (and commercial partner), dates shifted
by the same number of days on a move, its lines, due dates and reconciliation dates, unique
names (suffix). What is not kept: stock quants do not reflect the cloned stock history, and
cloned payment entries are plain journal entries (no account.payment record). A sample of
clones is read back through the ORM and checked at the end of the build.
"""

import random
import sys
import time
from datetime import date, timedelta

import odoo
from odoo import api
from odoo.fields import Command
from odoo.tools import SQL, config

SEED = 42
DATA_VERSION = 2  # bump when the data set changes: make bench rebuilds the databases
CUSTOMERS = 10_000
ORDERS = 200
TEMPLATE_INVOICES = 400
LINES_PER_INVOICE = 5
TARGET_INVOICE_LINES = 250_000
TEMPLATE_DELIVERIES = 100
MOVES_PER_DELIVERY = 5
TARGET_MOVES = 100_000
TODAY = date.today()
START = TODAY - timedelta(days=3 * 365)


def log(message):
    print(f"[build {time.strftime('%H:%M:%S')}] {message}", flush=True)


def columns(cr, table):
    cr.execute(
        SQL(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
            " AND is_generated = 'NEVER' ORDER BY ordinal_position",
            table,
        )
    )
    return [row[0] for row in cr.fetchall()]


def clone(cr, table, map_table, overrides):
    """INSERT INTO table SELECT every column of the template row t (joined through map m on
    m.old_id = t.id), with id = m.new_id and the given column overrides (SQL)."""
    cols = columns(cr, table)
    select = []
    for col in cols:
        if col == "id":
            select.append(SQL("m.new_id"))
        elif col in overrides:
            select.append(overrides[col])
        else:
            select.append(SQL("t.%s", SQL.identifier(col)))
    cr.execute(
        SQL(
            "INSERT INTO %s (%s) SELECT %s FROM %s m JOIN %s t ON t.id = m.old_id",
            SQL.identifier(table),
            SQL(", ").join(SQL.identifier(c) for c in cols),
            SQL(", ").join(select),
            SQL.identifier(map_table),
            SQL.identifier(table),
        )
    )
    return cr.rowcount


def master_data(env, rng):
    company = env.company
    eur = env.ref("base.EUR")
    eur.active = True
    if company.currency_id != eur:
        env["res.currency.rate"].create(
            {"currency_id": eur.id, "name": START - timedelta(days=1), "rate": 0.9}
        )
    categories = env["product.category"].create(
        [{"name": f"Bench category {i}"} for i in range(10)]
    )
    products = env["product.product"].create(
        [
            {
                "name": f"Bench product {i:03d}",
                "categ_id": categories[i % 10].id,
                "list_price": price,
                "standard_price": round(price * rng.uniform(0.4, 0.9), 2),
                "weight": round(rng.uniform(0.5, 50), 2),
                "is_storable": True,
                "taxes_id": [Command.clear()],
            }
            for i, price in ((i, round(rng.uniform(5, 500), 2)) for i in range(200))
        ]
    )
    countries = env["res.country"].search([("code", "in", ("US", "CO", "PE", "MX", "ES"))])
    customers = env["res.partner"].create(
        [
            {
                "name": f"Bench customer {i:05d}",
                "is_company": True,
                "customer_rank": 1,
                "country_id": countries[i % len(countries)].id,
                "email": f"c{i}@bench.example.com",
            }
            for i in range(CUSTOMERS)
        ]
    )
    addresses = []
    for i, customer in enumerate(customers):
        if i % 5 == 0:
            addresses.append(
                {
                    "name": f"Site {i}",
                    "parent_id": customer.id,
                    "type": "delivery",
                    "country_id": countries[(i + 1) % len(countries)].id,
                }
            )
    env["res.partner"].create(addresses)
    log(f"{len(products)} products, {len(customers)} customers, {len(addresses)} addresses")
    return products, customers


def draft_orders(env, rng, products, customers):
    orders = env["sale.order"].create(
        [
            {
                "partner_id": customers[i * 37 % len(customers)].id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": products[rng.randrange(len(products))].id,
                            "product_uom_qty": rng.randint(1, 20),
                        }
                    )
                    for _line in range(3)
                ],
            }
            for i in range(ORDERS)
        ]
    )
    log(f"{len(orders)} draft orders")


def template_invoices(env, rng, products, customers):
    eur = env.ref("base.EUR")
    vals = []
    for i in range(TEMPLATE_INVOICES):
        day = START + timedelta(days=rng.randrange(60))
        vals.append(
            {
                "move_type": "out_refund" if i % 20 == 0 else "out_invoice",
                "partner_id": customers[i].id,
                "invoice_date": day,
                "date": day,
                "invoice_date_due": day + timedelta(days=30),
                "currency_id": eur.id if i % 5 == 0 else env.company.currency_id.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": products[rng.randrange(len(products))].id,
                            "quantity": rng.randint(1, 30),
                            "price_unit": round(rng.uniform(5, 500), 2),
                            "tax_ids": [],
                        }
                    )
                    for _line in range(LINES_PER_INVOICE)
                ],
            }
        )
    moves = env["account.move"].create(vals)
    moves.action_post()
    paid = 0
    for i, move in enumerate(moves.filtered(lambda m: m.move_type == "out_invoice")):
        kind = i % 10
        if kind >= 7:
            continue  # left open: some end up overdue
        delay = {0: 2, 1: 5, 2: 25, 3: 30, 4: 35, 5: 60, 6: 95}[kind]  # early .. late
        env["account.payment.register"].with_context(
            active_model="account.move", active_ids=move.ids
        ).create({"payment_date": move.invoice_date + timedelta(days=delay)})._create_payments()
        paid += 1
    log(f"{len(moves)} template invoices and credit notes through the ORM, {paid} paid")
    return moves


def clone_invoices(env, rng, templates, customers):
    cr = env.cr
    env.flush_all()
    per_template = TARGET_INVOICE_LINES // LINES_PER_INVOICE // len(templates) - 1
    span = (TODAY - START).days - 160  # the latest payments (95 days late) stay in the past
    # one big client gets about 5,000 invoice lines (the consumption report's worst case)
    big = customers[0].id
    rows = [
        (
            template.id,
            k,
            big if k <= 3 else customers[rng.randrange(len(customers))].id,
            rng.randrange(span),
        )
        for template in templates
        for k in range(1, per_template + 1)
    ]
    old, ks, partners, shifts = (list(x) for x in zip(*rows, strict=True))
    cr.execute(
        SQL(
            """
            CREATE TEMP TABLE bench_move_map AS
            SELECT old_id, k, partner_id, shift, nextval('account_move_id_seq') AS new_id
              FROM unnest(%s::int[], %s::int[], %s::int[], %s::int[])
                   AS x(old_id, k, partner_id, shift)
            """,
            old,
            ks,
            partners,
            shifts,
        )
    )
    # the payment entries reconciled with each template invoice, cloned with it
    cr.execute(
        SQL(
            """
            INSERT INTO bench_move_map (old_id, k, partner_id, shift, new_id)
            SELECT DISTINCT pay.id, m.k, m.partner_id, m.shift, 0
              FROM bench_move_map m
              JOIN account_move_line term ON term.move_id = m.old_id
              JOIN account_partial_reconcile p ON p.debit_move_id = term.id
              JOIN account_move_line counter ON counter.id = p.credit_move_id
              JOIN account_move pay ON pay.id = counter.move_id
             WHERE pay.move_type = 'entry'
            """
        )
    )
    cr.execute("UPDATE bench_move_map SET new_id = nextval('account_move_id_seq') WHERE new_id = 0")
    cr.execute("CREATE INDEX ON bench_move_map (old_id, k)")
    shift = SQL("m.shift")
    moves = clone(
        env.cr,
        "account_move",
        "bench_move_map",
        {
            "name": SQL("t.name || '-' || m.k"),
            "partner_id": SQL("m.partner_id"),
            "commercial_partner_id": SQL("m.partner_id"),
            "partner_shipping_id": SQL("m.partner_id"),
            "invoice_partner_display_name": SQL(
                "(SELECT name FROM res_partner WHERE id = m.partner_id)"
            ),
            "date": SQL("t.date + %s", shift),
            "invoice_date": SQL("t.invoice_date + %s", shift),
            "invoice_date_due": SQL("t.invoice_date_due + %s", shift),
            "origin_payment_id": SQL("NULL"),
            "statement_line_id": SQL("NULL"),
        },
    )
    cr.execute(
        """
        CREATE TEMP TABLE bench_full_map AS
        SELECT old_id, k, nextval('account_full_reconcile_id_seq') AS new_id
          FROM (SELECT DISTINCT l.full_reconcile_id AS old_id, m.k
                  FROM bench_move_map m JOIN account_move_line l ON l.move_id = m.old_id
                 WHERE l.full_reconcile_id IS NOT NULL) AS reconciliations
        """
    )
    clone(cr, "account_full_reconcile", "bench_full_map", {"exchange_move_id": SQL("NULL")})
    cr.execute("CREATE INDEX ON bench_full_map (old_id, k)")
    cr.execute(
        """
        CREATE TEMP TABLE bench_line_map AS
        SELECT l.id AS old_id, m.k, m.partner_id, m.shift, m.new_id AS move_id,
               nextval('account_move_line_id_seq') AS new_id
          FROM bench_move_map m JOIN account_move_line l ON l.move_id = m.old_id
        """
    )
    cr.execute("CREATE INDEX ON bench_line_map (old_id, k)")
    lines = clone(
        cr,
        "account_move_line",
        "bench_line_map",
        {
            "move_id": SQL("m.move_id"),
            "move_name": SQL("t.move_name || '-' || m.k"),
            "partner_id": SQL("m.partner_id"),
            "date": SQL("t.date + m.shift"),
            "invoice_date": SQL("t.invoice_date + m.shift"),
            "date_maturity": SQL("t.date_maturity + m.shift"),
            "payment_id": SQL("NULL"),
            "statement_line_id": SQL("NULL"),
            "full_reconcile_id": SQL(
                "(SELECT f.new_id FROM bench_full_map f"
                " WHERE f.old_id = t.full_reconcile_id AND f.k = m.k)"
            ),
        },
    )
    cr.execute(
        """
        CREATE TEMP TABLE bench_partial_map AS
        SELECT p.id AS old_id, m.k, m.shift,
               d.new_id AS debit_id, c.new_id AS credit_id,
               nextval('account_partial_reconcile_id_seq') AS new_id
          FROM account_partial_reconcile p
          JOIN bench_line_map d ON d.old_id = p.debit_move_id
          JOIN bench_line_map c ON c.old_id = p.credit_move_id AND c.k = d.k
          JOIN bench_move_map m ON m.new_id = d.move_id
        """
    )
    partials = clone(
        cr,
        "account_partial_reconcile",
        "bench_partial_map",
        {
            "debit_move_id": SQL("m.debit_id"),
            "credit_move_id": SQL("m.credit_id"),
            "max_date": SQL("t.max_date + m.shift"),
            "full_reconcile_id": SQL(
                "(SELECT f.new_id FROM bench_full_map f"
                " WHERE f.old_id = t.full_reconcile_id AND f.k = m.k)"
            ),
            "exchange_move_id": SQL("NULL"),
        },
    )
    env.invalidate_all()
    log(f"cloned {moves} moves, {lines} journal items, {partials} reconciliations")


def template_deliveries(env, rng, products, customers):
    warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
    for product in products:
        env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 100_000)
    pickings = env["stock.picking"].create(
        [
            {
                "picking_type_id": warehouse.out_type_id.id,
                "partner_id": customers[i].id,
                "location_id": warehouse.lot_stock_id.id,
                "location_dest_id": env.ref("stock.stock_location_customers").id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": products[rng.randrange(len(products))].id,
                            "product_uom_qty": rng.randint(1, 10),
                            "location_id": warehouse.lot_stock_id.id,
                            "location_dest_id": env.ref("stock.stock_location_customers").id,
                        }
                    )
                    for _move in range(MOVES_PER_DELIVERY)
                ],
            }
            for i in range(TEMPLATE_DELIVERIES)
        ]
    )
    pickings.action_confirm()
    pickings.action_assign()
    for move in pickings.move_ids:
        move.quantity = move.product_uom_qty
    pickings.move_ids.picked = True
    pickings._action_done()
    returns = env["stock.picking"]
    for picking in pickings[:10]:
        wizard = (
            env["stock.return.picking"]
            .with_context(active_id=picking.id, active_model="stock.picking")
            .create({})
        )
        for line in wizard.product_return_moves:
            line.quantity = 1
        returned = wizard._create_return()
        returned.move_ids.quantity = 1
        returned.move_ids.picked = True
        returned._action_done()
        returns |= returned
    log(f"{len(pickings)} deliveries and {len(returns)} returns through the ORM")
    return pickings | returns


def clone_deliveries(env, rng, templates, customers):
    cr = env.cr
    env.flush_all()
    per_template = TARGET_MOVES // len(templates.move_ids) - 1
    span = (TODAY - START).days
    rows = [
        (picking.id, k, customers[rng.randrange(len(customers))].id, rng.randrange(span))
        for picking in templates
        for k in range(1, per_template + 1)
    ]
    old, ks, partners, shifts = (list(x) for x in zip(*rows, strict=True))
    cr.execute(
        SQL(
            """
            CREATE TEMP TABLE bench_picking_map AS
            SELECT old_id, k, partner_id, shift * interval '1 day' AS shift,
                   nextval('stock_picking_id_seq') AS new_id
              FROM unnest(%s::int[], %s::int[], %s::int[], %s::int[])
                   AS x(old_id, k, partner_id, shift)
            """,
            old,
            ks,
            partners,
            shifts,
        )
    )
    # a return belongs with a delivery of the same client: returns follow their delivery
    cr.execute(
        """
        UPDATE bench_picking_map r SET partner_id = d.partner_id, shift = d.shift
          FROM stock_picking t JOIN bench_picking_map d ON d.old_id = t.return_id
         WHERE t.id = r.old_id AND d.k = r.k
        """
    )
    cr.execute("CREATE INDEX ON bench_picking_map (old_id, k)")
    dates = SQL("t.date + m.shift")
    clone(
        cr,
        "stock_picking",
        "bench_picking_map",
        {
            "name": SQL("t.name || '-' || m.k"),
            "partner_id": SQL("m.partner_id"),
            "date": dates,
            "date_done": SQL("t.date_done + m.shift"),
            "scheduled_date": SQL("t.scheduled_date + m.shift"),
            "date_deadline": SQL("t.date_deadline + m.shift"),
            "return_id": SQL(
                "(SELECT r.new_id FROM bench_picking_map r"
                " WHERE r.old_id = t.return_id AND r.k = m.k)"
            ),
        },
    )
    cr.execute(
        """
        CREATE TEMP TABLE bench_smove_map AS
        SELECT mv.id AS old_id, p.k, p.shift, p.partner_id, p.new_id AS picking_id,
               nextval('stock_move_id_seq') AS new_id
          FROM bench_picking_map p JOIN stock_move mv ON mv.picking_id = p.old_id
        """
    )
    cr.execute("CREATE INDEX ON bench_smove_map (old_id, k)")
    moves = clone(
        cr,
        "stock_move",
        "bench_smove_map",
        {
            "picking_id": SQL("m.picking_id"),
            "partner_id": SQL("CASE WHEN t.partner_id IS NULL THEN NULL ELSE m.partner_id END"),
            "date": SQL("t.date + m.shift"),
            "date_deadline": SQL("t.date_deadline + m.shift"),
            "reference": SQL("t.reference || '-' || m.k"),
            "origin_returned_move_id": SQL(
                "(SELECT o.new_id FROM bench_smove_map o"
                " WHERE o.old_id = t.origin_returned_move_id AND o.k = m.k)"
            ),
        },
    )
    cr.execute(
        """
        CREATE TEMP TABLE bench_sml_map AS
        SELECT ml.id AS old_id, mv.k, mv.shift, mv.new_id AS move_id, mv.picking_id,
               nextval('stock_move_line_id_seq') AS new_id
          FROM bench_smove_map mv JOIN stock_move_line ml ON ml.move_id = mv.old_id
        """
    )
    lines = clone(
        cr,
        "stock_move_line",
        "bench_sml_map",
        {
            "move_id": SQL("m.move_id"),
            "picking_id": SQL("m.picking_id"),
            "date": SQL("t.date + m.shift"),
            "reference": SQL("t.reference || '-' || m.k"),
        },
    )
    env.invalidate_all()
    log(f"cloned {moves} stock moves and {lines} move lines")


def check_sample(env, rng):
    """Read a sample of clones back through the ORM: Odoo's own view of them must hold."""
    Move = env["account.move"]
    sample = Move.search([("name", "like", "-%"), ("move_type", "=", "out_invoice")], limit=50)
    for move in sample:
        assert move.state == "posted"
        lines = move.line_ids
        assert abs(sum(lines.mapped("balance"))) < 0.01, f"{move.name} is not balanced"
        assert move.commercial_partner_id == move.partner_id.commercial_partner_id
        terms = lines.filtered(lambda line: line.display_type == "payment_term")
        if move.payment_state == "paid":
            assert all(terms.mapped("reconciled")), f"{move.name}: paid but not reconciled"
            assert terms.matched_credit_ids, f"{move.name}: paid without partials"
            assert terms.matched_credit_ids.credit_move_id.move_id.state == "posted"
        assert move.invoice_date <= move.invoice_date_due
    pickings = env["stock.picking"].search(
        [("name", "like", "-%"), ("state", "=", "done")], limit=50
    )
    for picking in pickings:
        for move in picking.move_ids:
            assert move.quantity == sum(move.move_line_ids.mapped("quantity")), move.reference
    log(f"checked {len(sample)} cloned invoices and {len(pickings)} cloned transfers")


def main():
    conf, db, kind = sys.argv[1:4]
    config.parse_config(["-c", conf, "-d", db, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(db)
    started = time.time()
    rng = random.Random(SEED)
    with registry.cursor() as cr:
        env = api.Environment(
            cr, odoo.SUPERUSER_ID, {"tracking_disable": True, "mail_notrack": True}
        )
        products, customers = master_data(env, rng)
        draft_orders(env, rng, products, customers)
        if kind in ("full", "base"):  # the same data set with and without the addon
            invoices = template_invoices(env, rng, products, customers)
            clone_invoices(env, rng, invoices, customers)
            deliveries = template_deliveries(env, rng, products, customers)
            clone_deliveries(env, rng, deliveries, customers)
            check_sample(env, rng)
        env["ir.config_parameter"].set_param("strategic_bench.built", f"{kind}:{DATA_VERSION}")
        cr.commit()
        cr.execute("ANALYZE")
    log(f"built '{kind}' in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
