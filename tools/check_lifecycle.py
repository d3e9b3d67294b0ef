# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Uninstall strategic_client from a database and check that Odoo still works there: an
order confirms and its delivery validates. `make test` then installs the addon again and
runs the suite on it, which proves the reinstall.

    python3 tools/check_lifecycle.py CONFIG DATABASE
"""

import logging
import sys

import odoo
from odoo import api
from odoo.fields import Command
from odoo.tools import config


def main():
    conf, db = sys.argv[1:3]
    config.parse_config(["-c", conf, "-d", db, "--log-level=warn"])
    # Demo records the suite's data refers to (invoiced demo clients...) cannot be deleted
    # and stay, as Odoo does for any module: its SQL logger reports each refused DELETE.
    logging.getLogger("odoo.sql_db").setLevel(logging.CRITICAL)
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        module = env["ir.module.module"].search([("name", "=", "strategic_client")])
        module.button_immediate_uninstall()
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        assert "strategic.criterion" not in env, "the addon's models are still there"
        assert "is_strategic" not in env["res.partner"]._fields
        product = env["product.product"].create({"name": "Lifecycle crate", "is_storable": True})
        warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 5)
        partner = env["res.partner"].create({"name": "Lifecycle client"})
        order = env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 2})],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        picking.action_assign()
        picking.move_ids.quantity = 2
        picking.move_ids.picked = True
        picking._action_done()
        assert order.state == "sale" and picking.state == "done", (order.state, picking.state)
        cr.rollback()
    print(
        "lifecycle: strategic_client uninstalled; an order confirmed and its delivery "
        "validated without it"
    )


if __name__ == "__main__":
    main()
