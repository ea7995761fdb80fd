"""Positions: employer staff draft, edit, publish and close them; a periodic job closes expired ones.

Hiring (which fills places) lives in ``labour.applications.services``.
"""
from datetime import date, timedelta

import sqlalchemy as sa

from labour import fields
from labour.accounts.models import User
from labour.db import atomic, db
from labour.divisions.models import AidPartner, Division
from labour.employers.models import Employer
from labour.employers.selectors import official_covers
from labour.errors import Conflict, Invalid, NotFound, PermissionDenied
from labour.i18n import N_
from labour.occupations.selectors import occupation_codes_check
from labour.people.models import EDUCATION_LEVELS, LANGUAGES
from labour.people.selectors import valid_id
from labour.positions.models import POSITION_KINDS, PRIORITY_GROUPS, Position
from labour.positions.selectors import local_today

UNSET = object()  # "not given" in a partial update, as opposed to None ("clear it")
MAX_HEADCOUNT = 100000


def _workplace(code) -> str:
    division = db.session.get(Division, code) if isinstance(code, str) else None
    if division is None:
        raise Invalid.field("workplace_code", N_("Unknown division: %(value)s."), value=code)
    if division.level not in ("county", "province"):
        raise Invalid.field("workplace_code", N_("Give a county in Tibet or a province outside Tibet."))
    return division.code


def _check(position: Position) -> None:
    """Rules over several fields, checked after every create or edit."""
    if position.wage_max < position.wage_min:
        raise Invalid.field("wage_max", N_("The highest wage is below the lowest."))
    if position.min_age is not None and position.max_age is not None and position.max_age < position.min_age:
        raise Invalid.field("max_age", N_("The highest age is below the lowest."))
    for field in ("min_age", "max_age"):
        age = getattr(position, field)
        if age is not None and not 16 <= age <= 70:
            raise Invalid.field(field, N_("Must be between %(min)s and %(max)s."), min=16, max=70)
    if not 1 <= position.headcount <= MAX_HEADCOUNT:
        raise Invalid.field("headcount", N_("Must be between %(min)s and %(max)s."), min=1, max=MAX_HEADCOUNT)


def _aid_partner(value, *, kind: str) -> int | None:
    """Only aid-Tibet positions name their partner (one of the reference ``aid_partner`` rows)."""
    if value is None:
        return None
    if kind != "aid_tibet":
        raise Invalid.field("aid_partner_id", N_("Only aid-Tibet positions name a partner."))
    if not valid_id(value) or db.session.get(AidPartner, value) is None:
        raise Invalid.field("aid_partner_id", N_("No such aid partner."))
    return value


def _relief_project(position: Position, project_id, local_first_until) -> None:
    from labour.relief.services import position_project_check

    position.relief_project_id = position_project_check(
        employer_id=position.employer_id, project_id=project_id, workplace_code=position.workplace_code,
        kind=position.kind, local_first_until=local_first_until,
        new_link=project_id != position.relief_project_id)
    position.local_first_until = local_first_until


def _check_deadline(deadline: date | None, *, today: date) -> None:
    if deadline is not None and deadline < today:
        raise Invalid.field("deadline", N_("The deadline has passed."))


def _own_position(actor: User, position_id: int, *, lock: bool = False) -> Position:
    """A position of the actor's employer (others' positions are not found, as ids are sequential)."""
    if actor.role != "employer_staff" or actor.employer_id is None:
        raise PermissionDenied()
    query = sa.select(Position).where(Position.id == position_id, Position.employer_id == actor.employer_id)
    if lock:
        # Only the position row: FOR UPDATE may not touch the outer-joined employer and division.
        query = query.with_for_update(of=Position)
    position = db.session.scalar(query)
    if position is None:
        raise NotFound(N_("No such position."))
    return position


def position_create(*, actor: User, title: str, occupation_code: str, kind: str, workplace_code: str,
                    headcount: int, wage_min, wage_max, housing: bool = False, meals: bool = False,
                    description: str = "", min_age: int | None = None, max_age: int | None = None,
                    min_education: str | None = None, required_skills=(), required_languages=(),
                    priority_groups=(), start_date: date | None = None, deadline: date | None = None,
                    aid_partner_id: int | None = None, relief_project_id: int | None = None,
                    local_first_until: date | None = None, today: date | None = None) -> Position:
    """Employer staff draft a position for their employer; it is public only once published. A contractor
    links it to its work-for-relief project with ``relief_project_id`` (see ``labour.relief``)."""
    if actor.role != "employer_staff" or actor.employer_id is None:
        raise PermissionDenied()
    with atomic():
        occupation_codes_check([occupation_code], field="occupation_code")
        occupation_codes_check(required_skills or [], field="required_skills")
        position = Position(
            employer_id=actor.employer_id, status="draft", filled=0,
            title=fields.text(title, "title", max_length=128),
            description=fields.text(description or "", "description", max_length=5000, required=False),
            occupation_code=occupation_code, kind=fields.choice(kind, POSITION_KINDS, "kind"),
            workplace_code=_workplace(workplace_code), headcount=headcount,
            wage_min=fields.decimal(wage_min, "wage_min"), wage_max=fields.decimal(wage_max, "wage_max"),
            housing=bool(housing), meals=bool(meals), min_age=min_age, max_age=max_age,
            min_education=None if min_education is None else fields.choice(min_education, EDUCATION_LEVELS,
                                                                            "min_education"),
            required_skills=list(dict.fromkeys(required_skills or [])),
            required_languages=fields.choices(required_languages, LANGUAGES, "required_languages"),
            priority_groups=fields.choices(priority_groups, PRIORITY_GROUPS, "priority_groups"),
            start_date=start_date, deadline=deadline,
        )
        if aid_partner_id is None and kind == "aid_tibet":  # a partner enterprise's position: its partner
            aid_partner_id = db.session.get(Employer, actor.employer_id).aid_partner_id
        position.aid_partner_id = _aid_partner(aid_partner_id, kind=kind)
        _relief_project(position, relief_project_id, local_first_until)
        _check(position)
        _check_deadline(deadline, today=today or local_today())
        db.session.add(position)
    return position


def position_update(*, actor: User, position_id: int, title=UNSET, occupation_code=UNSET, kind=UNSET,
                    workplace_code=UNSET, headcount=UNSET, wage_min=UNSET, wage_max=UNSET, housing=UNSET,
                    meals=UNSET, description=UNSET, min_age=UNSET, max_age=UNSET, min_education=UNSET,
                    required_skills=UNSET, required_languages=UNSET, priority_groups=UNSET, start_date=UNSET,
                    deadline=UNSET, aid_partner_id=UNSET, relief_project_id=UNSET, local_first_until=UNSET,
                    today: date | None = None) -> Position:
    """Employer staff edit their position. The headcount never drops below the places already filled; raising
    it reopens a filled position, lowering it to the filled count fills an open one."""
    with atomic(), db.session.no_autoflush:  # half-applied edits must not reach the CHECK constraints
        position = _own_position(actor, position_id, lock=True)
        if title is not UNSET:
            position.title = fields.text(title, "title", max_length=128)
        if description is not UNSET:
            position.description = fields.text(description or "", "description", max_length=5000, required=False)
        if occupation_code is not UNSET:
            occupation_codes_check([occupation_code], field="occupation_code")
            position.occupation_code = occupation_code
        if kind is not UNSET:
            position.kind = fields.choice(kind, POSITION_KINDS, "kind")
        if workplace_code is not UNSET:
            position.workplace_code = _workplace(workplace_code)
        if wage_min is not UNSET:
            position.wage_min = fields.decimal(wage_min, "wage_min")
        if wage_max is not UNSET:
            position.wage_max = fields.decimal(wage_max, "wage_max")
        if housing is not UNSET:
            position.housing = bool(housing)
        if meals is not UNSET:
            position.meals = bool(meals)
        if min_age is not UNSET:
            position.min_age = min_age
        if max_age is not UNSET:
            position.max_age = max_age
        if min_education is not UNSET:
            position.min_education = None if min_education is None else fields.choice(min_education, EDUCATION_LEVELS,
                                                                                "min_education")
        if required_skills is not UNSET:
            occupation_codes_check(required_skills or [], field="required_skills")
            position.required_skills = list(dict.fromkeys(required_skills or []))
        if required_languages is not UNSET:
            position.required_languages = fields.choices(required_languages, LANGUAGES, "required_languages")
        if priority_groups is not UNSET:
            position.priority_groups = fields.choices(priority_groups, PRIORITY_GROUPS, "priority_groups")
        if start_date is not UNSET:
            position.start_date = start_date
        if deadline is not UNSET:
            _check_deadline(deadline, today=today or local_today())
            position.deadline = deadline
        if aid_partner_id is not UNSET or (kind is not UNSET and position.aid_partner_id is not None):
            # Changing the kind away from aid-Tibet with a partner set is refused unless the partner is cleared.
            position.aid_partner_id = _aid_partner(
                position.aid_partner_id if aid_partner_id is UNSET else aid_partner_id, kind=position.kind)
        if relief_project_id is not UNSET or local_first_until is not UNSET or (
                position.relief_project_id is not None and (workplace_code is not UNSET or kind is not UNSET)):
            # A project's position stays in the project's county and of a project kind.
            _relief_project(position,
                            position.relief_project_id if relief_project_id is UNSET else relief_project_id,
                            position.local_first_until if local_first_until is UNSET else local_first_until)
        if headcount is not UNSET:
            # The row is locked, so no hire can slip in between this check and the write.
            if headcount < position.filled:
                raise Invalid.field("headcount", N_("%(n)s places are already filled."), n=position.filled)
            position.headcount = headcount
            if position.status == "filled" and position.filled < headcount:
                position.status = "open"
            elif position.status == "open" and position.filled >= headcount:
                position.status = "filled"
        _check(position)
    return position


def position_publish(*, actor: User, position_id: int, today: date | None = None) -> Position:
    """Open a draft (or reopen a closed position) for applications: only for a vetted employer and before the
    deadline."""
    today = today or local_today()
    with atomic():
        position = _own_position(actor, position_id, lock=True)
        if position.employer.status != "vetted":
            raise Conflict(N_("The employer has not been vetted yet."), code="employer_not_vetted")
        if position.status not in ("draft", "closed"):
            raise Conflict(N_("Only a draft or closed position can be published."), code="not_publishable")
        if position.deadline is not None and position.deadline < today:
            raise Conflict(errors={"deadline": [N_("The deadline has passed.")]}, code="deadline_passed")
        position.status = "filled" if position.filled >= position.headcount else "open"
    return position


def position_close(*, actor: User, position_id: int) -> Position:
    """Stop taking applications. The employer's staff close their positions; officials over the employer and
    admins can take any down."""
    with atomic():
        if actor.role == "employer_staff":
            position = _own_position(actor, position_id, lock=True)
        else:
            position = db.session.scalar(sa.select(Position).where(Position.id == position_id)
                                         .with_for_update(of=Position))
            if position is None or not official_covers(actor, position.employer.division_code):
                raise NotFound(N_("No such position."))
        if position.status == "closed":
            raise Conflict(N_("The position is already closed."), code="already_closed")
        position.status = "closed"
    return position


def positions_close_expired(*, today: date) -> int:
    """Close open positions whose deadline has passed; returns how many. Run daily; safe to run twice."""
    with atomic():
        result = db.session.execute(
            sa.update(Position).where(Position.status == "open", Position.deadline < today)
            .values(status="closed").execution_options(synchronize_session=False)
        )
    return result.rowcount


def positions_closing_soon_notify(*, today: date, days: int = 3) -> int:
    """Tell the employer's staff, once per position and deadline, that an open position with places left
    closes within ``days``. Returns how many notifications were added (0 on a repeated run)."""
    from labour.notifications.services import notification_add  # notifications import positions' labels

    added = 0
    with atomic():
        rows = db.session.execute(
            sa.select(Position.id, Position.title, Position.deadline, Position.headcount - Position.filled, User.id)
            .join(User, User.employer_id == Position.employer_id)
            .where(Position.status == "open", Position.filled < Position.headcount,
                   Position.deadline.between(today, today + timedelta(days=days)),
                   User.role == "employer_staff", User.is_active.is_(True))
        ).all()
        for position_id, title, deadline, places, user_id in rows:
            if notification_add(event="position_closing_soon", recipient_id=user_id,
                                subject=f"position:{position_id}:closing:{deadline.isoformat()}",
                                params={"position": title, "deadline": deadline.isoformat(), "places": places}):
                added += 1
    return added
