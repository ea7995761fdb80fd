"""Each hard rule on its own: a default worker and position are eligible, and one changed field breaks it."""
from datetime import date

import numpy as np
import pytest

from labour.matching.eligibility import eligible, failed_rules, workers_with_any_eligible
from labour.population.generate import features_of, generate

TODAY = date(2023, 6, 1)  # the builders' day (see conftest)


def check(workers, positions):
    return [bool(x) for x in eligible(workers, positions, np.zeros(len(positions), int), np.arange(len(positions)))]


def test_default_pair_is_eligible(make_workers, make_positions):
    assert check(make_workers({}), make_positions({})) == [True]


@pytest.mark.parametrize("position", [
    dict(status="closed"), dict(status="draft"), dict(status="filled"),
    dict(deadline=date(2023, 5, 31)),  # the day before TODAY
    dict(capacity=0),
])
def test_open_before_deadline_with_places(make_workers, make_positions, position):
    workers = make_workers({})
    assert check(workers, make_positions({}, position)) == [True, False]
    assert failed_rules(workers, make_positions(position), 0, 0) == ["open"]


def test_deadline_today_still_counts(make_workers, make_positions):
    assert check(make_workers({}), make_positions(dict(deadline=TODAY))) == [True]


def test_age_range(make_workers, make_positions):
    positions = make_positions(dict(min_age=18, max_age=45))
    assert check(make_workers(dict(birth_date=date(2005, 6, 2))), positions) == [False]  # 17 on TODAY
    assert check(make_workers(dict(birth_date=date(2005, 6, 1))), positions) == [True]   # 18 today
    assert check(make_workers(dict(birth_date=date(1977, 6, 1))), positions) == [False]  # 46
    assert check(make_workers(dict(birth_date=date(1977, 6, 2))), positions) == [True]   # 45
    # An unknown birth date passes (the employer checks the age when confirming).
    assert check(make_workers(dict(birth_date=None)), positions) == [True]
    assert failed_rules(make_workers(dict(birth_date=date(1950, 1, 1))), positions, 0, 0) == ["age"]


def test_education(make_workers, make_positions):
    positions = make_positions(dict(min_education="senior_secondary"))
    assert check(make_workers(dict(education="junior_secondary")), positions) == [False]
    assert check(make_workers(dict(education="senior_secondary")), positions) == [True]
    assert check(make_workers(dict(education="college")), positions) == [True]
    assert check(make_workers(dict(education=None)), positions) == [False]
    assert check(make_workers(dict(education=None)), make_positions({})) == [True]
    assert failed_rules(make_workers(dict(education="primary")), positions, 0, 0) == ["education"]


def test_required_certificates(make_workers, make_positions):
    positions = make_positions(dict(occupation="electrician", required_skills=["electrician", "welder"]))
    assert check(make_workers(dict(certificates=["electrician"])), positions) == [False]
    # Experience without a certificate does not count.
    assert check(make_workers(dict(certificates=["electrician"], skills=[("welder", 9)])), positions) == [False]
    assert check(make_workers(dict(certificates=["electrician", "welder", "cook"])), positions) == [True]
    assert failed_rules(make_workers({}), positions, 0, 0) == ["certificates"]


def test_required_languages(make_workers, make_positions):
    positions = make_positions(dict(required_languages=["zh"]))
    assert check(make_workers(dict(languages=["bo"])), positions) == [False]
    assert check(make_workers(dict(languages=["bo", "zh"])), positions) == [True]
    assert failed_rules(make_workers(dict(languages=[])), positions, 0, 0) == ["languages"]


def test_outside_tibet_needs_willingness(make_workers, make_positions):
    positions = make_positions(dict(workplace="330000"), dict(workplace="542521"))  # Zhejiang; Burang, far away
    assert check(make_workers(dict(willing_outside_tibet=False)), positions) == [False, True]
    assert check(make_workers(dict(willing_outside_tibet=True)), positions) == [True, True]
    assert failed_rules(make_workers({}), positions, 0, 0) == ["outside_tibet"]


def test_any_eligible_is_exact_on_a_population():
    workers, positions = features_of(generate(3, 600, 8))
    wi, pj = np.meshgrid(np.arange(len(workers)), np.arange(len(positions)), indexing="ij")
    brute = eligible(workers, positions, wi.ravel(), pj.ravel()).reshape(wi.shape).any(axis=1)
    fast = workers_with_any_eligible(workers, positions)
    assert 0 < brute.sum() < len(workers)
    assert (fast == brute).all()
