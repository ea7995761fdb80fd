"""Online recommendations through the same index and scores as the batch.

- ``recommend_positions``: one worker's exact top-k positions. Blocks are visited best bound first and
  scored exactly until no unvisited block can beat the k-th best score, so only a few blocks are scored.
- ``recommend_candidates``: one position's top-k workers, exact over the given worker rows (for an
  official: the workers in scope), with reasons; household priority groups are masked unless ``sensitive``.

Training cohorts (issue 4) fit the same shape: a cohort is a "position" of its occupation, place and seats,
so worker → cohorts and cohort → candidates reuse these functions over a ``PositionIndex`` of cohorts.
"""
from dataclasses import dataclass, field

import numpy as np

from labour.i18n import Message
from labour.matching.eligibility import eligible
from labour.matching.features import Workers
from labour.matching.index import NEG, PositionIndex
from labour.matching.scoring import priority_base, reasons, score

BATCH_POSITIONS = 256  # positions scored at once while walking the blocks


@dataclass
class Recommendation:
    row: int          # position row (recommend_positions) or worker row (recommend_candidates)
    id: int           # position id or person id
    score: int
    reasons: list[Message] = field(default_factory=list)


def recommend_positions(index: PositionIndex, workers: Workers, row: int, *, k: int = 20,
                        exclude: set[int] = frozenset(), with_reasons: bool = True) -> list[Recommendation]:
    """The worker's ``k`` best eligible positions (ids in ``exclude`` left out), best first."""
    positions = index.positions
    if index.blocks == 0 or k <= 0:
        return []
    ub = index.bound(workers, [row])[0].astype(np.int32)
    base = int(priority_base(workers, [row])[0])
    order = np.argsort(-ub, kind="stable")
    order = order[ub[order] > NEG]
    found_p: list[np.ndarray] = []
    found_s: list[np.ndarray] = []
    kth = None
    i = 0
    sizes = index.sizes
    while i < len(order):
        if kth is not None and ub[order[i]] + base <= kth:
            break  # no position of the remaining blocks can beat the k-th best
        j, count = i, 0
        while j < len(order) and count < BATCH_POSITIONS:
            count += sizes[order[j]]
            j += 1
        blocks = order[i:j]
        pj = np.concatenate([index.order[index.starts[b]:index.starts[b + 1]] for b in blocks])
        _collect(index, workers, row, pj, exclude, found_p, found_s)
        i = j
        scores = np.concatenate(found_s) if found_s else np.zeros(0)
        if len(scores) >= k:
            kth = int(np.partition(scores, len(scores) - k)[len(scores) - k])
    # Positions reserved for this worker's order-based cohort score extra points the bound leaves out.
    reserved = workers.reserved[workers.reserved[:, 0] == row, 1] if len(workers.reserved) else []
    if len(reserved):
        live = np.flatnonzero(np.isin(positions.ids, reserved))
        _collect(index, workers, row, live, exclude, found_p, found_s)
    if not found_p:
        return []
    pj, s = np.concatenate(found_p), np.concatenate(found_s)
    pj, first = np.unique(pj, return_index=True)
    s = s[first]
    top = np.lexsort((-positions.wage_max[pj], -s))[:k]
    return [Recommendation(row=int(p), id=int(positions.ids[p]), score=int(v),
                           reasons=reasons(index.vocab, workers, positions, row, int(p)) if with_reasons else [])
            for p, v in zip(pj[top], s[top])]


def _collect(index, workers, row, pj, exclude, found_p, found_s):
    positions = index.positions
    if exclude:
        pj = pj[~np.isin(positions.ids[pj], list(exclude))]
    wi = np.full(len(pj), row)
    ok = eligible(workers, positions, wi, pj)
    pj, wi = pj[ok], wi[ok]
    s = score(index.vocab, workers, positions, wi, pj)
    found_p.append(pj[s > 0])
    found_s.append(s[s > 0])


def recommend_candidates(index: PositionIndex, workers: Workers, position_row: int, *, k: int = 20,
                         rows: np.ndarray | None = None, exclude: set[int] = frozenset(),
                         sensitive: bool = False) -> list[Recommendation]:
    """The ``k`` best eligible workers for one position, among ``rows`` (all workers when None).

    ``sensitive=False`` (employers) ranks and scores with the household groups counted alike
    (``weights.PRIORITY_GROUP``) and masks them in the reasons, so neither the order nor the score tells an
    employer whether a worker's household is monitored or poverty-alleviated.
    """
    positions = index.positions
    wi = np.arange(len(workers)) if rows is None else np.asarray(rows, np.int64)
    if exclude:
        wi = wi[~np.isin(workers.ids[wi], list(exclude))]
    pj = np.full(len(wi), position_row)
    ok = eligible(workers, positions, wi, pj)
    wi, pj = wi[ok], pj[ok]
    s = score(index.vocab, workers, positions, wi, pj, masked=not sensitive)
    keep = s > 0
    wi, s = wi[keep], s[keep]
    if len(wi) > k:
        part = np.argpartition(-s, k - 1)[:k]
        wi, s = wi[part], s[part]
    top = np.lexsort((workers.ids[wi], -s))
    return [Recommendation(row=int(w), id=int(workers.ids[w]), score=int(v),
                           reasons=reasons(index.vocab, workers, positions, int(w), position_row, sensitive=sensitive))
            for w, v in zip(wi[top], s[top])]

