# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who may do what: the one check of the caller's group, used at the top of every public
method (Odoo exposes them to RPC) before anything runs as superuser."""

from odoo import _
from odoo.exceptions import AccessError

STRATEGIC_USER = "strategic_client.group_strategic_user"
STRATEGIC_MANAGER = "strategic_client.group_strategic_manager"
# who may read the figures derived from invoices and orders (see the group's comment)
FIGURES_GROUP = "strategic_client.group_strategic_figures"


def check_group(env, group_xmlid, action):
    """Refuse, with an AccessError naming what was attempted and who may do it, a caller
    who is not a member of ``group_xmlid`` (the superuser always passes).

    :param action: what the caller attempted, as a sentence start ("Recompute the
        strategic clients"); translated by the caller
    """
    if env.su or env.user.has_group(group_xmlid):
        return
    group = env.ref(group_xmlid).sudo()
    raise AccessError(
        _(
            "%(action)s: only members of the group %(group)s may do this. Ask your administrator.",
            action=action,
            group=group.full_name,
        )
    )
