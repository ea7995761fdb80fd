"""Report exports built by a background task: they open in openpyxl with the right totals, CSV headers
come through gettext in the asked language, accepted months show their published snapshot."""
import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from labour.stats.definitions import METRICS


@pytest.fixture
def placed(make_person, place):
    """March 2022: two outbound workers in Seni (one placed twice), one in Lhari, one local worker in Lhasa."""
    twice = make_person("540602")
    place(twice, start=date(2022, 3, 1), end=date(2022, 3, 10))
    place(twice, start=date(2022, 3, 20))
    place(make_person("540602", status="other"), start=date(2022, 3, 2), workplace="540102")
    place(make_person("540621"), start=date(2022, 3, 3), workplace="540602")
    place(make_person("540102"), start=date(2022, 3, 4), workplace="540102", channel="self_found")


@pytest.fixture
def export(wait_task):
    def run(client, **body):
        r = client.post("/api/v1/exports", json=body)
        assert r.status_code == 202, r.json
        task = wait_task(client, r.json["task_id"])
        assert task["state"] == "succeeded", task
        assert task["progress"] == 100
        meta = client.get(f"/api/v1/exports/{r.json['id']}").json
        assert meta["status"] == "done"
        file = client.get(f"/api/v1/exports/{r.json['id']}/file")
        assert file.status_code == 200
        return meta, file

    return run


def _rows(file):
    sheet = load_workbook(io.BytesIO(file.data)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, r in enumerate(rows) if r and r[0] == "Code")
    return rows[header_at], rows[header_at + 1:]


def test_a_prefecture_xlsx_has_counties_as_rows_metrics_as_columns_and_the_total(placed, as_official, export):
    meta, file = export(as_official("540600"), year=2022, month=3, format="xlsx", locale="en")
    assert file.mimetype.endswith("spreadsheetml.sheet") and meta["filename"].endswith(".xlsx")
    header, rows = _rows(file)
    assert header[3:] == list(METRICS.values())
    counties = [r for r in rows if r[0] != "540600"]
    assert len(counties) == 11  # Nagqu's counties
    total = rows[-1]
    assert total[0] == "540600" and total[1].endswith("Total")
    col = {name: 3 + i for i, name in enumerate(METRICS)}
    assert total[col["transfer_persons"]] == 3 and total[col["transfer_person_times"]] == 4
    assert total[col["outbound_persons"]] == 3 and total[col["outbound_poverty_alleviated"]] == 2
    for metric, index in col.items():
        assert sum(r[index] for r in counties) == total[index], metric
    seni = next(r for r in counties if r[0] == "540602")
    assert seni[col["transfer_persons"]] == 2 and seni[2] == "Not submitted"


def test_the_region_export_has_prefecture_subtotals_that_add_up(placed, as_official, export):
    _, file = export(as_official("540000"), year=2022, format="xlsx", locale="en")
    header, rows = _rows(file)
    col = 3 + list(METRICS).index("transfer_persons")
    counties = [r for r in rows if not r[0].endswith("00")]
    subtotals = [r for r in rows if r[0].endswith("00") and r[0] != "540000"]
    assert len(counties) == 74 and len(subtotals) == 7
    assert rows[-1][0] == "540000" and rows[-1][col] == 4
    assert sum(r[col] for r in counties) == sum(r[col] for r in subtotals) == rows[-1][col]


def test_a_csv_in_tibetan_has_headers_through_gettext(app, placed, as_official, export):
    from labour.exports.report import header
    from labour.notifications.templates import translations

    _, file = export(as_official("540602"), year=2022, month=3, format="csv", locale="bo")
    text = file.data.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    with app.app_context():
        expected = header(translations("bo").gettext)
    assert lines[0] == expected
    assert lines[0][1] == "རྫོང"  # "County", translated in the bo catalog
    assert lines[1][0] == "540602" and lines[-1][0] == "540602"  # the county, then its total


def test_an_accepted_month_exports_its_published_snapshot(placed, make_person, place, as_official, export):
    county = as_official("540602")
    report_id = county.post("/api/v1/approvals", json={"county": "540602", "month": "2022-03"}).json["id"]
    as_official("540600").post(f"/api/v1/approvals/{report_id}/approve")
    as_official("540000").post(f"/api/v1/approvals/{report_id}/accept")
    place(make_person("540602"), start=date(2022, 3, 25))  # after acceptance: live 3, published 2
    _, file = export(as_official("540600"), year=2022, month=3, format="xlsx", locale="en")
    _, rows = _rows(file)
    col = 3 + list(METRICS).index("transfer_persons")
    seni = next(r for r in rows if r[0] == "540602")
    assert seni[col] == 2 and seni[2] == "Accepted by the region (v1)"


@pytest.mark.parametrize("body, field", [
    ({"year": 2022, "format": "pdf"}, "format"),
    ({"year": "last", "format": "csv"}, "year"),
    ({"year": 2022, "month": 0, "format": "csv"}, "month"),
    ({"year": 2022, "format": "csv", "locale": "fr"}, "locale"),
    ({"year": 2022, "format": "csv", "division": "123456"}, "division"),
    ({"format": "csv"}, "year"),
])
def test_malformed_export_requests_name_the_field(as_official, body, field):
    r = as_official("540000").post("/api/v1/exports", json=body)
    assert r.status_code == 422 and field in r.json["errors"], r.json


def test_exports_are_scoped_and_private(placed, as_official, export):
    assert as_official("540602").post("/api/v1/exports", json={"year": 2022, "format": "csv",
                                                              "division": "540000"}).status_code == 403
    meta, _ = export(as_official("540600"), year=2022, format="csv")
    assert as_official("540000").get(f"/api/v1/exports/{meta['id']}").status_code == 404
    assert as_official("540000").get(f"/api/v1/exports/{meta['id']}/file").status_code == 404
