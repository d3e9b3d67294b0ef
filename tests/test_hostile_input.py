# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import StrategicCommon

REFUSED = (ValidationError, UserError, AccessError)
numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**9), max_value=10**9),
)
CRITERION_VALUES = st.fixed_dictionaries(
    {},
    optional={
        "weight": numbers,
        "threshold": numbers,
        "threshold_type": st.sampled_from(["absolute", "top_percent", "best", "", "0"]),
        "period_months": st.integers(min_value=-1000, max_value=1000),
        "metric": st.sampled_from(["purchase_amount", "prestige", "domain", "nope"]),
        "domain": st.one_of(
            st.text(max_size=30),
            st.sampled_from(["[]", "[('name', '=', 'x')]", "[('nope', '=', 1)]", "[(("]),
        ),
        "name": st.text(min_size=1, max_size=20),
    },
)
SETTINGS_VALUES = st.fixed_dictionaries(
    {},
    optional={
        "strategic_min_score": numbers,
        "strategic_max_clients": st.integers(min_value=-1000, max_value=1000),
        "strategic_max_days_late": st.integers(min_value=-1000, max_value=1000),
        "strategic_overdue_tolerance": numbers,
        "strategic_cash_days": st.integers(min_value=-1000, max_value=1000),
        "sale_min_order_amount": numbers,
        "strategic_min_roi": numbers,
    },
)
FAST = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@tagged("post_install", "-at_install")
class TestHostileInput(StrategicCommon):
    """Random values written through the ORM by an administrator who is not the superuser:
    only ValidationError, UserError or AccessError come out, and a refused write leaves the
    record as it was."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(
            cls.env,
            "hostile_admin",
            groups="base.group_system,strategic_client.group_strategic_manager",
            company_id=cls.company.id,
        )
        cls.criterion = cls._criterion("prestige", 1, weight=2)

    def _write_or_refuse(self, record, vals):
        fnames = [fname for fname in vals if fname in record._fields]
        before = record.read(fnames)[0]
        try:
            with self.env.cr.savepoint():
                record.with_user(self.admin).write(vals)
        except REFUSED:
            record.invalidate_recordset()
            self.assertEqual(record.read(fnames)[0], before)

    @FAST
    @given(vals=CRITERION_VALUES)
    def test_criteria(self, vals):
        self._write_or_refuse(self.criterion, vals)

    @FAST
    @given(vals=SETTINGS_VALUES)
    def test_settings(self, vals):
        self._write_or_refuse(self.company, vals)
