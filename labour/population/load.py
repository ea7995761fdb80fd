"""Bulk-loading a generated population (``generate.generate``) into the database.

Households, persons, skills, certificates, vetted employers and open positions go in with executemany
inserts (``insertmanyvalues``: a few statements per thousand rows on PostgreSQL and SQLite alike), ids
returned in order so that children can point at their parents. Every run adds new rows: load into a
database meant for demos or benchmarks, never into production (the CLI refuses, like ``seed demo``).
ID numbers stay NULL (they are optional); nothing here is a real person.
"""
import uuid

import numpy as np
import sqlalchemy as sa

from labour.db import atomic, db
from labour.divisions.models import AidPartner, Division
from labour.employers.models import Employer
from labour.occupations.models import Occupation
from labour.people.models import Certificate, Household, Person, Skill
from labour.positions.models import Position

CHUNK = 5000
KIND_TITLES = {"aid_tibet": "援藏岗位", "local_project": "本地项目", "work_for_relief": "以工代赈",
               "eco_post": "生态岗位", "general": "一般岗位"}


def _insert(model, rows: list[dict], *, returning: bool = False) -> list[int]:
    ids: list[int] = []
    stmt = sa.insert(model)
    if returning:
        stmt = stmt.returning(model.id, sort_by_parameter_order=True)
    for lo in range(0, len(rows), CHUNK):
        result = db.session.execute(stmt, rows[lo:lo + CHUNK])
        if returning:
            ids.extend(result.scalars().all())
    return ids


def _date(value):
    return None if np.isnat(value) else value.astype("datetime64[D]").item()


def population_load(population: dict) -> dict:
    """Write a generated population in one transaction; returns how many rows of each kind were added."""
    hh, people, pos = population["households"], population["persons"], population["positions"]
    skills, certs, emps = population["skills"], population["certificates"], population["employers"]
    tag = uuid.uuid4().hex[:8]
    with atomic():
        household_ids = _insert(Household, [{"registered_county_code": str(c), "status": str(s)}
                                            for c, s in zip(hh["county"], hh["status"])], returning=True)
        person_ids = _insert(Person, [
            {"name": name, "gender": str(g), "birth_date": _date(b), "household_id": household_ids[h],
             "education": str(e), "in_study": bool(st), "languages": langs, "willing_outside_tibet": bool(w),
             "preferred_prefectures": prefs, "min_monthly_wage": int(m) or None}
            for name, g, b, h, e, st, langs, w, prefs, m in zip(
                people["name"], people["gender"], people["birth_date"], people["household"].tolist(),
                people["education"], people["in_study"], people["languages"], people["willing_outside_tibet"],
                people["preferred_prefectures"], people["min_monthly_wage"].tolist())], returning=True)
        _insert(Skill, [{"person_id": person_ids[p], "occupation_code": str(o), "years": int(y)}
                        for p, o, y in zip(skills["person"].tolist(), skills["occupation"], skills["years"].tolist())])
        _insert(Certificate, [{"person_id": person_ids[p], "occupation_code": str(o), "level": str(lv),
                               "number": f"SYN-{tag}-{i:07d}", "issued_on": _date(d), "issuer": None}
                              for i, (p, o, lv, d) in enumerate(zip(certs["person"].tolist(), certs["occupation"],
                                                                    certs["level"], certs["issued_on"]))])
        names = dict(db.session.execute(sa.select(Division.code, Division.name_zh)).all())
        partners = dict(db.session.execute(sa.select(AidPartner.name_zh, AidPartner.id)).all())
        any_partner = min(partners.values()) if partners else None
        employer_ids = _insert(Employer, [
            {"name": f"{names.get(str(d), d)} {i + 1:05d}", "kind": str(k), "division_code": str(d),
             "aid_partner_id": (partners.get(names.get(str(d)), any_partner) if k == "aid_partner_enterprise"
                                else None), "status": "vetted"}
            for i, (d, k) in enumerate(zip(emps["division"], emps["kind"]))], returning=True)
        occupation_names = dict(db.session.execute(sa.select(Occupation.code, Occupation.name_zh)).all())
        _insert(Position, [
            {"employer_id": employer_ids[e], "title": f"{occupation_names.get(str(o), o)}（{KIND_TITLES[str(k)]}）",
             "description": "", "occupation_code": str(o), "kind": str(k), "workplace_code": str(w),
             "headcount": int(h), "filled": 0, "wage_min": int(lo), "wage_max": int(hi), "min_age": int(a),
             "max_age": int(b), "min_education": str(me) or None, "required_skills": rs, "required_languages": rl,
             "priority_groups": pg, "deadline": _date(dl), "status": str(st)}
            for e, o, k, w, h, lo, hi, a, b, me, rs, rl, pg, dl, st in zip(
                pos["employer"].tolist(), pos["occupation"], pos["kind"], pos["workplace"], pos["headcount"].tolist(),
                pos["wage_min"].tolist(), pos["wage_max"].tolist(), pos["min_age"].tolist(), pos["max_age"].tolist(),
                pos["min_education"], pos["required_skills"], pos["required_languages"], pos["priority_groups"],
                pos["deadline"], pos["status"])])
    return {"households": len(household_ids), "persons": len(person_ids), "skills": len(skills["person"]),
            "certificates": len(certs["person"]), "employers": len(employer_ids), "positions": len(pos["occupation"])}
