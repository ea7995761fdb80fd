from labour.accounts.models import User
from labour.cohorts.selectors import cohort_manageable
from labour.db import db
from labour.errors import NotFound
from labour.i18n import N_
from labour.people.selectors import valid_id
from labour.rosters.models import RosterUpload


def roster_upload_get_for(*, user: User, upload_id: int) -> RosterUpload:
    """An upload for the staff of the cohort's centre, officials over the cohort, admins."""
    upload = db.session.get(RosterUpload, upload_id) if valid_id(upload_id) else None
    if upload is None or not cohort_manageable(user, upload.cohort):
        raise NotFound(N_("No such roster upload."))
    return upload
