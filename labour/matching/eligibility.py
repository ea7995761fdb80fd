"""The hard rules, vectorised over pairs (worker row ``wi``, position row ``pj``).

A pair is eligible when every rule holds:

- ``open``: the position is open, its deadline has not passed, and it has places left;
- ``age``: the worker's age lies in the position's range (an unknown birth date passes: the age is checked
  when the employer confirms, and a worker who left it blank should still see jobs);
- ``education``: at least the position's minimum level (an unknown level does not meet a stated minimum);
- ``certificates``: a certificate in every trade the position requires one for;
- ``languages``: every language the position requires;
- ``outside_tibet``: positions outside Tibet only for workers willing to work outside Tibet.
"""
import numpy as np

from labour.i18n import N_
from labour.matching.features import Positions, Workers

RULES = {
    "open": N_("the position is not open"),
    "age": N_("outside the position's age range"),
    "education": N_("below the required education"),
    "certificates": N_("a required certificate is missing"),
    "languages": N_("a required language is missing"),
    "outside_tibet": N_("not willing to work outside Tibet"),
}


def rule_checks(workers: Workers, positions: Positions, wi, pj) -> dict[str, np.ndarray]:
    """Each rule's verdict (True = holds) for every pair."""
    age = workers.age[wi]
    return {
        "open": positions.open[pj] & (positions.capacity[pj] > 0),
        "age": (age < 0) | ((age >= positions.min_age[pj]) & (age <= positions.max_age[pj])),
        "education": workers.education[wi] >= positions.min_education[pj],
        "certificates": (positions.required_certs[pj] & ~workers.certified[wi]) == 0,
        "languages": (positions.required_languages[pj] & ~workers.languages[wi]) == 0,
        "outside_tibet": positions.in_tibet[pj] | workers.willing[wi],
    }


def eligible(workers: Workers, positions: Positions, wi, pj) -> np.ndarray:
    """True where every rule holds."""
    age = workers.age[wi]
    ok = positions.open[pj] & (positions.capacity[pj] > 0)
    ok &= (age < 0) | ((age >= positions.min_age[pj]) & (age <= positions.max_age[pj]))
    ok &= workers.education[wi] >= positions.min_education[pj]
    ok &= (positions.required_certs[pj] & ~workers.certified[wi]) == 0
    ok &= (positions.required_languages[pj] & ~workers.languages[wi]) == 0
    ok &= positions.in_tibet[pj] | workers.willing[wi]
    return ok


def failed_rules(workers: Workers, positions: Positions, w: int, p: int) -> list[str]:
    """The names of the rules one pair breaks (empty when eligible)."""
    checks = rule_checks(workers, positions, np.array([w]), np.array([p]))
    return [name for name, ok in checks.items() if not ok[0]]


def _profile_keys(columns: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    stacked = np.stack([np.asarray(c).astype(np.int64) for c in columns], axis=1)
    uniq, inverse = np.unique(stacked, axis=0, return_inverse=True)
    return uniq, inverse.reshape(-1)


def workers_with_any_eligible(workers: Workers, positions: Positions) -> np.ndarray:
    """Exactly which workers have at least one eligible position (no pruning).

    Eligibility depends on a handful of small fields, so workers and positions are grouped into distinct
    requirement profiles and only profile pairs are checked: a few thousand by a few hundred, not 205k by 20k.
    """
    live = np.flatnonzero(positions.open & (positions.capacity > 0))
    if len(workers) == 0 or len(live) == 0:
        return np.zeros(len(workers), bool)
    wp, w_inv = _profile_keys([workers.age, workers.education, workers.certified.view(np.int64),
                               workers.languages, workers.willing])
    pp, _ = _profile_keys([positions.min_age[live], positions.max_age[live], positions.min_education[live],
                           positions.required_certs[live].view(np.int64), positions.required_languages[live],
                           positions.in_tibet[live]])
    age, edu, cert, lang, willing = (wp[:, i][:, None] for i in range(5))
    min_age, max_age, min_edu, req_cert, req_lang, in_tibet = (pp[:, i][None, :] for i in range(6))
    ok = (age < 0) | ((age >= min_age) & (age <= max_age))
    ok &= edu >= min_edu
    ok &= (req_cert & ~cert) == 0
    ok &= (req_lang & ~lang) == 0
    ok &= (in_tibet == 1) | (willing == 1)
    return ok.any(axis=1)[w_inv]
