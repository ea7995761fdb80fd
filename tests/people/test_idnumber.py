from datetime import date

import pytest

from labour.errors import Invalid
from labour.people.idnumber import mask, mask_phone, parse


def _message(value, **kwargs) -> str:
    with pytest.raises(Invalid) as caught:
        parse(value, **kwargs)
    (field, messages), = caught.value.errors.items()
    assert field == kwargs.get("field", "id_number")
    return messages[0].msgid


def test_the_example_from_the_standard_is_valid():
    # GB 11643-1999's own worked example (check character X).
    result = parse("11010519491231002X")
    assert result.birth_date == date(1949, 12, 31)
    assert result.gender == "female" and result.address_code == "110105"


def test_valid_tibet_numbers_give_birth_date_and_gender(id_number):
    man = parse(id_number("54010219900307123"))
    assert man.number == id_number("54010219900307123")
    assert (man.birth_date, man.gender, man.address_code) == (date(1990, 3, 7), "male", "540102")
    assert parse(id_number("54022120050101004")).gender == "female"


def test_wrong_check_character(id_number):
    good = id_number("54010219900307123")
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    assert "check character" in _message(wrong)


def test_impossible_and_implausible_birth_dates(id_number):
    assert "does not exist" in _message(id_number("54010219990230123"))  # 30 February
    assert "does not exist" in _message(id_number("54010219901301123"))  # month 13
    assert "not possible" in _message(id_number("54010221000101123"))  # in the future
    assert "not possible" in _message(id_number("54010218991231123"))  # before 1900
    # The day of the check is injectable: born tomorrow is in the future.
    assert "not possible" in _message(id_number("54010220240102123"), today=date(2024, 1, 1))
    assert parse(id_number("54010220240101123"), today=date(2024, 1, 1)).birth_date == date(2024, 1, 1)


def test_lower_case_x_and_spaces_are_normalised():
    assert parse(" 11010519491231002x ").number == "11010519491231002X"


@pytest.mark.parametrize("code", ["542121", "542421", "542300", "542600", "542200"])
def test_historical_tibet_address_codes_are_accepted(id_number, code):
    assert parse(id_number(code + "19750615002")).address_code == code


def test_unknown_region_code(id_number):
    assert "region code" in _message(id_number("99010219900307123"))
    assert "region code" in _message(id_number("00000019900307123"))


@pytest.mark.parametrize("value", ["", "5401021990030712", "5401021990030712345", "1" * 200])
def test_wrong_length(value):
    assert "18 characters" in _message(value)


@pytest.mark.parametrize("value", ["54010219900307123A", "5401021990O307123X", "54010219900307123\u0661",
                                   "５４０１０２１９９００３０７１２３X", "540102-990030712-X"])
def test_non_digits(value):
    message = _message(value)
    assert "17 digits" in message or "18 characters" in message


def test_the_error_names_the_given_field():
    assert _message("123", field="rows.3.id_number")


def test_masks():
    assert mask("54010219900307123X") == "5401**********123X"
    assert mask_phone("13912345678") == "139****5678"
    assert mask_phone(None) is None
