from labour.db import atomic
from labour.divisions.services import _rows, _upsert
from labour.occupations.models import Occupation


def occupations_seed() -> dict:
    """Load ``occupations.csv``; safe to run again."""
    rows = [{"code": r["code"], "name_zh": r["name_zh"], "name_bo": r["name_bo"] or None, "name_en": r["name_en"]}
            for r in _rows("occupations.csv")]
    with atomic():
        written = _upsert(Occupation, rows, "code")
    return {"occupations": len(rows), "written": written}
