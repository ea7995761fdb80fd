"""Every table of the official-statistics packages (stats, targets, approvals, exports), for ``labour.models``."""
from labour.approvals.models import MonthlyReport, ReportVersion  # noqa: F401
from labour.exports.models import Export  # noqa: F401
from labour.stats.models import StatsCell, StatsPeriod  # noqa: F401
from labour.targets.models import Target  # noqa: F401
