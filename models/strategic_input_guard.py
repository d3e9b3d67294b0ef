# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math

from odoo import _, api, models
from odoo.exceptions import ValidationError

LARGEST_NUMBER = 1e15  # beyond, amounts lose their cents and Odoo's rounding overflows


def check_values(model, vals, fnames=None):
    """Refuse, with a ValidationError naming the field, a selection value that is not among
    the choices and a number that is not finite or absurdly large: values the ORM would
    otherwise refuse with a bare ValueError or OverflowError, or store.

    :param fnames: the fields to check (default: all of ``vals``)
    """
    for fname, value in vals.items():
        field = model._fields.get(fname)
        if field is None or value is False or value is None or (fnames and fname not in fnames):
            continue
        label = field.get_description(model.env)["string"]
        if field.type == "selection" and not callable(field.selection):
            allowed = [key for key, _label in field._description_selection(model.env)]
            if value not in allowed:
                raise ValidationError(
                    _(
                        "%(field)s: %(value)r is not one of the choices (%(choices)s).",
                        field=label,
                        value=value,
                        choices=", ".join(map(str, allowed)),
                    )
                )
        elif field.type in ("float", "monetary", "integer") and (
            not isinstance(value, (int, float))
            or not math.isfinite(value)
            or abs(value) > LARGEST_NUMBER
        ):
            raise ValidationError(
                _(
                    "%(field)s: %(value)r is not a usable number; enter a number below "
                    "%(largest)s.",
                    field=label,
                    value=value,
                    largest="1e15",
                )
            )


class StrategicInputGuard(models.AbstractModel):
    """Values that the ORM would refuse with a bare ValueError (a selection value that is
    not among the choices) or store although meaningless (a number that is not finite) are
    refused with a ValidationError naming the field, before anything is written."""

    _name = "strategic.input.guard"
    _description = "Strategic Clients: checks of written values"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_values(self, vals)
        return super().create(vals_list)

    def write(self, vals):
        check_values(self, vals)
        return super().write(vals)
