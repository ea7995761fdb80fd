"""Page-weight budgets (DESIGN.md): first load ≤ 100 KiB compressed in total, its JavaScript ≤ 50 KiB, and a
full page of the job list API ≤ 15 KiB compressed. Sizes are the bytes the server sends with gzip."""
import re
from datetime import date, timedelta

import pytest

from api.config import ROOT

KIB = 1024
IMPORT = re.compile(r"""^\s*import\s[^;]*?from\s+["'](\./[\w.-]+\.js)["']""", re.M)


def _static_imports(start: str) -> set[str]:
    """The modules a module pulls in before it runs (static imports, followed), as /static/js/… paths."""
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(m[2:] for m in IMPORT.findall((ROOT / "static" / "js" / name).read_text()))
    return {f"/static/js/{name}" for name in seen}


def _first_load(client) -> dict[str, int]:
    """Every file the first visit fetches before the first screen, with its compressed size."""
    html = client.get("/", headers={"Accept-Encoding": "gzip"})
    text = client.get("/").get_data(as_text=True)
    urls = set(re.findall(r'<(?:link|script)[^>]*?(?:href|src)="(/[^"]+)"', text))
    for url in list(urls):
        if url.endswith(".js"):
            urls |= _static_imports(url.rsplit("/", 1)[1])
    urls |= {"/i18n/bo.json"}  # the translations of the chosen language (the larger of the two)
    sizes = {"/": len(html.data)}
    for url in sorted(urls):
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200, url
        sizes[url] = len(response.data)
    return sizes


def test_the_first_load_is_within_budget(client):
    sizes = _first_load(client)
    total = sum(sizes.values())
    js = sum(size for url, size in sizes.items() if url.endswith(".js"))
    print("\nfirst load (gzip):", {url: f"{size / KIB:.1f} KiB" for url, size in sizes.items()},
          f"total {total / KIB:.1f} KiB, JS {js / KIB:.1f} KiB")
    assert {"/static/css/app.css", "/static/js/app.js", "/static/js/worker.js", "/i18n/bo.json"} <= set(sizes)
    assert any(url.endswith(".webmanifest") for url in sizes)
    assert js <= 50 * KIB
    assert total <= 100 * KIB


def test_text_files_are_sent_compressed(client):
    for url in ("/", "/static/js/app.js", "/static/css/app.css", "/i18n/bo.json", "/sw.js"):
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.headers["Content-Encoding"] == "gzip", url


def test_the_service_worker_precaches_what_the_first_load_needs(client):
    sizes = _first_load(client)
    source = client.get("/sw.js").get_data(as_text=True)
    for url in sizes:
        if url.startswith("/static/") or url.startswith("/i18n/") or url == "/":
            assert f'"{url}"' in source, url
    everything = sum(len(client.get(u, headers={"Accept-Encoding": "gzip"}).data)
                     for u in re.findall(r'"(/[^"]*)"', source.split("const PRECACHE = ", 1)[1].split(";", 1)[0]))
    print(f"\nprecache in total (gzip): {everything / KIB:.1f} KiB")
    assert everything <= 150 * KIB


@pytest.fixture
def full_page_of_positions(app, make_user):
    """50 open positions with realistic Tibetan and Chinese titles, every optional list field filled."""
    from labour.employers import services as employers
    from labour.positions import services as positions

    admin = make_user("admin")
    with app.app_context():
        employer = employers.employer_create(actor=admin, name="浙江省援藏指挥部 · 那曲市色尼区人力资源和社会保障局",
                                             kind="public_employer", division_code="540602")
        employers.employer_vet(actor=admin, employer_id=employer.id, decision="vetted")
        employer_id = employer.id
    staff = make_user("employer_staff", employer_id=employer_id)
    kinds = ("aid_tibet", "local_project", "work_for_relief", "eco_post", "general")
    titles = ("ཚོང་ཁང་གི་ཉོ་ཚོང་ལས་བྱེད་པ། 超市收银员", "ཤིང་སྡོང་སྲུང་སྐྱོབ་པ། 生态护林员", "ལམ་བཟོ་ལས་མི། 公路养护工",
              "མགྲོན་ཁང་ཞབས་ཞུ་བ། 酒店客房服务员", "འཁོར་ལོ་གཏོང་མཁན། 货车司机", "རྩིག་བཟོ་བ། 砌筑工",
              "ཟ་ཁང་གི་ཐབ་ཚང་ལས་མི། 餐厅厨师助理", "ཆུ་གློག་བཟོ་བ། 水电安装工", "འཐག་ལས་ལས་མི། 纺织挡车工",
              "སྲུང་སྐྱོང་བ། 物业保安员")
    counties = ("540602", "540102", "540103", "540402", "540202", "540502", "540302", "540104")
    with app.app_context():
        for n in range(50):
            position = positions.position_create(
                actor=staff, kind=kinds[n % 5], occupation_code="factory_worker", workplace_code=counties[n % 8],
                title=f"{titles[(n * 7) % 10]}（{2024 + n % 3}年第{n + 1}批，{3 + n % 9}人一组）",
                headcount=7 + (n * 13) % 90, wage_min=str(3000 + (n * 137) % 2500),
                wage_max=str(5600 + (n * 251) % 3000), housing=n % 2 == 0, meals=n % 3 != 0,
                deadline=date.today() + timedelta(days=20 + n))
            positions.position_publish(actor=staff, position_id=position.id)


@pytest.mark.parametrize("lang", ["bo", "zh_Hans"])
def test_a_full_page_of_the_job_list_is_within_budget(client, full_page_of_positions, lang):
    response = client.get(f"/api/v1/positions?per_page=50&lang={lang}", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    import gzip
    import json

    assert len(json.loads(gzip.decompress(response.data))["items"]) == 50
    print(f"\n/api/v1/positions?per_page=50&lang={lang}: {len(response.data) / KIB:.1f} KiB gzip")
    assert len(response.data) <= 15 * KIB
