"""Candidate generation: positions grouped into (occupation, workplace) blocks, pruned by an upper bound.

Within a block the occupation fit and the distance are the same for a given worker, so a worker's score for
any position of the block is at most ``block_bound``: occupation fit + distance + the best wage points any
position of the block can give + the targeted-priority points of the groups any of them names. A block is
skipped outright for a worker who fails even its loosest requirements.

``candidates`` prunes the full worker × position problem in two directions, so that the global assignment
keeps both good pairs and enough capacity:

- worker side: each worker's ``CANDIDATE_BLOCKS`` best blocks by bound, at most ``CANDIDATES_PER_BLOCK``
  positions from each (rotating through big blocks), scored exactly; the best ``CANDIDATES_PER_WORKER`` stay;
- position side: each block takes its best workers by bound, ``POSITION_CANDIDATE_FACTOR`` per place left
  plus ``POSITION_CANDIDATE_EXTRA``, spread over the block's positions in proportion to their places.
  Without it, the workers of a county would all crowd the same few local positions and the ones who lose
  out would have no other candidate left.

Reserved (order-based) pairs are always candidates. Nothing here is larger than one chunk of workers times
the number of blocks (a few thousand).
"""
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from labour.matching import weights as Wt
from labour.matching.eligibility import eligible
from labour.matching.features import Positions, Vocabulary, Workers
from labour.matching.scoring import _DISTANCE, _TARGETED, occupation_fit, score

NEG = np.int16(-10_000)


@dataclass
class PositionIndex:
    """Live positions (open, places left) sorted into blocks; built once per batch or cached for online use."""

    vocab: Vocabulary
    positions: Positions
    order: np.ndarray        # position rows, sorted by block (then by wage, best first)
    starts: np.ndarray       # block b holds order[starts[b]:starts[b + 1]]
    occupation: np.ndarray   # per block
    place: np.ndarray
    prefecture: np.ndarray   # int16, -1 outside Tibet
    in_tibet: np.ndarray
    capacity: np.ndarray     # places left in the block
    min_age: np.ndarray      # the loosest requirements of the block's positions
    max_age: np.ndarray
    min_education: np.ndarray
    required_certs: np.ndarray
    required_languages: np.ndarray
    wage_min_max: np.ndarray  # the best wages offered in the block
    wage_max_max: np.ndarray
    groups: np.ndarray       # every priority group some position of the block names

    @classmethod
    def build(cls, vocab: Vocabulary, positions: Positions) -> "PositionIndex":
        live = np.flatnonzero(positions.open & (positions.capacity > 0))
        key = positions.occupation[live].astype(np.int64) * len(vocab.places) + positions.place[live]
        order = live[np.lexsort((-positions.wage_min[live], key))]
        key = positions.occupation[order].astype(np.int64) * len(vocab.places) + positions.place[order]
        first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(order) else np.zeros(0, np.int64)
        starts = np.r_[first, len(order)].astype(np.int64)
        red = (lambda ufunc, values: ufunc.reduceat(values[order], first)) if len(order) else \
            (lambda ufunc, values: values[:0])
        place = positions.place[order[first]] if len(order) else positions.place[:0]
        return cls(
            vocab=vocab, positions=positions, order=order, starts=starts,
            occupation=positions.occupation[order[first]] if len(order) else positions.occupation[:0],
            place=place, prefecture=vocab.place_prefecture[place].astype(np.int16),
            in_tibet=vocab.place_in_tibet[place], capacity=red(np.add, positions.capacity.astype(np.int64)),
            min_age=red(np.minimum, positions.min_age), max_age=red(np.maximum, positions.max_age),
            min_education=red(np.minimum, positions.min_education),
            required_certs=red(np.bitwise_and, positions.required_certs),
            required_languages=red(np.bitwise_and, positions.required_languages),
            wage_min_max=red(np.maximum, positions.wage_min), wage_max_max=red(np.maximum, positions.wage_max),
            groups=red(np.bitwise_or, positions.groups))

    @property
    def blocks(self) -> int:
        return len(self.occupation)

    @property
    def sizes(self) -> np.ndarray:
        return np.diff(self.starts)

    def bound(self, workers: Workers, rows, blocks=slice(None), *, fit: np.ndarray | None = None) -> np.ndarray:
        """int16 [len(rows), blocks]: an upper bound of each worker's score (less its worker-wide priority
        points) over the positions of each block; ``NEG`` where no position of the block can be eligible."""
        rows = np.asarray(rows)
        fit = occupation_fit(workers, rows) if fit is None else fit
        occ, place, pref = self.occupation[blocks], self.place[blocks], self.prefecture[blocks]
        ub = fit[:, occ].astype(np.int16)
        wplace = workers.place[rows]
        tier = np.where(wplace[:, None] >= 0, self.vocab.tier[np.maximum(wplace, 0)][:, place], 3)
        ub += _DISTANCE[workers.willing[rows].astype(np.int8)[:, None], tier].astype(np.int16)
        preferred = (pref[None, :] >= 0) & \
            (((workers.preferred[rows].astype(np.int16)[:, None] >> np.maximum(pref, 0)[None, :]) & 1) == 1)
        ub += np.where(preferred, Wt.PREFERRED_PREFECTURE, 0).astype(np.int16)
        m = workers.min_wage[rows][:, None]
        ub += np.where(m <= 0, Wt.WAGE_NO_MINIMUM,
                       np.where(self.wage_min_max[blocks][None, :] >= m, Wt.WAGE_MEETS,
                                np.where(self.wage_max_max[blocks][None, :] >= m, Wt.WAGE_MAY_MEET,
                                         Wt.WAGE_BELOW))).astype(np.int16)
        ub += _TARGETED[workers.groups[rows][:, None] & self.groups[blocks][None, :]].astype(np.int16)
        age = workers.age[rows][:, None]
        ok = (age < 0) | ((age >= self.min_age[blocks][None, :]) & (age <= self.max_age[blocks][None, :]))
        ok &= workers.education[rows][:, None] >= self.min_education[blocks][None, :]
        ok &= (self.required_certs[blocks][None, :] & ~workers.certified[rows][:, None]) == 0
        ok &= (self.required_languages[blocks][None, :] & ~workers.languages[rows][:, None]) == 0
        ok &= self.in_tibet[blocks][None, :] | workers.willing[rows][:, None]
        return np.where(ok, ub, NEG)


class Bounds:
    """``PositionIndex.bound`` for many workers at once, from small per-profile tables.

    The bound is a sum of terms that each depend on a few worker fields: distance on (county, willingness,
    preferred prefectures), wage and targeted priority on (minimum wage, groups), feasibility on (age,
    education, certificates, languages, willingness). Workers share these profiles, so each term is one
    table of profiles × blocks, and a worker's row is a gather instead of a dozen broadcast operations.
    A small rotating jitter breaks ties, so that workers with equal bounds spread over equally good blocks
    instead of all picking the first.
    """

    JITTER = 64

    def __init__(self, index: "PositionIndex", workers: Workers, seed: int = 0):
        self.index, self.workers = index, workers
        vocab = index.vocab
        self.fit = occupation_fit(workers)
        geo = (workers.place.astype(np.int64) + 1) * 512 + workers.willing.astype(np.int64) * 256 + workers.preferred
        geo_u, self.geo_id = _unique(geo)
        place, willing, pref = geo_u // 512 - 1, (geo_u // 256) & 1, geo_u & 255
        tier = np.where(place[:, None] >= 0, vocab.tier[np.maximum(place, 0)][:, index.place], 3)
        bp = index.prefecture[None, :]
        preferred = (bp >= 0) & (((pref[:, None] >> np.maximum(bp, 0)) & 1) == 1)
        self.distance = (_DISTANCE[willing[:, None], tier] + np.where(preferred, Wt.PREFERRED_PREFECTURE, 0)
                         ).astype(np.int16)
        wg = workers.min_wage.astype(np.int64) * 8 + workers.groups
        wg_u, self.wg_id = _unique(wg)
        m, g = (wg_u // 8)[:, None], (wg_u % 8)[:, None]
        self.wage_groups = (np.where(m <= 0, Wt.WAGE_NO_MINIMUM,
                                     np.where(index.wage_min_max[None, :] >= m, Wt.WAGE_MEETS,
                                              np.where(index.wage_max_max[None, :] >= m, Wt.WAGE_MAY_MEET,
                                                       Wt.WAGE_BELOW)))
                            + _TARGETED[g & index.groups[None, :]]).astype(np.int16)
        el = np.stack([workers.age, workers.education, workers.certified.view(np.int64), workers.languages,
                       workers.willing], axis=1).astype(np.int64)
        el_u, self.el_id = np.unique(el, axis=0, return_inverse=True)
        self.el_id = self.el_id.reshape(-1)
        age, edu, cert, lang, will = (el_u[:, i][:, None] for i in range(5))
        ok = (age < 0) | ((age >= index.min_age[None, :]) & (age <= index.max_age[None, :]))
        ok &= edu >= index.min_education[None, :]
        ok &= (index.required_certs.view(np.int64)[None, :] & ~cert) == 0
        ok &= (index.required_languages[None, :].astype(np.int64) & ~lang) == 0
        ok &= index.in_tibet[None, :] | (will == 1)
        self.feasible = ok
        rng = np.random.default_rng(seed)
        self.worker_jitter = rng.integers(0, self.JITTER, len(workers)).astype(np.int32)
        self.block_jitter = rng.integers(0, self.JITTER, index.blocks).astype(np.int32)

    def bound(self, rows, blocks=None) -> np.ndarray:
        """int16 [rows, blocks], as ``PositionIndex.bound`` (``blocks``: an array of block numbers, or all)."""
        # ``take`` keeps every intermediate C-ordered; fancy indexing on the second axis would not.
        if blocks is None:
            distance, wage_groups, feasible, occ = self.distance, self.wage_groups, self.feasible, self.index.occupation
        else:
            distance, wage_groups, feasible = (t.take(blocks, axis=1) for t in (self.distance, self.wage_groups,
                                                                                  self.feasible))
            occ = self.index.occupation[blocks]
        ub = self.fit[rows].take(occ, axis=1)
        ub += distance[self.geo_id[rows]]
        ub += wage_groups[self.wg_id[rows]]
        np.putmask(ub, ~feasible[self.el_id[rows]], NEG)
        return ub

    def key(self, ub: np.ndarray, rows, blocks=None) -> np.ndarray:
        """A selection key: the bound first, then the rotating jitter among equal bounds."""
        block_jitter = self.block_jitter if blocks is None else self.block_jitter[blocks]
        key = ub.astype(np.int32) * self.JITTER
        key += (self.worker_jitter[rows][:, None] + block_jitter[None, :]) & (self.JITTER - 1)
        return key


def _unique(values: np.ndarray):
    uniq, inverse = np.unique(values, return_inverse=True)
    return uniq, inverse.reshape(-1)


def _expand(index: PositionIndex, rows: np.ndarray, blocks: np.ndarray, take: np.ndarray, offset: np.ndarray):
    """Pairs (worker row, position row): ``take[i]`` positions of block ``blocks[i]`` for worker ``rows[i]``,
    starting ``offset[i]`` positions into the block and wrapping around."""
    total = int(take.sum())
    if total == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    wi = np.repeat(rows, take)
    step = np.arange(total) - np.repeat(np.cumsum(take) - take, take)
    size = np.repeat(index.sizes[blocks], take)
    at = np.repeat(index.starts[blocks], take) + (np.repeat(offset, take) + step) % size
    return wi.astype(np.int64), index.order[at].astype(np.int64)


def _top_per_worker(wi, pj, s, k):
    order = np.lexsort((-s, wi))
    wi, pj, s = wi[order], pj[order], s[order]
    first = np.r_[0, np.flatnonzero(wi[1:] != wi[:-1]) + 1] if len(wi) else np.zeros(0, np.int64)
    rank = np.arange(len(wi)) - np.repeat(first, np.diff(np.r_[first, len(wi)]))
    keep = rank < k
    return wi[keep], pj[keep], s[keep]


def worker_side(bounds: Bounds, rows: np.ndarray, *, blocks_per_worker: int, per_block: int, per_worker: int):
    """The best ``per_worker`` eligible candidates of each worker in ``rows`` among its best blocks."""
    index, workers = bounds.index, bounds.workers
    if index.blocks == 0 or len(rows) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int32)
    ub = bounds.bound(rows)
    b = min(blocks_per_worker, index.blocks)
    if b < index.blocks:
        best = np.argpartition(-bounds.key(ub, rows), b - 1, axis=1)[:, :b]
    else:
        best = np.broadcast_to(np.arange(index.blocks), ub.shape)
    feasible = np.take_along_axis(ub, best, axis=1) > NEG
    r = np.broadcast_to(rows[:, None], best.shape)[feasible]
    blocks = best[feasible]
    take = np.minimum(index.sizes[blocks], per_block)
    offset = (r * 7919) % index.sizes[blocks]  # big blocks: different workers see different positions
    wi, pj = _expand(index, r, blocks, take, offset)
    ok = eligible(workers, index.positions, wi, pj)
    wi, pj = wi[ok], pj[ok]
    s = score(index.vocab, workers, index.positions, wi, pj)
    return _top_per_worker(wi, pj, s, per_worker)


def position_side(bounds: Bounds, *, factor: int, extra: int, chunk_blocks: int = 64, part=slice(None)):
    """Each block's best workers by bound, spread over its positions in proportion to places left.

    ``part``: a slice of the block chunks (``slice(i, None, n)`` for the i-th of n threads)."""
    index, workers = bounds.index, bounds.workers
    out_w, out_p = [], []
    rows = np.arange(len(workers))
    caps = index.positions.capacity
    for lo in range(0, index.blocks, chunk_blocks)[part]:
        blocks = np.arange(lo, min(lo + chunk_blocks, index.blocks))
        ub = bounds.bound(rows, blocks)
        keys = bounds.key(ub, rows, blocks)
        for j, b in enumerate(blocks):
            col = keys[:, j]
            want = int(min(factor * index.capacity[b] + extra, len(col)))
            if want <= 0:
                continue
            top = np.argpartition(-col, want - 1)[:want] if want < len(col) else np.arange(len(col))
            top = top[ub[top, j] > NEG]
            if len(top) == 0:
                continue
            top = top[np.argsort(-col[top], kind="stable")]
            members = index.order[index.starts[b]:index.starts[b + 1]]
            # Slots: each position repeated by its share; the best workers go to the best-paid positions first.
            slots = np.repeat(members, factor * caps[members] + 1)
            out_w.append(np.repeat(top, 2))
            n = len(top)
            picks = np.stack([np.arange(n) % len(slots), (np.arange(n) + len(slots) // 2) % len(slots)], axis=1)
            out_p.append(slots[picks.reshape(-1)])
    if not out_w:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(out_w).astype(np.int64), np.concatenate(out_p).astype(np.int64)


def cpu_threads() -> int:
    """Threads for candidate generation: numpy releases the GIL in the heavy steps (gathers, partitions, sorts),
    so the chunks of workers and of blocks run side by side on the cores this process may use."""
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 4))


def _run_parallel(jobs: list, workers: int, done=None) -> list:
    """Run the callables in ``jobs`` on ``workers`` threads; results in order. ``done(count)`` after each."""
    if workers <= 1 or len(jobs) <= 1:
        out = []
        for job in jobs:
            out.append(job())
            if done:
                done(len(out))
        return out
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(job) for job in jobs]
        out = []
        for future in futures:
            out.append(future.result())
            if done:
                done(len(out))
        return out


def candidates(index: PositionIndex, workers: Workers, *, chunk: int = 4096, progress=None,
               blocks_per_worker: int = Wt.CANDIDATE_BLOCKS, per_block: int = Wt.CANDIDATES_PER_BLOCK,
               per_worker: int = Wt.CANDIDATES_PER_WORKER, factor: int = Wt.POSITION_CANDIDATE_FACTOR,
               extra: int = Wt.POSITION_CANDIDATE_EXTRA, threads: int | None = None):
    """Pruned candidate pairs ``(wi, pj, score)``: unique, eligible, with a positive score."""
    n = len(workers)
    bounds = Bounds(index, workers)
    threads = cpu_threads() if threads is None else threads

    def worker_job(lo):
        return lambda: worker_side(bounds, np.arange(lo, min(lo + chunk, n)), blocks_per_worker=blocks_per_worker,
                                   per_block=per_block, per_worker=per_worker)[:2]

    def position_job(i):
        return lambda: position_side(bounds, factor=factor, extra=extra, part=slice(i, None, 2 * threads))

    # The position side first: its chunks are the longest, so they should not be the last to start.
    jobs = [position_job(i) for i in range(2 * threads)] + [worker_job(lo) for lo in range(0, n, chunk)]
    report = (lambda count: progress(0.6 * count / len(jobs))) if progress else None
    parts = _run_parallel(jobs, threads, report)
    parts_w = [w for w, _ in parts]
    parts_p = [p for _, p in parts]
    if len(workers.reserved):
        live = {int(pid): row for row, pid in enumerate(index.positions.ids.tolist())}
        res = [(w, live[p]) for w, p in workers.reserved.tolist() if p in live]
        if res:
            parts_w.append(np.array([w for w, _ in res], np.int64))
            parts_p.append(np.array([p for _, p in res], np.int64))
    m = max(len(index.positions), 1)
    keys = np.unique(np.concatenate(parts_w) * m + np.concatenate(parts_p))
    wi, pj = keys // m, keys % m
    ok = eligible(workers, index.positions, wi, pj)
    wi, pj = wi[ok], pj[ok]
    s = score(index.vocab, workers, index.positions, wi, pj)
    keep = s > 0
    if progress:
        progress(1.0)
    return wi[keep], pj[keep], s[keep]


def all_pairs(vocab: Vocabulary, workers: Workers, positions: Positions):
    """Every eligible pair with a positive score, unpruned (for small instances and the oracle)."""
    wi, pj = np.meshgrid(np.arange(len(workers)), np.arange(len(positions)), indexing="ij")
    wi, pj = wi.reshape(-1), pj.reshape(-1)
    ok = eligible(workers, positions, wi, pj)
    wi, pj = wi[ok], pj[ok]
    s = score(vocab, workers, positions, wi, pj)
    return wi[s > 0], pj[s > 0], s[s > 0]


def spare_candidates(index: PositionIndex, workers: Workers, spare: np.ndarray, assigned: np.ndarray, *,
                     chunk: int = 4096, blocks_per_worker: int = Wt.CANDIDATE_BLOCKS,
                     per_block: int = Wt.CANDIDATES_PER_BLOCK, per_worker: int = Wt.CANDIDATES_PER_WORKER,
                     per_assigned: int = Wt.SPARE_CANDIDATES_PER_ASSIGNED, threads: int | None = None):
    """After a first assignment: candidates among the positions that still have places (``spare``).

    Workers left without a proposal get ``per_worker`` of them; the others get a few too, so that the flow can
    move someone to a spare place and hand their place to a worker who fits it better.
    """
    positions = index.positions
    sub = PositionIndex.build(index.vocab, Positions(**{**positions.__dict__, "capacity": spare.astype(np.int32)}))
    bounds = Bounds(sub, workers, seed=1)
    jobs = []
    for rows, k in ((np.flatnonzero(~assigned), per_worker), (np.flatnonzero(assigned), per_assigned)):
        for lo in range(0, len(rows), chunk):
            jobs.append(lambda rows=rows[lo:lo + chunk], k=k: worker_side(
                bounds, rows, blocks_per_worker=blocks_per_worker, per_block=per_block, per_worker=k)[:2])
    parts = _run_parallel(jobs, cpu_threads() if threads is None else threads)
    parts_w = [w for w, _ in parts] or [np.zeros(0, np.int64)]
    parts_p = [p for _, p in parts] or [np.zeros(0, np.int64)]
    wi, pj = np.concatenate(parts_w), np.concatenate(parts_p)
    s = score(index.vocab, workers, positions, wi, pj)
    return wi[s > 0], pj[s > 0], s[s > 0]
