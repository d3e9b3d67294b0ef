# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


def post_init_hook(env):
    """Every company gets the default criteria (the main company has them as data)."""
    env["res.company"].search([])._strategic_create_default_criteria()
