"""The score of a (worker, position) pair as named components, and the reasons behind it.

Everything is vectorised over pairs of rows (``wi``, ``pj``); the weights live in ``weights.py``.
Reasons are untranslated :class:`~labour.i18n.Message` objects; the caller renders them in the reader's
language. The ``occupation`` parameter of a reason is an occupation code: the API shows it through the
occupation's localised name before rendering.
"""
import numpy as np

from labour.i18n import Message, N_
from labour.matching import weights as W
from labour.matching.features import GROUP_BITS, Positions, Vocabulary, Workers

_DISTANCE = np.array([W.DISTANCE_HOME, W.DISTANCE_MOBILE], np.int32)  # [willing][tier]
_PRIORITY = np.array([sum(W.PRIORITY[g] for g, bit in GROUP_BITS.items() if mask & bit) for mask in range(8)],
                     np.int32)
_TARGETED = np.array([W.PRIORITY_TARGETED * bin(mask).count("1") for mask in range(8)], np.int32)
# Employers' view: the two household groups (sensitive) collapse into one "priority group" bit.
_HOUSEHOLD_BITS = GROUP_BITS["monitored"] | GROUP_BITS["poverty_alleviated"]
_COLLAPSE = np.array([(GROUP_BITS["monitored"] if mask & _HOUSEHOLD_BITS else 0) | (mask & GROUP_BITS["school_leaver"])
                      for mask in range(8)], np.uint8)
_PRIORITY_MASKED = np.array([(W.PRIORITY_GROUP if mask & _HOUSEHOLD_BITS else 0)
                             + (W.PRIORITY["school_leaver"] if mask & GROUP_BITS["school_leaver"] else 0)
                             for mask in range(8)], np.int32)

DISTANCE_REASONS = (N_("same county"), N_("same prefecture"), N_("elsewhere in Tibet"), N_("outside Tibet"))
PRIORITY_REASONS = {
    "monitored": N_("priority: monitored household"),
    "poverty_alleviated": N_("priority: poverty-alleviated household"),
    "school_leaver": N_("priority: school leaver"),
}
# Household status is sensitive: employers see this instead of the household reasons.
PRIORITY_MASKED = N_("priority group")
SENSITIVE_GROUPS = ("monitored", "poverty_alleviated")


def occupation_fit(workers: Workers, rows=slice(None)) -> np.ndarray:
    """int16 [worker, occupation]: the ``occupation`` plus ``training`` points of each worker for each trade."""
    years = workers.skill_years[rows].astype(np.int16)
    n_occ = years.shape[1]
    bit = np.uint64(1) << np.arange(n_occ, dtype=np.uint64)
    certified = (workers.certified[rows][:, None] & bit) != 0
    trained = (workers.trained[rows][:, None] & bit) != 0
    skilled = np.where(years >= 0, W.SKILLED + W.SKILL_YEAR * np.minimum(years, W.SKILL_YEARS_CAP), 0)
    return (np.where(certified, W.CERTIFIED, skilled) + np.where(trained, W.TRAINED, 0)).astype(np.int16)


def wage_points(min_wage, wage_min, wage_max) -> np.ndarray:
    return np.where(min_wage <= 0, W.WAGE_NO_MINIMUM,
                    np.where(wage_min >= min_wage, W.WAGE_MEETS,
                             np.where(wage_max >= min_wage, W.WAGE_MAY_MEET, W.WAGE_BELOW))).astype(np.int32)


def distance_points(vocab: Vocabulary, workers: Workers, wi, place) -> np.ndarray:
    """Points for working at ``place`` (place indices), weighed by each worker's stated preference."""
    wplace = workers.place[wi]
    tier = np.where(wplace >= 0, vocab.tier[np.maximum(wplace, 0), place], 3)
    pref = vocab.place_prefecture[place].astype(np.int16)
    preferred = (pref >= 0) & (((workers.preferred[wi].astype(np.int16) >> np.maximum(pref, 0)) & 1) == 1)
    return _DISTANCE[workers.willing[wi].astype(np.int8), tier] + np.where(preferred, W.PREFERRED_PREFECTURE, 0)


def priority_base(workers: Workers, wi=slice(None)) -> np.ndarray:
    """The worker-wide priority points (the same for every position)."""
    return _PRIORITY[workers.groups[wi]]


def reserved_mask(workers: Workers, positions: Positions, wi, pj) -> np.ndarray:
    if len(workers.reserved) == 0:
        return np.zeros(np.shape(wi), bool)
    keys = np.unique(workers.reserved[:, 0] * (1 << 40) + workers.reserved[:, 1])
    pair = np.asarray(wi, np.int64) * (1 << 40) + positions.ids[pj]
    found = np.searchsorted(keys, pair)
    return keys[np.minimum(found, len(keys) - 1)] == pair


def priority_points(groups, position_groups, *, masked: bool = False) -> np.ndarray:
    """The ``priority`` component; ``masked`` (what employers see) counts both household groups the same."""
    if masked:
        return _PRIORITY_MASKED[groups] + _TARGETED[_COLLAPSE[groups] & _COLLAPSE[position_groups]]
    return _PRIORITY[groups] + _TARGETED[groups & position_groups]


def components(vocab: Vocabulary, workers: Workers, positions: Positions, wi, pj, *,
               masked: bool = False) -> dict[str, np.ndarray]:
    """Each named component for every pair; ``masked``: the priority as employers see it."""
    wi, pj = np.asarray(wi), np.asarray(pj)
    occ = positions.occupation[pj]
    years = workers.skill_years[wi, occ].astype(np.int32)
    bit = np.uint64(1) << occ.astype(np.uint64)
    certified = (workers.certified[wi] & bit) != 0
    trained = (workers.trained[wi] & bit) != 0
    skilled = np.where(years >= 0, W.SKILLED + W.SKILL_YEAR * np.minimum(years, W.SKILL_YEARS_CAP), 0)
    groups = workers.groups[wi]
    return {
        "occupation": np.where(certified, W.CERTIFIED, skilled).astype(np.int32),
        "training": np.where(trained, W.TRAINED, 0).astype(np.int32),
        "distance": distance_points(vocab, workers, wi, positions.place[pj]).astype(np.int32),
        "wage": wage_points(workers.min_wage[wi], positions.wage_min[pj], positions.wage_max[pj]),
        "priority": priority_points(groups, positions.groups[pj], masked=masked),
        "reserved": np.where(reserved_mask(workers, positions, wi, pj), W.ORDER_RESERVED, 0).astype(np.int32),
    }


def score(vocab: Vocabulary, workers: Workers, positions: Positions, wi, pj, *, masked: bool = False) -> np.ndarray:
    """int32 total score of every pair (the sum of ``components``)."""
    return sum(components(vocab, workers, positions, wi, pj, masked=masked).values())


def reasons(vocab: Vocabulary, workers: Workers, positions: Positions, w: int, p: int, *,
            sensitive: bool = True) -> list[Message]:
    """Short phrases explaining one pair's score, strongest first.

    With ``sensitive=False`` (an employer reading), the household priority groups become "priority group".
    """
    parts = {k: int(v[0]) for k, v in components(vocab, workers, positions, [w], [p], masked=not sensitive).items()}
    code = vocab.occupations[positions.occupation[p]]
    out: list[tuple[int, Message]] = []
    if parts["reserved"]:
        out.append((parts["reserved"], Message(N_("priority: order-based training graduate"))))
    if parts["occupation"] == W.CERTIFIED:
        out.append((parts["occupation"], Message(N_("certified %(occupation)s"), occupation=code)))
    elif parts["occupation"]:
        years = int(workers.skill_years[w, positions.occupation[p]])
        out.append((parts["occupation"], Message(N_("%(years)s years as %(occupation)s"), years=years,
                                                 occupation=code)))
    if parts["training"]:
        out.append((parts["training"], Message(N_("trained as %(occupation)s"), occupation=code)))
    wplace = int(workers.place[w])
    tier = int(vocab.tier[wplace, positions.place[p]]) if wplace >= 0 else 3
    out.append((parts["distance"], Message(DISTANCE_REASONS[tier])))
    pref = int(vocab.place_prefecture[positions.place[p]])
    if pref >= 0 and (int(workers.preferred[w]) >> pref) & 1:
        out.append((W.PREFERRED_PREFECTURE, Message(N_("preferred prefecture"))))
    if workers.min_wage[w] > 0:
        wage = {W.WAGE_MEETS: N_("wage meets the minimum asked"),
                W.WAGE_MAY_MEET: N_("wage may meet the minimum asked"),
                W.WAGE_BELOW: N_("wage below the minimum asked")}[parts["wage"]]
        out.append((parts["wage"], Message(wage)))
    groups = int(workers.groups[w])
    if not sensitive and groups & _HOUSEHOLD_BITS:
        points = W.PRIORITY_GROUP + (W.PRIORITY_TARGETED if positions.groups[p] & _HOUSEHOLD_BITS else 0)
        out.append((points, Message(PRIORITY_MASKED)))
    for group, bit in GROUP_BITS.items():
        if groups & bit and (sensitive or group not in SENSITIVE_GROUPS):
            points = W.PRIORITY[group] + (W.PRIORITY_TARGETED if positions.groups[p] & bit else 0)
            out.append((points, Message(PRIORITY_REASONS[group])))
    out.sort(key=lambda item: -item[0])
    return [message for _, message in out]
