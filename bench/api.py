"""Position list API under load, beside a bare Flask hello-world, in one run.

Both apps run under gunicorn with the production settings (gunicorn.conf.py) on PostgreSQL; wrk drives
32 concurrent connections at each in alternating rounds. Prints throughput ratio (goal >= 0.30), p99 latency
of the list (goal <= 100 ms) and the compressed size of a 20-item page (goal <= 15 KiB), then one JSON line.

    .venv/bin/python bench/api.py [--positions 5000] [--seconds 8] [--rounds 3]
"""
import argparse
import gzip
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
BENCH_DB = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/bench")
BENCH_REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")


def ensure_wrk():
    if shutil.which("wrk"):
        return
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env={**os.environ,
                   "DEBIAN_FRONTEND": "noninteractive"})


def recreate_database():
    import psycopg

    name = BENCH_DB.rsplit("/", 1)[1]
    with psycopg.connect(BENCH_DB.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")


def load_data(n_positions: int, env: dict):
    """Schema by migrations, reference data by the seed command, then a realistic spread of positions."""
    subprocess.run([PYTHON, "-m", "flask", "db", "upgrade"], check=True, env=env, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    subprocess.run([PYTHON, "-m", "flask", "seed", "reference"], check=True, env=env, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    import sqlalchemy as sa

    from api import create_app
    from labour.db import db
    from labour.divisions.models import Division
    from labour.employers.models import Employer
    from labour.occupations.models import Occupation
    from labour.positions.models import POSITION_KINDS, Position

    os.environ.update(env)
    app = create_app()
    rng = random.Random(2022)
    with app.app_context():
        counties = list(db.session.scalars(sa.select(Division.code).where(Division.level == "county")))
        provinces = list(db.session.scalars(sa.select(Division.code).where(Division.level == "province")))
        occupations = list(db.session.scalars(sa.select(Occupation.code)))
        employers = [dict(name=f"用人单位 {i}", kind="private_firm", division_code=rng.choice(counties),
                          status="vetted") for i in range(200)]
        db.session.execute(sa.insert(Employer), employers)
        employer_ids = list(db.session.scalars(sa.select(Employer.id)))
        today = date.today()
        rows = []
        for i in range(n_positions):
            outside = rng.random() < 0.3
            low = Decimal(rng.randrange(3000, 8000, 100))
            rows.append(dict(
                employer_id=rng.choice(employer_ids), title=f"岗位 {i} 招聘 {rng.choice(['电工', '焊工', '司机', '厨师'])}",
                description="负责日常工作，包食宿。" * 3, occupation_code=rng.choice(occupations),
                kind=rng.choice(list(POSITION_KINDS)), workplace_code=rng.choice(provinces if outside else counties),
                headcount=rng.randint(1, 50), wage_min=low, wage_max=low + rng.randrange(0, 3000, 100),
                housing=rng.random() < 0.6, meals=rng.random() < 0.5, required_skills=[], required_languages=[],
                priority_groups=[], start_date=today + timedelta(days=rng.randint(0, 60)),
                deadline=today + timedelta(days=rng.randint(10, 120)), status="open",
            ))
        for start in range(0, len(rows), 1000):
            db.session.execute(sa.insert(Position), rows[start:start + 1000])
        db.session.commit()
        db.session.execute(sa.text("ANALYZE"))  # as autovacuum would after a bulk load: the planner needs stats
        db.session.commit()


def start_gunicorn(target: str, port: int, env: dict) -> subprocess.Popen:
    proc = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}", target],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            break
        except urllib.error.HTTPError:
            break
        except OSError:
            time.sleep(0.2)
    return proc


def stop(proc: subprocess.Popen):
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)


LUA = """
local paths = {%s}
request = function()
  return wrk.format("GET", paths[math.random(#paths)], {["Accept-Encoding"] = "gzip", ["Accept-Language"] = "bo"})
end
"""


def wrk(url_base: str, paths: list[str], seconds: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(LUA % ", ".join(json.dumps(p) for p in paths))
    out = subprocess.run(["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", "-s", f.name, url_base],
                         capture_output=True, text=True, check=True).stdout
    os.unlink(f.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p99_ms": float(p99.group(1)) * scale, "errors": int(non2xx.group(1)) if non2xx else 0}


def page_bytes(port: int) -> int:
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/positions?per_page=20",
                                 headers={"Accept-Encoding": "gzip", "Accept-Language": "bo"})
    with urllib.request.urlopen(req) as r:
        body = r.read()
        assert r.headers["Content-Encoding"] == "gzip"
        assert len(json.loads(gzip.decompress(body))["items"]) == 20
    return len(body)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--positions", type=int, default=5000)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    ensure_wrk()
    from cryptography.fernet import Fernet

    # Production settings: PostgreSQL, Redis (jobs, rate limits, the public list cache), real secrets.
    env = {**os.environ, "DATABASE_URL": BENCH_DB, "REDIS_URL": BENCH_REDIS, "JOBS_QUEUE_PREFIX": "bench:",
           "LABOUR_ENV": "production", "SECRET_KEY": "bench", "BLIND_INDEX_KEY": "bench",
           "ID_ENCRYPTION_KEYS": Fernet.generate_key().decode(), "FLASK_APP": "wsgi.py"}
    recreate_database()
    load_data(args.positions, env)
    paths = [f"/api/v1/positions?page={p}" for p in range(1, 11)] + [
        "/api/v1/positions?kind=aid_tibet", "/api/v1/positions?outside_tibet=false&sort=wage",
        "/api/v1/positions?prefecture=540600", "/api/v1/positions?sort=nearest&near=540602",
        "/api/v1/positions?occupation=electrician&min_wage=5000"]
    hello = start_gunicorn("bench.hello_app:app", 8101, env)
    app = start_gunicorn("wsgi:app", 8102, env)
    try:
        size = page_bytes(8102)
        wrk("http://127.0.0.1:8102", paths, 2)  # warm-up: imports, connection pools
        wrk("http://127.0.0.1:8101", ["/"], 2)
        rounds = []
        for _ in range(args.rounds):
            base = wrk("http://127.0.0.1:8101", ["/"], args.seconds)
            lst = wrk("http://127.0.0.1:8102", paths, args.seconds)
            rounds.append((base, lst))
            print(f"  round: hello {base['rps']:.0f} req/s, list {lst['rps']:.0f} req/s "
                  f"(ratio {lst['rps'] / base['rps']:.3f}), list p99 {lst['p99_ms']:.1f} ms, errors {lst['errors']}")
    finally:
        stop(hello)
        stop(app)
    ratio = statistics.median(lst["rps"] / base["rps"] for base, lst in rounds)
    p99 = statistics.median(lst["p99_ms"] for _, lst in rounds)
    errors = sum(lst["errors"] for _, lst in rounds)
    print(f"positions in the database:           {args.positions}")
    print(f"throughput ratio list/hello (median): {ratio:.3f}   goal >= 0.30")
    print(f"list p99 latency (median of rounds):  {p99:.1f} ms   goal <= 100 ms")
    print(f"20-item page, gzip:                   {size} bytes ({size / 1024:.1f} KiB)   goal <= 15 KiB")
    print(f"non-2xx responses under load:         {errors}   goal 0")
    print(json.dumps({"ratio": round(ratio, 3), "p99_ms": round(p99, 1), "page_bytes": size,
                      "positions": args.positions, "errors": errors}))


if __name__ == "__main__":
    main()
