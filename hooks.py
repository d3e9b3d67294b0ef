# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


def post_init_hook(env):
    """Every company gets the default criteria (the main company has them as data)."""
    env["res.company"].search([])._strategic_create_default_criteria()


def uninstall_hook(env):
    """Activities of the addon's types (visits, calls, collection...) stay, as To-Dos: their
    types can then be removed with the addon."""
    types = env["ir.model.data"].search(
        [("module", "=", "strategic_client"), ("model", "=", "mail.activity.type")]
    )
    env["mail.activity"].with_context(active_test=False).search(
        [("activity_type_id", "in", types.mapped("res_id"))]
    ).write({"activity_type_id": env.ref("mail.mail_activity_data_todo").id})
