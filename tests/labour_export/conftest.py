"""Organised-export fixtures: persons in households, placements and officials from tests/officials.py."""
import pytest

from tests.officials import *  # noqa: F401,F403

SENI, LHASA = "540602", "540102"


@pytest.fixture
def batch(as_official):
    """Plan a batch through the API as the official of ``origin`` (Seni by default); returns the body."""

    def make(person_ids, *, origin=SENI, **fields):
        body = {"destination_code": "330000", "escort_name": "扎西", "escort_phone": "13712345678",
                "travel_date": "2022-02-18", "workers": [{"person_id": p} for p in person_ids], **fields}
        r = as_official(origin).post("/api/v1/export-batches", json=body)
        assert r.status_code == 201, r.json
        return r.json

    return make
