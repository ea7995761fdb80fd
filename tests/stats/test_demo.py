"""The seed-scale demo at a small scale: reproducible, counted like everything else."""
from datetime import date

import numpy as np


def test_the_demo_is_reproducible_and_its_headline_is_what_the_dashboard_shows(ctx):
    from labour.stats import definitions as d
    from labour.stats import demo
    from labour.stats.selectors import county_metrics

    result = demo.stats_demo_seed(seed=7, workers=3000, positions=300)
    assert result["loaded"]["persons"] == 3000 and result["rollup"]["periods"] == 24
    year = d.period_of(year=2022, today=date(2023, 1, 15))
    rolled, stored = county_metrics(year, prefix="54")
    live, _ = county_metrics(year, prefix="54", live=True)
    assert stored is not None and rolled == live
    outbound_pa = sum(c["outbound_poverty_alleviated"] for c in rolled.values())
    pa_persons = np.sum(demo._new_persons(0)[2] == "poverty_alleviated")
    assert 0.88 * pa_persons <= outbound_pa <= 0.96 * pa_persons  # 97 % placed × 95 % away from home
    # The same seed plans the same placements.
    persons, counties, statuses = demo._new_persons(0)
    positions = demo._new_positions(0)
    plan = [demo.placements_plan(np.random.default_rng(1), person_ids=persons, counties=counties,
                                 statuses=statuses, positions=positions) for _ in range(2)]
    assert [r[:9] for r in plan[0]] == [r[:9] for r in plan[1]]
