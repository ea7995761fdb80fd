import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from labour.db import db


class Occupation(db.Model):
    """An entry of the shipped bilingual occupation list (``labour/reference/occupations.csv``)."""

    __tablename__ = "occupation"

    code: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    name_zh: Mapped[str] = mapped_column(sa.String(64))
    name_bo: Mapped[str | None] = mapped_column(sa.String(128))
    name_en: Mapped[str] = mapped_column(sa.String(64))
