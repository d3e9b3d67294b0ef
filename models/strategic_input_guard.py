# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
from collections import defaultdict
from datetime import date, datetime

from odoo import _, api, models
from odoo.api import NewId
from odoo.exceptions import ValidationError
from odoo.fields import Command

LARGEST_NUMBER = 1e15  # beyond, amounts lose their cents and Odoo's rounding overflows
LARGEST_INTEGER = 2**31 - 1  # integer columns and ids are 32-bit
# x2many commands: least number of elements and, where given, what the third one must be
COMMAND_SHAPES = {
    Command.CREATE: (3, dict),
    Command.UPDATE: (3, dict),
    Command.DELETE: (2, None),
    Command.UNLINK: (2, None),
    Command.LINK: (2, None),
    Command.CLEAR: (1, None),
    Command.SET: (3, (list, tuple)),
}


def _label(model, fname):
    return model._fields[fname]._description_string(model.env)


def _shown(value):
    """The value as written by the caller (repr, never a list formatted for reading), cut
    short if long."""
    shown = repr(value)
    return shown if len(shown) <= 60 else f"{shown[:57]}..."


def _is_id(value):
    return type(value) is int and 0 < value <= LARGEST_INTEGER


def _is_command(item):
    if not isinstance(item, (list, tuple)) or not item:
        return False
    if not isinstance(item[0], int) or isinstance(item[0], bool) or item[0] not in COMMAND_SHAPES:
        return False
    least, third = COMMAND_SHAPES[item[0]]
    if len(item) < least:
        return False
    if third is not None and not isinstance(item[2], third):
        return False
    if item[0] == Command.SET:
        return all(_is_id(record_id) for record_id in item[2])
    return item[0] in (Command.CREATE, Command.CLEAR) or _is_id(item[1])


# --- per field type: whether a value is usable, and the message refusing it --------------
def _selection_ok(model, field, value):
    return callable(field.selection) or value in field.get_values(model.env)


def _selection_message(model, field, value):
    allowed = [key for key, _label in field._description_selection(model.env)]
    return _(
        "%(field)s: %(value)s is not one of the choices (%(choices)s).",
        field=_label(model, field.name),
        value=_shown(value),
        choices=", ".join(map(repr, allowed)),
    )


def _number_ok(model, field, value):
    return isinstance(value, (int, float)) and math.isfinite(value) and abs(value) <= LARGEST_NUMBER


def _number_message(model, field, value):
    return _(
        "%(field)s: %(value)s is not a usable number; enter a number below %(largest)s.",
        field=_label(model, field.name),
        value=_shown(value),
        largest="1e15",
    )


def _integer_ok(model, field, value):
    return (
        isinstance(value, (int, float))
        and (isinstance(value, int) or value.is_integer())
        and abs(value) <= LARGEST_INTEGER
    )


def _integer_message(model, field, value):
    return _(
        "%(field)s: %(value)s is not a usable whole number; enter a whole number between "
        "-%(largest)s and %(largest)s.",
        field=_label(model, field.name),
        value=_shown(value),
        largest=LARGEST_INTEGER,
    )


def _many2one_ok(model, field, value):
    # the existence of the record of an id is checked afterwards, with the others
    if isinstance(value, models.BaseModel):
        return value._name == field.comodel_name and len(value) <= 1
    return _is_id(value)


def _many2one_message(model, field, value):
    return _(
        "%(field)s: %(value)s is not a record id; give the id (a whole number) of an "
        "existing record, or False to leave it empty.",
        field=_label(model, field.name),
        value=_shown(value),
    )


def _x2many_ok(model, field, value):
    # as the ORM reads them: records, a tuple or list of ids, or a list of commands
    if isinstance(value, models.BaseModel):
        return value._name == field.comodel_name
    if isinstance(value, tuple) or (
        isinstance(value, list) and value and not isinstance(value[0], (list, tuple))
    ):
        return all(_is_id(item) for item in value)
    return isinstance(value, list) and all(_is_command(item) for item in value)


def _x2many_message(model, field, value):
    return _(
        "%(field)s: %(value)s is not a list of record ids or of commands such as Command.link(id).",
        field=_label(model, field.name),
        value=_shown(value),
    )


def _date_ok(model, field, value):
    if isinstance(value, date):
        return field.type == "date" or not (isinstance(value, datetime) and value.tzinfo)
    if not isinstance(value, str):
        return False
    try:
        field.to_date(value) if field.type == "date" else field.to_datetime(value)
    except ValueError:
        return False
    return True


def _date_message(model, field, value):
    return _(
        "%(field)s: %(value)s is not a date; write it as %(format)s.",
        field=_label(model, field.name),
        value=_shown(value),
        format="YYYY-MM-DD" if field.type == "date" else "YYYY-MM-DD HH:MM:SS",
    )


def _text_ok(model, field, value):
    return isinstance(value, str) and "\x00" not in value  # the database refuses NUL


def _text_message(model, field, value):
    if isinstance(value, str):
        return _(
            "%(field)s: %(value)s contains a NUL character (\\x00), which cannot be saved; "
            "remove it.",
            field=_label(model, field.name),
            value=_shown(value),
        )
    return _(
        "%(field)s: %(value)s is not text; send it as a string.",
        field=_label(model, field.name),
        value=_shown(value),
    )


CHECKS = {
    "selection": (_selection_ok, _selection_message),
    "float": (_number_ok, _number_message),
    "monetary": (_number_ok, _number_message),
    "integer": (_integer_ok, _integer_message),
    "many2one": (_many2one_ok, _many2one_message),
    "one2many": (_x2many_ok, _x2many_message),
    "many2many": (_x2many_ok, _x2many_message),
    "date": (_date_ok, _date_message),
    "datetime": (_date_ok, _date_message),
    "char": (_text_ok, _text_message),
    "text": (_text_ok, _text_message),
    "html": (_text_ok, _text_message),
}


def check_ids(records):
    """Refuse records of ids that are not whole numbers (sent so by an external caller),
    which the database would refuse with a bare error."""
    wrong = [id_ for id_ in records._ids if not (_is_id(id_) or isinstance(id_, NewId))]
    if wrong:
        raise ValidationError(
            _(
                "%(model)s: %(ids)s are not record ids; give the ids (whole numbers) of "
                "existing records.",
                model=records._description,
                ids=_shown(wrong),
            )
        )


def check_vals_type(model, vals):
    """Refuse values to write that are not a dictionary of field names and values."""
    if not isinstance(vals, dict):
        raise ValidationError(
            _(
                "%(model)s: the values to save must be a dictionary of field names and "
                "values, not %(value)s.",
                model=model._description,
                value=_shown(vals),
            )
        )


def check_values(model, vals_list, fnames=None):
    """Refuse, with a ValidationError naming the field, values the ORM would otherwise
    refuse with a bare TypeError, ValueError, OverflowError or database error, or store
    although meaningless:

    - values that are not a dictionary;
    - unknown field names (only when ``fnames`` is not given: other addons may pass keys of
      their own to the models the addon extends);
    - a selection value that is not among the choices;
    - in number fields, anything but a finite number up to 1e15; in integer fields,
      anything but a whole number that fits in 32 bits;
    - in many2one fields, anything but the id of an existing record (or a record);
    - in one2many and many2many fields, anything but a list of commands or ids, and ids of
      records that do not exist;
    - in date and datetime fields, anything but a date or a string in Odoo's format;
    - in text fields, anything but a string.

    Each value is looked at once, by its field's type; the existence of the records named
    in relational fields is checked with one query per comodel for all of ``vals_list``.

    :param vals_list: the values of the records to create or write (a list of dicts)
    :param fnames: the fields to check (default: all of the values)
    """
    ids_to_find = defaultdict(dict)  # {comodel: {id: field name}}
    for vals in vals_list:
        check_vals_type(model, vals)
        if fnames is None and (unknown := vals.keys() - model._fields.keys()):
            raise ValidationError(
                _(
                    "%(model)s has no field %(fields)s; check the field name.",
                    model=model._description,
                    fields=", ".join(sorted(map(repr, unknown))),
                )
            )
        for fname, value in vals.items():
            field = model._fields.get(fname)
            if field is None or value is False or value is None or (fnames and fname not in fnames):
                continue
            check = CHECKS.get(field.type)
            if check and not check[0](model, field, value):
                raise ValidationError(check[1](model, field, value))
            for record_id in _ids_named(field, value):
                ids_to_find[field.comodel_name].setdefault(record_id, fname)
    for comodel, names in ids_to_find.items():
        found = set(model.env[comodel].browse(names).exists()._ids)
        for record_id, fname in names.items():
            if record_id not in found:
                raise ValidationError(
                    _(
                        "%(field)s: there is no record with id %(id)s; give the id of an "
                        "existing record.",
                        field=_label(model, fname),
                        id=record_id,
                    )
                )


def _ids_named(field, value):
    """The ids of existing records a (checked) relational value names."""
    if field.type == "many2one":
        return [value] if type(value) is int else []
    if field.type not in ("one2many", "many2many") or not isinstance(value, (list, tuple)):
        return []
    ids = []
    for item in value:
        if _is_id(item):
            ids.append(item)
        elif item[0] == Command.SET:
            ids.extend(item[2])
        elif item[0] not in (Command.CREATE, Command.CLEAR):
            ids.append(item[1])
    return ids


def _is_empty(field, value):
    if field.type in ("integer", "float", "monetary"):
        return value is None  # False is 0, a value
    return value is False or value is None or (isinstance(value, str) and not value.strip())


def check_required(model, vals_list, create):
    """Refuse a required field left empty (which the database would refuse with a bare
    NOT NULL error): set empty in ``vals_list``, or, on create, neither given nor
    defaulted."""
    required = [
        field
        for field in model._fields.values()
        if field.required and field.store and not field.compute and field.type != "boolean"
    ]
    defaults = None  # the defaults of the required fields, read once for all of vals_list
    for vals in vals_list:
        empty = [
            field for field in required if field.name in vals and _is_empty(field, vals[field.name])
        ]
        if create and not empty:
            missing = [field for field in required if field.name not in vals]
            if missing and defaults is None:
                defaults = model.default_get([field.name for field in required])
            empty = [field for field in missing if _is_empty(field, defaults.get(field.name))]
        if empty:
            raise ValidationError(
                _(
                    "%(model)s: %(fields)s cannot be empty; fill it in.",
                    model=model._description,
                    fields=", ".join(_label(model, field.name) for field in empty),
                )
            )


class StrategicInputGuard(models.AbstractModel):
    """Values that the ORM would refuse with a bare TypeError, ValueError or database error
    (a selection value that is not among the choices, text in a number field, an unknown
    field, a required field left empty...) or store although meaningless (a number that is
    not finite) are refused with a ValidationError naming the field, before anything is
    written. See check_values and check_required.

    The addon's own models check every value written; the models of Odoo it extends
    (partner, company, product, settings) inherit this mixin too, and check only the
    addon's fields (``_strategic_checked_fields``): other addons write keys of their own
    there."""

    _name = "strategic.input.guard"
    _description = "Strategic Clients: checks of written values"

    # None: every value written, plus unknown fields, bad ids and empty required fields
    _strategic_checked_fields = None

    def _strategic_check_vals_list(self, vals_list):
        """Refuse the values of the records to create or write (extended by models)."""
        check_values(self, vals_list, self._strategic_checked_fields)

    @api.model_create_multi
    def create(self, vals_list):
        if not isinstance(vals_list, (list, tuple)):
            check_vals_type(self, vals_list)
        self.browse()._strategic_check_vals_list(vals_list)  # new records: none written yet
        if self._strategic_checked_fields is None:
            check_required(self, vals_list, create=True)
        return super().create(vals_list)

    def write(self, vals):
        own_model = self._strategic_checked_fields is None
        if own_model:
            check_ids(self)
        self._strategic_check_vals_list([vals])
        if own_model:
            check_required(self, [vals], create=False)
        return super().write(vals)
