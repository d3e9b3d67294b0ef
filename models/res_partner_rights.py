# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who may change and who may read a client's strategic data: what scores a client or sets its
treatment by hand is changed by Strategic Clients administrators only (checked with the
values written, tracked on the client's chatter); the figures derived from invoices and
orders are read by those who may read all of them."""

from odoo import _, api, models

# what decides a client's score or treatment by hand: Strategic Clients administrators only
STRATEGIC_ADMIN_FIELDS = (
    "strategic_override",
    "strategic_override_reason",
    "strategic_override_until",
    "strategic_override_user_id",
    "key_account_manager_id",
    "strategic_test_client",
    "strategic_prestige",
    "strategic_multinational",
    "strategic_growth_potential",
    "strategic_market_influence",
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model_create_multi
    def create(self, vals_list):
        self.browse()._strategic_check_admin_fields(vals_list)  # new partners: none written yet
        return super().create(vals_list)

    def write(self, vals):
        self._strategic_check_admin_fields([vals])
        return super().write(vals)

    def _strategic_check_admin_fields(self, vals_list):
        """Refuse, with an AccessError naming them, changes of the fields that score a client
        or set its treatment by hand by a user who is not a Strategic Clients administrator."""
        if self.env.su:
            return
        if changed := self._strategic_changed_fields(vals_list, STRATEGIC_ADMIN_FIELDS):
            self.env["res.users"]._strategic_check_group(
                "strategic_client.group_strategic_manager",
                _(
                    "Change %(fields)s",
                    fields=", ".join(
                        self._fields[fname]._description_string(self.env) for fname in changed
                    ),
                ),
            )

    def _strategic_changed_fields(self, vals_list, fnames):
        """The fields of ``fnames`` whose values in ``vals_list`` change these partners
        (``self``: the partners written). On create (``self`` empty), a change is a value,
        given or defaulted by the context, other than the field's usual default. A
        commercial field (the key account manager) that takes the value of the partner's
        commercial entity is Odoo synchronising a contact with its company, not a change."""
        commercial = set(self._commercial_fields())
        if not self:
            context = self.env.context
            given = {
                fname: context[f"default_{fname}"]
                for fname in (*fnames, "parent_id")
                if f"default_{fname}" in context
            }
            vals_list = [{**given, **vals} for vals in vals_list]
            usual = self.with_context(
                {key: value for key, value in context.items() if not key.startswith("default_")}
            ).default_get([fname for fname in fnames if any(fname in v for v in vals_list)])
        changed = []
        for fname in fnames:
            field = self._fields[fname]
            for vals in vals_list:
                if fname not in vals:
                    continue
                if self:
                    sources = [
                        partner.commercial_partner_id if fname in commercial else partner
                        for partner in self
                    ]
                    olds = [field.convert_to_cache(source[fname], source) for source in sources]
                else:
                    parent_id = vals.get("parent_id")
                    parent = self.browse(parent_id if type(parent_id) is int else ())
                    old = usual.get(fname)
                    if fname in commercial and parent:
                        old = parent.commercial_partner_id[fname]
                    olds = [field.convert_to_cache(old, self, validate=False)]
                try:
                    new = field.convert_to_cache(vals[fname], self, validate=False)
                except (TypeError, ValueError):
                    new = object()  # not a value of the field: Odoo's write refuses it
                if any(old != new for old in olds):
                    changed.append(fname)
                    break
        return changed

    @api.model
    def _strategic_can_read_figures(self):
        """Whether the current user may read the figures derived from documents (invoiced
        amount, payment habits, values of the breakdown, margin and return, counters of
        quotations and returns): those whom Odoo lets read the company's customer invoices
        and orders of all salespeople (group Strategic Clients: figures of all clients,
        which the fields of those figures require)."""
        return self.env.su or self.env.user.has_group("strategic_client.group_strategic_figures")
