"""The synthetic population: reproducible, Tibet-shaped, and loadable."""
import numpy as np
import sqlalchemy as sa

from labour.db import db
from labour.matching.features import reference_vocabulary
from labour.people.models import Certificate, Household, Person, Skill
from labour.population.generate import county_weights, features_of, generate
from labour.population.load import population_load
from labour.positions.models import Position


def flat(population):
    out = {}
    for part, columns in population.items():
        if isinstance(columns, dict):
            for name, values in columns.items():
                out[f"{part}.{name}"] = [list(v) if isinstance(v, list) else v for v in np.asarray(values, object)
                                         .tolist()] if not isinstance(values, list) else values
    return out


def test_same_seed_same_data_other_seed_other_data():
    a, b, c = generate(5, 2000, 200), generate(5, 2000, 200), generate(6, 2000, 200)
    assert flat(a) == flat(b)
    assert flat(a) != flat(c)


def test_counties_are_the_74_and_weighted_by_population():
    weights = county_weights()
    assert len(weights) == 74 and abs(sum(weights.values()) - 1) < 1e-9
    assert set(weights) == set(reference_vocabulary().counties)
    # Chengguan (urban Lhasa) outweighs sparse Shuanghu many times over.
    assert weights["540102"] > 10 * weights["540630"]
    pop = generate(1, 20000, 2000)
    seen = set(pop["households"]["county"].tolist())
    assert len(seen) == 74


def test_shares_are_tibet_shaped():
    pop = generate(2, 20000, 2000)
    workers, positions = features_of(pop)
    status = pop["households"]["status"][pop["persons"]["household"]]
    assert 0.50 <= (status == "poverty_alleviated").mean() <= 0.60
    assert 0.05 <= (status == "monitored").mean() <= 0.11
    assert 0.11 <= ((workers.groups & 4) > 0).mean() <= 0.20  # school leavers
    assert 0.52 <= (pop["persons"]["gender"] == "male").mean() <= 0.62
    assert 0.30 <= (~positions.in_tibet).mean() <= 0.40
    assert pop["positions"]["headcount"].sum() == round(2000 * 10.5)
    assert pop["positions"]["headcount"].min() >= 1
    assert (workers.age >= 16).all() and (workers.age <= 60).all()


def test_full_size_headcount_and_explicit_total():
    pop = generate(3, 1000, 100, headcount=2345)
    assert pop["positions"]["headcount"].sum() == 2345


def test_load_writes_every_kind_of_row(ctx):
    pop = generate(4, 200, 20)
    counts = population_load(pop)
    assert counts["persons"] == 200 and counts["positions"] == 20
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Person)) == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Household)) == counts["households"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Skill)) == len(pop["skills"]["person"])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Certificate)) == len(pop["certificates"]["person"])
    assert db.session.scalar(sa.select(sa.func.sum(Position.headcount))) == pop["positions"]["headcount"].sum()
    with_id = sa.select(sa.func.count()).select_from(Person).where(Person.id_number_enc.isnot(None))
    assert db.session.scalar(with_id) == 0
