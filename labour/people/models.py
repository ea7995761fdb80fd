from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from labour.db import Timestamped, db
from labour.i18n import N_

HOUSEHOLD_STATUSES = {
    "poverty_alleviated": N_("Poverty-alleviated household"),
    "monitored": N_("Monitored household"),
    "other": N_("Other household"),
}
GENDERS = {"male": N_("Male"), "female": N_("Female")}
EDUCATION_LEVELS = {
    "none": N_("No schooling"),
    "primary": N_("Primary school"),
    "junior_secondary": N_("Junior secondary school"),
    "senior_secondary": N_("Senior secondary school"),
    "vocational_secondary": N_("Secondary vocational school"),
    "college": N_("College"),
    "bachelor": N_("Bachelor's degree or higher"),
}
EDUCATION_RANK = {level: rank for rank, level in enumerate(EDUCATION_LEVELS)}
SCHOOL_LEAVER_LEVELS = ("junior_secondary", "senior_secondary", "vocational_secondary")
LANGUAGES = {"bo": N_("Tibetan"), "zh": N_("Chinese"), "en": N_("English")}
CERTIFICATE_LEVELS = {
    "basic": N_("Basic (level 5)"),
    "intermediate": N_("Intermediate (level 4)"),
    "advanced": N_("Advanced (level 3)"),
    "technician": N_("Technician (level 2)"),
    "senior_technician": N_("Senior technician (level 1)"),
}


class Household(Timestamped, db.Model):
    __tablename__ = "household"

    id: Mapped[int] = mapped_column(primary_key=True)
    registered_county_code: Mapped[str] = mapped_column(sa.ForeignKey("division.code"), index=True)
    township: Mapped[str | None] = mapped_column(sa.String(64))
    village: Mapped[str | None] = mapped_column(sa.String(64))
    status: Mapped[str] = mapped_column(sa.String(20), default="other")

    members = relationship("Person", back_populates="household")

    __table_args__ = (
        sa.CheckConstraint(sa.text("status IN ('poverty_alleviated','monitored','other')"), name="status"),
    )


class Person(Timestamped, db.Model):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(64))
    gender: Mapped[str | None] = mapped_column(sa.String(8))
    birth_date: Mapped[date | None]
    phone: Mapped[str | None] = mapped_column(sa.String(11), index=True)
    # Resident ID number: ciphertext, keyed-hash blind index (unique), and the masked form for display.
    id_number_enc: Mapped[str | None] = mapped_column(sa.Text)
    id_number_index: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    id_number_masked: Mapped[str | None] = mapped_column(sa.String(18))
    household_id: Mapped[int | None] = mapped_column(sa.ForeignKey("household.id"), index=True)
    education: Mapped[str | None] = mapped_column(sa.String(24))
    in_study: Mapped[bool] = mapped_column(default=False)
    languages: Mapped[list] = mapped_column(sa.JSON, default=list)
    willing_outside_tibet: Mapped[bool] = mapped_column(default=False)
    preferred_prefectures: Mapped[list] = mapped_column(sa.JSON, default=list)
    min_monthly_wage: Mapped[str | None] = mapped_column(sa.Numeric(10, 2))
    available_from: Mapped[date | None]

    household = relationship(Household, back_populates="members", lazy="joined")
    skills = relationship("Skill", cascade="all, delete-orphan", order_by="Skill.occupation_code")
    certificates = relationship("Certificate", cascade="all, delete-orphan", order_by="Certificate.issued_on")

    __table_args__ = (
        sa.CheckConstraint(sa.text("gender IS NULL OR gender IN ('male','female')"), name="gender"),
    )

    @property
    def is_school_leaver(self) -> bool:
        """两后生: finished junior or senior secondary school and not in further study."""
        return self.education in SCHOOL_LEAVER_LEVELS and not self.in_study

    def age_on(self, day: date) -> int | None:
        if self.birth_date is None:
            return None
        return day.year - self.birth_date.year - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))

    @property
    def registered_county_code(self) -> str | None:
        return self.household.registered_county_code if self.household else None


class Skill(db.Model):
    __tablename__ = "skill"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"), index=True)
    occupation_code: Mapped[str] = mapped_column(sa.ForeignKey("occupation.code"))
    years: Mapped[int] = mapped_column(default=0)

    __table_args__ = (sa.UniqueConstraint("person_id", "occupation_code"),)


class Certificate(db.Model):
    __tablename__ = "certificate"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"), index=True)
    occupation_code: Mapped[str] = mapped_column(sa.ForeignKey("occupation.code"))
    level: Mapped[str] = mapped_column(sa.String(20))
    number: Mapped[str] = mapped_column(sa.String(64))
    issued_on: Mapped[date]
    issuer: Mapped[str | None] = mapped_column(sa.String(128))

    __table_args__ = (sa.UniqueConstraint("occupation_code", "number"),)
