"""The global assignment: capacity, one proposal per worker, optimality against a networkx oracle; the index's
bound; online recommendations against brute force."""
import numpy as np
import pytest

from labour.matching.assignment import assign, match
from labour.matching.eligibility import eligible
from labour.matching.index import Bounds, PositionIndex, all_pairs
from labour.matching.recommend import recommend_candidates, recommend_positions
from labour.matching.scoring import priority_base, score
from labour.population.generate import features_of, generate


def random_instance(seed, workers=40, positions=8):
    rng = np.random.default_rng(seed)
    pairs = rng.random((workers, positions)) < 0.4
    wi, pj = np.nonzero(pairs)
    scores = rng.integers(1, 60, len(wi))
    capacity = rng.integers(0, 6, positions)
    return wi, pj, scores, capacity


@pytest.mark.parametrize("seed", range(6))
def test_exact_on_random_instances_matches_oracle(seed, oracle):
    wi, pj, scores, capacity = random_instance(seed)
    result = assign(wi, pj, scores, capacity)
    assert result.total == oracle(wi, pj, scores, capacity)


@pytest.mark.parametrize("seed", range(4))
def test_capacity_never_exceeded_and_one_proposal_per_worker(seed):
    wi, pj, scores, capacity = random_instance(seed, workers=80, positions=5)
    result = assign(wi, pj, scores, capacity)
    assert len(result.workers) > 0
    assert (np.bincount(result.positions, minlength=len(capacity)) <= capacity).all()
    assert len(set(result.workers.tolist())) == len(result.workers)
    pairs = set(zip(wi.tolist(), pj.tolist()))
    assert all((w, p) in pairs for w, p in zip(result.workers.tolist(), result.positions.tolist()))


@pytest.fixture(scope="module")
def population():
    workers, positions = features_of(generate(11, 500, 50))
    return workers, positions


def test_unpruned_population_is_exact(vocab, population, oracle):
    workers, positions = population
    wi, pj, s = all_pairs(vocab, workers, positions)
    assert assign(wi, pj, s, positions.capacity).total == oracle(wi, pj, s, positions.capacity)


@pytest.mark.parametrize("seed", [5, 11])
def test_pruned_batch_within_one_percent_of_the_optimum(vocab, seed, oracle):
    workers, positions = features_of(generate(seed, 500, 50))
    result = match(PositionIndex.build(vocab, positions), workers)
    wi, pj, s = all_pairs(vocab, workers, positions)
    optimum = oracle(wi, pj, s, positions.capacity)
    assert result.total >= 0.99 * optimum
    assert (np.bincount(result.positions, minlength=len(positions)) <= positions.capacity).all()
    assert eligible(workers, positions, result.workers, result.positions).all()
    assert len(set(result.workers.tolist())) == len(result.workers)


def test_excluded_pairs_are_never_proposed(vocab, population):
    workers, positions = population
    index = PositionIndex.build(vocab, positions)
    first = match(index, workers)
    m = len(positions)
    exclude = np.unique(first.workers * m + first.positions)
    second = match(index, workers, exclude=exclude)
    assert not np.isin(second.workers * m + second.positions, exclude).any()


def test_block_bound_is_an_upper_bound_and_tables_agree(vocab, population):
    workers, positions = population
    index = PositionIndex.build(vocab, positions)
    rows = np.arange(len(workers))
    direct = index.bound(workers, rows)
    assert (Bounds(index, workers).bound(rows) == direct).all()
    block_of = np.empty(len(positions), int)
    for b in range(index.blocks):
        block_of[index.order[index.starts[b]:index.starts[b + 1]]] = b
    wi, pj, s = all_pairs(vocab, workers, positions)
    live = positions.open[pj] & (positions.capacity[pj] > 0)
    wi, pj, s = wi[live], pj[live], s[live]
    assert (s - priority_base(workers, wi) <= direct[wi, block_of[pj]]).all()


def test_recommendations_equal_brute_force(vocab, population):
    workers, positions = population
    index = PositionIndex.build(vocab, positions)
    for row in range(0, len(workers), 37):
        got = recommend_positions(index, workers, row, k=5)
        pj = np.arange(len(positions))
        wi = np.full(len(pj), row)
        ok = eligible(workers, positions, wi, pj)
        s = score(vocab, workers, positions, wi[ok], pj[ok])
        assert [r.score for r in got] == sorted(s[s > 0].tolist(), reverse=True)[:5]
        assert all(r.reasons for r in got)
    skip = {got[0].id} if got else set()
    assert all(r.id not in skip for r in recommend_positions(index, workers, row, k=5, exclude=skip))


def test_candidates_for_a_position_best_first_and_masked(vocab, population):
    workers, positions = population
    index = PositionIndex.build(vocab, positions)
    p = int(index.order[0])
    got = recommend_candidates(index, workers, p, k=10)
    wi = np.arange(len(workers))
    ok = eligible(workers, positions, wi, np.full(len(wi), p))
    s = score(vocab, workers, positions, wi[ok], np.full(ok.sum(), p), masked=True)  # employers' view
    assert [r.score for r in got] == sorted(s[s > 0].tolist(), reverse=True)[:10]
    full = score(vocab, workers, positions, wi[ok], np.full(ok.sum(), p))
    assert [r.score for r in recommend_candidates(index, workers, p, k=10, sensitive=True)] == \
        sorted(full[full > 0].tolist(), reverse=True)[:10]
    phrases = {m.msgid for r in got for m in r.reasons}
    assert not phrases & {"priority: monitored household", "priority: poverty-alleviated household"}
    in_scope = wi[workers.place == workers.place[got[0].row]]
    assert {r.row for r in recommend_candidates(index, workers, p, k=10, rows=in_scope)} <= set(in_scope.tolist())
