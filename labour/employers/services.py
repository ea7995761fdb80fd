"""Employers: registration by officials and admins, and the vetting that gates their positions."""
from labour.accounts.models import User
from labour.db import atomic, db, utcnow
from labour.divisions.models import AidPartner, Division
from labour.employers.models import EMPLOYER_KINDS, Employer
from labour.employers.selectors import official_covers
from labour.errors import Invalid, NotFound, PermissionDenied
from labour.i18n import N_

VETTING_DECISIONS = ("vetted", "rejected")


def _name(value: str | None) -> str:
    value = (value or "").strip()
    if not value:
        raise Invalid.field("name", N_("Missing data for required field."))
    if len(value) > 128:
        raise Invalid.field("name", N_("Longer than maximum length %(n)s."), n=128)
    return value


def _registered_division(code: str | None) -> Division:
    division = db.session.get(Division, code) if isinstance(code, str) else None
    if division is None:
        raise Invalid.field("division_code", N_("Unknown division: %(value)s."), value=code)
    if division.level not in ("county", "province"):
        raise Invalid.field("division_code", N_("Give a county in Tibet or a province outside Tibet."))
    return division


def employer_create(*, actor: User, name: str, kind: str, division_code: str,
                    aid_partner_id: int | None = None) -> Employer:
    """Register an employer, awaiting vetting. Admins anywhere; officials in their area (the region also for
    employers registered in a province outside Tibet)."""
    if actor.role not in ("admin", "official"):
        raise PermissionDenied()
    if kind not in EMPLOYER_KINDS:
        raise Invalid.field("kind", N_("Must be one of: %(choices)s."), choices=", ".join(EMPLOYER_KINDS))
    with atomic():
        division = _registered_division(division_code)
        if not official_covers(actor, division.code):
            raise PermissionDenied(N_("That division is outside your area."))
        if kind == "aid_partner_enterprise":
            if aid_partner_id is None:
                raise Invalid.field("aid_partner_id", N_("An aid-Tibet partner enterprise needs its aid partner."))
            if db.session.get(AidPartner, aid_partner_id) is None:
                raise Invalid.field("aid_partner_id", N_("No such aid partner."))
        elif aid_partner_id is not None:
            raise Invalid.field("aid_partner_id", N_("Only aid-Tibet partner enterprises name an aid partner."))
        employer = Employer(name=_name(name), kind=kind, division_code=division.code, aid_partner_id=aid_partner_id,
                            status="pending")
        db.session.add(employer)
    return employer


def employer_vet(*, actor: User, employer_id: int, decision: str) -> Employer:
    """An official in scope (or an admin) vets or rejects an employer; only vetted employers' positions are public.

    A decision can be revised later (a vetted employer found out can be rejected, hiding its positions).
    """
    if decision not in VETTING_DECISIONS:
        raise Invalid.field("decision", N_("Must be one of: %(choices)s."), choices=", ".join(VETTING_DECISIONS))
    with atomic():
        if actor.role not in ("admin", "official"):
            raise PermissionDenied()
        employer = db.session.get(Employer, employer_id)
        if employer is None or not official_covers(actor, employer.division_code):
            raise NotFound(N_("No such employer."))
        employer.status = decision
        employer.vetted_at = utcnow()
        employer.vetted_by_id = actor.id
    return employer
