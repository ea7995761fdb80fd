"""Loading the shipped reference data (idempotent)."""
import csv
import re
from pathlib import Path

import sqlalchemy as sa

from labour.db import atomic, db
from labour.divisions.models import AidPairing, AidPartner, Division

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"
_PARTNER = re.compile(r"^(?P<zh>[^(]+?)\s*\((?P<en>.+)\)$")


def _rows(name: str):
    with open(REFERENCE_DIR / name, encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f)


def _upsert(model, rows: list[dict], key: str) -> int:
    """Insert new rows and update changed ones; return how many rows were written."""
    existing = {getattr(obj, key): obj for obj in db.session.scalars(sa.select(model))}
    written = 0
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            db.session.add(model(**row))
            written += 1
        elif any(getattr(obj, k) != v for k, v in row.items()):
            for k, v in row.items():
                setattr(obj, k, v)
            written += 1
        db.session.flush()
    return written


def divisions_seed() -> dict:
    """Load divisions, provinces and aid pairings from ``labour/reference``; safe to run again."""
    with atomic():
        divisions = [
            {
                "code": r["code"],
                "parent_code": r["parent_code"] or None,
                "level": r["level"],
                "name_zh": r["name_zh"],
                "name_bo": r["name_bo"] or None,
                "name_en": r["name_en"],
            }
            for r in _rows("divisions.csv")
        ]
        provinces = [
            {"code": r["code"], "parent_code": None, "level": "province", "name_zh": r["name_zh"],
             "name_bo": r["name_bo"] or None, "name_en": r["name_en"]}
            for r in _rows("provinces.csv")
        ]
        written = _upsert(Division, divisions + provinces, "code")

        partners, pairings = {}, []
        for r in _rows("aid_pairings.csv"):
            m = _PARTNER.match(r["partner"].strip())
            zh, en = (m["zh"], m["en"]) if m else (r["partner"], r["partner"])
            partners[zh] = {"name_zh": zh, "name_en": en, "kind": r["partner_kind"]}
            pairings.append((r["prefecture_code"], zh))
        written += _upsert(AidPartner, list(partners.values()), "name_zh")
        ids = dict(db.session.execute(sa.select(AidPartner.name_zh, AidPartner.id)).all())
        have = set(db.session.execute(sa.select(AidPairing.prefecture_code, AidPairing.partner_id)).all())
        for prefecture, zh in pairings:
            if (prefecture, ids[zh]) not in have:
                db.session.add(AidPairing(prefecture_code=prefecture, partner_id=ids[zh]))
                written += 1
    return {"divisions": len(divisions) + len(provinces), "partners": len(partners), "written": written}
