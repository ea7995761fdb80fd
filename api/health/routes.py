from flask import current_app
from flask_smorest import Blueprint

from api.schemas import Schema
from labour.health import database_ok, redis_ok
from marshmallow import fields

blp = Blueprint("health", __name__, url_prefix="/api/v1/health", description="Liveness and dependencies")


class HealthSchema(Schema):
    status = fields.String(metadata={"description": "ok, or degraded when the database is unreachable"})
    database = fields.String()
    redis = fields.String(metadata={"description": "ok, error, or not_configured (jobs run in-process)"})


@blp.route("")
@blp.response(200, HealthSchema)
@blp.alt_response(503, schema=HealthSchema)
def health():
    database = "ok" if database_ok() else "error"
    url = current_app.config["REDIS_URL"]
    redis = "not_configured" if not url else ("ok" if redis_ok(url) else "error")
    body = {"status": "ok" if database == "ok" else "degraded", "database": database, "redis": redis}
    return body, 200 if database == "ok" else 503
