"""Every table of the training packages, for ``labour.models``."""
from labour.centres.models import Centre  # noqa: F401
from labour.cohorts.models import Cohort, CohortSession, Reservation  # noqa: F401
from labour.enrolments.models import Attendance, Enrolment  # noqa: F401
from labour.followups.models import Followup  # noqa: F401
from labour.rosters.models import RosterUpload  # noqa: F401
