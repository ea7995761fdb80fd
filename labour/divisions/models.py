import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from labour.db import db

LEVELS = ("region", "prefecture", "county", "province")
TIBET_CODE = "540000"


class Division(db.Model):
    """A GB/T 2260 division: Tibet, its prefectures and counties, and the provinces outside Tibet."""

    __tablename__ = "division"

    code: Mapped[str] = mapped_column(sa.String(6), primary_key=True)
    parent_code: Mapped[str | None] = mapped_column(sa.ForeignKey("division.code"), index=True)
    level: Mapped[str] = mapped_column(sa.String(12))
    name_zh: Mapped[str] = mapped_column(sa.String(64))
    name_bo: Mapped[str | None] = mapped_column(sa.String(128))
    name_en: Mapped[str] = mapped_column(sa.String(64))

    __table_args__ = (sa.CheckConstraint(sa.text("level IN ('region','prefecture','county','province')"), name="level"),)

    @property
    def in_tibet(self) -> bool:
        return self.code.startswith("54")

    @property
    def prefecture_code(self) -> str | None:
        if self.level == "county":
            return self.parent_code
        if self.level == "prefecture":
            return self.code
        return None


class AidPartner(db.Model):
    """A province, municipality or central enterprise paired with a prefecture (对口援藏)."""

    __tablename__ = "aid_partner"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_zh: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name_en: Mapped[str] = mapped_column(sa.String(128))
    kind: Mapped[str] = mapped_column(sa.String(24))


class AidPairing(db.Model):
    __tablename__ = "aid_pairing"

    prefecture_code: Mapped[str] = mapped_column(sa.ForeignKey("division.code"), primary_key=True)
    partner_id: Mapped[int] = mapped_column(sa.ForeignKey("aid_partner.id"), primary_key=True)
