"""Every weight of the matching score, in one place.

A pair's score is the sum of named components, all in whole points (integers, so that the min-cost flow
works on exact costs and the tests can compare against an exact oracle):

========================  ==========================================================================
component                 points
========================  ==========================================================================
``occupation``            the worker's fit for the position's trade: a certificate in the trade counts
                          most (``CERTIFIED``); otherwise experience (``SKILLED`` plus ``SKILL_YEAR`` per
                          year, at most ``SKILL_YEARS_CAP`` years, so never as much as a certificate)
``training``              a completed training course in the position's trade (``TRAINED``)
``distance``              same county > same prefecture > elsewhere in Tibet > outside Tibet, weighed by
                          the worker's stated preference: a worker who will not leave Tibet weighs
                          nearness fully (``DISTANCE_HOME``), one who is willing to go weighs it lightly
                          (``DISTANCE_MOBILE``); a prefecture the worker prefers adds
                          ``PREFERRED_PREFECTURE``
``wage``                  the position's wage against the worker's stated minimum: the lowest wage meets
                          it (``WAGE_MEETS``), only the highest does (``WAGE_MAY_MEET``), neither does
                          (``WAGE_BELOW``, negative); no minimum stated gives ``WAGE_NO_MINIMUM``
``priority``              the policy's priority groups, for every position (``PRIORITY``), plus
                          ``PRIORITY_TARGETED`` for each group the position itself names
                          (employers see a score where both household groups count the same,
                          ``PRIORITY_GROUP``: a score must not tell them which group a worker is in)
``reserved``              graduates of an order-based cohort, for the positions reserved for that cohort
                          (``ORDER_RESERVED``; large, so that the ordered places go to the trainees)
========================  ==========================================================================

Training cohorts (``cohorts.py``) are scored with their own components: ``experience`` in the trade without a
certificate (``COHORT_EXPERIENCE``: the course turns it into one), ``job`` tied to the course, order-based or
targeted (``COHORT_JOB``), ``demand``: open places waiting in the trade (``COHORT_DEMAND``), ``distance`` at
full weight (``DISTANCE_HOME``: a course is attended in person) and ``priority`` as above.

Why these sizes: a certified tradesman should beat an untrained local for a trade job
(40 > 20 same-county points), while for unskilled work nearness decides; a monitored household
(highest priority in the policy) outranks a poverty-alleviated one, which outranks a school leaver; the
priority points are worker-wide, so in the global assignment they decide who gets a place when places
are scarce. Pairs whose score is not positive are never proposed (the flow leaves them out).
"""

CERTIFIED = 40
SKILLED = 20
SKILL_YEAR = 2
SKILL_YEARS_CAP = 5
TRAINED = 15

# Indexed by distance tier: 0 same county, 1 same prefecture, 2 elsewhere in Tibet, 3 outside Tibet.
DISTANCE_HOME = (20, 12, 4, 0)
DISTANCE_MOBILE = (10, 8, 6, 6)
PREFERRED_PREFECTURE = 8

WAGE_MEETS = 10
WAGE_MAY_MEET = 4
WAGE_BELOW = -20
WAGE_NO_MINIMUM = 5

PRIORITY = {"monitored": 12, "poverty_alleviated": 8, "school_leaver": 6}
PRIORITY_TARGETED = 10
# What a monitored or poverty-alleviated household counts for in the scores employers see (between the two).
PRIORITY_GROUP = 10
ORDER_RESERVED = 60

COHORT_EXPERIENCE = 10
COHORT_JOB = 15
COHORT_DEMAND = 8

# The score is at most about 40 + 15 + 28 + 10 + 38 + 60 points; costs are its negative, exact integers.
COMPONENTS = ("occupation", "training", "distance", "wage", "priority", "reserved")

# Candidate generation (see ``index.py``): how far the index prunes before the exact assignment.
CANDIDATE_BLOCKS = 64          # best (occupation, workplace) blocks looked at per worker
CANDIDATES_PER_BLOCK = 4       # positions taken from one block for one worker (rotating through big blocks)
CANDIDATES_PER_WORKER = 16     # exact best positions kept per worker
POSITION_CANDIDATE_FACTOR = 2  # each block also takes its best workers, this many per place left ...
POSITION_CANDIDATE_EXTRA = 4   # ... plus this many
SPARE_ROUNDS = 1               # rounds of new candidates among positions with places still free ...
SPARE_CANDIDATES_PER_ASSIGNED = 4  # ... of which a worker who already has a proposal gets this many
FIRST_ROUND_PER_PLACE = 10         # the first flow keeps each position's best pairs, this many per place ...
FIRST_ROUND_EXTRA = 24             # ... plus this many (it only has to find which places stay free)
SECOND_ROUND_SLACK = 20            # the second flow drops pairs this far below the first round's dual prices
