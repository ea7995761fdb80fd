"""The global assignment: an exact min-cost flow over the candidate pairs (OR-Tools ``SimpleMinCostFlow``).

Network: source → each worker (capacity 1: at most one proposal), worker → position for each candidate pair
(capacity 1, cost −score), position → sink (capacity = places left), and source → sink (a bypass at cost 0,
so that nobody is forced into a pair). The minimum cost is the maximum total score, and no position gets
more proposals than places left.
"""
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow


@dataclass
class Assignment:
    workers: np.ndarray    # worker rows
    positions: np.ndarray  # position rows, one per worker
    scores: np.ndarray

    @property
    def total(self) -> int:
        return int(self.scores.sum())


def assign(wi: np.ndarray, pj: np.ndarray, scores: np.ndarray, capacity: np.ndarray) -> Assignment:
    """Maximum-score assignment of the candidate pairs; ``capacity[p]`` bounds position row ``p``."""
    wi, pj, scores = np.asarray(wi), np.asarray(pj), np.asarray(scores)
    keep = (scores > 0) & (capacity[pj] > 0)
    wi, pj, scores = wi[keep], pj[keep], scores[keep]
    if len(wi) == 0:
        empty = np.zeros(0, np.int64)
        return Assignment(empty, empty, np.zeros(0, np.int32))
    # Only the workers and positions that appear in a pair become nodes.
    w_nodes, w_of = np.unique(wi, return_inverse=True)
    p_nodes, p_of = np.unique(pj, return_inverse=True)
    nw, npos = len(w_nodes), len(p_nodes)
    source, sink = 0, 1 + nw + npos
    w_node = 1 + w_of.reshape(-1)
    p_node = 1 + nw + p_of.reshape(-1)
    pair_arcs = len(wi)
    tails = np.concatenate([w_node, np.zeros(nw, np.int64), 1 + nw + np.arange(npos), [source]])
    heads = np.concatenate([p_node, 1 + np.arange(nw), np.full(npos, sink), [sink]])
    caps = np.concatenate([np.ones(pair_arcs, np.int64), np.ones(nw, np.int64),
                           np.minimum(capacity[p_nodes], nw).astype(np.int64), [nw]])
    costs = np.concatenate([-scores.astype(np.int64), np.zeros(nw + npos + 1, np.int64)])
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(tails.astype(np.int32), heads.astype(np.int32), caps, costs)
    supplies = np.zeros(sink + 1, np.int64)
    supplies[source], supplies[sink] = nw, -nw
    flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status}")
    used = flow.flows(arcs[:pair_arcs]) > 0
    return Assignment(wi[used], pj[used], scores[used])


def _drop(keys_sorted: np.ndarray | None, m: int, wi, pj, s):
    if keys_sorted is None or len(keys_sorted) == 0:
        return wi, pj, s
    keep = ~np.isin(wi * m + pj, keys_sorted, assume_unique=False)
    return wi[keep], pj[keep], s[keep]


def _top_per_position(wi, pj, s, limit):
    """Each position's ``limit[p]`` best pairs."""
    order = np.lexsort((-s, pj))
    wi, pj, s = wi[order], pj[order], s[order]
    if len(pj) == 0:
        return wi, pj, s
    first = np.r_[0, np.flatnonzero(pj[1:] != pj[:-1]) + 1]
    rank = np.arange(len(pj)) - np.repeat(first, np.diff(np.r_[first, len(pj)]))
    keep = rank < limit[pj]
    return wi[keep], pj[keep], s[keep]


def _reduced_cost_filter(best: Assignment, capacity, n_workers: int, wi, pj, s, slack: int):
    """Leave out the pairs that cannot pay off against the current assignment by more than ``slack`` points.

    Approximate dual prices from the current assignment: a full position costs the lowest score it holds, a
    position with places free costs nothing, and a worker already earns what their pair scores beyond their
    position's price. A pair worth less than its position's price plus its worker's earnings (less ``slack``)
    would only enter the optimum through a long chain of moves; in practice it does not.
    """
    m = len(capacity)
    low = np.full(m, np.iinfo(np.int64).max)
    np.minimum.at(low, best.positions, best.scores.astype(np.int64))
    full = np.bincount(best.positions, minlength=m) >= capacity
    price = np.where(full & (low < np.iinfo(np.int64).max), low, 0)
    earns = np.zeros(n_workers, np.int64)
    earns[best.workers] = best.scores - price[best.positions]
    keep = s.astype(np.int64) - price[pj] - earns[wi] >= -slack
    return wi[keep], pj[keep], s[keep]


def match(index, workers, *, progress=None, rounds: int | None = None, exclude: np.ndarray | None = None) -> Assignment:
    """Candidates through the index, the exact flow over them, then up to ``SPARE_ROUNDS`` rounds that add
    candidates among positions with places left and solve again while the total improves.

    ``progress(fraction, stage)`` is called with a fraction in [0, 1] and a stage name. ``exclude``: keys
    (worker row × number of positions + position row) of pairs never to propose (already applied for).
    """
    from labour.matching import weights
    from labour.matching.index import candidates, spare_candidates

    report = progress or (lambda fraction, stage: None)
    capacity = index.positions.capacity
    m = max(len(capacity), 1)
    wi, pj, s = _drop(exclude, m, *candidates(index, workers, progress=lambda f: report(0.5 * f, "candidates")))
    report(0.5, "assignment")
    # The first flow only has to find which places stay free: each position's best pairs are enough for that.
    best = assign(*_top_per_position(wi, pj, s, weights.FIRST_ROUND_PER_PLACE * capacity.astype(np.int64)
                                     + weights.FIRST_ROUND_EXTRA), capacity)
    rounds = weights.SPARE_ROUNDS if rounds is None else rounds
    for r in range(rounds):
        spare = capacity - np.bincount(best.positions, minlength=len(capacity)).astype(capacity.dtype)
        if spare.sum() == 0:
            break
        assigned = np.zeros(len(workers), bool)
        assigned[best.workers] = True
        ew, ep, es = _drop(exclude, m, *spare_candidates(index, workers, spare, assigned))
        # The next flow only needs pairs that could improve on the current proposal: a worker's pairs scoring
        # at least what they have now (their current pair included), and every pair of a worker without one.
        current = np.zeros(len(workers), np.int64)
        current[best.workers] = best.scores
        keep = s >= current[wi]
        keys, first = np.unique(np.concatenate([wi[keep] * m + pj[keep], ew * m + ep]), return_index=True)
        if len(keys) == keep.sum():
            break
        rw, rp, rs = keys // m, keys % m, np.concatenate([s[keep], es])[first]
        rw, rp, rs = _reduced_cost_filter(best, capacity, len(workers), rw, rp, rs, weights.SECOND_ROUND_SLACK)
        report(0.5 + 0.5 * (r + 1) / (rounds + 1), "assignment")
        nxt = assign(rw, rp, rs, capacity)
        if nxt.total <= best.total:
            break
        best = nxt
        wi, pj, s = rw, rp, rs
    report(1.0, "assignment")
    return best
