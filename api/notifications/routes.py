from flask_smorest import Blueprint

from api.auth import login_required
from api.notifications.schemas import NotificationArgs, NotificationPageSchema, NotificationSchema, ReadAllSchema
from labour.notifications import selectors, services

blp = Blueprint("notifications", __name__, url_prefix="/api/v1/me/notifications",
                description="Your in-app inbox: application changes, training places, reminders")


@blp.route("")
@blp.arguments(NotificationArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, NotificationPageSchema)
@login_required()
def notification_list(args, user):
    """Newest first, in your language, with the number still unread."""
    page = selectors.notification_list(user=user, unread=args.get("unread"), page=args["page"],
                                       per_page=args["per_page"])
    return {"items": page.items, "page": page.page, "per_page": page.per_page, "total": page.total,
            "pages": page.pages, "unread": selectors.unread_count(user=user)}


@blp.route("/<int:notification_id>/read", methods=["POST"])
@blp.response(200, NotificationSchema)
@login_required()
def notification_read(notification_id, user):
    return services.notification_mark_read(notification_id=notification_id, user=user)


@blp.route("/read-all", methods=["POST"])
@blp.response(200, ReadAllSchema)
@login_required()
def notification_read_all(user):
    return {"marked": services.notifications_mark_all_read(user=user), "unread": 0}
