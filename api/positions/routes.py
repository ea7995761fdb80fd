from flask_smorest import Blueprint

from api.auth import current_user, login_required
from api.cache import public_page
from api.idempotency import idempotent
from api.positions.schemas import (PositionCreateSchema, PositionListArgs, PositionPageSchema, PositionSchema,
                                   PositionUpdateSchema)
from api.schemas import QueryArgs
from labour.positions import selectors, services

blp = Blueprint("positions", __name__, url_prefix="/api/v1/positions", description="Positions: browse and manage")


@blp.route("")
@public_page(unless_args=("employer",))  # an employer's own list shows its drafts: not shared
@blp.arguments(PositionListArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, PositionPageSchema)
def position_list(args):
    """Positions open for applications at vetted employers, newest first.

    Filter by `kind`, `prefecture` or `county` (six-digit code, or the name in Chinese, English or Tibetan),
    `occupation`, `min_wage`, `outside_tibet`, aid-Tibet `partner` (id), free text `q`; `open=false` also lists filled and closed
    positions. Sort by `newest`, `wage` or `nearest` to the county `near`. An unknown parameter or value is a
    400 naming it. Each item says whether its employer has open wage arrears (`employer_has_arrears`).
    """
    near = args.get("near")
    return selectors.position_list(
        user=current_user(), kind=args.get("kind"), prefecture=_code(args.get("prefecture")),
        county=_code(args.get("county")), occupation=args.get("occupation"), min_wage=args.get("min_wage"),
        outside_tibet=args.get("outside_tibet"), q=args.get("q"), open=args.get("open"),
        employer_id=args.get("employer"), aid_partner_id=args.get("partner"), sort=args.get("sort") or ("nearest" if near else "newest"), near=near,
        page=args["page"], per_page=args["per_page"],
    )


def _code(division):
    return division.code if division is not None else None


@blp.route("", methods=["POST"])
@idempotent
@blp.arguments(PositionCreateSchema)
@blp.response(201, PositionSchema)
@login_required("employer_staff")
def position_create(data, user):
    """Draft a position for your employer; publish it to open it for applications."""
    return selectors.with_skills(services.position_create(actor=user, **data))


@blp.route("/<int:position_id>")
@blp.arguments(QueryArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, PositionSchema)
def position_get(_args, position_id):
    """One position in full. Drafts and positions of unvetted employers only for their employer and officials."""
    return selectors.position_detail(user=current_user(), position_id=position_id)


@blp.route("/<int:position_id>", methods=["PATCH"])
@blp.arguments(PositionUpdateSchema)
@blp.response(200, PositionSchema)
@login_required("employer_staff")
def position_update(data, position_id, user):
    """Edit your employer's position; the headcount cannot drop below the places already filled."""
    return selectors.with_skills(services.position_update(actor=user, position_id=position_id, **data))


@blp.route("/<int:position_id>/publish", methods=["POST"])
@blp.response(200, PositionSchema)
@login_required("employer_staff")
def position_publish(position_id, user):
    """Open the position for applications (the employer must be vetted and the deadline not passed)."""
    return selectors.with_skills(services.position_publish(actor=user, position_id=position_id))


@blp.route("/<int:position_id>/close", methods=["POST"])
@blp.response(200, PositionSchema)
@login_required("employer_staff", "official", "admin")
def position_close(position_id, user):
    """Stop taking applications."""
    return selectors.with_skills(services.position_close(actor=user, position_id=position_id))
