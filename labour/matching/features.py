"""Compact numpy arrays for matching: codes as small ints, sets as bitsets, one row per worker or position.

Both the database loader (``loader.py``) and the population generator feed the same builders with plain
columns (lists or arrays), so the benchmark, the tests and production match on identical structures.

Inputs that only exist once training cohorts exist (issue 4) are columns like the others:
``trained`` (the occupation codes a worker completed training in) and ``reserved`` (ids of positions
reserved for an order-based cohort the worker graduated from). They default to empty.
"""
import csv
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np

from labour.divisions.services import REFERENCE_DIR
from labour.people.models import EDUCATION_RANK, LANGUAGES

GROUP_BITS = {"monitored": 1, "poverty_alleviated": 2, "school_leaver": 4}
LANGUAGE_BITS = {code: 1 << i for i, code in enumerate(LANGUAGES)}
NO_MAX_AGE = 200
SCHOOL_LEAVER_EDUCATION = ("junior_secondary", "senior_secondary", "vocational_secondary")
# 两后生 are young people who left junior or senior secondary school recently, not every adult with that
# level (``Person.is_school_leaver`` has no age bound); an unknown age counts.
SCHOOL_LEAVER_MAX_AGE = 24


@dataclass(frozen=True)
class Vocabulary:
    """Codes as small integers: occupations (bit positions) and places (every division code)."""

    occupations: tuple[str, ...]
    places: tuple[str, ...]
    prefectures: tuple[str, ...]
    place_prefecture: np.ndarray  # int8 per place: index into prefectures, -1 for none (region, province)
    place_in_tibet: np.ndarray    # bool per place
    tier: np.ndarray              # int8 [place, place]: 0 same county, 1 same prefecture, 2 Tibet, 3 outside
    occupation_index: dict = field(repr=False)
    place_index: dict = field(repr=False)

    @classmethod
    def build(cls, *, occupations, divisions) -> "Vocabulary":
        """``divisions``: (code, parent_code, level) for the region, prefectures, counties and provinces."""
        occupations = tuple(occupations)
        if len(occupations) > 64:
            raise ValueError("certificate and training bitsets hold at most 64 occupations")
        divisions = list(divisions)
        places = tuple(code for code, _, _ in divisions)
        prefectures = tuple(code for code, _, level in divisions if level == "prefecture")
        pref_index = {code: i for i, code in enumerate(prefectures)}
        place_prefecture = np.full(len(places), -1, np.int8)
        for i, (code, parent, level) in enumerate(divisions):
            if level == "county":
                place_prefecture[i] = pref_index.get(parent, -1)
            elif level == "prefecture":
                place_prefecture[i] = pref_index[code]
        in_tibet = np.array([code.startswith("54") for code in places], bool)
        same = np.eye(len(places), dtype=bool)
        same_pref = (place_prefecture[:, None] == place_prefecture[None, :]) & (place_prefecture[:, None] >= 0)
        both_tibet = in_tibet[:, None] & in_tibet[None, :]
        tier = np.where(same, 0, np.where(~both_tibet, 3, np.where(same_pref, 1, 2))).astype(np.int8)
        return cls(occupations=occupations, places=places, prefectures=prefectures,
                   place_prefecture=place_prefecture, place_in_tibet=in_tibet, tier=tier,
                   occupation_index={c: i for i, c in enumerate(occupations)},
                   place_index={c: i for i, c in enumerate(places)})

    @property
    def counties(self) -> list[str]:
        return [c for c, p in zip(self.places, self.place_prefecture) if p >= 0 and c[4:] != "00"]

    def occupation_bits(self, codes) -> int:
        bits = 0
        for code in codes or ():
            i = self.occupation_index.get(code)
            if i is not None:
                bits |= 1 << i
        return bits


@lru_cache(maxsize=1)
def reference_vocabulary() -> Vocabulary:
    """The vocabulary of the shipped reference files (the same codes the database is seeded with)."""
    def rows(name):
        with open(REFERENCE_DIR / name, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    divisions = [(r["code"], r["parent_code"] or None, r["level"]) for r in rows("divisions.csv")]
    divisions += [(r["code"], None, "province") for r in rows("provinces.csv")]
    return Vocabulary.build(occupations=[r["code"] for r in rows("occupations.csv")], divisions=divisions)


def _bits(values, table: dict) -> int:
    bits = 0
    for v in values or ():
        bits |= table.get(v, 0)
    return bits


@dataclass
class Workers:
    ids: np.ndarray          # int64 person ids
    place: np.ndarray        # int16 registered county (index into vocabulary.places), -1 unknown
    age: np.ndarray          # int16 age on ``today``, -1 unknown
    education: np.ndarray    # int8 rank (EDUCATION_RANK), -1 unknown
    languages: np.ndarray    # uint8 bitset (LANGUAGE_BITS)
    willing: np.ndarray      # bool: willing to work outside Tibet
    preferred: np.ndarray    # uint8 bitset over vocabulary.prefectures
    min_wage: np.ndarray     # int32 yuan per month, 0 when not stated
    groups: np.ndarray       # uint8 bitset (GROUP_BITS)
    skill_years: np.ndarray  # int8 [worker, occupation]: years of experience, -1 without the skill
    certified: np.ndarray    # uint64 bitset over occupations
    trained: np.ndarray      # uint64 bitset over occupations (completed training)
    reserved: np.ndarray     # int64 [k, 2]: (worker row, position id) reserved for an order-based graduate

    def __len__(self) -> int:
        return len(self.ids)

    def row_of(self, person_id: int) -> int | None:
        rows = np.flatnonzero(self.ids == person_id)
        return int(rows[0]) if len(rows) else None


def workers_build(vocab: Vocabulary, *, today: date, ids, county, birth_date, education, in_study, languages,
                  willing_outside_tibet, preferred_prefectures, min_monthly_wage, status, skills=(),
                  certificates=(), trained=(), reserved=()) -> Workers:
    """Columns (one entry per worker) to arrays.

    ``skills``: (person id, occupation code, years); ``certificates``: (person id, occupation code);
    ``trained``: (person id, occupation code); ``reserved``: (person id, position id).
    """
    ids = np.asarray(ids, np.int64)
    n = len(ids)
    row = {int(pid): i for i, pid in enumerate(ids.tolist())}
    place = np.array([vocab.place_index.get(c, -1) for c in county], np.int16)
    age = _ages(birth_date, today, n)
    edu = np.array([EDUCATION_RANK.get(e, -1) if e else -1 for e in education], np.int8)
    pref_index = {c: i for i, c in enumerate(vocab.prefectures)}
    preferred = np.array([sum(1 << pref_index[c] for c in set(cs or ()) if c in pref_index)
                          for cs in preferred_prefectures], np.uint8)
    leaver = np.array([e in SCHOOL_LEAVER_EDUCATION and not s for e, s in zip(education, in_study)], bool)
    leaver &= age <= SCHOOL_LEAVER_MAX_AGE
    groups = np.array([GROUP_BITS.get(s, 0) for s in status], np.uint8) | np.where(leaver, 4, 0).astype(np.uint8)
    wage = np.array([0 if w is None else int(w) for w in min_monthly_wage], np.int32)
    years = np.full((n, len(vocab.occupations)), -1, np.int8)
    for pid, occ, y in skills:
        i, j = row.get(int(pid)), vocab.occupation_index.get(occ)
        if i is not None and j is not None:
            years[i, j] = min(int(y or 0), 127)
    return Workers(
        ids=ids, place=place, age=age, education=edu,
        languages=np.array([_bits(ls, LANGUAGE_BITS) for ls in languages], np.uint8),
        willing=np.asarray(willing_outside_tibet, bool).reshape(n), preferred=preferred, min_wage=wage,
        groups=groups, skill_years=years, certified=_pair_bits(vocab, row, n, certificates),
        trained=_pair_bits(vocab, row, n, trained),
        reserved=np.array([(row[int(p)], int(q)) for p, q in reserved if int(p) in row], np.int64).reshape(-1, 2))


def _ages(birth_date, today: date, n: int) -> np.ndarray:
    """Age in whole years on ``today``; -1 where the birth date is unknown (None or NaT)."""
    if isinstance(birth_date, np.ndarray):
        born = birth_date.astype("datetime64[D]")
    else:
        born = np.array([np.datetime64("NaT") if b is None else b for b in birth_date], "datetime64[D]")
    born = born.reshape(n)
    known = ~np.isnat(born)
    years = born.astype("datetime64[Y]").astype(np.int64) + 1970
    age = today.year - years - (_month_day(born) > today.month * 100 + today.day)
    return np.where(known, age, -1).astype(np.int16)


def _month_day(born: np.ndarray) -> np.ndarray:
    months = born.astype("datetime64[M]")
    month = months.astype(np.int64) % 12 + 1
    day = (born - months).astype(np.int64) + 1
    return month * 100 + day


def _pair_bits(vocab: Vocabulary, row: dict, n: int, pairs) -> np.ndarray:
    bits = np.zeros(n, np.uint64)
    for pid, occ in pairs:
        i, j = row.get(int(pid)), vocab.occupation_index.get(occ)
        if i is not None and j is not None:
            bits[i] |= np.uint64(1 << j)
    return bits


@dataclass
class Positions:
    ids: np.ndarray          # int64 position ids
    occupation: np.ndarray   # int16 index into vocabulary.occupations
    place: np.ndarray        # int16 workplace (index into vocabulary.places)
    in_tibet: np.ndarray     # bool
    open: np.ndarray         # bool: open and its deadline not passed on ``today``
    capacity: np.ndarray     # int32 places left to propose (headcount − filled − offers outstanding)
    wage_min: np.ndarray     # int32
    wage_max: np.ndarray     # int32
    min_age: np.ndarray      # int16, 0 when none
    max_age: np.ndarray      # int16, NO_MAX_AGE when none
    min_education: np.ndarray  # int8 rank, -1 when none
    required_certs: np.ndarray  # uint64 bitset over occupations
    required_languages: np.ndarray  # uint8 bitset
    groups: np.ndarray       # uint8 bitset of the priority groups the position names

    def __len__(self) -> int:
        return len(self.ids)


def positions_build(vocab: Vocabulary, *, today: date, ids, occupation, workplace, status, deadline, capacity,
                    wage_min, wage_max, min_age, max_age, min_education, required_skills, required_languages,
                    priority_groups) -> Positions:
    ids = np.asarray(ids, np.int64)
    place = np.array([vocab.place_index[c] for c in workplace], np.int16)
    return Positions(
        ids=ids,
        occupation=np.array([vocab.occupation_index[c] for c in occupation], np.int16),
        place=place, in_tibet=vocab.place_in_tibet[place],
        open=np.array([s == "open" and (d is None or d >= today) for s, d in zip(status, deadline)], bool),
        capacity=np.maximum(np.asarray(capacity, np.int32).reshape(len(ids)), 0),
        wage_min=np.array([int(w) for w in wage_min], np.int32),
        wage_max=np.array([int(w) for w in wage_max], np.int32),
        min_age=np.array([a or 0 for a in min_age], np.int16),
        max_age=np.array([NO_MAX_AGE if a is None else a for a in max_age], np.int16),
        min_education=np.array([EDUCATION_RANK.get(e, -1) if e else -1 for e in min_education], np.int8),
        required_certs=np.array([vocab.occupation_bits(r) for r in required_skills], np.uint64),
        required_languages=np.array([_bits(ls, LANGUAGE_BITS) for ls in required_languages], np.uint8),
        groups=np.array([_bits(gs, GROUP_BITS) for gs in priority_groups], np.uint8))
