# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Build the benchmark data set (fixed seed) into a database where the addons are installed.

Run by `make bench` (tools/dev.sh) as: python3 bench/build.py CONFIG DATABASE full|base

- full: 10,000 commercial customers times BENCH_SCALE (environment, default 1; 10 for
  100,000), some with child addresses in other countries, 3 years of posted invoices and
  credit notes (~250,000 invoice lines times the scale, two currencies with a rate per
  month, a sales tax on most lines, a quarter of the invoices made from confirmed sale
  orders with the margin of their order lines, a tenth of them and of the deliveries on a
  child address), payments early, on time and late, ~100,000 done delivery moves times the
  scale (in the past 3 years) with returns, 200 draft orders, and the clients' tags, flags,
  market influence and growth potential in realistic shares. The build ends by checking that
  every active criterion of the company is met by some clients and missed by others.
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

import os
import random
import sys
import time
from datetime import date, timedelta

import odoo
from odoo import api
from odoo.fields import Command
from odoo.tools import SQL, config

SEED = 42
DATA_VERSION = 4  # bump when the data set changes: make bench rebuilds the databases
SCALE_NAME = os.environ.get("BENCH_SCALE") or "1"  # 10: 100,000 clients, same shape and seed
SCALE = float(SCALE_NAME)
CUSTOMERS = int(10_000 * SCALE)
ORDERS = 200
TEMPLATE_INVOICES = 400
ORDER_INVOICES = 4  # one template invoice in 4 is made from a confirmed sale order
TAXED_INVOICES = 10  # 7 template invoices in 10 carry the sales tax
LINES_PER_INVOICE = 5
TARGET_INVOICE_LINES = int(250_000 * SCALE)
TEMPLATE_DELIVERIES = 100
MOVES_PER_DELIVERY = 5
TARGET_MOVES = int(100_000 * SCALE)
ON_ADDRESS = 10  # one invoice or delivery in 10 of a client with an address is on it
REGULARS = 30  # one client in 30 buys about twice a month (the loyal ones) ...
REGULAR_SHARE = 4  # ... and gets one cloned invoice in 4
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
        # a rate per month, drifting: documents convert at their own date
        rate, rates = 0.9, []
        for month in range(3 * 12 + 2):
            rates.append(
                {
                    "currency_id": eur.id,
                    "name": START - timedelta(days=1) + timedelta(days=30 * month),
                    "rate": round(rate, 4),
                }
            )
            rate *= rng.uniform(0.98, 1.02)
        env["res.currency.rate"].create(rates)
    env["account.tax"].create(
        {"name": "Bench sales tax 16%", "amount": 16.0, "type_tax_use": "sale"}
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
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
            for i, price in ((i, round(rng.uniform(5, 500), 2)) for i in range(200))
        ]
    )
    second_grade = env.ref("strategic_client.product_category_second_grade", False)
    if second_grade:  # one product in 10 is second-grade or slow stock
        products[::10].categ_id = second_grade
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
    addresses = env["res.partner"].create(addresses)
    client_facts(env, customers)
    log(f"{len(products)} products, {len(customers)} customers, {len(addresses)} addresses")
    return products, customers, {address.parent_id.id: address.id for address in addresses}


def client_facts(env, customers):
    """Tags, flags, market influence and growth potential in realistic shares (where the
    addon is installed), from a generator of their own: the documents are the same with
    and without the addon."""
    if "strategic_prestige" not in customers._fields:
        return
    rng = random.Random(SEED + 1)
    distributor = env.ref("strategic_client.partner_category_distributor")
    representative = env.ref("strategic_client.partner_category_representative")
    writes = {}  # {(field, value): [partner ids]}
    for customer in customers:
        draw = rng.random()
        if draw < 0.03:
            writes.setdefault(("category_id", distributor.id), []).append(customer.id)
        elif draw < 0.04:
            writes.setdefault(("category_id", representative.id), []).append(customer.id)
        if rng.random() < 0.01:
            writes.setdefault(("strategic_test_client", True), []).append(customer.id)
        if rng.random() < 0.02:
            writes.setdefault(("strategic_prestige", True), []).append(customer.id)
        if rng.random() < 0.03:
            writes.setdefault(("strategic_multinational", True), []).append(customer.id)
        influence = rng.choices(["0", "1", "2", "3"], weights=[70, 18, 8, 4])[0]
        if influence != "0":
            writes.setdefault(("strategic_market_influence", influence), []).append(customer.id)
        if rng.random() < 0.05:
            potential = rng.choice([-10.0, 5.0, 15.0, 25.0, 40.0, 60.0])
            writes.setdefault(("strategic_growth_potential", potential), []).append(customer.id)
    for (fname, value), ids in writes.items():
        value = [Command.link(value)] if fname == "category_id" else value
        customers.browse(ids).write({fname: value})


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
    tax = env["account.tax"].search([("name", "=", "Bench sales tax 16%")], limit=1)
    vals, from_orders = [], []
    for i in range(TEMPLATE_INVOICES):
        day = START + timedelta(days=rng.randrange(60))
        taxes = [Command.set(tax.ids)] if i % TAXED_INVOICES < 7 else []
        if i % 20 and i % ORDER_INVOICES == 1:
            from_orders.append((i, day, taxes))
            continue
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
                            "tax_ids": taxes,
                        }
                    )
                    for _line in range(LINES_PER_INVOICE)
                ],
            }
        )
    moves = env["account.move"].create(vals) | invoices_from_orders(
        env, rng, products, customers, from_orders
    )
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


def invoices_from_orders(env, rng, products, customers, from_orders):
    """Draft invoices made by Odoo from confirmed sale orders: their lines come from order
    lines whose cost (sale_margin's purchase_price) differs from the product's."""
    orders = env["sale.order"].create(
        [
            {
                "partner_id": customers[i].id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": products[rng.randrange(len(products))].id,
                            "product_uom_qty": rng.randint(1, 30),
                            "price_unit": round(rng.uniform(5, 500), 2),
                            "tax_ids": taxes,
                        }
                    )
                    for _line in range(LINES_PER_INVOICE)
                ],
            }
            for i, _day, taxes in from_orders
        ]
    )
    for line in orders.order_line:
        line.purchase_price = round(line.price_unit * rng.uniform(0.3, 0.95), 2)
    orders.action_confirm()
    invoices = orders._create_invoices()
    for invoice, (_i, day, _taxes) in zip(
        invoices.sorted(lambda move: move.partner_id.id), sorted(from_orders), strict=True
    ):
        invoice.write({"invoice_date": day, "date": day, "invoice_date_due": day + timedelta(30)})
    log(f"{len(invoices)} invoices from {len(orders)} confirmed sale orders")
    return invoices


def latest_shifts(cr, templates):
    """How far each template invoice can be moved forward (days) with its due date and
    its payments still in the past: the clones' dates reach today, as a live database's."""
    cr.execute(
        SQL(
            """
            SELECT move.id, GREATEST(move.invoice_date_due, MAX(partial.max_date))
              FROM account_move move
              JOIN account_move_line term ON term.move_id = move.id
         LEFT JOIN account_partial_reconcile partial
                ON term.id IN (partial.debit_move_id, partial.credit_move_id)
             WHERE move.id = ANY(%s)
          GROUP BY move.id, move.invoice_date_due
            """,
            templates.ids,
        )
    )
    return {move_id: max((TODAY - latest).days, 1) for move_id, latest in cr.fetchall()}


def clone_invoices(env, rng, templates, customers, addresses):
    cr = env.cr
    env.flush_all()
    per_template = TARGET_INVOICE_LINES // LINES_PER_INVOICE // len(templates) - 1
    spans = latest_shifts(cr, templates)
    # one big client gets about 5,000 invoice lines (the consumption report's worst case)
    big = customers[0].id
    regulars = customers[1::REGULARS]

    def client(k):
        if k <= 3:
            return big
        if rng.randrange(REGULAR_SHARE) == 0:
            return regulars[rng.randrange(len(regulars))].id
        return customers[rng.randrange(len(customers))].id

    rows = [
        (template.id, k, client(k), rng.randrange(spans[template.id]), rng.randrange(ON_ADDRESS))
        for template in templates
        for k in range(1, per_template + 1)
    ]
    old, ks, partners, shifts, draws = (list(x) for x in zip(*rows, strict=True))
    # one invoice in ON_ADDRESS of a client with an address is made out to the address
    on = [addresses.get(p, p) if draw == 0 else p for p, draw in zip(partners, draws, strict=True)]
    cr.execute(
        SQL(
            """
            CREATE TEMP TABLE bench_move_map AS
            SELECT old_id, k, partner_id, commercial_id, shift,
                   nextval('account_move_id_seq') AS new_id
              FROM unnest(%s::int[], %s::int[], %s::int[], %s::int[], %s::int[])
                   AS x(old_id, k, partner_id, commercial_id, shift)
            """,
            old,
            ks,
            on,
            partners,
            shifts,
        )
    )
    # the payment entries reconciled with each template invoice, cloned with it
    cr.execute(
        SQL(
            """
            INSERT INTO bench_move_map (old_id, k, partner_id, commercial_id, shift, new_id)
            SELECT DISTINCT pay.id, m.k, m.partner_id, m.commercial_id, m.shift, 0
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
            "commercial_partner_id": SQL("m.commercial_id"),
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
        SELECT l.id AS old_id, m.k, m.commercial_id AS partner_id, m.shift, m.new_id AS move_id,
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
    # the clones of lines made from order lines come from the same order lines
    cr.execute(
        """
        INSERT INTO sale_order_line_invoice_rel (invoice_line_id, order_line_id)
        SELECT m.new_id, rel.order_line_id
          FROM bench_line_map m
          JOIN sale_order_line_invoice_rel rel ON rel.invoice_line_id = m.old_id
        """
    )
    linked = cr.rowcount
    env.invalidate_all()
    log(
        f"cloned {moves} moves, {lines} journal items ({linked} from order lines), "
        f"{partials} reconciliations"
    )


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


def clone_deliveries(env, rng, templates, customers, addresses):
    cr = env.cr
    env.flush_all()
    per_template = TARGET_MOVES // len(templates.move_ids) - 1
    span = (TODAY - START).days
    rows = [
        (
            picking.id,
            k,
            customers[rng.randrange(len(customers))].id,
            rng.randrange(span),
            rng.randrange(ON_ADDRESS),
        )
        for picking in templates
        for k in range(1, per_template + 1)
    ]
    old, ks, partners, shifts, draws = (list(x) for x in zip(*rows, strict=True))
    partners = [
        addresses.get(p, p) if draw == 0 else p for p, draw in zip(partners, draws, strict=True)
    ]
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
    # the templates are done today: the clones go back up to 3 years (never in the future)
    dates = SQL("t.date - m.shift")
    clone(
        cr,
        "stock_picking",
        "bench_picking_map",
        {
            "name": SQL("t.name || '-' || m.k"),
            "partner_id": SQL("m.partner_id"),
            "date": dates,
            "date_done": SQL("t.date_done - m.shift"),
            "scheduled_date": SQL("t.scheduled_date - m.shift"),
            "date_deadline": SQL("t.date_deadline - m.shift"),
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
            "date": SQL("t.date - m.shift"),
            "date_deadline": SQL("t.date_deadline - m.shift"),
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
            "date": SQL("t.date - m.shift"),
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


def check_criteria(env):
    """Every active criterion of the company is met by some clients and missed by others
    (measured and decided by the addon's own methods, payment habits aside; nothing
    written). :return: the problems found, as sentences"""
    if "strategic.ranking" not in env:
        return []
    Ranking = env["strategic.ranking"]
    company = env.company
    population = Ranking._population(company)
    everyone = set(population.ids)
    problems = []
    for criterion in Ranking._criteria(company):
        if criterion.threshold_type == "top_percent":
            values, threshold = Ranking._measure_top_percent(criterion, population, TODAY)[
                criterion.id
            ]
        else:
            values, threshold = criterion._measure(population, TODAY), criterion.threshold
        decided = criterion._decide(population.ids, values, threshold, everyone)
        met = sum(1 for result in decided.values() if result[3])
        log(f"criterion {criterion.name}: met by {met} of {len(population)} clients")
        if not 0 < met < len(population):
            problems.append(f"{criterion.name}: met by {met} of {len(population)}")
    return problems


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
        products, customers, addresses = master_data(env, rng)
        draft_orders(env, rng, products, customers)
        if kind in ("full", "base"):  # the same data set with and without the addon
            invoices = template_invoices(env, rng, products, customers)
            clone_invoices(env, rng, invoices, customers, addresses)
            deliveries = template_deliveries(env, rng, products, customers)
            clone_deliveries(env, rng, deliveries, customers, addresses)
            check_sample(env, rng)
        env["ir.config_parameter"].set_param(
            "strategic_bench.built", f"{kind}:{DATA_VERSION}:{SCALE_NAME}"
        )
        cr.commit()
        cr.execute("ANALYZE")
        problems = check_criteria(env)
    log(f"built '{kind}' in {time.time() - started:.0f} s")
    if problems:
        log("criteria not exercised by the data set: " + "; ".join(problems))
        sys.exit(1)


if __name__ == "__main__":
    main()
