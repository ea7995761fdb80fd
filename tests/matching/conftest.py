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


# --- API fixtures: employers, positions and workers through the real services ---------------------------------

@pytest.fixture
def make_employer(app, make_user):
    """A vetted employer (registered in Lhasa's Chengguan district by default); returns its id."""
    from labour.employers import services

    def make(*, name="Lhasa Builders", division_code="540102"):
        admin = make_user("admin")
        with app.app_context():
            employer = services.employer_create(actor=admin, name=name, kind="local_contractor",
                                                division_code=division_code)
            services.employer_vet(actor=admin, employer_id=employer.id, decision="vetted")
            return employer.id

    return make


@pytest.fixture
def staff_of(make_user):
    staff = {}

    def get(employer_id):
        if employer_id not in staff:
            staff[employer_id] = make_user("employer_staff", employer_id=employer_id)
        return staff[employer_id]

    return get


@pytest.fixture
def make_position(app, make_employer, staff_of):
    """An open position for electricians in Chengguan (540102); returns its id."""
    from datetime import date as _date, timedelta

    from labour.positions import services

    def make(*, employer_id=None, headcount=3, workplace_code="540102", occupation_code="electrician",
             title="Electrician", wage_min="4500", wage_max="6500", publish=True):
        employer_id = employer_id or make_employer()
        staff = staff_of(employer_id)
        with app.app_context():
            position = services.position_create(
                actor=staff, title=title, occupation_code=occupation_code, kind="local_project",
                workplace_code=workplace_code, headcount=headcount, wage_min=wage_min, wage_max=wage_max,
                deadline=_date.today() + timedelta(days=30))
            if publish:
                services.position_publish(actor=staff, position_id=position.id)
            return position.id

    return make


@pytest.fixture
def make_matchable_worker(app, make_user):
    """A worker account whose person can be matched: a household in ``county`` with ``status``, a certificate
    in ``certified`` and an ID number on record (which no candidate list may show)."""
    from labour.db import db
    from labour.people.models import Certificate, Household, Person

    def make(*, county="540102", status="poverty_alleviated", certified="electrician", locale=None, min_wage=None):
        user = make_user("worker", locale=locale)
        with app.app_context():
            person = db.session.get(Person, user.person_id)
            person.household = Household(registered_county_code=county, status=status)
            person.birth_date = date(1996, 5, 4)
            person.education = "senior_secondary"
            person.languages = ["bo", "zh"]
            person.min_monthly_wage = min_wage
            person.id_number_enc = "not-a-real-ciphertext"
            person.id_number_index = f"index-{user.id}"
            person.id_number_masked = "5401**********0017"
            person.phone = user.phone
            if certified:
                db.session.add(Certificate(person_id=person.id, occupation_code=certified, level="intermediate",
                                           number=f"C-{user.id}", issued_on=date(2020, 1, 1)))
            db.session.commit()
        return user

    return make


@pytest.fixture
def catalog():
    """``catalog(locale, msgid)``: the translation in the shipped .po file (what the API must return)."""
    from pathlib import Path

    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parents[2] / "translations"
    cache = {}

    def get(locale, msgid):
        if locale not in cache:
            with open(root / locale / "LC_MESSAGES" / "messages.po", "rb") as f:
                cache[locale] = read_po(f)
        message = cache[locale].get(msgid)
        assert message is not None and message.string, f"{msgid!r} is not translated into {locale}"
        return message.string

    return get
