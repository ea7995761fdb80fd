"""Matching fixtures: builders of small feature arrays (no database), and a networkx oracle."""
from datetime import date

import networkx as nx
import numpy as np
import pytest

from labour.matching.features import positions_build, reference_vocabulary, workers_build

TODAY = date(2023, 6, 1)


@pytest.fixture(scope="session")
def vocab():
    return reference_vocabulary()


def _worker(i, **over):
    row = dict(id=i + 1, county="540102", birth_date=date(1995, 1, 1), education="junior_secondary", in_study=False,
               languages=["bo", "zh"], willing_outside_tibet=False, preferred_prefectures=[], min_monthly_wage=None,
               status="other", skills=[], certificates=[], trained=[], reserved=[])
    row.update(over)
    return row


@pytest.fixture
def make_workers(vocab):
    """``make_workers(dict(...), dict(...))``: one worker per dict, each overriding a default worker."""
    def make(*overrides, today=TODAY):
        rows = [_worker(i, **o) for i, o in enumerate(overrides)]
        col = lambda k: [r[k] for r in rows]  # noqa: E731
        return workers_build(
            vocab, today=today, ids=col("id"), county=col("county"), birth_date=col("birth_date"),
            education=col("education"), in_study=col("in_study"), languages=col("languages"),
            willing_outside_tibet=col("willing_outside_tibet"), preferred_prefectures=col("preferred_prefectures"),
            min_monthly_wage=col("min_monthly_wage"), status=col("status"),
            skills=[(r["id"], o, y) for r in rows for o, y in r["skills"]],
            certificates=[(r["id"], o) for r in rows for o in r["certificates"]],
            trained=[(r["id"], o) for r in rows for o in r["trained"]],
            reserved=[(r["id"], p) for r in rows for p in r["reserved"]])
    return make


def _position(i, **over):
    row = dict(id=i + 1, occupation="construction_worker", workplace="540102", status="open", deadline=None,
               capacity=5, wage_min=4000, wage_max=5000, min_age=None, max_age=None, min_education=None,
               required_skills=[], required_languages=[], priority_groups=[])
    row.update(over)
    return row


@pytest.fixture
def make_positions(vocab):
    def make(*overrides, today=TODAY):
        rows = [_position(i, **o) for i, o in enumerate(overrides)]
        col = lambda k: [r[k] for r in rows]  # noqa: E731
        return positions_build(
            vocab, today=today, ids=col("id"), occupation=col("occupation"), workplace=col("workplace"),
            status=col("status"), deadline=col("deadline"), capacity=col("capacity"), wage_min=col("wage_min"),
            wage_max=col("wage_max"), min_age=col("min_age"), max_age=col("max_age"),
            min_education=col("min_education"), required_skills=col("required_skills"),
            required_languages=col("required_languages"), priority_groups=col("priority_groups"))
    return make


@pytest.fixture(scope="session")
def oracle():
    return oracle_total


def oracle_total(wi, pj, scores, capacity) -> int:
    """The exact maximum total score by networkx min-cost flow (test oracle only)."""
    g = nx.DiGraph()
    workers = sorted(set(np.asarray(wi).tolist()))
    g.add_node("s", demand=-len(workers))
    g.add_node("t", demand=len(workers))
    g.add_edge("s", "t", capacity=len(workers), weight=0)
    for w in workers:
        g.add_edge("s", ("w", w), capacity=1, weight=0)
    for p in set(np.asarray(pj).tolist()):
        g.add_edge(("p", p), "t", capacity=int(capacity[p]), weight=0)
    for w, p, s in zip(np.asarray(wi).tolist(), np.asarray(pj).tolist(), np.asarray(scores).tolist()):
        if s > 0:
            g.add_edge(("w", w), ("p", p), capacity=1, weight=-int(s))
    cost, _ = nx.network_simplex(g)
    return -cost
