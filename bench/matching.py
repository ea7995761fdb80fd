"""Batch matching and online recommendations on a generated Tibet-shaped population, in one run.

- small instance (2,000 workers × 200 positions): our pruned batch against the exact optimum of the unpruned
  problem (every eligible pair, networkx min-cost flow as the oracle; goal >= 99 %), and our time beside
  scipy's linear_sum_assignment on the slot-expanded matrix (a position with n places is n columns);
- full instance (205,000 workers × 20,000 positions, 210,000 places): batch time (goal <= 60 s) and peak
  memory (goal <= 2 GB) in a fresh process, with the time per worker as a ratio to the small run's;
- online top-20 for one worker on the full instance: p50 and p95 (goal p95 <= 20 ms).

Ends with one JSON line of the figures. Not a unit test. Runs on the arrays, without a database.

    .venv/bin/python bench/matching.py [--small] [--seed 1] [--queries 1000]
"""
import argparse
import json
import multiprocessing
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from labour.matching.assignment import match  # noqa: E402
from labour.matching.features import reference_vocabulary  # noqa: E402
from labour.matching.index import PositionIndex, all_pairs  # noqa: E402
from labour.matching.recommend import recommend_positions  # noqa: E402
from labour.population.generate import features_of, generate  # noqa: E402

SMALL = (2_000, 200)
FULL = (205_000, 20_000)


def oracle_networkx(wi, pj, scores, capacity) -> int:
    import networkx as nx

    g = nx.DiGraph()
    workers = np.unique(wi)
    g.add_node("s", demand=-len(workers))
    g.add_node("t", demand=len(workers))
    g.add_edge("s", "t", capacity=len(workers), weight=0)
    g.add_edges_from((("s", ("w", int(w)), {"capacity": 1, "weight": 0}) for w in workers))
    g.add_edges_from(((("p", int(p)), "t", {"capacity": int(capacity[p]), "weight": 0}) for p in np.unique(pj)))
    g.add_edges_from(((("w", int(w)), ("p", int(p)), {"capacity": 1, "weight": -int(s)})
                      for w, p, s in zip(wi, pj, scores)))
    cost, _ = nx.network_simplex(g)
    return -cost


def lsa_slot_expanded(wi, pj, scores, capacity, n_workers):
    """scipy's linear_sum_assignment on the dense workers × slots matrix; returns (total, seconds)."""
    from scipy.optimize import linear_sum_assignment

    t0 = time.perf_counter()
    slots_of = np.repeat(np.arange(len(capacity)), capacity)
    first_slot = np.r_[0, np.cumsum(capacity)[:-1]]
    gain = np.zeros((n_workers, len(slots_of)), np.int64)
    for k in range(int(capacity.max(initial=0))):
        has = capacity[pj] > k
        gain[wi[has], first_slot[pj[has]] + k] = scores[has]
    rows, cols = linear_sum_assignment(gain, maximize=True)
    total = int(gain[rows, cols].sum())
    return total, time.perf_counter() - t0


def run_small(seed: int) -> dict:
    vocab = reference_vocabulary()
    workers, positions = features_of(generate(seed, *SMALL))
    t0 = time.perf_counter()
    result = match(PositionIndex.build(vocab, positions), workers)
    ours = time.perf_counter() - t0
    wi, pj, s = all_pairs(vocab, workers, positions)
    live = positions.open[pj] & (positions.capacity[pj] > 0)
    wi, pj, s = wi[live], pj[live], s[live]
    t1 = time.perf_counter()
    optimum = oracle_networkx(wi, pj, s, positions.capacity)
    oracle_s = time.perf_counter() - t1
    capacity = np.where(positions.open, positions.capacity, 0)
    lsa_total, lsa_s = lsa_slot_expanded(wi, pj, s, capacity, len(workers))
    return {"ours_s": ours, "total": result.total, "optimum": optimum, "oracle_s": oracle_s, "lsa_total": lsa_total,
            "lsa_s": lsa_s, "pairs": len(wi), "proposed": len(result.workers), "places": int(capacity.sum())}


def run_full(seed: int, queries: int, out) -> None:
    """In a fresh process, so that its peak memory is its own."""
    vocab = reference_vocabulary()
    workers, positions = features_of(generate(seed, *FULL))
    t0 = time.perf_counter()
    index = PositionIndex.build(vocab, positions)
    result = match(index, workers)
    batch_s = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rng = np.random.default_rng(seed)
    times = []
    for row in rng.integers(0, len(workers), queries):
        t = time.perf_counter()
        recommend_positions(index, workers, int(row), k=20)
        times.append(time.perf_counter() - t)
    out.put({"batch_s": batch_s, "peak_mb": peak_mb, "proposed": len(result.workers), "total": result.total,
             "places": int(positions.capacity[positions.open].sum()), "workers": len(workers),
             "p50": float(np.percentile(times, 50)) * 1000, "p95": float(np.percentile(times, 95)) * 1000})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="run only the small instance")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=1000)
    args = parser.parse_args()

    small = run_small(args.seed)
    optimality = small["total"] / small["optimum"]
    lsa_ratio = small["ours_s"] / small["lsa_s"]
    print(f"small instance: {SMALL[0]} workers x {SMALL[1]} positions, {small['places']} open places, "
          f"{small['pairs']} eligible pairs")
    print(f"  optimality (ours / networkx optimum of the unpruned problem): {optimality:.4f}   goal >= 0.99")
    print(f"  total score ours {small['total']}, optimum {small['optimum']} (networkx {small['oracle_s']:.1f} s), "
          f"linear_sum_assignment {small['lsa_total']}")
    print(f"  time ours {small['ours_s'] * 1000:.0f} ms, linear_sum_assignment (slot-expanded) "
          f"{small['lsa_s'] * 1000:.0f} ms, ratio ours/lsa {lsa_ratio:.3f}   (lower is better)")
    figures = {"optimality": round(optimality, 4), "lsa_time_ratio": round(lsa_ratio, 3), "batch_s": None,
               "peak_mb": None, "top20_p50_ms": None, "top20_p95_ms": None}
    if not args.small:
        queue = multiprocessing.get_context("spawn").Queue()
        child = multiprocessing.get_context("spawn").Process(target=run_full, args=(args.seed, args.queries, queue))
        child.start()
        full = queue.get()
        child.join()
        per_worker_ratio = (full["batch_s"] / full["workers"]) / (small["ours_s"] / SMALL[0])
        print(f"full instance: {FULL[0]} workers x {FULL[1]} positions, {full['places']} open places")
        print(f"  batch {full['batch_s']:.1f} s   goal <= 60 s; per-worker time / small run's: {per_worker_ratio:.2f}")
        print(f"  peak memory {full['peak_mb']:.0f} MB   goal <= 2048 MB")
        print(f"  proposals {full['proposed']}, total score {full['total']}")
        print(f"online top-20 for one worker ({args.queries} queries): p50 {full['p50']:.2f} ms, "
              f"p95 {full['p95']:.2f} ms   goal p95 <= 20 ms")
        figures.update(batch_s=round(full["batch_s"], 1), peak_mb=round(full["peak_mb"]),
                       top20_p50_ms=round(full["p50"], 2), top20_p95_ms=round(full["p95"], 2),
                       per_worker_ratio=round(per_worker_ratio, 2))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
