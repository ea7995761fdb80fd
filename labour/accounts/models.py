from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from labour.db import Timestamped, db
from labour.i18n import N_

ROLES = {
    "worker": N_("Worker"),
    "centre_staff": N_("Training centre staff"),
    "employer_staff": N_("Employer staff"),
    "official": N_("Official"),
    "admin": N_("Administrator"),
}
STAFF_ROLES = ("centre_staff", "employer_staff", "official", "admin")
LOCALES = ("bo", "zh_Hans", "en")


class User(Timestamped, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(sa.String(16))
    phone: Mapped[str | None] = mapped_column(sa.String(11), unique=True)
    username: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(64))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    locale: Mapped[str | None] = mapped_column(sa.String(8))
    tibetan_digits: Mapped[bool] = mapped_column(default=False)
    # An official's division (their scope is its subtree); null for other roles.
    division_code: Mapped[str | None] = mapped_column(sa.ForeignKey("division.code"), index=True)
    employer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("employer.id"), index=True)
    centre_id: Mapped[int | None] = mapped_column(sa.ForeignKey("training_centre.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"), unique=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    division = relationship("Division", lazy="joined")

    __table_args__ = (
        sa.CheckConstraint(sa.text("role IN ('worker','centre_staff','employer_staff','official','admin')"), name="role"),
        sa.CheckConstraint(sa.text("phone IS NOT NULL OR username IS NOT NULL"), name="has_login"),
        sa.CheckConstraint(sa.text("role <> 'official' OR division_code IS NOT NULL"), name="official_division"),
        sa.CheckConstraint(sa.text("role <> 'employer_staff' OR employer_id IS NOT NULL"), name="employer_staff_employer"),
        sa.CheckConstraint(sa.text("role <> 'centre_staff' OR centre_id IS NOT NULL"), name="centre_staff_centre"),
    )


class AuthToken(db.Model):
    """A revocable login: a cookie session (PWA) or a bearer token (other clients). Only the hash is stored."""

    __tablename__ = "auth_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(8))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    user = relationship(User, lazy="joined")

    __table_args__ = (sa.CheckConstraint(sa.text("kind IN ('cookie','bearer')"), name="kind"),)
