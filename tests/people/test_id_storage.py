"""ID numbers at rest: encrypted, found and kept unique through the blind index, keys rotatable."""
import dataclasses
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet

from labour.crypto import FieldCipher
from labour.db import db


@pytest.fixture
def keys(app):
    """``with keys([k1, k2]):`` runs with those encryption keys (the first one encrypts)."""
    original = app.extensions["labour"]

    @contextmanager
    def use(key_list):
        app.extensions["labour"] = dataclasses.replace(
            original, cipher=FieldCipher(keys=key_list, index_key=app.config["BLIND_INDEX_KEY"]))
        try:
            yield
        finally:
            app.extensions["labour"] = original

    return use


def _raw_row(person_id):
    return db.session.execute(sa.text("SELECT * FROM person WHERE id = :id"), {"id": person_id}).mappings().one()


def test_the_database_never_holds_the_number(app, official, person, id_number):
    number = id_number("54010219900307123")
    pid = person("540102")
    r = official("540102").put(f"/api/v1/persons/{pid}/id-number", json={"id_number": number})
    assert r.status_code == 200 and r.json["id_number_masked"] == "5401**********" + number[-4:]
    with app.app_context():
        row = _raw_row(pid)
        assert all(number not in str(value) and number[:17] not in str(value) for value in row.values())
        assert row["id_number_masked"] == number[:4] + "**********" + number[-4:]
        from labour.runtime import runtime
        assert runtime().cipher.decrypt(row["id_number_enc"]) == number


def test_the_blind_index_finds_the_person(app, person, id_number):
    from labour.people.selectors import person_find_by_id_number

    number = id_number("54262119850101109")
    assert number.endswith("X")  # stored upper-case, found from either case
    pid = person("540102", id_number=number.lower())
    with app.app_context():
        assert person_find_by_id_number(number).id == pid
        assert person_find_by_id_number(number.lower()).id == pid
        assert person_find_by_id_number(id_number("54262119850101117")) is None
        assert person_find_by_id_number("") is None


def test_one_number_one_person(official, person, worker, id_number):
    number = id_number("54010219900307123")
    first, second = person("540102"), person("540102")
    client = official("540102")
    assert client.put(f"/api/v1/persons/{first}/id-number", json={"id_number": number}).status_code == 200
    assert client.put(f"/api/v1/persons/{first}/id-number", json={"id_number": number}).status_code == 200  # same
    r = client.put(f"/api/v1/persons/{second}/id-number", json={"id_number": number.lower()})
    assert r.status_code == 409 and r.json["code"] == "id_number_taken" and "id_number" in r.json["errors"]
    _, own = worker()
    r = own.put("/api/v1/me/profile/id-number", json={"id_number": number})
    assert r.status_code == 409
    r = client.post("/api/v1/persons", json={"name": "Twin", "household_id": client.get(
        f"/api/v1/persons/{first}").json["household_id"], "id_number": number})
    assert r.status_code == 409
    assert client.get("/api/v1/persons").json["total"] == 2  # nothing half-written


def test_key_rotation(app, keys, person, id_number):
    from labour.people.services import id_numbers_reencrypt
    from labour.runtime import runtime

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    numbers = {}
    with keys([old]):
        for base in ("54010219900307123", "54240219800101002"):
            numbers[person("540102", id_number=id_number(base))] = id_number(base)
    with keys([new, old]), app.app_context():
        assert id_numbers_reencrypt(batch_size=1) == 2
        assert id_numbers_reencrypt() == 0  # nothing left under the old key
        for pid, number in numbers.items():
            token = _raw_row(pid)["id_number_enc"]
            assert not runtime().cipher.needs_rotation(token)
    with keys([new]), app.app_context():  # the old key is gone; the rotated rows still read
        for pid, number in numbers.items():
            assert runtime().cipher.decrypt(_raw_row(pid)["id_number_enc"]) == number
        from labour.people.selectors import person_find_by_id_number
        assert {person_find_by_id_number(n).id for n in numbers.values()} == set(numbers)


def test_without_rotation_removing_the_old_key_loses_the_rows(app, keys, person, id_number):
    from cryptography.fernet import InvalidToken
    from labour.runtime import runtime

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with keys([old]):
        pid = person("540102", id_number=id_number("54010219900307123"))
    with keys([new]), app.app_context():
        with pytest.raises(InvalidToken):
            runtime().cipher.decrypt(_raw_row(pid)["id_number_enc"])


def test_reencrypt_command(app, keys, person, id_number):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with keys([old]):
        person("540102", id_number=id_number("54010219900307123"))
    with keys([new, old]):
        result = app.test_cli_runner().invoke(args=["people", "reencrypt"])
        assert result.exit_code == 0 and result.output.strip() == "re-encrypted 1 ID numbers"
        assert app.test_cli_runner().invoke(args=["people", "reencrypt"]).output.strip() == "re-encrypted 0 ID numbers"
