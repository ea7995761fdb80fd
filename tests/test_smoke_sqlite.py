"""The embedded default end to end, as bin/run starts it: SQLite, jobs in-process, `flask run`, real HTTP."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("embedded")
    env = {**os.environ, "FLASK_APP": "wsgi.py", "DATABASE_URL": f"sqlite:///{tmp}/labour.sqlite3",
           "SECRET_KEY": "smoke", "BLIND_INDEX_KEY": "smoke", "ID_ENCRYPTION_KEYS": Fernet.generate_key().decode()}
    env.pop("REDIS_URL", None)
    for command in (["db", "upgrade"], ["seed", "reference"], ["seed", "demo"]):
        result = subprocess.run([sys.executable, "-m", "flask", *command], cwd=ROOT, env=env, capture_output=True,
                                text=True, timeout=300)
        assert result.returncode == 0, result.stderr
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "flask", "run", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/api/v1/health", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(timeout=20)


def _call(opener, method, url, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json", "X-Requested-With": "labour-pwa",
                                              **(headers or {})})
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, json.loads(error.read() or b"null")


def test_browse_in_tibetan_log_in_apply_and_see_the_status(server):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    status, headers, health = _call(opener, "GET", server + "/api/v1/health")
    assert status == 200 and health == {"status": "ok", "database": "ok", "redis": "not_configured"}
    status, headers, page = _call(opener, "GET", server + "/api/v1/positions?prefecture=540600",
                                  headers={"Accept-Language": "bo"})
    assert status == 200 and headers["Content-Language"] == "bo" and page["total"] >= 3
    # Seni District has no sourced Tibetan name: Chinese, flagged; Lhari County has one.
    names = {item["workplace"]["code"]: item["workplace"] for item in page["items"]}
    assert names["540602"] == {"code": "540602", "name": "色尼区", "name_fallback": True}
    assert names["540621"]["name_fallback"] is False and names["540621"]["name"] != "嘉黎县"
    status, _, _ = _call(opener, "POST", server + "/api/v1/auth/login",
                         {"login": "13900000003", "password": "demo-pass-2022"})
    assert status == 200
    position = page["items"][0]["id"]
    key = {"Idempotency-Key": "smoke-1"}
    first = _call(opener, "POST", f"{server}/api/v1/positions/{position}/applications", {}, key)
    again = _call(opener, "POST", f"{server}/api/v1/positions/{position}/applications", {}, key)
    assert first[0] == again[0] == 201 and again[1]["Idempotent-Replayed"] == "true"
    status, _, mine = _call(opener, "GET", server + "/api/v1/me/applications?lang=zh_Hans")
    assert status == 200 and mine["total"] == 1 and mine["items"][0]["status_label"] == "已提交"
