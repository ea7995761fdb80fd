"""Training tied to transfer employment: centres, cohorts, enrolments, follow-ups and roster imports live in
their own packages (``labour.centres``, ``labour.cohorts``, ``labour.enrolments``, ``labour.followups``,
``labour.rosters``); this one holds what spans them (the model list and the funnel figures)."""
