"""Recruitment drives: officials (in their area) and admins create them, attach aid-Tibet positions of the
drive's partner, set quotas per county, and open and close them."""
from datetime import date

import sqlalchemy as sa

from labour import fields
from labour.accounts.models import User
from labour.db import atomic, db
from labour.divisions.models import AidPartner, Division
from labour.divisions.selectors import code_in_scope
from labour.drives.models import DRIVE_STATUSES, DRIVE_TRANSITIONS, Drive, DrivePosition, DriveQuota
from labour.employers.models import Employer
from labour.errors import Conflict, Invalid, NotFound, PermissionDenied
from labour.i18n import Message, N_
from labour.people.selectors import valid_id
from labour.positions.models import Position

UNSET = object()
MAX_QUOTA = 100000
MAX_COUNTIES = 100
MAX_POSITIONS = 200


def drive_manageable(actor: User | None, drive: Drive) -> bool:
    """Admins, and officials whose area holds the drive's whole area."""
    if actor is None:
        return False
    if actor.role == "admin":
        return True
    return actor.role == "official" and actor.division is not None \
        and code_in_scope(actor.division, drive.division_code)


def _require_staff(actor: User) -> None:
    if actor.role not in ("official", "admin"):
        raise PermissionDenied()


def _area(actor: User, code) -> Division:
    return fields.in_area(actor, fields.tibet_division(code, "division_code"), "division_code")


def _partner(value) -> AidPartner:
    partner = db.session.get(AidPartner, value) if valid_id(value) else None
    if partner is None:
        raise Invalid.field("aid_partner_id", N_("No such aid partner."))
    return partner


def _employer(value, partner_id: int) -> int | None:
    if value is None:
        return None
    employer = db.session.get(Employer, value) if valid_id(value) else None
    if employer is None:
        raise Invalid.field("employer_id", N_("No such employer."))
    if employer.kind != "aid_partner_enterprise" or employer.aid_partner_id != partner_id:
        raise Invalid.field("employer_id", N_("This employer is not an enterprise of the drive's partner."))
    return employer.id


def _quotas(values, area: Division) -> list[DriveQuota]:
    """``values``: [{county_code, quota}]; every county once, inside the drive's area."""
    values = list(values or [])
    if not values:
        raise Invalid.field("quotas", N_("Give a quota for at least one county."))
    if len(values) > MAX_COUNTIES:
        raise Invalid.field("quotas", N_("Longer than maximum length %(n)s."), n=MAX_COUNTIES)
    seen, quotas = set(), []
    for item in values:
        county = fields.tibet_county(item.get("county_code"), "quotas")
        if not code_in_scope(area, county.code):
            raise Invalid.field("quotas", N_("County %(code)s lies outside the drive's area."), code=county.code)
        if county.code in seen:
            raise Invalid.field("quotas", N_("County %(code)s is given twice."), code=county.code)
        seen.add(county.code)
        quotas.append(DriveQuota(county_code=county.code,
                                 quota=fields.integer(item.get("quota"), "quotas", minimum=1, maximum=MAX_QUOTA)))
    return quotas


def _links(position_ids, drive: Drive) -> list[DrivePosition]:
    """Aid-Tibet positions of the drive's partner (and of its enterprise, if it names one), in no other drive."""
    ids = list(dict.fromkeys(position_ids or []))
    if len(ids) > MAX_POSITIONS:
        raise Invalid.field("position_ids", N_("Longer than maximum length %(n)s."), n=MAX_POSITIONS)
    if not ids:
        return []
    found = {p.id: p for p in db.session.scalars(sa.select(Position).where(Position.id.in_(ids)))}
    for position_id in ids:
        position = found.get(position_id)
        if position is None:
            raise Invalid.field("position_ids", N_("No such position: %(id)s."), id=position_id)
        if position.kind != "aid_tibet" or position.aid_partner_id != drive.aid_partner_id:
            raise Invalid.field("position_ids", N_("Position %(id)s is not an aid-Tibet position of the drive's "
                                                   "partner."), id=position_id)
        if drive.employer_id is not None and position.employer_id != drive.employer_id:
            raise Invalid.field("position_ids", N_("Position %(id)s belongs to another employer."), id=position_id)
    taken = db.session.scalars(sa.select(DrivePosition.position_id).where(
        DrivePosition.position_id.in_(ids),
        DrivePosition.drive_id != drive.id if drive.id is not None else sa.true())).first()
    if taken is not None:
        raise Invalid.field("position_ids", N_("Position %(id)s is already part of another drive."), id=taken)
    return [DrivePosition(position_id=position_id) for position_id in ids]


def _dates(start_date: date, end_date: date) -> None:
    if end_date < start_date:
        raise Invalid.field("end_date", N_("The end date cannot be before the start date."))


def drive_create(*, actor: User, name: str, aid_partner_id: int, division_code: str, start_date: date,
                 end_date: date, quotas, employer_id: int | None = None, position_ids=()) -> Drive:
    """A draft drive; it is public once opened."""
    _require_staff(actor)
    with atomic():
        area = _area(actor, division_code)
        partner = _partner(aid_partner_id)
        drive = Drive(name=fields.text(name, "name", max_length=128), aid_partner_id=partner.id,
                      employer_id=_employer(employer_id, partner.id), division_code=area.code,
                      start_date=fields.a_date(start_date, "start_date"),
                      end_date=fields.a_date(end_date, "end_date"), status="draft", created_by_id=actor.id)
        _dates(drive.start_date, drive.end_date)
        drive.quotas = _quotas(quotas, area)
        drive.links = _links(position_ids, drive)
        db.session.add(drive)
    return drive


def _own_drive(actor: User, drive_id: int) -> Drive:
    _require_staff(actor)
    drive = db.session.scalar(sa.select(Drive).where(Drive.id == drive_id).with_for_update())
    if drive is None or not drive_manageable(actor, drive):
        raise NotFound(N_("No such drive."))
    return drive


def drive_update(*, actor: User, drive_id: int, name=UNSET, start_date=UNSET, end_date=UNSET, quotas=UNSET,
                 position_ids=UNSET) -> Drive:
    """Edit a drive (quotas and positions are replaced whole). A closed drive is no longer edited."""
    with atomic(), db.session.no_autoflush:
        drive = _own_drive(actor, drive_id)
        if drive.status == "closed":
            raise Conflict(N_("A closed drive cannot be edited."), code="drive_closed")
        if name is not UNSET:
            drive.name = fields.text(name, "name", max_length=128)
        if start_date is not UNSET:
            drive.start_date = fields.a_date(start_date, "start_date")
        if end_date is not UNSET:
            drive.end_date = fields.a_date(end_date, "end_date")
        _dates(drive.start_date, drive.end_date)
        if quotas is not UNSET:
            new = _quotas(quotas, db.session.get(Division, drive.division_code))
            drive.quotas = []
            db.session.flush()  # the old rows go before the new ones (same primary keys)
            drive.quotas = new
        if position_ids is not UNSET:
            new_links = _links(position_ids, drive)
            if drive.status == "open" and not new_links:
                raise Invalid.field("position_ids", N_("An open drive needs at least one position."))
            drive.links = []
            db.session.flush()
            drive.links = new_links
    return drive


def drive_transition(*, actor: User, drive_id: int, status: str) -> Drive:
    """draft → open | closed, open → closed, closed → open. Opening needs at least one position."""
    fields.choice(status, DRIVE_STATUSES, "status")
    with atomic():
        drive = _own_drive(actor, drive_id)
        if status not in DRIVE_TRANSITIONS[drive.status]:
            raise Conflict(N_("This change of status is not allowed."), code="invalid_transition",
                           errors={"status": [Message(N_("This change of status is not allowed."))]})
        if status == "open" and not drive.links:
            raise Conflict(N_("An open drive needs at least one position."), code="drive_without_positions",
                           errors={"position_ids": [Message(N_("An open drive needs at least one position."))]})
        drive.status = status
    return drive
