"""Roster import on PostgreSQL beside a plain bulk insert of the same rows, in one run.

The import is what the background task runs (``labour.rosters.services.roster_import``): read the CSV, check
every row (ID number check character, dates, codes, duplicates), match known ID numbers through the blind index,
encrypt each ID number (Fernet), then insert households, persons and enrolments in one transaction. The baseline
inserts the same rows, already parsed, into the same tables with no checks and no encryption. Prints rows per
second for both (goal for the import: >= 2,000 rows/s), then one JSON line.

    .venv/bin/python bench/import.py [--rows 10000] [--rounds 3]
"""
import argparse
import csv
import io
import json
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = os.environ.get("BENCH_IMPORT_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/bench_import")
GOAL = 2000
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def recreate_database():
    import psycopg

    name = BENCH_DB.rsplit("/", 1)[1]
    with psycopg.connect(BENCH_DB.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")


def roster(n: int, offset: int) -> list[list[str]]:
    """``n`` distinct trainees as a centre would list them; ``offset`` keeps rounds apart."""
    rows = []
    for i in range(offset, offset + n):
        birth = date(1975, 1, 1) + timedelta(days=(i // 1000) * 3 + i % 3)
        body = f"5406{(i // 1000) % 100:02d}{birth:%Y%m%d}{i % 1000:03d}"
        number = body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]
        rows.append([f"次仁{i}", number, f"13{i % 10**9:09d}", birth.isoformat(), "male" if i % 2 else "female",
                     "junior_secondary", "540602", "罗玛镇", "达前村"])
    return rows


def to_csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "id_number", "phone", "birth_date", "gender", "education", "registered_county_code",
                     "township", "village"])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    recreate_database()
    from cryptography.fernet import Fernet

    from api import create_app
    from api.config import database_url, testing_config

    app = create_app(testing_config(SQLALCHEMY_DATABASE_URI=database_url(BENCH_DB),
                                    ID_ENCRYPTION_KEYS=[Fernet.generate_key().decode()], ARGON2_PARAMS={}))
    with app.app_context():
        imports, bulks, encrypt_s = run(app, args.rows, args.rounds)
    rows_per_s = statistics.median(args.rows / s for s in imports)
    bulk_per_s = statistics.median(args.rows / s for s in bulks)
    print(f"rows per upload:                       {args.rows}")
    print(f"roster import (median of {args.rounds}):          {rows_per_s:,.0f} rows/s   goal >= {GOAL:,} rows/s")
    print(f"plain bulk insert, same rows (median): {bulk_per_s:,.0f} rows/s   baseline")
    print(f"import / bulk insert:                  {rows_per_s / bulk_per_s:.3f}")
    print(f"of which Fernet encryption:            {encrypt_s:.3f} s per upload "
          f"({args.rows / encrypt_s:,.0f} ID numbers/s)")
    print(json.dumps({"rows": args.rows, "rows_per_s": round(rows_per_s), "bulk_rows_per_s": round(bulk_per_s),
                      "ratio": round(rows_per_s / bulk_per_s, 3), "goal_rows_per_s": GOAL}))


def run(app, n: int, rounds: int):
    import sqlalchemy as sa

    from labour.accounts.models import User
    from labour.centres.services import centre_create, centre_vet
    from labour.cohorts.models import Cohort
    from labour.cohorts.services import cohort_create, cohort_transition
    from labour.db import db, utcnow
    from labour.divisions.services import divisions_seed
    from labour.enrolments.models import Enrolment
    from labour.occupations.services import occupations_seed
    from labour.people.idnumber import mask
    from labour.people.models import Household, Person
    from labour.rosters.services import insert_many, roster_import, roster_upload_create
    from labour.runtime import runtime

    db.create_all()
    divisions_seed()
    occupations_seed()
    admin = User(role="admin", username="admin", display_name="Admin", password_hash="x")
    db.session.add(admin)
    db.session.commit()
    centre = centre_create(actor=admin, name="那曲市职业技能培训中心", county_code="540602")
    centre_vet(actor=admin, centre_id=centre.id, decision="vetted")
    staff = User(role="centre_staff", username="staff", display_name="Staff", password_hash="x", centre_id=centre.id)
    db.session.add(staff)
    db.session.commit()

    def new_cohort(title: str) -> int:
        today = date.today()
        cohort = cohort_create(actor=staff, title=title, occupation_code="construction_worker", mode="commissioned",
                               county_code="540602", start_date=today, end_date=today + timedelta(days=30),
                               capacity=max(n, 1), language="bo", commissioner_kind="department",
                               commissioner_name="那曲市人社局", sessions=[{"held_on": today}])
        cohort_transition(actor=staff, cohort_id=cohort.id, status="open")
        return cohort.id

    imports, bulks = [], []
    cipher = runtime().cipher
    for round_ in range(rounds):
        rows = roster(n, offset=2 * round_ * n)
        content = to_csv(rows)
        upload = roster_upload_create(actor=staff, cohort_id=new_cohort(f"import {round_}"), filename="roster.csv",
                                      content=content)
        db.session.expire_all()
        started = time.perf_counter()
        summary = roster_import(upload_id=upload.id)
        imports.append(time.perf_counter() - started)
        assert summary["status"] == "imported" and summary["enrolled"] == n, summary

        # The baseline: the same rows, parsed already, straight into the same tables by the same bulk inserts,
        # with no checks, no matching and no encryption.
        plain = roster(n, offset=(2 * round_ + 1) * n)
        cohort_id = new_cohort(f"bulk {round_}")
        db.session.expire_all()
        started = time.perf_counter()
        now = utcnow()
        household_ids = insert_many(Household, [
            dict(registered_county_code=r[6], township=r[7], village=r[8], status="other", created_at=now,
                 updated_at=now) for r in plain])
        person_ids = insert_many(Person, [
            dict(name=r[0], gender=r[4], birth_date=date.fromisoformat(r[3]), phone=r[2], id_number_enc=r[1],
                 id_number_index=r[1], id_number_masked=mask(r[1]), household_id=h, education=r[5],
                 in_study=False, languages=[], willing_outside_tibet=False, preferred_prefectures=[],
                 created_at=now, updated_at=now) for r, h in zip(plain, household_ids)])
        db.session.execute(sa.insert(Enrolment), [
            dict(cohort_id=cohort_id, person_id=p, status="confirmed", source="roster", priority=3, accepted_at=now,
                 confirmed_at=now, created_at=now, updated_at=now) for p in person_ids])
        db.session.execute(sa.update(Cohort).where(Cohort.id == cohort_id).values(seats_taken=n))
        db.session.commit()
        bulks.append(time.perf_counter() - started)
        print(f"  round {round_ + 1}: import {n / imports[-1]:,.0f} rows/s, bulk insert {n / bulks[-1]:,.0f} rows/s")
    started = time.perf_counter()
    for row in rows:
        cipher.encrypt(row[1])
    return imports, bulks, time.perf_counter() - started


if __name__ == "__main__":
    main()
