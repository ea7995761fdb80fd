"""Every other logged read: a position's candidates, a cohort's trainees, the zero-employment households, an
export download; each writes exactly one row with who, what and where. Reads that show nothing sensitive
write none."""
from datetime import date


def test_candidates_read_by_employer_staff_and_officials_writes_one_row_each(make_employer, make_position,
                                                                            make_worker, staff_client,
                                                                            audit_rows, login_client):
    employer = make_employer()
    position, employer_staff = make_position(employer)
    workers = [make_worker(county="540102", status=s) for s in ("monitored", "other")]
    readers = [(employer_staff, login_client(employer_staff)),
               staff_client("official", division_code="540100"), staff_client("admin")]
    for user, client in readers:
        r = client.get(f"/api/v1/positions/{position}/candidates")
        assert r.status_code == 200, r.json
        shown = sorted(item["candidate"]["id"] for item in r.json["items"])
        assert shown == sorted(w.person_id for w in workers)
        [row] = audit_rows(actor_id=user.id)
        assert row["action"] == "candidates.read" and row["object_kind"] == "person"
        assert sorted(row["ids"]) == shown and row["count"] == 2 and row["context"] == f"position:{position}"
        assert row["actor_role"] == user.role and row["reason"] is None
    assert len(audit_rows()) == 3
    # A position the reader may not manage: 404 and nothing written.
    _, outsider = staff_client("employer_staff", employer_id=make_employer(name="Other"))
    assert outsider.get(f"/api/v1/positions/{position}/candidates").status_code == 404
    assert len(audit_rows()) == 3


def test_trainees_read_writes_one_row(make_cohort, trainees, staff_client, audit_rows, login_client):
    cohort, staff = make_cohort()
    people = trainees(cohort, staff, 2, status="poverty_alleviated")
    assert audit_rows() == []  # the enrolment services themselves log nothing
    r = login_client(staff).get(f"/api/v1/cohorts/{cohort}/enrolments")
    assert r.status_code == 200 and {i["priority_group"] for i in r.json["items"]} == {"poverty_alleviated"}
    [row] = audit_rows()
    assert row["actor_id"] == staff.id and row["actor_role"] == "centre_staff"
    assert row["action"] == "trainees.read" and sorted(row["ids"]) == sorted(u.person_id for u, _ in people)
    assert row["context"] == f"cohort:{cohort}"
    _, official = staff_client("official", division_code="540102")
    assert official.get(f"/api/v1/cohorts/{cohort}/enrolments?status=withdrawn").status_code == 200
    rows = audit_rows(action="trainees.read")
    assert len(rows) == 2 and rows[1]["ids"] == [] and rows[1]["count"] == 0 and rows[1]["division_code"] == "540102"


def test_zero_employment_households_read_writes_one_row(make_person, as_official, official, audit_rows):
    make_person("540602", status="monitored", birth_date=date(1990, 1, 1))
    make_person("540602", status="poverty_alleviated", birth_date=date(1992, 1, 1))
    make_person("540102", status="monitored")  # Lhasa: outside Nagqu
    r = as_official("540600").get("/api/v1/stats/zero-employment-households?per_page=1")
    assert r.status_code == 200 and r.json["total"] == 2 and len(r.json["items"]) == 1
    [row] = audit_rows()
    assert row["actor_id"] == official("540600").id and row["action"] == "households.read_zero_employment"
    assert row["object_kind"] == "household" and row["ids"] == [r.json["items"][0]["id"]] and row["count"] == 1
    assert row["context"].startswith("540600:")
    # Figures without persons are not logged.
    assert as_official("540600").get("/api/v1/stats/figures?year=2022").status_code == 200
    assert len(audit_rows()) == 1


def test_an_export_download_writes_a_row_and_asking_about_it_does_not(as_official, official, wait_task,
                                                                      audit_rows):
    client = as_official("540600")
    r = client.post("/api/v1/exports", json={"year": 2022, "month": 3, "format": "csv", "locale": "en"})
    assert r.status_code == 202
    assert wait_task(client, r.json["task_id"])["state"] == "succeeded"
    export = client.get(f"/api/v1/exports/{r.json['id']}").json
    assert audit_rows() == []
    file = client.get(f"/api/v1/exports/{export['id']}/file")
    assert file.status_code == 200 and file.data
    [row] = audit_rows()
    assert row["actor_id"] == official("540600").id and row["action"] == "export.download"
    assert row["object_kind"] == "export" and row["ids"] == [export["id"]] and row["count"] == export["rows"] > 0
    assert row["context"] == "540600:2022-3" and row["division_code"] == "540600"
    client.get(f"/api/v1/exports/{export['id']}/file")
    assert len(audit_rows()) == 2  # every download is its own row
    # Someone else's export: 404, nothing written.
    assert as_official("540000").get(f"/api/v1/exports/{export['id']}/file").status_code == 404
    assert len(audit_rows()) == 2


def test_a_malformed_zero_employment_query_is_400_and_writes_nothing(as_official, audit_rows):
    for query in ("as_of=0015-01-01", "as_of=2200-01-01", "county=54060"):
        r = as_official("540600").get(f"/api/v1/stats/zero-employment-households?{query}")
        assert r.status_code == 400, (query, r.json)
    assert audit_rows() == []


def test_cohort_candidates_read_by_centre_staff_writes_one_row(make_cohort, make_worker, login_client,
                                                              audit_rows):
    cohort, staff = make_cohort()  # Chengguan, Lhasa: centre staff see workers of the prefecture
    worker = make_worker(county="540102", status="monitored")
    r = login_client(staff).get(f"/api/v1/cohorts/{cohort}/candidates")
    assert r.status_code == 200, r.json
    shown = [item["candidate"]["id"] for item in r.json["items"]]
    assert worker.person_id in shown
    [row] = audit_rows()
    assert row["actor_id"] == staff.id and row["actor_role"] == "centre_staff"
    assert row["action"] == "candidates.read" and sorted(row["ids"]) == sorted(shown)
    assert row["context"] == f"cohort:{cohort}"
