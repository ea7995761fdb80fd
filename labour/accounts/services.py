"""Accounts: registration, staff accounts, login with lockout, revocable tokens."""
import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from argon2.exceptions import VerificationError, InvalidHashError

from labour.accounts.models import AuthToken, User
from labour.db import atomic, db, utcnow
from labour.errors import AuthenticationFailed, Conflict, Invalid, PermissionDenied, TooManyAttempts
from labour.i18n import N_
from labour.people.models import Person
from labour.runtime import runtime


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _phone_taken(phone: str) -> bool:
    return db.session.scalar(sa.select(sa.func.count()).where(User.phone == phone)) > 0


def worker_register(*, phone: str, password: str, name: str, locale: str | None = None) -> User:
    """A worker signs up with phone and password; their person record is created with the account."""
    with atomic():
        if _phone_taken(phone):
            raise Conflict(errors={"phone": [N_("This phone number is already registered.")]}, code="phone_taken")
        person = Person(name=name, phone=phone)
        db.session.add(person)
        db.session.flush()
        user = User(role="worker", phone=phone, display_name=name, locale=locale,
                    password_hash=runtime().passwords.hash(password), person_id=person.id)
        db.session.add(user)
    return user


def staff_create(*, actor: User, role: str, password: str, display_name: str, username: str | None = None,
                 phone: str | None = None, division_code: str | None = None, employer_id: int | None = None,
                 centre_id: int | None = None, locale: str | None = None) -> User:
    """An admin creates any staff account; an official creates accounts inside their own subtree."""
    from labour.centres.models import Centre
    from labour.divisions.selectors import code_in_scope, division_get
    from labour.employers.models import Employer

    if role == "worker":
        raise Invalid.field("role", N_("Workers register themselves."))
    if actor.role == "official":
        if role == "admin":
            raise PermissionDenied()
        if role == "official" and not code_in_scope(actor.division, division_code):
            raise PermissionDenied(N_("That division is outside your area."))
        if role == "employer_staff":
            employer = db.session.get(Employer, employer_id) if employer_id else None
            if employer is None or not code_in_scope(actor.division, employer.division_code):
                raise PermissionDenied(N_("That employer is outside your area."))
        if role == "centre_staff":
            centre = db.session.get(Centre, centre_id) if centre_id else None
            if centre is None or not code_in_scope(actor.division, centre.county_code):
                raise PermissionDenied(N_("That training centre is outside your area."))
    elif actor.role != "admin":
        raise PermissionDenied()
    if role == "official":
        if not division_code:
            raise Invalid.field("division_code", N_("An official needs a division."))
        division = division_get(division_code)
        if division.level not in ("region", "prefecture", "county"):
            raise Invalid.field("division_code", N_("An official's division must be in Tibet."))
    if role == "employer_staff" and not employer_id:
        raise Invalid.field("employer_id", N_("Employer staff need an employer."))
    if role == "employer_staff" and db.session.get(Employer, employer_id) is None:
        raise Invalid.field("employer_id", N_("No such employer."))
    if role == "centre_staff" and (not centre_id or db.session.get(Centre, centre_id) is None):
        raise Invalid.field("centre_id", N_("Training centre staff need a training centre."))
    if not username and not phone:
        raise Invalid.field("username", N_("Give a user name or a phone number."))
    with atomic():
        if phone and _phone_taken(phone):
            raise Conflict(errors={"phone": [N_("This phone number is already registered.")]}, code="phone_taken")
        if username and db.session.scalar(sa.select(sa.func.count()).where(User.username == username)):
            raise Conflict(errors={"username": [N_("This user name is taken.")]}, code="username_taken")
        user = User(role=role, username=username, phone=phone, display_name=display_name, locale=locale,
                    password_hash=runtime().passwords.hash(password),
                    division_code=division_code if role == "official" else None,
                    employer_id=employer_id if role == "employer_staff" else None,
                    centre_id=centre_id if role == "centre_staff" else None)
        db.session.add(user)
    return user


def login(*, login: str, password: str, kind: str) -> tuple[User, str]:
    """Check the password and issue a token. Repeated failures lock the account for a while.

    The lock and the failure count are written in their own transaction, so a failed attempt
    is remembered even though the caller sees an error.
    """
    rt = runtime()
    now = utcnow()
    with atomic():
        user = db.session.scalar(
            sa.select(User).where(sa.or_(User.phone == login, User.username == login)).with_for_update(of=User)
        )
        if user is not None and user.locked_until is not None and user.locked_until > now:
            raise TooManyAttempts(N_("Too many failed logins. Try again later."), code="account_locked")
        ok = False
        try:
            # Verify against a real hash even for an unknown login, so timing does not reveal accounts.
            ok = rt.passwords.verify(user.password_hash if user else _DUMMY.get(rt), password)
        except (VerificationError, InvalidHashError):
            ok = False
        if user is None or not ok or not user.is_active:
            if user is not None:
                user.failed_logins += 1
                if user.failed_logins >= rt.login_max_failures:
                    user.locked_until = now + timedelta(seconds=rt.login_lockout_seconds)
                    user.failed_logins = 0
            failed = True
        else:
            failed = False
            user.failed_logins = 0
            user.locked_until = None
            if rt.passwords.check_needs_rehash(user.password_hash):
                user.password_hash = rt.passwords.hash(password)
            token = secrets.token_urlsafe(32)
            db.session.add(AuthToken(user_id=user.id, token_hash=_token_hash(token), kind=kind, created_at=now,
                                     expires_at=now + timedelta(seconds=rt.token_ttl_seconds)))
    if failed:
        raise AuthenticationFailed(N_("Wrong phone number, user name or password."), code="login_failed")
    return user, token


class _Dummy:
    """A hash to verify against when the login is unknown (built lazily, once per hasher)."""

    def __init__(self):
        self._hashes = {}

    def get(self, rt):
        key = id(rt.passwords)
        if key not in self._hashes:
            self._hashes[key] = rt.passwords.hash(secrets.token_hex(8))
        return self._hashes[key]


_DUMMY = _Dummy()


def token_revoke(*, token: str) -> None:
    with atomic():
        db.session.execute(
            sa.update(AuthToken).where(AuthToken.token_hash == _token_hash(token), AuthToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )


def tokens_revoke_all(*, user_id: int) -> None:
    with atomic():
        db.session.execute(
            sa.update(AuthToken).where(AuthToken.user_id == user_id, AuthToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )


def preferences_update(*, user: User, locale: str | None = None, tibetan_digits: bool | None = None) -> User:
    with atomic():
        if locale is not None:
            user.locale = locale
        if tibetan_digits is not None:
            user.tibetan_digits = tibetan_digits
    return user
