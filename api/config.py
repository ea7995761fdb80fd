"""Typed configuration from the environment. Nothing else in the code base reads ``os.environ``.

The embedded default needs no environment at all: a SQLite file and generated secrets under
``instance/``. ``LABOUR_ENV=production`` refuses to start without real secrets.
"""
import json
import os
import secrets
from decimal import Decimal
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _int(value: str | None, default: int) -> int:
    return default if value in (None, "") else int(value)


def _share(value: str | None, default: str) -> Decimal:
    """A share between 0 and 1 as a Decimal (money is compared exactly)."""
    try:
        share = Decimal(default if value in (None, "") else value.strip())
    except ArithmeticError:
        share = Decimal("NaN")
    if not (share.is_finite() and 0 <= share <= 1):
        raise RuntimeError(f"a share must lie between 0 and 1, not {value!r}")
    return share


def database_url(url: str) -> str:
    """Normalise a database URL so SQLAlchemy uses psycopg 3 for PostgreSQL."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _instance_secrets(instance_path: str) -> dict:
    """Secrets for the embedded default, generated once and kept in ``instance/secrets.json``."""
    path = Path(instance_path) / "secrets.json"
    if path.exists():
        return json.loads(path.read_text())
    path.parent.mkdir(parents=True, exist_ok=True)
    values = {
        "SECRET_KEY": secrets.token_urlsafe(32),
        "ID_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "BLIND_INDEX_KEY": secrets.token_urlsafe(32),
    }
    path.write_text(json.dumps(values))
    path.chmod(0o600)
    return values


def load_config(env=os.environ, *, instance_path: str, overrides: dict | None = None) -> dict:
    """The settings from ``env``, then ``overrides`` (tests) on top."""
    overrides = overrides or {}
    production = env.get("LABOUR_ENV", "development") == "production"
    needed = [k for k in ("SECRET_KEY", "ID_ENCRYPTION_KEYS", "BLIND_INDEX_KEY") if k not in overrides]
    missing = [k for k in needed if not env.get(k)]
    if production and missing:
        raise RuntimeError(f"production needs {', '.join(missing)} in the environment")
    generated = _instance_secrets(instance_path) if missing else {}

    def secret(name):
        return env.get(name) or generated.get(name, "")

    db_path = Path(instance_path) / "labour.sqlite3"
    redis_url = env.get("REDIS_URL") or None
    config = {
        "LABOUR_ENV": "production" if production else "development",
        "SECRET_KEY": secret("SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": database_url(env.get("DATABASE_URL") or f"sqlite:///{db_path}"),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": redis_url,
        # First key encrypts, all keys decrypt: put a new key first to rotate.
        "ID_ENCRYPTION_KEYS": [k.strip() for k in secret("ID_ENCRYPTION_KEYS").split(",") if k.strip()],
        "BLIND_INDEX_KEY": secret("BLIND_INDEX_KEY"),
        "ARGON2_PARAMS": {},  # argon2-cffi's RFC 9106 low-memory defaults
        "LOGIN_MAX_FAILURES": _int(env.get("LOGIN_MAX_FAILURES"), 5),
        "LOGIN_LOCKOUT_SECONDS": _int(env.get("LOGIN_LOCKOUT_SECONDS"), 15 * 60),
        "TOKEN_TTL_SECONDS": _int(env.get("TOKEN_TTL_SECONDS"), 30 * 24 * 3600),
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_ENABLED": _bool(env.get("RATELIMIT_ENABLED"), True),
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_RATE_LIMIT": env.get("LOGIN_RATE_LIMIT", "20 per minute"),
        "REGISTER_RATE_LIMIT": env.get("REGISTER_RATE_LIMIT", "10 per minute"),
        "APPLICATION_RATE_LIMIT": env.get("APPLICATION_RATE_LIMIT", "30 per hour"),  # per worker
        "EXPORT_RATE_LIMIT": env.get("EXPORT_RATE_LIMIT", "20 per hour"),  # per official; person-level data
        "MAX_CONTENT_LENGTH": _int(env.get("MAX_CONTENT_LENGTH"), 1024 * 1024),
        "SESSION_COOKIE_NAME": "labour_session",
        "SESSION_COOKIE_SECURE": _bool(env.get("SESSION_COOKIE_SECURE"), production),
        "SESSION_COOKIE_SAMESITE": "Strict",
        "BABEL_DEFAULT_LOCALE": "zh_Hans",
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
        "COMPRESS_MIMETYPES": ["application/json", "text/html", "text/css", "application/javascript",
                               "text/javascript", "application/manifest+json", "image/svg+xml"],
        "COMPRESS_MIN_SIZE": 300,
        "API_TITLE": "Tibet labour-transfer matching service",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api",
        "OPENAPI_JSON_PATH": "openapi.json",
        "PAGE_SIZE_MAX": 50,
        "PUBLIC_LIST_CACHE_SECONDS": _int(env.get("PUBLIC_LIST_CACHE_SECONDS"), 10),  # 0 switches caching off
        # Background jobs (jobs/): in-process threads without REDIS_URL, rq workers with it.
        "JOBS_THREADS": _int(env.get("JOBS_THREADS"), 4),
        "JOBS_QUEUE_PREFIX": env.get("JOBS_QUEUE_PREFIX", ""),  # lets several installations share one Redis
        "JOBS_SCHEDULE": _bool(env.get("JOBS_SCHEDULE"), True),  # in-process engine: run the periodic schedule
        "TASK_LEASE_SECONDS": _int(env.get("TASK_LEASE_SECONDS"), 60),
        "TASK_RETRY_DELAYS": [int(s) for s in env.get("TASK_RETRY_DELAYS", "10,60,300").split(",") if s.strip()],
        "SMS_SENDER": env.get("SMS_SENDER") or "labour.notifications.senders:RecordSender",
        "TIME_ZONE": env.get("TIME_ZONE") or "Asia/Shanghai",
        # Ecological-protection posts: how many current posts one household may hold (policy: one).
        "ECO_POSTS_PER_HOUSEHOLD": _int(env.get("ECO_POSTS_PER_HOUSEHOLD"), 1),
        # Work-for-relief (以工代赈): labour remuneration must reach this share of a project's central funds
        # (the floor differs by province and year).
        "RELIEF_REMUNERATION_SHARE": _share(env.get("RELIEF_REMUNERATION_SHARE"), "0.15"),
    }
    config.update(overrides)
    return config


def testing_config(**overrides) -> dict:
    """Settings for tests: fixed keys, cheap password hashing, no rate limits unless a test asks."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "ID_ENCRYPTION_KEYS": [Fernet.generate_key().decode()],
        "BLIND_INDEX_KEY": "test-index-key",
        "ARGON2_PARAMS": {"time_cost": 1, "memory_cost": 1024, "parallelism": 1},
        "RATELIMIT_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "JOBS_SCHEDULE": False,
        "PUBLIC_LIST_CACHE_SECONDS": 0,
    }
    config.update(overrides)
    return config
