"""Field rules shared by the services: one place for how text, choices, numbers, money and dates are checked."""
import re
from datetime import date
from decimal import Decimal, InvalidOperation

from labour.db import db
from labour.divisions.models import Division
from labour.divisions.selectors import code_in_scope
from labour.errors import Invalid
from labour.i18n import N_

MAX_MONEY = Decimal("1000000")
PHONE = re.compile(r"1[3-9]\d{9}")  # a mainland mobile number


def text(value, field: str, *, max_length: int, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise Invalid.field(field, N_("Not a valid string."))
    value = value.strip()
    if required and not value:
        raise Invalid.field(field, N_("Missing data for required field."))
    if len(value) > max_length:
        raise Invalid.field(field, N_("Longer than maximum length %(n)s."), n=max_length)
    return value


def choice(value, labels, field: str):
    if value not in labels:
        raise Invalid.field(field, N_("Must be one of: %(choices)s."), choices=", ".join(labels))
    return value


def choices(values, labels, field: str) -> list[str]:
    values = list(dict.fromkeys(values or []))
    for value in values:
        choice(value, labels, field)
    return values


def integer(value, field: str, *, minimum: int, maximum: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise Invalid.field(field, N_("Not a valid integer."))
    if not minimum <= value <= maximum:
        raise Invalid.field(field, N_("Must be between %(min)s and %(max)s."), min=minimum, max=maximum)
    return value


def decimal(value, field: str, *, minimum=Decimal("0"), maximum=MAX_MONEY, places: str = "0.01") -> Decimal:
    try:
        value = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise Invalid.field(field, N_("Not a valid number.")) from None
    if not value.is_finite() or value < minimum or value > maximum:
        raise Invalid.field(field, N_("Must be between %(min)s and %(max)s."), min=minimum, max=maximum)
    return value.quantize(Decimal(places))


def mobile_phone(value, field: str = "phone") -> str:
    if not (isinstance(value, str) and PHONE.fullmatch(value)):
        raise Invalid.field(field, N_("Not a valid mobile phone number."))
    return value


def a_date(value, field: str) -> date:
    if not isinstance(value, date):
        raise Invalid.field(field, N_("Not a valid date."))
    return value


def tibet_county(code, field: str = "county_code") -> Division:
    division = db.session.get(Division, code) if isinstance(code, str) else None
    if division is None or division.level != "county":
        raise Invalid.field(field, N_("Choose a county in Tibet."))
    return division


def tibet_division(code, field: str) -> Division:
    """The region, a prefecture or a county of Tibet."""
    division = db.session.get(Division, code) if isinstance(code, str) else None
    if division is None or division.level not in ("region", "prefecture", "county"):
        raise Invalid.field(field, N_("Choose the region, a prefecture or a county of Tibet."))
    return division


def in_area(actor, division: Division, field: str) -> Division:
    """An official names only divisions of their own area (admins any)."""
    if actor.role == "official" and not code_in_scope(actor.division, division.code):
        raise Invalid.field(field, N_("That division is outside your area."))
    return division
