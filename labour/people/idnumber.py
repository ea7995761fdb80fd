"""Resident ID numbers (GB 11643-1999) and the masked forms of sensitive fields (DESIGN.md §8).

An ID number is 17 digits (six-digit address code, birth date ``YYYYMMDD``, three-digit sequence whose
last digit is odd for men) and a check character computed with ISO 7064 MOD 11-2. Only the province part
of the address code is checked: numbers issued under old codes (542100 Chamdo, 542400 Nagqu, ...) stay
valid for life and need not match today's registered county.
"""
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from labour.errors import Invalid
from labour.i18n import N_

# Weight of each of the 17 digits: 2^(17-i) mod 11 (ISO 7064 MOD 11-2).
WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
CHECK_CHARACTERS = "10X98765432"
# GB/T 2260 province-level codes, plus 71 (Taiwan), 81/82 (Hong Kong, Macao) and 83 (Taiwan residence permits).
PROVINCE_CODES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    "71", "81", "82", "83",
})
EARLIEST_BIRTH_DATE = date(1900, 1, 1)
_BEIJING_TIME = timezone(timedelta(hours=8))  # Tibet keeps Beijing time; servers may run on UTC


def local_today() -> date:
    return datetime.now(_BEIJING_TIME).date()


@dataclass(frozen=True)
class IdNumber:
    number: str  # normalised: 18 characters, upper-case X
    birth_date: date
    gender: str  # "male" or "female", from the 17th digit
    address_code: str


def check_character(body: str) -> str:
    """The check character for the first 17 digits."""
    return CHECK_CHARACTERS[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]


def normalise(value: str) -> str:
    return value.strip().upper()


def parse(value: str, *, field: str = "id_number", today: date | None = None) -> IdNumber:
    """Validate ``value`` and return its parts; ``Invalid`` naming ``field`` with the first rule it breaks."""
    number = normalise(value)
    if len(number) != 18:
        raise Invalid.field(field, N_("An ID number has 18 characters, not %(n)s."), n=len(number))
    body, check = number[:17], number[17]
    if not (body.isascii() and body.isdigit()) or not (check == "X" or (check.isascii() and check.isdigit())):
        raise Invalid.field(field, N_("An ID number is 17 digits followed by a digit or X."))
    if body[:2] not in PROVINCE_CODES:
        raise Invalid.field(field, N_("Unknown region code %(code)s in the ID number."), code=body[:6])
    try:
        birth = date(int(body[6:10]), int(body[10:12]), int(body[12:14]))
    except ValueError:
        raise Invalid.field(field, N_("The birth date %(value)s in the ID number does not exist."),
                            value=body[6:14]) from None
    if birth > (today or local_today()) or birth < EARLIEST_BIRTH_DATE:
        raise Invalid.field(field, N_("The birth date %(value)s in the ID number is not possible."),
                            value=body[6:14])
    if check != check_character(body):
        raise Invalid.field(field, N_("The check character of the ID number is wrong; check for a typing error."))
    return IdNumber(number=number, birth_date=birth, gender="male" if int(body[16]) % 2 else "female",
                    address_code=body[:6])


def mask(number: str) -> str:
    """``540102199003071234`` → ``5401**********1234``: the first and last four characters only."""
    return number[:4] + "*" * 10 + number[-4:]


def mask_phone(phone: str | None) -> str | None:
    """``13912345678`` → ``139****5678``."""
    if not phone:
        return phone
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:] if len(phone) > 7 else "*" * len(phone)
