"""The application factory. Read ``create_app`` as the table of contents."""
import os

from flask import Flask

from api.config import ROOT, load_config


def create_app(config: dict | None = None) -> Flask:
    """Build the app. ``config`` overrides settings read from the environment (tests use it)."""
    app = Flask(__name__, instance_path=str(ROOT / "instance"), static_folder=str(ROOT / "static"),
                static_url_path="/static")
    app.config.update(load_config(os.environ, instance_path=app.instance_path, overrides=config))
    app.json.ensure_ascii = False  # Tibetan and Chinese as UTF-8, a third of the size of \u escapes
    register_url_converters(app)
    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_request_hooks(app)
    register_cli(app)
    return app


def register_url_converters(app: Flask) -> None:
    from api.http import IdConverter

    app.url_map.converters["int"] = IdConverter


def register_extensions(app: Flask) -> None:
    from api import cache
    from api.extensions import api, babel, compress, limiter, migrate
    from api.i18n import select_locale
    from api.schemas import localise_marshmallow_messages
    import jobs
    from labour import runtime
    from labour.db import db, tune_sqlite
    import labour.models  # noqa: F401  (every table known to the metadata)

    db.init_app(app)
    with app.app_context():
        tune_sqlite(db.engine)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    babel.init_app(app, locale_selector=select_locale)
    localise_marshmallow_messages()
    compress.init_app(app)
    limiter.init_app(app)
    api.init_app(app, spec_kwargs={"info": {"description": API_DESCRIPTION}})
    runtime.init_app(app)
    cache.init_app(app)
    jobs.init_app(app)  # task engine: in-process threads, or rq workers with REDIS_URL


def register_blueprints(app: Flask) -> None:
    from api.accounts.routes import blp as accounts
    from api.auth import document_security
    from api.applications.routes import blp as applications
    from api.audit.routes import blp as audit
    from api.divisions.routes import blp as divisions
    from api.drives.routes import blp as drives
    from api.ecoposts.routes import blp as ecoposts
    from api.labour_export.routes import blp as labour_export
    from api.relief.routes import blp as relief
    from api.employers.routes import blp as employers
    from api.extensions import api
    from api.health.routes import blp as health
    from api.matching.routes import blp as matching
    from api.occupations.routes import blp as occupations
    from api.positions.routes import blp as positions
    from api.people.routes import blp as people
    from api.tasks.routes import blp as tasks
    from api.notifications.routes import blp as notifications
    from api.training import blueprints as training
    from api.wages.routes import blp as wages
    from api.stats.blueprints import BLUEPRINTS as statistics

    for blueprint in (health, divisions, occupations, accounts, people, employers, positions, applications,
                      tasks, notifications, matching, *training(),
                      drives, labour_export, ecoposts, audit, wages, relief,
                      *statistics):
        api.register_blueprint(blueprint)
    from api.web import blp as web  # the PWA's shell, service worker, manifests, messages (not /api/v1)

    app.register_blueprint(web)
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    api.spec.components.security_scheme("cookie", {"type": "apiKey", "in": "cookie", "name": "labour_session"})
    document_security(app, api.spec)


def register_error_handlers(app: Flask) -> None:
    from api.errors import register_error_handlers as register

    register(app)


def register_request_hooks(app: Flask) -> None:
    from api.audit.hooks import bind_origin, unbind_origin
    from api.auth import authenticate_first
    from api.http import add_etag, add_security_headers, reject_unsafe_text
    from api.i18n import set_language_headers

    app.before_request(authenticate_first)
    app.before_request(reject_unsafe_text)
    app.before_request(bind_origin)  # client address and request id for the audit log
    app.teardown_request(unbind_origin)

    # after_request hooks run last-registered first: ETag/304 before Flask-Compress (registered earlier).
    app.after_request(set_language_headers)
    app.after_request(add_etag)
    app.after_request(add_security_headers)


def register_cli(app: Flask) -> None:
    from api.cli import seed, translate
    from api.people.cli import people
    from api.stats.cli import stats

    for group in (seed, translate, people, stats):
        app.cli.add_command(group)


API_DESCRIPTION = """\
Labour-transfer matching service for the Tibet Autonomous Region.

Errors always have the shape `{"code", "status", "message", "errors"}`: `code` is a stable machine string,
`status` the HTTP status, `message` a sentence in the negotiated locale and `errors` maps each bad field to
its messages. Locale: `?lang=bo|zh_Hans|en`, then the user's saved preference, then `Accept-Language`,
then `zh_Hans`. Lists are paginated (`page`, `per_page` ≤ 50); an unknown query parameter is a 400.
GET responses carry ETags (send `If-None-Match` to get a 304). Creating POSTs honour `Idempotency-Key`.
"""
