# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""res.users: the one check of the caller's group, used at the top of every public method of
the addon (Odoo exposes them to RPC) before anything runs as superuser."""

from odoo import _, api, models
from odoo.exceptions import AccessError


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _strategic_check_group(self, group_xmlid, action):
        """Refuse, with an AccessError naming what was attempted and who may do it, a caller
        who is not a member of ``group_xmlid`` (the superuser always passes).

        :param action: what the caller attempted, as a sentence start ("Recompute the
            strategic clients"); translated by the caller
        """
        env = self.env
        if env.su or env.user.has_group(group_xmlid):
            return
        group = env.ref(group_xmlid).sudo()
        raise AccessError(
            _(
                "%(action)s: only members of the group %(group)s may do this. Ask your "
                "administrator.",
                action=action,
                group=group.full_name,
            )
        )
