"""Imports every model so that the metadata (migrations, ``create_all``) knows all tables."""
from labour.accounts.models import AuthToken, User  # noqa: F401
from labour.applications.models import Application  # noqa: F401
from labour.audit.models import AuditEvent  # noqa: F401
from labour.divisions.models import AidPairing, AidPartner, Division  # noqa: F401
import labour.drives.models  # noqa: F401  (recruitment drives, quotas, drive positions)
import labour.ecoposts.models  # noqa: F401  (eco posts, assignments, duties, appraisals, payments)
import labour.labour_export.models  # noqa: F401  (export batches, workers, employers, retention checks)
import labour.relief.models  # noqa: F401  (work-for-relief projects, remuneration ledger, fleets)
from labour.employers.models import Employer  # noqa: F401
from labour.idempotency.models import IdempotencyKey  # noqa: F401
from labour.matching.models import MatchingReportRow  # noqa: F401
from labour.occupations.models import Occupation  # noqa: F401
from labour.people.models import Certificate, Household, Person, Skill  # noqa: F401
from labour.placements.models import Placement  # noqa: F401
from labour.positions.models import Position  # noqa: F401
from labour.wages.models import WageReport  # noqa: F401  (monthly wage confirmations and arrears)
from labour.tasks.models import Task  # noqa: F401
from labour.notifications.models import Delivery, Notification, RecordedSms  # noqa: F401
import labour.training.models  # noqa: F401  (centres, cohorts, enrolments, attendance, follow-ups, rosters)
import labour.stats.tables  # noqa: F401  (stats rollup, targets, monthly approvals, exports)
