"""The training blueprints (centres, cohorts, enrolments, follow-ups, rosters, figures), registered together."""


def blueprints():
    from api.centres.routes import blp as centres
    from api.cohorts.routes import blp as cohorts
    from api.enrolments.routes import blp as enrolments
    from api.followups.routes import blp as followups
    from api.rosters.routes import blp as rosters
    from api.training.routes import blp as training

    return (centres, cohorts, enrolments, followups, rosters, training)
