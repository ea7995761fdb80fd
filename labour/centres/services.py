"""Training centres: registered by officials (or admins) of their county, vetted before they may post cohorts."""
from labour.accounts.models import User
from labour.centres.models import Centre
from labour.centres.selectors import official_covers_county
from labour.db import atomic, db, utcnow
from labour.errors import Invalid, NotFound, PermissionDenied
from labour.i18n import N_
from labour.people.selectors import valid_id
from labour.fields import text, tibet_county

VETTING_DECISIONS = ("vetted", "rejected")


def centre_create(*, actor: User, name: str, county_code: str, address: str = "") -> Centre:
    """Register a centre, awaiting vetting: admins anywhere, officials in their area."""
    if actor.role not in ("admin", "official"):
        raise PermissionDenied()
    with atomic():
        county = tibet_county(county_code)
        if not official_covers_county(actor, county.code):
            raise PermissionDenied(N_("That division is outside your area."))
        centre = Centre(name=text(name, "name", max_length=128), county_code=county.code,
                        address=text(address, "address", max_length=200, required=False), status="pending")
        db.session.add(centre)
    return centre


def centre_vet(*, actor: User, centre_id: int, decision: str) -> Centre:
    """An official over the centre's county (or an admin) vets or rejects it; a rejected centre posts nothing new."""
    if decision not in VETTING_DECISIONS:
        raise Invalid.field("decision", N_("Must be one of: %(choices)s."), choices=", ".join(VETTING_DECISIONS))
    if actor.role not in ("admin", "official"):
        raise PermissionDenied()
    with atomic():
        centre = db.session.get(Centre, centre_id, with_for_update={"of": Centre}) if valid_id(centre_id) else None
        if centre is None or not official_covers_county(actor, centre.county_code):
            raise NotFound(N_("No such training centre."))
        centre.status = decision
        centre.vetted_at = utcnow()
        centre.vetted_by_id = actor.id
    return centre
