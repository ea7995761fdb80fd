"""Components, priority rules and reasons (untranslated Messages with the right msgids)."""
from datetime import date

import numpy as np

from labour.i18n import Message
from labour.matching import weights as W
from labour.matching.scoring import components, reasons, score


def parts(vocab, workers, positions, w=0, p=0):
    return {k: int(v[0]) for k, v in components(vocab, workers, positions, [w], [p]).items()}


def msgids(messages):
    assert all(isinstance(m, Message) for m in messages)
    return [m.msgid for m in messages]


def test_priority_groups_rank_monitored_then_poverty_then_school_leaver(vocab, make_workers, make_positions):
    workers = make_workers(dict(status="monitored"), dict(status="poverty_alleviated"),
                           dict(birth_date=date(2005, 1, 1)),  # 18, junior secondary, not studying: school leaver
                           dict(status="other"))
    positions = make_positions({})
    priority = [parts(vocab, workers, positions, w)["priority"] for w in range(4)]
    assert priority == [W.PRIORITY["monitored"], W.PRIORITY["poverty_alleviated"], W.PRIORITY["school_leaver"], 0]
    assert priority[0] > priority[1] > priority[2] > priority[3]


def test_school_leaver_needs_secondary_school_no_study_and_youth(vocab, make_workers, make_positions):
    young = date(2005, 1, 1)
    workers = make_workers(dict(birth_date=young), dict(birth_date=young, in_study=True),
                           dict(birth_date=young, education="primary"), dict(birth_date=date(1990, 1, 1)))
    got = [parts(vocab, workers, make_positions({}), w)["priority"] for w in range(4)]
    assert got == [W.PRIORITY["school_leaver"], 0, 0, 0]


def test_position_naming_a_group_adds_targeted_points(vocab, make_workers, make_positions):
    workers = make_workers(dict(status="monitored"), dict(status="other"))
    positions = make_positions({}, dict(priority_groups=["monitored", "poverty_alleviated"]))
    assert parts(vocab, workers, positions, 0, 1)["priority"] == W.PRIORITY["monitored"] + W.PRIORITY_TARGETED
    assert parts(vocab, workers, positions, 0, 0)["priority"] == W.PRIORITY["monitored"]
    assert parts(vocab, workers, positions, 1, 1)["priority"] == 0


def test_order_based_graduate_only_for_reserved_positions(vocab, make_workers, make_positions):
    workers = make_workers(dict(reserved=[2]), {})
    positions = make_positions({}, {})  # ids 1 and 2
    assert parts(vocab, workers, positions, 0, 1)["reserved"] == W.ORDER_RESERVED
    assert parts(vocab, workers, positions, 0, 0)["reserved"] == 0
    assert parts(vocab, workers, positions, 1, 1)["reserved"] == 0
    assert msgids(reasons(vocab, workers, positions, 0, 1))[0] == "priority: order-based training graduate"


def test_certificate_counts_most_then_experience_then_nothing(vocab, make_workers, make_positions):
    workers = make_workers(dict(certificates=["electrician"]), dict(skills=[("electrician", 30)]),
                           dict(skills=[("electrician", 0)]), dict(skills=[("cook", 5)]))
    positions = make_positions(dict(occupation="electrician"))
    occ = [parts(vocab, workers, positions, w)["occupation"] for w in range(4)]
    assert occ == [W.CERTIFIED, W.SKILLED + W.SKILL_YEAR * W.SKILL_YEARS_CAP, W.SKILLED, 0]


def test_training_completed_is_its_own_component(vocab, make_workers, make_positions):
    workers = make_workers(dict(trained=["cook"]), {})
    positions = make_positions(dict(occupation="cook"), dict(occupation="mason"))
    assert parts(vocab, workers, positions, 0, 0)["training"] == W.TRAINED
    assert parts(vocab, workers, positions, 0, 1)["training"] == 0
    assert "trained as %(occupation)s" in msgids(reasons(vocab, workers, positions, 0, 0))


def test_distance_tiers_weighed_by_preference(vocab, make_workers, make_positions):
    # Worker from Chengguan (Lhasa). Positions: same county, Lhasa's Dagzê, Shigatse, Zhejiang.
    places = ["540102", "540104", "540202", "330000"]
    positions = make_positions(*[dict(workplace=p) for p in places])
    workers = make_workers({}, dict(willing_outside_tibet=True), dict(preferred_prefectures=["540200"]))
    got = [[parts(vocab, workers, positions, w, p)["distance"] for p in range(3)] for w in range(3)]
    assert got[0] == list(W.DISTANCE_HOME[:3])
    assert got[1] == list(W.DISTANCE_MOBILE[:3])
    assert got[2] == [W.DISTANCE_HOME[0], W.DISTANCE_HOME[1], W.DISTANCE_HOME[2] + W.PREFERRED_PREFECTURE]
    assert parts(vocab, workers, positions, 1, 3)["distance"] == W.DISTANCE_MOBILE[3]
    texts = [msgids(reasons(vocab, workers, positions, 1, p)) for p in range(4)]
    for text, phrase in zip(texts, ["same county", "same prefecture", "elsewhere in Tibet", "outside Tibet"]):
        assert phrase in text


def test_wage_against_minimum(vocab, make_workers, make_positions):
    workers = make_workers(dict(min_monthly_wage=4000), dict(min_monthly_wage=4500), dict(min_monthly_wage=6000), {})
    positions = make_positions(dict(wage_min=4000, wage_max=5000))
    assert [parts(vocab, workers, positions, w)["wage"] for w in range(4)] == \
        [W.WAGE_MEETS, W.WAGE_MAY_MEET, W.WAGE_BELOW, W.WAGE_NO_MINIMUM]
    assert "wage below the minimum asked" in msgids(reasons(vocab, workers, positions, 2, 0))


def test_score_is_the_sum_of_components(vocab, make_workers, make_positions):
    workers = make_workers(dict(status="monitored", certificates=["welder"], min_monthly_wage=3000))
    positions = make_positions(dict(occupation="welder", priority_groups=["monitored"]))
    total = int(score(vocab, workers, positions, np.array([0]), np.array([0]))[0])
    assert total == sum(parts(vocab, workers, positions).values())
    assert total == W.CERTIFIED + W.DISTANCE_HOME[0] + W.WAGE_MEETS + W.PRIORITY["monitored"] + W.PRIORITY_TARGETED


def test_reasons_strongest_first_with_params(vocab, make_workers, make_positions):
    workers = make_workers(dict(status="poverty_alleviated", certificates=["electrician"], min_monthly_wage=3000))
    positions = make_positions(dict(occupation="electrician", priority_groups=["poverty_alleviated"]))
    got = reasons(vocab, workers, positions, 0, 0)
    assert got[0] == Message("certified %(occupation)s", occupation="electrician")
    assert msgids(got) == ["certified %(occupation)s", "same county", "priority: poverty-alleviated household",
                           "wage meets the minimum asked"]
    assert got[0].render(lambda s: s) == "certified electrician"


def test_reasons_for_employers_hide_household_status(vocab, make_workers, make_positions):
    workers = make_workers(dict(status="monitored", birth_date=date(2004, 1, 1)))
    positions = make_positions({})
    full = msgids(reasons(vocab, workers, positions, 0, 0))
    masked = msgids(reasons(vocab, workers, positions, 0, 0, sensitive=False))
    assert "priority: monitored household" in full and "priority: school leaver" in full
    assert "priority: monitored household" not in masked
    assert "priority group" in masked and "priority: school leaver" in masked


def test_employers_scores_do_not_tell_the_household_group(vocab, make_workers, make_positions):
    """The score an employer sees counts both household groups the same, targeted or not, so subtracting the
    visible parts from the total reveals no more than the "priority group" reason already says."""
    workers = make_workers(dict(status="monitored"), dict(status="poverty_alleviated"), dict(status="other"))
    for targeted in ([], ["monitored"], ["poverty_alleviated"]):
        positions = make_positions(dict(priority_groups=targeted))
        full = score(vocab, workers, positions, [0, 1, 2], [0, 0, 0])
        seen = score(vocab, workers, positions, [0, 1, 2], [0, 0, 0], masked=True)
        assert full[0] != full[1]  # the real ranking still puts the monitored household first
        assert seen[0] == seen[1] > seen[2]
        assert seen[0] - seen[2] == W.PRIORITY_GROUP + (W.PRIORITY_TARGETED if targeted else 0)
