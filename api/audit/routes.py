from flask_smorest import Blueprint

from api.audit.schemas import AuditEventArgs, AuditEventPage
from api.auth import login_required
from labour.audit import selectors

blp = Blueprint("audit", __name__, url_prefix="/api/v1",
                description="The audit log of staff reads of sensitive personal data and of exports (read-only)")


@blp.route("/audit-events")
@blp.arguments(AuditEventArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, AuditEventPage)
@login_required("admin")
def audit_event_list(args, user):
    """Who read which sensitive fields or downloaded which file, when and why; newest first. Administrators only.
    Rows cannot be changed or deleted."""
    args.pop("lang", None)
    return selectors.audit_event_list(user=user, **args)
