# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""strategic.ranking, early warning: after the ranking of a recompute, which strategic
clients are at risk of losing their status or their place, and why (one sentence per
reason, with the figures), stored on the client, and one "At risk" activity per client and
reason for its key account manager.

The reasons, with the company's Early Warning Margin m (in %, 0 = no early warning):

- threshold: a criterion it meets, of a metric that drifts with the client's activity
  (volume, kg, margin, growth, loyalty, second-grade stock, cash payments), is at most m % of
  the threshold (or top % cut-off) above it;
- payment: it meets a criterion that requires good payment habits, and its average days
  late or its overdue amount is above (100 - m) % of the limit;
- rank: there is a cap and its rank is above (100 - m) % of the cap (the last place always
  is, with any margin);
- fall: a criterion it meets measures a period's activity, and its value fell more than m %
  against the same period a year earlier (measured by the same ``_measure``, only for the
  strategic clients meeting it: one grouped query per criterion).

Only clients strategic by the criteria are watched (forced in: the override decides)."""

import json

from dateutil.relativedelta import relativedelta

from odoo import _, api, models
from odoo.tools import SQL, formatLang


class StrategicRanking(models.AbstractModel):
    _inherit = "strategic.ranking"

    @api.model
    def _risk_drifting_metrics(self):
        """The metrics whose value drifts with the client's activity, watched near their
        threshold: those compared a year earlier, and growth. Counts set by hand (countries,
        rating) and yes/no answers change only by someone's decision: a client exactly at
        such a threshold is not at risk of drifting below it. Another addon adding a metric
        extends it."""
        return self._risk_compared_metrics() | {"growth"}

    @api.model
    def _risk_compared_metrics(self):
        """The metrics measuring a period's activity, compared with a year earlier (growth
        compares with the year before already; counts, ratings and flags have no period).
        Another addon adding a metric extends it."""
        return {
            "purchase_amount",
            "purchase_weight",
            "margin",
            "loyalty",
            "low_rotation",
            "cash_payment",
        }

    def _risk_pass(self, company, today, partner_ids=None):
        """Find the strategic clients at risk, store the facts of each reason (the sentences
        are built from them in the reader's language), give the activities. A few queries
        whatever the number of clients: one per criterion compared a year earlier.

        :param partner_ids: only these clients (an action on a few clients); default: all
        """
        margin = company.strategic_risk_margin
        risks = self._risk_find(company, today, margin, partner_ids) if margin > 0 else {}
        Partner = self.env["res.partner"]
        current = Partner._strategic_read_risk(company, risks)
        if partner_ids is not None:
            current = {pid: value for pid, value in current.items() if pid in partner_ids}
        changes = {}
        for partner_id in set(current) | set(risks):
            facts = risks.get(partner_id)
            new = (bool(facts), json.dumps(facts, sort_keys=True) if facts else False)
            if current.get(partner_id, (False, False)) != new:
                changes[partner_id] = new
        Partner._strategic_write_risk(company, changes)
        self._risk_activities(company, risks, today)

    def _risk_find(self, company, today, margin, partner_ids=None):
        """:param partner_ids: only these clients (default: all)
        :return: {partner_id: [[reason key, {facts of the reason}]]}, JSON-ready"""
        key = str(company.id)
        self.env["res.partner"].flush_model(
            [
                "strategic_status_reason",
                "strategic_rank",
                "strategic_days_late",
                "strategic_overdue_amount",
            ]
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id, COALESCE((strategic_rank->>%(key)s)::int4, 0),
                       COALESCE((strategic_days_late->>%(key)s)::float8, 0),
                       COALESCE((strategic_overdue_amount->>%(key)s)::float8, 0)
                  FROM res_partner
                 WHERE strategic_status_reason->>%(key)s = 'strategic' %(among)s
                 ORDER BY id
                """,
                key=key,
                among=SQL("AND id = ANY(%s)", list(partner_ids))
                if partner_ids is not None
                else SQL(),
            )
        )
        if not rows:
            return {}
        clients = {pid: (rank, days, overdue) for pid, rank, days, overdue in rows}
        self.env["strategic.score.line"].flush_model()
        lines = self.env.execute_query(
            SQL(
                """
                SELECT partner_id, criterion_id, value, threshold_value
                  FROM strategic_score_line
                 WHERE company_id = %s AND met AND partner_id = ANY(%s)
                 ORDER BY partner_id, criterion_sequence, criterion_id
                """,
                company.id,
                list(clients),
            )
        )
        criteria = {criterion.id: criterion for criterion in self._criteria(company)}
        drifting = self._risk_drifting_metrics()
        met = {}  # {partner_id: [(criterion, value, value to reach)]}
        for partner_id, criterion_id, value, threshold in lines:
            if criterion_id in criteria:
                met.setdefault(partner_id, []).append((criteria[criterion_id], value, threshold))
        earlier = self._risk_year_earlier(met, today)
        share = margin / 100.0
        cap = company.strategic_max_clients
        risks = {}
        for partner_id, (rank, days, overdue) in clients.items():
            found = []
            for criterion, value, threshold in met.get(partner_id, ()):
                if criterion.metric in drifting and self._risk_near_threshold(
                    criterion, value, threshold, share
                ):
                    found.append(self._risk_threshold_reason(criterion, value, threshold, margin))
            gated = any(c.requires_good_payment for c, _v, _t in met.get(partner_id, ()))
            if gated and (payment := self._risk_payment_reason(company, days, overdue, margin)):
                found.append(payment)
            if cap and rank > cap * (1 - share):
                found.append(self._risk_rank_reason(company, rank, cap, margin))
            for criterion, value, _threshold in met.get(partner_id, ()):
                previous = earlier.get(criterion.id, {}).get(partner_id, 0.0)
                if previous > 0 and value < previous * (1 - share):
                    found.append(self._risk_fall_reason(criterion, value, previous))
            if found:
                risks[partner_id] = found
        return risks

    def _risk_year_earlier(self, met, today):
        """The values, for the same period a year earlier, of the compared criteria that
        strategic clients meet, measured for those clients only: one ``_measure`` (grouped
        query) per criterion. :return: {criterion_id: {partner_id: value}}"""
        compared = self._risk_compared_metrics()
        meeting = {}  # {criterion: [partner_id]}
        for partner_id, entries in met.items():
            for criterion, _value, _threshold in entries:
                if criterion.metric in compared:
                    meeting.setdefault(criterion, []).append(partner_id)
        Partner = self.env["res.partner"]
        year_earlier = today - relativedelta(years=1)
        return {
            criterion.id: criterion._measure(Partner.browse(partner_ids), year_earlier)
            for criterion, partner_ids in meeting.items()
        }

    @api.model
    def _risk_near_threshold(self, criterion, value, threshold, share):
        if criterion.value_unit == "flag" or not threshold:
            return False
        if criterion._nobody_makes_top(threshold):
            return False
        return value - threshold <= abs(threshold) * share

    # --- the reasons: their facts, and the sentences built from them ----------------------
    def _risk_threshold_reason(self, criterion, value, threshold, margin):
        facts = {"kind": "threshold", "criterion": criterion.id, "value": value}
        facts.update(threshold=threshold, margin=margin)
        return [f"threshold-{criterion.id}", facts]

    def _risk_payment_reason(self, company, days, overdue, margin):
        share = margin / 100.0
        max_days = company.strategic_max_days_late
        tolerance = company.strategic_overdue_tolerance
        near_days = bool(max_days and days > max_days * (1 - share))
        near_overdue = bool(tolerance and overdue > tolerance * (1 - share))
        if not (near_days or near_overdue):
            return None
        facts = {"kind": "payment", "margin": margin}
        if near_days:
            facts.update(days=days, max_days=max_days)
        if near_overdue:
            facts.update(overdue=overdue, tolerance=tolerance)
        return [f"payment-{company.id}", facts]

    def _risk_rank_reason(self, company, rank, cap, margin):
        return [f"rank-{company.id}", {"kind": "rank", "rank": rank, "cap": cap, "margin": margin}]

    def _risk_fall_reason(self, criterion, value, previous):
        facts = {"kind": "fall", "criterion": criterion.id, "value": value, "previous": previous}
        return [f"fall-{criterion.id}", facts]

    @api.model
    def _risk_texts(self, company, facts):
        """The activity summary and the sentence, with the figures, of a reason's facts,
        in the environment's language. :return: (summary, sentence)"""
        criterion = self.env["strategic.criterion"].browse(facts.get("criterion"))
        margin = facts.get("margin", 0.0)
        margin = formatLang(self.env, margin, digits=0 if float(margin).is_integer() else 1)
        kind = facts["kind"]
        if kind == "threshold":
            values = {
                "criterion": criterion.name,
                "value": criterion._format_value(facts["value"]),
                "threshold": criterion._format_value(facts["threshold"]),
                "margin": margin,
            }
            if criterion.threshold_type == "top_percent":
                sentence = _(
                    "%(criterion)s is %(value)s against %(threshold)s where its top %(top)s %% "
                    "starts: within the %(margin)s %% margin.",
                    top=formatLang(self.env, criterion.threshold, digits=0),
                    **values,
                )
            else:
                sentence = _(
                    "%(criterion)s is %(value)s against a threshold of %(threshold)s: within "
                    "the %(margin)s %% margin.",
                    **values,
                )
            return _(
                "At risk: %(criterion)s near its threshold", criterion=criterion.name
            ), sentence
        if kind == "payment":
            near = []
            if "days" in facts:
                days = facts["days"]
                near.append(
                    _(
                        "%(days)s days late on average, at most %(max_days)s allowed",
                        days=formatLang(
                            self.env, days, digits=0 if float(days).is_integer() else 1
                        ),
                        max_days=facts["max_days"],
                    )
                )
            if "overdue" in facts:
                near.append(
                    _(
                        "%(overdue)s overdue, at most %(tolerance)s allowed",
                        overdue=formatLang(
                            self.env, facts["overdue"], currency_obj=company.currency_id
                        ),
                        tolerance=formatLang(
                            self.env, facts["tolerance"], currency_obj=company.currency_id
                        ),
                    )
                )
            sentence = _(
                "Payment habits near the limit: %(habits)s (within the %(margin)s %% margin); a "
                "criterion it meets requires good payment habits.",
                habits="; ".join(near),
                margin=margin,
            )
            return _("At risk: payment habits near the limit"), sentence
        if kind == "rank":
            sentence = _(
                "Rank %(rank)s of the %(cap)s places of the cap: among its last %(margin)s %%; a "
                "client ranked below it that overtook it would push it over the cap.",
                rank=facts["rank"],
                cap=facts["cap"],
                margin=margin,
            )
            return _("At risk: rank near the cap"), sentence
        value, previous = facts["value"], facts["previous"]
        sentence = _(
            "%(criterion)s fell %(fall)s %% against the same %(months)s months a year "
            "earlier (%(value)s against %(previous)s).",
            criterion=criterion.name,
            fall=formatLang(self.env, 100.0 * (previous - value) / previous, digits=0),
            months=criterion.period_months,
            value=criterion._format_value(value),
            previous=criterion._format_value(previous),
        )
        summary = _("At risk: %(criterion)s fell against a year earlier", criterion=criterion.name)
        return summary, sentence

    # --- the activities --------------------------------------------------------------------
    def _risk_activities(self, company, risks, today):
        """One "At risk" activity per client and reason for its key account manager,
        unless one is open already for that client and reason (created in one go). An
        activity stays open when the risk passes: the manager marks it done."""
        if not risks:
            return
        Activity = self.env["mail.activity"]
        activity_type = self.env.ref("strategic_client.mail_activity_type_strategic_risk")
        open_keys = set(
            Activity._read_group(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", list(risks)),
                    ("activity_type_id", "=", activity_type.id),
                ],
                ["res_id", "strategic_risk_key"],
            )
        )
        model_id = self.env["ir.model"]._get_id("res.partner")
        partners = self.env["res.partner"].with_company(company).browse(list(risks))
        vals_list, responsible = [], {}
        for partner in partners:
            # the same responsible for the same manager and salesperson: asked once
            client = partner.commercial_partner_id
            who = (client.key_account_manager_id, client.user_id)
            if who not in responsible:
                responsible[who] = partner._strategic_activity_user()
            user = responsible[who]
            in_user_lang = self.with_context(lang=user.lang or self.env.lang)
            for risk_key, facts in risks[partner.id]:
                if (partner.id, risk_key) in open_keys:
                    continue
                summary, sentence = in_user_lang._risk_texts(company, facts)
                vals_list.append(
                    {
                        "res_model_id": model_id,
                        "res_id": partner.id,
                        "activity_type_id": activity_type.id,
                        "summary": summary,
                        "note": sentence,
                        "user_id": user.id,
                        "date_deadline": today,
                        "strategic_risk_key": risk_key,
                    }
                )
        if vals_list:
            # no assignment e-mail per activity: the manager sees them in the activities
            Activity.with_context(mail_activity_quick_update=True).create(vals_list)
