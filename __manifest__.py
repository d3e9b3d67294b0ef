# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Strategic Clients",
    "summary": "Select strategic customers by explicit rules and give them priority "
    "in sales, the warehouse, invoicing and collection",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "author": "Strategic Clients developers",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["sale_stock", "sale_margin", "account"],
    "data": [
        "security/strategic_client_security.xml",
        "security/ir.model.access.csv",
        "data/strategic_client_data.xml",
        "data/strategic_criterion_data.xml",
        "views/strategic_criterion_views.xml",
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/stock_picking_views.xml",
        "views/account_move_views.xml",
        "views/product_template_views.xml",
        "wizard/strategic_minimum_waiver_views.xml",
        "views/res_config_settings_views.xml",
        "views/strategic_client_menus.xml",
    ],
    "demo": ["demo/strategic_client_demo.xml"],
    "assets": {
        "web.assets_backend": ["strategic_client/static/src/**/*"],
    },
    "post_init_hook": "post_init_hook",
}
