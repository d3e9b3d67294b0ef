# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""strategic.criterion, explained: the sentence a salesperson reads on each line of a
client's score breakdown ("1 country, needs 2"), with units, from what the recompute stored.
Another addon adding a metric extends ``_value_phrase`` (and ``_flag_phrase`` for a yes/no
metric)."""

from odoo import _, api, fields, models
from odoo.tools import formatLang


class StrategicCriterion(models.Model):
    _inherit = "strategic.criterion"

    threshold_display = fields.Char(
        string="Threshold with Unit",
        compute="_compute_threshold_display",
        help="The threshold with its unit; a top % is a share of the company's customers. "
        "Yes/no criteria have no threshold.",
    )

    @api.depends("threshold", "threshold_type", "metric", "company_id.currency_id")
    @api.depends_context("lang")
    def _compute_threshold_display(self):
        for criterion in self:
            if criterion.value_unit == "flag":
                criterion.threshold_display = False
            elif criterion.threshold_type == "top_percent":
                criterion.threshold_display = _(
                    "Top %(share)s %% of customers",
                    share=formatLang(self.env, criterion.threshold, digits=0),
                )
            else:
                criterion.threshold_display = criterion._format_value(criterion.threshold)

    def _explain(self, line):
        """Why ``line`` (a score line of this criterion) is met or not, in a sentence."""
        self.ensure_one()
        if self.value_unit == "flag":
            fact = self._flag_phrase(line.reaches)
        else:
            fact = self._against_threshold(line)
        if line.reaches and not line.payment_ok:
            return _(
                "%(fact)s, but its payment habits are not good: %(habits)s.",
                fact=fact,
                habits=self._payment_habits_phrase(line.partner_id),
            )
        return _("%(fact)s.", fact=fact)

    def _against_threshold(self, line):
        value = self._value_phrase(line.value, line.has_value)
        top = formatLang(self.env, self.threshold, digits=0)
        if self._nobody_makes_top(line.threshold_value):
            return _(
                "%(value)s; no client has a value yet to make a top %(top)s %%",
                value=value,
                top=top,
            )
        threshold = self._format_value(line.threshold_value)
        if self.threshold_type == "top_percent":
            return _(
                "%(value)s; the top %(top)s %% starts at %(threshold)s",
                value=value,
                top=top,
                threshold=threshold,
            )
        return _("%(value)s, needs %(threshold)s", value=value, threshold=threshold)

    def _format_value(self, value):
        """A value of this criterion's metric with its unit."""
        self.ensure_one()
        unit = self.value_unit
        if unit == "amount":
            return formatLang(self.env, value, currency_obj=self.company_id.currency_id)
        if unit == "percent":
            digits = 0 if float(value).is_integer() else 1
            return _("%(value)s %%", value=formatLang(self.env, value, digits=digits))
        if unit == "kg":
            return _("%(value)s kg", value=formatLang(self.env, value, digits=0))
        if unit == "rating":
            return _("%(value)s of 3 stars", value=formatLang(self.env, value, digits=0))
        if self.metric == "multinational":
            if value == 1:
                return _("1 country")
            return _("%(count)s countries", count=formatLang(self.env, value, digits=0))
        return formatLang(self.env, value, digits=0 if float(value).is_integer() else 2)

    def _value_phrase(self, value, has_value):
        """What was measured for the client, e.g. '12,000 kg delivered in 12 months'."""
        self.ensure_one()
        months = self.period_months
        shown = self._format_value(value)
        phrases = {
            "purchase_amount": (
                _("%(value)s invoiced in %(months)s months", value=shown, months=months),
                _("Nothing invoiced in %(months)s months", months=months),
            ),
            "purchase_weight": (
                _("%(value)s delivered in %(months)s months", value=shown, months=months),
                _("No kg delivered in %(months)s months", months=months),
            ),
            "margin": (
                _("%(value)s margin over %(months)s months", value=shown, months=months),
                _("No margin data in %(months)s months", months=months),
            ),
            "growth": (
                _("%(value)s growth on the %(months)s months before", value=shown, months=months),
                _("No purchases in the %(months)s months before to compare with", months=months),
            ),
            "loyalty": (
                _(
                    "Invoiced in %(value)s of the last %(months)s months",
                    value=shown,
                    months=months,
                ),
                _("No invoice in %(months)s months", months=months),
            ),
            "low_rotation": (
                _("%(value)s of its purchases on second-grade or slow stock", value=shown)
                if value
                else _(
                    "No second-grade or slow-moving stock among its purchases of %(months)s months",
                    months=months,
                ),
                _("No purchases in %(months)s months", months=months),
            ),
            "multinational": (
                shown,
                _("No country on the client or its addresses"),
            ),
            "cash_payment": (
                _("%(value)s of its invoices paid in cash", value=shown),
                _("No invoice in %(months)s months", months=months),
            ),
            "influence": (
                _("Market influence %(value)s", value=shown),
                _("Market influence not rated"),
            ),
        }
        with_value, without_value = phrases.get(
            self.metric, (_("Value %(value)s", value=shown), _("No value"))
        )
        return with_value if has_value else without_value

    def _flag_phrase(self, yes):
        """The answer of a yes/no metric for the client, e.g. 'Not tagged Distributor'."""
        self.ensure_one()
        tags = _(" or ").join(self.partner_category_ids.mapped("name"))
        industries = _(" or ").join(self.industry_ids.mapped("name"))
        phrases = {
            "distributor": (
                _("Tagged %(tags)s", tags=tags),
                _("Not tagged %(tags)s", tags=tags),
            ),
            "test_client": (_("Marked as a test client"), _("Not marked as a test client")),
            "prestige": (_("Marked as a prestige client"), _("Not marked as a prestige client")),
            "segment": (
                _("In the segment %(industries)s", industries=industries),
                _("Not in the segment %(industries)s", industries=industries),
            ),
            "domain": (
                _("Matches the rule of %(criterion)s", criterion=self.name),
                _("Does not match the rule of %(criterion)s", criterion=self.name),
            ),
        }
        yes_phrase, no_phrase = phrases.get(self.metric, (_("Yes"), _("No")))
        return yes_phrase if yes else no_phrase

    def _payment_habits_phrase(self, partner):
        """What fails the good-payment gate, with the figures and the limits."""
        company = self.company_id
        failing = []
        if partner.strategic_days_late > company.strategic_max_days_late:
            failing.append(
                _(
                    "%(days)s days late on average, at most %(max_days)s allowed",
                    days=formatLang(self.env, partner.strategic_days_late, digits=0),
                    max_days=company.strategic_max_days_late,
                )
            )
        if partner.strategic_overdue_amount > company.strategic_overdue_tolerance:
            failing.append(
                _(
                    "%(overdue)s overdue, at most %(tolerance)s allowed",
                    overdue=formatLang(
                        self.env, partner.strategic_overdue_amount, currency_obj=company.currency_id
                    ),
                    tolerance=formatLang(
                        self.env,
                        company.strategic_overdue_tolerance,
                        currency_obj=company.currency_id,
                    ),
                )
            )
        return "; ".join(failing) or _("late payments")
