"""A reproducible, Tibet-shaped synthetic population: workers in households, employers and positions.

``generate(seed, workers, positions)`` returns plain columns (numpy arrays and lists) and never touches the
database; ``load.py`` writes them, ``features_of`` turns them into matching arrays for benchmarks.

Sources and assumptions (rough on purpose; the data is for benchmarks and demos, never for statistics):

- **Counties**: the 74 counties of ``labour/reference/divisions.csv``. Weights: each prefecture's resident
  population in the 7th national census (2020): Lhasa 867,891; Shigatse 798,153; Chamdo 760,966;
  Nyingchi 238,936; Shannan 354,035; Nagqu 504,838; Ngari 123,281 (total 3,648,100), split equally over the
  prefecture's counties, except the sparsely peopled Shuanghu (a quarter share) and the capital's urban
  district Chengguan (double: rural workers are not concentrated in the city as residents are).
- **Households** (``HOUSEHOLD_STATUS_SHARES``): the pool are labourers who look for transfer employment, most
  from poverty-alleviated households (the 2022 report counts 205,000 of them working away from home):
  poverty-alleviated 55 %, monitored 8 % (an assumption; monitored households are a small share of former
  poor households nationally), other 37 %. About 1.4 workers per household.
- **School leavers** (两后生): about 15 % of workers, aged 16–22, junior or senior (vocational) secondary
  school, not in further study.
- **Gender**: 57 % men (labour export is male-leaning; an assumption).
- **Skills**: 55 % of workers have a trade, construction-heavy; 30 % of the trades held come with a
  certificate. Tibetan is spoken by 96 %, Chinese by three in four under 35 and one in three above.
- **Positions**: 65 % in Tibet (placed by county weight: local projects, work-for-relief, ecological
  posts, general jobs), 35 % aid-Tibet positions in the partner provinces of ``aid_pairings.csv``.
  Headcounts are long-tailed and scaled to exactly ``headcount`` in total (default 10.5 per position).
"""
from datetime import date

import numpy as np

from labour.matching.features import Vocabulary, positions_build, reference_vocabulary, workers_build

PREFECTURE_POPULATION_2020 = {
    "540100": 867_891, "540200": 798_153, "540300": 760_966, "540400": 238_936,
    "540500": 354_035, "540600": 504_838, "542500": 123_281,
}
COUNTY_ADJUSTMENT = {"540630": 0.25, "540102": 2.0}
HOUSEHOLD_STATUS_SHARES = {"poverty_alleviated": 0.55, "monitored": 0.08, "other": 0.37}
SCHOOL_LEAVER_SHARE = 0.15
MALE_SHARE = 0.57
WORKERS_PER_HOUSEHOLD = 1.4
HEADCOUNT_PER_POSITION = 10.5
OUTSIDE_TIBET_SHARE = 0.35
PARTNER_PROVINCES = ("110000", "320000", "310000", "370000", "230000", "220000", "120000", "350000", "500000",
                     "440000", "420000", "430000", "340000", "330000", "210000", "130000", "610000")

WORKER_TRADES = {
    "construction_worker": 18, "mason": 9, "carpenter": 6, "electrician": 6, "welder": 5, "plumber": 3,
    "machinery_operator": 4, "driver": 10, "auto_mechanic": 2, "cook": 6, "hotel_service": 5,
    "security_guard": 3, "cleaner": 3, "caregiver": 2, "tailor": 3, "thangka_painter": 2, "tour_guide": 2,
    "sales_clerk": 3, "warehouse_worker": 2, "factory_worker": 2, "forest_ranger": 1, "grassland_warden": 1,
    "herder": 12,
}
KIND_TRADES = {
    "local_project": {"construction_worker": 30, "mason": 15, "carpenter": 10, "electrician": 10, "welder": 8,
                      "plumber": 5, "machinery_operator": 8, "driver": 14},
    "work_for_relief": {"construction_worker": 70, "driver": 10, "cleaner": 20},
    "eco_post": {"forest_ranger": 40, "grassland_warden": 60},
    "general": {"cook": 15, "hotel_service": 15, "security_guard": 12, "cleaner": 12, "caregiver": 8, "tailor": 5,
                "thangka_painter": 4, "tour_guide": 8, "sales_clerk": 12, "warehouse_worker": 6, "auto_mechanic": 3},
    "aid_tibet": {"factory_worker": 35, "electrician": 8, "welder": 8, "hotel_service": 10, "security_guard": 8,
                  "cook": 6, "warehouse_worker": 10, "caregiver": 5, "driver": 5, "sales_clerk": 5},
}
TIBET_KIND_SHARES = {"local_project": 0.35, "work_for_relief": 0.15, "eco_post": 0.10, "general": 0.40}
CERTIFIED_TRADES = ("electrician", "welder", "driver", "machinery_operator")  # special operations need one
EDUCATION_SHARES = {"none": 0.10, "primary": 0.32, "junior_secondary": 0.33, "senior_secondary": 0.10,
                    "vocational_secondary": 0.10, "college": 0.04, "bachelor": 0.01}
CERT_LEVELS = ("basic", "intermediate", "advanced")
GIVEN_NAMES = ("扎西", "次仁", "多吉", "卓玛", "央金", "格桑", "拉姆", "平措", "达瓦", "尼玛", "旺堆", "普布",
               "边巴", "索朗", "德吉", "白玛", "顿珠", "曲珍", "洛桑", "米玛")
EMPLOYER_KINDS = {"local_project": "local_contractor", "work_for_relief": "public_employer",
                  "eco_post": "public_employer", "general": "private_firm", "aid_tibet": "aid_partner_enterprise"}
POSITIONS_PER_EMPLOYER = 20


def county_weights(vocab: Vocabulary | None = None) -> dict[str, float]:
    """Share of the population in each of the 74 counties (sums to 1)."""
    vocab = vocab or reference_vocabulary()
    counties = vocab.counties
    by_pref: dict[str, list[str]] = {}
    for code in counties:
        by_pref.setdefault(vocab.prefectures[vocab.place_prefecture[vocab.place_index[code]]], []).append(code)
    raw = {}
    for pref, codes in by_pref.items():
        adj = {c: COUNTY_ADJUSTMENT.get(c, 1.0) for c in codes}
        total = sum(adj.values())
        for c in codes:
            raw[c] = PREFECTURE_POPULATION_2020[pref] * adj[c] / total
    total = sum(raw.values())
    return {c: raw[c] / total for c in counties}


def _pick(rng, table: dict, size: int) -> np.ndarray:
    keys = np.array(list(table))
    p = np.array(list(table.values()), float)
    return keys[rng.choice(len(keys), size=size, p=p / p.sum())]


def generate(seed: int, workers: int = 205_000, positions: int = 20_000, *, headcount: int | None = None,
             today: date = date(2023, 3, 1), vocab: Vocabulary | None = None) -> dict:
    """Plain columns of a synthetic population; the same seed gives the same data."""
    rng = np.random.default_rng(seed)
    vocab = vocab or reference_vocabulary()
    weights = county_weights(vocab)
    counties = np.array(list(weights))
    cw = np.array(list(weights.values()))

    # Households and their workers.
    n_households = max(1, round(workers / WORKERS_PER_HOUSEHOLD))
    hh_county = counties[rng.choice(len(counties), n_households, p=cw)]
    hh_status = _pick(rng, HOUSEHOLD_STATUS_SHARES, n_households)
    person_household = np.sort(np.concatenate([np.arange(min(workers, n_households)),
                                               rng.integers(0, n_households, max(0, workers - n_households))]))
    # Ages: school leavers 16–22, the others 18–59 peaking in their late twenties.
    leaver = rng.random(workers) < SCHOOL_LEAVER_SHARE
    age = np.where(leaver, rng.integers(16, 23, workers),
                   np.clip(np.round(rng.gamma(6.0, 5.5, workers) + 8), 18, 59)).astype(int)
    birth = (np.datetime64(today, "D") - (age * 365.25 + rng.integers(0, 365, workers)).astype("timedelta64[D]"))
    education = _pick(rng, EDUCATION_SHARES, workers)
    leaver_edu = _pick(rng, {"junior_secondary": 0.55, "senior_secondary": 0.25, "vocational_secondary": 0.20},
                       workers)
    education = np.where(leaver, leaver_edu, education)
    young = age < 25
    # Young people with a school leaver's education but not counted as school leavers are still studying.
    in_study = young & ~leaver & np.isin(education, ["junior_secondary", "senior_secondary", "vocational_secondary"])
    gender = np.where(rng.random(workers) < MALE_SHARE, "male", "female")
    zh = rng.random(workers) < np.where(age < 35, 0.75, 0.33)
    bo = rng.random(workers) < 0.96
    en = rng.random(workers) < 0.02
    languages = [[code for code, has in (("bo", b), ("zh", z), ("en", e)) if has] for b, z, e in zip(bo, zh, en)]
    willing = rng.random(workers) < np.where(age < 30, 0.6, 0.35)
    county = hh_county[person_household]
    own_pref = [vocab.prefectures[vocab.place_prefecture[vocab.place_index[c]]] for c in county]
    pref_draw = rng.random(workers)
    preferred = [[p] if d < 0.25 else ([p, "540100"] if p != "540100" else [p]) if d < 0.35 else []
                 for p, d in zip(own_pref, pref_draw)]
    min_wage = np.where(rng.random(workers) < 0.5, rng.integers(28, 61, workers) * 100, 0)
    names = [GIVEN_NAMES[a] + GIVEN_NAMES[b] for a, b in rng.integers(0, len(GIVEN_NAMES), (workers, 2))]

    # Trades: 55 % have one, some two or three; a certificate for 30 % of them.
    n_skills = np.where(rng.random(workers) < 0.55, rng.choice([1, 2, 3], workers, p=[0.75, 0.2, 0.05]), 0)
    skill_person = np.repeat(np.arange(workers), n_skills)
    skill_occ = _pick(rng, WORKER_TRADES, len(skill_person))
    keep = np.unique(skill_person * 64 + np.array([vocab.occupation_index[o] for o in skill_occ]),
                     return_index=True)[1]
    skill_person, skill_occ = skill_person[keep], skill_occ[keep]
    skill_years = np.minimum(rng.geometric(0.25, len(skill_person)) - 1, 30)
    certified = (rng.random(len(skill_person)) < 0.30) & (skill_occ != "herder")
    cert_person, cert_occ = skill_person[certified], skill_occ[certified]
    cert_issued = np.datetime64(today, "D") - rng.integers(30, 3000, len(cert_person)).astype("timedelta64[D]")

    # Positions: in Tibet by county weight, or aid-Tibet positions in the partner provinces.
    outside = rng.random(positions) < OUTSIDE_TIBET_SHARE
    kind = np.where(outside, "aid_tibet", _pick(rng, TIBET_KIND_SHARES, positions))
    workplace = np.where(outside, np.array(PARTNER_PROVINCES)[rng.integers(0, len(PARTNER_PROVINCES), positions)],
                         counties[rng.choice(len(counties), positions, p=cw)])
    occupation = np.empty(positions, object)
    for k, table in KIND_TRADES.items():
        rows = np.flatnonzero(kind == k)
        occupation[rows] = _pick(rng, table, len(rows))
    occupation = occupation.astype(str)
    total = headcount or round(positions * HEADCOUNT_PER_POSITION)
    raw = rng.lognormal(0.0, 0.9, positions) * np.where(outside, 2.0, np.where(kind == "eco_post", 0.4, 1.0))
    heads = 1 + np.floor(raw * (total - positions) / raw.sum()).astype(int)
    short = total - heads.sum()
    heads[np.argsort(-raw)[:short]] += 1
    base = np.where(outside, 4500, np.where(kind == "eco_post", 3000, 3500)) + rng.integers(0, 15, positions) * 100
    wage_min = base
    wage_max = base + rng.integers(2, 25, positions) * 100
    min_age = np.where(rng.random(positions) < 0.5, 16, 18)
    max_age = rng.choice([45, 50, 55, 60], positions)
    min_education = np.where(rng.random(positions) < 0.25, "junior_secondary",
                             np.where(rng.random(positions) < 0.05, "senior_secondary", ""))
    needs_cert = np.isin(occupation, CERTIFIED_TRADES) & (rng.random(positions) < 0.7)
    lang_draw = rng.random(positions)
    required_languages = [["zh"] if (o and d < 0.4) or (not o and d < 0.15) else ["bo"] if k == "eco_post" and d > 0.7
                          else [] for o, d, k in zip(outside, lang_draw, kind)]
    groups = []
    for k, d in zip(kind, rng.random(positions)):
        if k == "work_for_relief":
            groups.append(["monitored", "poverty_alleviated"])
        elif k == "aid_tibet":
            groups.append(["poverty_alleviated", "school_leaver"] if d < 0.5 else ["school_leaver"] if d < 0.7 else [])
        else:
            groups.append(["poverty_alleviated"] if d < 0.3 else [])
    status = _pick(rng, {"open": 0.95, "closed": 0.03, "draft": 0.02}, positions)
    deadline = np.datetime64(today, "D") + rng.integers(-5, 90, positions).astype("timedelta64[D]")

    # Employers: one per (workplace, kind) group of up to POSITIONS_PER_EMPLOYER positions.
    order = np.lexsort((kind, workplace))
    employer = np.empty(positions, int)
    emp_division, emp_kind = [], []
    prev, count = None, 0
    for i in order:
        key = (workplace[i], kind[i])
        if key != prev or count == POSITIONS_PER_EMPLOYER:
            emp_division.append(str(workplace[i]))
            emp_kind.append(EMPLOYER_KINDS[str(kind[i])])
            prev, count = key, 0
        employer[i] = len(emp_division) - 1
        count += 1

    return {
        "seed": seed, "today": today,
        "households": {"county": hh_county, "status": hh_status},
        "persons": {"household": person_household, "name": names, "gender": gender, "birth_date": birth,
                    "education": education, "in_study": in_study, "languages": languages,
                    "willing_outside_tibet": willing, "preferred_prefectures": preferred, "min_monthly_wage": min_wage},
        "skills": {"person": skill_person, "occupation": skill_occ, "years": skill_years},
        "certificates": {"person": cert_person, "occupation": cert_occ,
                         "level": np.array(CERT_LEVELS)[rng.integers(0, 3, len(cert_person))],
                         "issued_on": cert_issued},
        "employers": {"division": np.array(emp_division), "kind": np.array(emp_kind)},
        "positions": {"employer": employer, "occupation": occupation, "kind": kind, "workplace": workplace,
                      "headcount": heads, "wage_min": wage_min, "wage_max": wage_max, "min_age": min_age,
                      "max_age": max_age, "min_education": min_education,
                      "required_skills": [[o] if c else [] for o, c in zip(occupation, needs_cert)],
                      "required_languages": required_languages, "priority_groups": groups, "status": status,
                      "deadline": deadline},
    }


def features_of(population: dict, *, today: date | None = None, vocab: Vocabulary | None = None):
    """Matching arrays (``Workers``, ``Positions``) of a generated population; ids are row numbers + 1."""
    vocab = vocab or reference_vocabulary()
    today = today or population["today"]
    people, hh, pos = population["persons"], population["households"], population["positions"]
    n = len(people["name"])
    ids = np.arange(1, n + 1)
    skills, certs = population["skills"], population["certificates"]
    workers = workers_build(
        vocab, today=today, ids=ids, county=hh["county"][people["household"]], birth_date=people["birth_date"],
        education=people["education"], in_study=people["in_study"], languages=people["languages"],
        willing_outside_tibet=people["willing_outside_tibet"], preferred_prefectures=people["preferred_prefectures"],
        min_monthly_wage=[int(w) or None for w in people["min_monthly_wage"]], status=hh["status"][people["household"]],
        skills=zip((skills["person"] + 1).tolist(), skills["occupation"].tolist(), skills["years"].tolist()),
        certificates=zip((certs["person"] + 1).tolist(), certs["occupation"].tolist()))
    m = len(pos["occupation"])
    positions = positions_build(
        vocab, today=today, ids=np.arange(1, m + 1), occupation=pos["occupation"], workplace=pos["workplace"],
        status=pos["status"], deadline=pos["deadline"].astype(object), capacity=pos["headcount"],
        wage_min=pos["wage_min"], wage_max=pos["wage_max"], min_age=pos["min_age"].tolist(),
        max_age=pos["max_age"].tolist(), min_education=pos["min_education"], required_skills=pos["required_skills"],
        required_languages=pos["required_languages"], priority_groups=pos["priority_groups"])
    return workers, positions
