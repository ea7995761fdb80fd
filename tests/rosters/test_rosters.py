"""Roster import: CSV and XLSX through the API and a background task; all or nothing; every bad row reported
with its field and a localised message; known ID numbers matched, never duplicated."""
import csv
import io
import time
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from labour.db import db
from tests.training import count, with_check

HEADER = ["name", "id_number", "phone", "birth_date", "gender", "education", "registered_county_code", "township",
          "village"]


def roster_rows(n, *, start=0):
    """``n`` distinct valid trainees (ID numbers with a correct check character, born 1980–2007)."""
    rows = []
    for i in range(start, start + n):
        birth = date(1980, 1, 1) + timedelta(days=(i // 1000) * 400 + i % 7)  # (birth, sequence) never repeats
        sequence = i % 1000
        number = with_check(f"540102{birth:%Y%m%d}{sequence:03d}")
        rows.append([f"扎西{i}", number, f"139{i:08d}", birth.isoformat(), "male" if sequence % 2 else "female",
                     "junior_secondary", "540602", "罗玛镇", "达前村"])
    return rows


def to_csv(rows, header=HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(rows, header=HEADER) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def upload(login_client):
    """POST a file and wait for its task; returns (upload as read back, the POST response)."""

    def run(client, cohort_id, content, *, filename="roster.csv", lang="en", timeout=60):
        r = client.post(f"/api/v1/cohorts/{cohort_id}/rosters", data={"file": (io.BytesIO(content), filename)},
                        content_type="multipart/form-data")
        if r.status_code != 202:
            return None, r
        task_id = r.json["task_id"]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            task = client.get(f"/api/v1/tasks/{task_id}?lang={lang}").json
            if task["state"] not in ("queued", "running"):
                break
            time.sleep(0.05)
        assert task["state"] == "succeeded", task
        return client.get(f"/api/v1/rosters/{r.json['id']}?lang={lang}").json, r

    return run


def test_a_clean_csv_lands_whole_and_known_people_are_matched(app, make_cohort, login_client, upload, make_worker,
                                                              id_number):
    from labour.enrolments.models import Enrolment
    from labour.people.models import Household, Person
    from labour.people.selectors import person_find_by_id_number
    from labour.people.services import id_number_set

    cohort_id, staff = make_cohort(capacity=50)
    known = make_worker()
    known_number = id_number(date(2000, 3, 1))
    with app.app_context():
        id_number_set(actor=known, person_id=known.person_id, id_number=known_number)
    rows = roster_rows(20)
    rows[5][1] = known_number.lower() if known_number.endswith("X") else known_number
    rows[5][3:5] = ["", ""]  # birth date and gender may be left out: the ID number has them
    persons_before = count(app, Person)
    body, r = upload(login_client(staff), cohort_id, to_csv(rows))
    assert r.status_code == 202 and r.json["status"] == "queued" and r.json["task_id"]
    assert body["status"] == "imported" and body["errors"] == [], body
    assert (body["rows"], body["persons_created"], body["persons_matched"], body["enrolled"]) == (20, 19, 1, 20)
    assert count(app, Person) == persons_before + 19
    assert count(app, Enrolment, Enrolment.cohort_id == cohort_id, Enrolment.status == "confirmed") == 20
    with app.app_context():
        person = person_find_by_id_number(rows[0][1])
        assert person.name == "扎西0" and person.id_number_masked.startswith("5401**") and person.gender
        assert person.household.registered_county_code == "540602" and person.household.status == "other"
        assert person_find_by_id_number(known_number).id == known.person_id
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Household)
                                 .where(Household.registered_county_code == "540602")) == 20
    assert login_client(staff).get(f"/api/v1/cohorts/{cohort_id}").json["seats_left"] == 30
    # The same file again: everyone is already enrolled, nobody is duplicated.
    again, _ = upload(login_client(staff), cohort_id, to_csv(rows))
    assert again["status"] == "imported" and again["already_enrolled"] == 20 and again["persons_created"] == 0
    assert count(app, Person) == persons_before + 19


def test_xlsx_with_chinese_headers(app, make_cohort, login_client, upload):
    cohort_id, staff = make_cohort(capacity=10)
    header = ["姓名", "身份证号", "手机号", "出生日期", "性别", "文化程度", "户籍县", "乡镇", "村"]
    rows = roster_rows(3)
    rows[0][4], rows[0][5] = ("男" if rows[0][4] == "male" else "女"), "初中"
    rows[1][3] = date.fromisoformat(rows[1][3])  # a real date cell
    body, _ = upload(login_client(staff), cohort_id, to_xlsx(rows, header), filename="名单.xlsx")
    assert body["status"] == "imported" and body["enrolled"] == 3 and body["format"] == "xlsx", body


def test_one_bad_row_lands_nothing_and_every_problem_is_named(app, make_cohort, login_client, upload):
    from labour.enrolments.models import Enrolment
    from labour.people.models import Person

    cohort_id, staff = make_cohort(capacity=10)
    rows = roster_rows(6)
    rows[1][1] = rows[1][1][:17] + ("0" if rows[1][1][17] != "0" else "1")  # wrong check character
    rows[2][0] = ""
    rows[2][6] = "540100"  # a prefecture, not a county
    rows[3][2] = "12345"
    rows[3][5] = "kindergarten"
    rows[4] = list(rows[0])  # the same person twice
    rows[5][3] = "1990-02-30"
    persons = count(app, Person)
    body, _ = upload(login_client(staff), cohort_id, to_csv(rows))
    assert body["status"] == "rejected" and body["rows"] == 6
    problems = [(e["row"], e["field"]) for e in body["errors"]]
    assert problems == [(3, "id_number"), (4, "name"), (4, "registered_county_code"), (5, "phone"),
                        (5, "education"), (6, "id_number"), (7, "birth_date")]
    messages = {(e["row"], e["field"]): e["message"] for e in body["errors"]}
    assert messages[(3, "id_number")] == "The check character of the ID number is wrong; check for a typing error."
    assert messages[(6, "id_number")] == "The same ID number is on row 2."
    assert messages[(4, "registered_county_code")] == "Choose a county in Tibet."
    assert count(app, Person) == persons and count(app, Enrolment) == 0
    assert login_client(staff).get(f"/api/v1/rosters/{body['id']}?lang=zh_Hans").json["error_count"] == 7


def test_rosters_that_cannot_be_read_or_do_not_fit(app, make_cohort, login_client, upload):
    cohort_id, staff = make_cohort(capacity=3)
    client = login_client(staff)
    body, _ = upload(client, cohort_id, b"PK\x03\x04 not really a workbook", filename="r.xlsx")
    assert body["status"] == "rejected" and body["errors"][0]["field"] == "file" and body["errors"][0]["row"] is None
    body, _ = upload(client, cohort_id, to_csv(roster_rows(2), header=["name", "phone"]))
    assert body["errors"][0]["message"] == "The header row lacks the columns: id_number, registered_county_code."
    body, _ = upload(client, cohort_id, to_csv([]))
    assert body["errors"][0]["message"] == "The file has no trainees."
    body, _ = upload(client, cohort_id, to_csv(roster_rows(4)))
    assert body["errors"] == [{"row": None, "field": "file",
                               "message": "This roster needs 4 seats; the cohort has 3 left."}]
    body, _ = upload(client, cohort_id, "\n".join(["name,id_number", "\udcff"]).encode("utf-8", "surrogateescape"))
    assert body["status"] == "rejected"


def test_upload_requests_are_checked(make_cohort, login_client, centre_staff, make_user, upload, client):
    cohort_id, staff = make_cohort()
    own = login_client(staff)
    r = own.post(f"/api/v1/cohorts/{cohort_id}/rosters", data={}, content_type="multipart/form-data")
    assert r.status_code == 422 and "file" in r.json["errors"]
    _, r = upload(own, cohort_id, b"name,id_number\n", filename="roster.txt")
    assert r.status_code == 422 and "file" in r.json["errors"]
    _, r = upload(own, cohort_id, b"", filename="roster.csv")
    assert r.status_code == 422 and "file" in r.json["errors"]
    _, r = upload(own, cohort_id, b"name,id_number\n", filename="roster.xlsx")
    assert r.status_code == 422 and "file" in r.json["errors"]
    # Another centre's staff can neither upload nor read; officials over the cohort can read.
    other = login_client(centre_staff())
    _, r = upload(other, cohort_id, to_csv(roster_rows(1)))
    assert r.status_code == 404
    body, _ = upload(own, cohort_id, to_csv(roster_rows(1)))
    assert other.get(f"/api/v1/rosters/{body['id']}").status_code == 404
    assert login_client(make_user("official", division_code="540600")).get(
        f"/api/v1/rosters/{body['id']}").status_code == 404
    assert login_client(make_user("official", division_code="540100")).get(
        f"/api/v1/rosters/{body['id']}").status_code == 200
    assert client.post(f"/api/v1/cohorts/{cohort_id}/rosters").status_code == 401


def test_ten_thousand_rows_with_a_hundred_bad_land_nothing_then_a_clean_one_lands_whole(
        app, make_cohort, login_client, upload):
    from labour.enrolments.models import Enrolment
    from labour.people.models import Person

    cohort_id, staff = make_cohort(capacity=10000)
    rows = roster_rows(10000)
    bad = set(range(37, 10000, 100))
    for i in bad:
        rows[i][2] = "not-a-phone"
    client = login_client(staff)
    persons = count(app, Person)
    started = time.monotonic()
    body, _ = upload(client, cohort_id, to_csv(rows), timeout=120)
    assert body["status"] == "rejected" and body["rows"] == 10000 and len(bad) == 100
    assert [(e["row"], e["field"]) for e in body["errors"]] == [(i + 2, "phone") for i in sorted(bad)]
    assert {e["message"] for e in body["errors"]} == {"Not a valid mobile phone number."}
    assert count(app, Person) == persons and count(app, Enrolment) == 0
    for i in bad:
        rows[i][2] = ""
    body, _ = upload(client, cohort_id, to_csv(rows), timeout=120)
    elapsed = time.monotonic() - started
    assert body["status"] == "imported" and body["enrolled"] == 10000 and body["persons_created"] == 10000
    assert count(app, Person) == persons + 10000
    assert count(app, Enrolment, Enrolment.cohort_id == cohort_id, Enrolment.status == "confirmed") == 10000
    assert client.get(f"/api/v1/cohorts/{cohort_id}").json["seats_left"] == 0
    assert elapsed < 60, elapsed
