"""Reachability checks for the health endpoint."""
import sqlalchemy as sa
from redis import Redis
from redis.exceptions import RedisError

from labour.db import db


def database_ok() -> bool:
    try:
        db.session.execute(sa.text("SELECT 1"))
        return True
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return False


def redis_ok(url: str) -> bool:
    try:
        client = Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except RedisError:
        return False
