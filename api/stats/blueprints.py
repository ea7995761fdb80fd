"""The official-statistics blueprints, registered together (one line in ``api.register_blueprints``)."""
from api.approvals.routes import blp as approvals
from api.exports.routes import blp as exports
from api.placements.routes import blp as placements
from api.stats.routes import blp as stats
from api.targets.routes import blp as targets

BLUEPRINTS = (placements, stats, targets, approvals, exports)
