"""The authorisation matrix: who may call which endpoint, on their own and on a foreign object (ASVS V8).

One row per (method, route) under ``/api/v1``. ``tests/security/test_matrix.py`` turns every row into one
test per role and fails when a route of the app is missing here (or a row names a route that is gone).

Expectations (status classes):
  ``ok``      the caller passes authorisation: 2xx/3xx or an input/state error (400, 409, 412, 422, 428)
  ``401``     anonymous on an endpoint that needs a login
  ``403``     a role the endpoint does not serve
  ``404``     a foreign object the caller may not know exists
  A body that fails validation may answer 400/422 before the object is looked up: that is accepted for a
  foreign object only when a non-existent id answers the very same status (so existence does not leak).
  ``denied``  403 or 404: a foreign object that is public anyway (a published position or cohort), so a
              403 leaks nothing
A role outside ``roles`` expects 401 (anonymous) or 403. A role inside expects ``ok`` on its own object
(``missing`` kinds have none in the test world: the id does not exist, so 404 after the role check) and
``foreign[role]`` on someone else's (default ``404``).
"""
from dataclasses import dataclass, field

ROLES = ("anonymous", "worker", "centre_staff", "employer_staff", "official_county", "official_prefecture",
         "official_region", "admin")
OFFICIALS = ("official_county", "official_prefecture", "official_region")
STAFF = ("centre_staff", "employer_staff", *OFFICIALS, "admin")
LOGGED_IN = ROLES[1:]
PUBLIC = ROLES
WIDE = ("official_region", "admin")  # the region's official and admins reach everything in Tibet


@dataclass(frozen=True)
class Row:
    method: str
    rule: str
    roles: tuple[str, ...]
    obj: str | None = None  # the kind of object named by the path's first id (None: no object)
    foreign: dict = field(default_factory=dict)  # role -> expectation on a foreign object (default "404")
    own: dict = field(default_factory=dict)  # role -> expectation where the world has no object of theirs
    fields: tuple[str, ...] = ()  # response fields a role outside ``see`` must never receive
    see: tuple[str, ...] = ()

    def expect(self, role: str, *, own: bool) -> str:
        if role not in self.roles:
            return "401" if role == "anonymous" else "403"
        if own:
            return self.own.get(role, "ok")
        return self.foreign.get(role, "404")


def _all(value, roles):
    return {role: value for role in roles}


OK_WIDE = _all("ok", WIDE)
PUBLIC_OBJECT = _all("ok", PUBLIC)

V1 = "/api/v1"
MATRIX: tuple[Row, ...] = (
    # accounts
    Row("POST", f"{V1}/auth/login", PUBLIC),
    Row("POST", f"{V1}/auth/register", PUBLIC),
    Row("POST", f"{V1}/auth/logout", LOGGED_IN),
    Row("GET", f"{V1}/me", LOGGED_IN),
    Row("PATCH", f"{V1}/me", LOGGED_IN),
    Row("POST", f"{V1}/users", ("official_county", "official_prefecture", "official_region", "admin")),
    # reference data
    Row("GET", f"{V1}/health", PUBLIC),
    Row("GET", f"{V1}/divisions", PUBLIC),
    Row("GET", f"{V1}/divisions/<code>", PUBLIC),
    Row("GET", f"{V1}/divisions/<code>/aid-partners", PUBLIC),
    Row("GET", f"{V1}/occupations", PUBLIC),
    # worker's own data
    Row("GET", f"{V1}/me/profile", ("worker",)),
    Row("PATCH", f"{V1}/me/profile", ("worker",)),
    Row("POST", f"{V1}/me/profile/certificates", ("worker",)),
    Row("DELETE", f"{V1}/me/profile/certificates/<int:certificate_id>", ("worker",), obj="missing"),
    Row("PUT", f"{V1}/me/profile/id-number", ("worker",)),
    Row("POST", f"{V1}/me/profile/skills", ("worker",)),
    Row("DELETE", f"{V1}/me/profile/skills/<code>", ("worker",), obj="missing"),
    Row("GET", f"{V1}/me/applications", ("worker",)),
    Row("GET", f"{V1}/me/enrolments", ("worker",)),
    Row("GET", f"{V1}/me/notifications", LOGGED_IN),
    Row("POST", f"{V1}/me/notifications/read-all", LOGGED_IN),
    Row("POST", f"{V1}/me/notifications/<int:notification_id>/read", LOGGED_IN, obj="notification"),
    # people: officials in scope and admins
    Row("GET", f"{V1}/households", (*OFFICIALS, "admin")),
    Row("POST", f"{V1}/households", (*OFFICIALS, "admin")),
    Row("GET", f"{V1}/households/<int:household_id>", (*OFFICIALS, "admin"), obj="household", foreign=OK_WIDE),
    Row("PATCH", f"{V1}/households/<int:household_id>", (*OFFICIALS, "admin"), obj="household", foreign=OK_WIDE),
    # Staff views are masked: the full ID number and the birth date only through an audit-logged reveal
    # (``?reveal=…&reason=…``, tests/audit), never in a plain read or a write's answer.
    Row("GET", f"{V1}/persons", (*OFFICIALS, "admin"), fields=("id_number", "birth_date")),
    Row("POST", f"{V1}/persons", (*OFFICIALS, "admin")),
    Row("GET", f"{V1}/persons/<int:person_id>", (*OFFICIALS, "admin"), obj="person", foreign=OK_WIDE,
        fields=("id_number", "birth_date")),
    Row("PATCH", f"{V1}/persons/<int:person_id>", (*OFFICIALS, "admin"), obj="person", foreign=OK_WIDE,
        fields=("id_number", "birth_date")),
    Row("PUT", f"{V1}/persons/<int:person_id>/id-number", (*OFFICIALS, "admin"), obj="person", foreign=OK_WIDE,
        fields=("id_number", "birth_date")),
    # employers
    Row("GET", f"{V1}/employers", (*OFFICIALS, "admin")),
    Row("POST", f"{V1}/employers", (*OFFICIALS, "admin")),
    Row("GET", f"{V1}/employers/<int:employer_id>", ("employer_staff", *OFFICIALS, "admin"), obj="employer",
        foreign=OK_WIDE),
    Row("POST", f"{V1}/employers/<int:employer_id>/vetting", (*OFFICIALS, "admin"), obj="employer",
        foreign=OK_WIDE),
    # positions and applications
    Row("GET", f"{V1}/positions", PUBLIC),
    Row("POST", f"{V1}/positions", ("employer_staff",)),
    Row("GET", f"{V1}/positions/<int:position_id>", PUBLIC, obj="position", foreign=PUBLIC_OBJECT),
    Row("PATCH", f"{V1}/positions/<int:position_id>", ("employer_staff",), obj="position",
        foreign={"employer_staff": "denied"}),
    Row("POST", f"{V1}/positions/<int:position_id>/publish", ("employer_staff",), obj="position",
        foreign={"employer_staff": "denied"}),
    Row("POST", f"{V1}/positions/<int:position_id>/close", ("employer_staff", *OFFICIALS, "admin"), obj="position",
        foreign={**_all("denied", ("employer_staff", "official_county", "official_prefecture")), **OK_WIDE}),
    Row("POST", f"{V1}/positions/<int:position_id>/applications", ("worker",), obj="position",
        foreign={"worker": "ok"}),
    Row("GET", f"{V1}/positions/<int:position_id>/applications", ("employer_staff", *OFFICIALS, "admin"),
        obj="position", foreign=OK_WIDE,  # employers never get ID numbers or poverty status (DESIGN §8)
        fields=("id_number", "id_number_masked", "household", "household_status", "household_status_label")),
    Row("PATCH", f"{V1}/applications/<int:application_id>", ("employer_staff",), obj="application"),
    Row("POST", f"{V1}/applications/<int:application_id>/withdraw", ("worker",), obj="application"),
    # training: centres, cohorts, enrolments, rosters, follow-ups
    Row("GET", f"{V1}/centres", PUBLIC),
    Row("POST", f"{V1}/centres", (*OFFICIALS, "admin")),
    Row("GET", f"{V1}/centres/<int:centre_id>", PUBLIC, obj="centre", foreign=PUBLIC_OBJECT),
    Row("POST", f"{V1}/centres/<int:centre_id>/vetting", (*OFFICIALS, "admin"), obj="centre",
        foreign={**_all("denied", ("official_county", "official_prefecture")), **OK_WIDE}),
    Row("GET", f"{V1}/cohorts", PUBLIC),
    Row("POST", f"{V1}/cohorts", ("centre_staff",)),
    Row("GET", f"{V1}/cohorts/<int:cohort_id>", PUBLIC, obj="cohort", foreign=PUBLIC_OBJECT),
    Row("PATCH", f"{V1}/cohorts/<int:cohort_id>", ("centre_staff",), obj="cohort",
        foreign={"centre_staff": "denied"}),
    *(Row(method, f"{V1}/cohorts/<int:cohort_id>/{tail}", roles, obj="cohort",
          foreign={**_all("denied", ("centre_staff", "official_county", "official_prefecture")), **OK_WIDE})
      for method, tail, roles in (
          ("PUT", "assessments", ("centre_staff", "admin")),
          ("GET", "attendance", ("centre_staff", *OFFICIALS, "admin")),
          ("GET", "candidates", ("centre_staff", *OFFICIALS, "admin")),
          ("POST", "certificates", ("centre_staff", "admin")),
          ("GET", "enrolments", ("centre_staff", *OFFICIALS, "admin")),
          ("POST", "rosters", ("centre_staff", "admin")),
          ("POST", "sessions", ("centre_staff",)),
          ("PUT", "sessions/<int:session_id>/attendance", ("centre_staff", "admin")),
          ("POST", "status", ("centre_staff", "admin")),
          ("POST", "waiting-list/admit", ("centre_staff", "admin")),
      )),
    Row("POST", f"{V1}/cohorts/<int:cohort_id>/enrolments", ("worker",), obj="cohort", foreign={"worker": "ok"}),
    Row("POST", f"{V1}/cohorts/<int:cohort_id>/reservations", ("employer_staff", "admin"), obj="cohort",
        foreign={"employer_staff": "ok", "admin": "ok"}),
    Row("POST", f"{V1}/enrolments/<int:enrolment_id>/accept", ("centre_staff", "admin"), obj="enrolment",
        foreign={"admin": "ok"}),
    Row("POST", f"{V1}/enrolments/<int:enrolment_id>/reject", ("centre_staff", "admin"), obj="enrolment",
        foreign={"admin": "ok"}),
    Row("POST", f"{V1}/enrolments/<int:enrolment_id>/confirm", ("worker",), obj="enrolment"),
    Row("POST", f"{V1}/enrolments/<int:enrolment_id>/withdraw", ("worker",), obj="enrolment"),
    Row("GET", f"{V1}/rosters/<int:upload_id>", ("centre_staff", *OFFICIALS, "admin"), obj="missing"),
    Row("GET", f"{V1}/followups/due", ("centre_staff", *OFFICIALS, "admin")),
    Row("GET", f"{V1}/placements/<int:placement_id>/followups", ("centre_staff", *OFFICIALS, "admin"),
        obj="placement", foreign=OK_WIDE, own={"centre_staff": "404"}),  # a centre's own: its trainees' placements
    Row("PUT", f"{V1}/placements/<int:placement_id>/followups/<int:month>", ("centre_staff", *OFFICIALS, "admin"),
        obj="placement", foreign=OK_WIDE, own={"centre_staff": "404"}),
    Row("GET", f"{V1}/training/funnel", ("centre_staff", *OFFICIALS, "admin")),
    # statistics, targets, approvals, placements, exports: officials (in scope) and admins
    Row("POST", f"{V1}/placements", OFFICIALS),
    Row("GET", f"{V1}/placements", (*OFFICIALS, "admin")),
    Row("GET", f"{V1}/stats/figures", (*OFFICIALS, "admin")),
    Row("GET", f"{V1}/stats/trend", (*OFFICIALS, "admin")),
    Row("GET", f"{V1}/stats/zero-employment-households", (*OFFICIALS, "admin")),
    Row("GET", f"{V1}/stats/charts/progress.svg", (*OFFICIALS, "admin")),
    Row("GET", f"{V1}/stats/charts/trend.svg", (*OFFICIALS, "admin")),
    Row("POST", f"{V1}/stats/refresh", ("admin",)),
    Row("GET", f"{V1}/targets", (*OFFICIALS, "admin")),
    Row("PUT", f"{V1}/targets", (*OFFICIALS, "admin")),
    Row("GET", f"{V1}/approvals", (*OFFICIALS, "admin")),
    Row("POST", f"{V1}/approvals", OFFICIALS),
    Row("GET", f"{V1}/approvals/<int:report_id>", (*OFFICIALS, "admin"), obj="missing"),
    *(Row("POST", f"{V1}/approvals/<int:report_id>/{action}", OFFICIALS, obj="missing")
      for action in ("accept", "approve", "corrections", "return")),
    Row("POST", f"{V1}/exports", (*OFFICIALS, "admin")),
    Row("GET", f"{V1}/exports/<int:export_id>", (*OFFICIALS, "admin"), obj="export", foreign={"admin": "ok"}),
    Row("GET", f"{V1}/exports/<int:export_id>/file", (*OFFICIALS, "admin"), obj="export", foreign={"admin": "ok"}),
    # matching (api/matching): recommendations, ranked candidates, the daily batch (region and admins only)
    Row("GET", f"{V1}/me/recommendations", ("worker",)),
    Row("GET", f"{V1}/me/cohort-recommendations", ("worker",)),
    Row("GET", f"{V1}/positions/<int:position_id>/candidates", ("employer_staff", *OFFICIALS, "admin"),
        obj="position", foreign=OK_WIDE),
    Row("POST", f"{V1}/matching/runs", (*OFFICIALS, "admin"),
        own={"official_county": "403", "official_prefecture": "403"}),
    Row("GET", f"{V1}/matching/runs/<task_id>/report", (*OFFICIALS, "admin"), obj="missing"),
    # aid-Tibet recruitment drives (api/drives): open drives are public; officials in scope and admins manage
    Row("GET", f"{V1}/drives", PUBLIC),
    Row("POST", f"{V1}/drives", (*OFFICIALS, "admin")),
    Row("GET", f"{V1}/drives/<int:drive_id>", PUBLIC, obj="drive", foreign=PUBLIC_OBJECT),
    *(Row(method, f"{V1}/drives/<int:drive_id>{tail}", (*OFFICIALS, "admin"), obj="drive",
          foreign={**_all("denied", ("official_county", "official_prefecture")), **OK_WIDE})
      for method, tail in (("PATCH", ""), ("POST", "/status"))),
    # organised labour export (api/labour_export): officials of the organising area; admins read
    Row("POST", f"{V1}/export-batches", OFFICIALS),
    Row("GET", f"{V1}/export-batches", (*OFFICIALS, "admin")),
    Row("GET", f"{V1}/export-batches/organised-share", (*OFFICIALS, "admin")),
    Row("GET", f"{V1}/export-batches/<int:batch_id>", (*OFFICIALS, "admin"), obj="export_batch", foreign=OK_WIDE),
    *(Row(method, f"{V1}/export-batches/<int:batch_id>{tail}", OFFICIALS, obj="export_batch",
          foreign={"official_region": "ok"})
      for method, tail in (("PATCH", ""), ("POST", "/departure"), ("POST", "/arrival"), ("POST", "/cancel"),
                           ("PUT", "/workers/<int:person_id>/subsidy"), ("PUT", "/retention/<int:month>"))),
    # wage confirmation (api/wages): workers report their own months; employer staff settle their employer's
    # arrears; officials (in scope, by the worker's household) and admins read arrears and totals
    Row("GET", f"{V1}/me/wages", ("worker",)),
    Row("POST", f"{V1}/me/wages", ("worker",)),
    Row("GET", f"{V1}/wage-arrears", ("employer_staff", *OFFICIALS, "admin"),
        fields=("phone", "phone_masked", "id_number", "id_number_masked", "household_status")),
    Row("GET", f"{V1}/wage-arrears/summary", (*OFFICIALS, "admin")),
    Row("POST", f"{V1}/wage-arrears/<int:report_id>/settle", ("employer_staff",), obj="wage_report"),
    # ecological-protection posts (api/ecoposts): officials of the post's county or above and admins manage;
    # the holder records duties and sees their payments under /me/eco-post
    Row("GET", f"{V1}/eco-posts", (*OFFICIALS, "admin")),
    Row("POST", f"{V1}/eco-posts", (*OFFICIALS, "admin")),
    *(Row(method, f"{V1}/eco-posts/<int:post_id>{tail}", (*OFFICIALS, "admin"), obj="eco_post", foreign=OK_WIDE)
      for method, tail in (("GET", ""), ("PATCH", ""), ("GET", "/assignments"), ("POST", "/assignments"),
                           ("POST", "/replacement"))),
    *(Row(method, f"{V1}/eco-assignments/<int:assignment_id>{tail}", (*OFFICIALS, "admin"), obj="eco_assignment",
          foreign=OK_WIDE)
      for method, tail in (("GET", ""), ("POST", "/end"), ("GET", "/duties"), ("POST", "/duties"),
                           ("GET", "/appraisals"), ("POST", "/appraisals"), ("POST", "/payments"))),
    Row("GET", f"{V1}/eco-payments", (*OFFICIALS, "admin")),
    Row("POST", f"{V1}/eco-payments/<int:payment_id>/paid", (*OFFICIALS, "admin"), obj="eco_payment",
        foreign=OK_WIDE),
    Row("GET", f"{V1}/me/eco-post", ("worker",)),
    Row("POST", f"{V1}/me/eco-post/duties", ("worker",)),
    # work-for-relief projects (api/relief): officials of the project's county or above create and edit them;
    # its contractor's staff read it, record remuneration and register fleets; admins read
    Row("GET", f"{V1}/relief-projects", ("employer_staff", *OFFICIALS, "admin")),
    Row("POST", f"{V1}/relief-projects", OFFICIALS),
    Row("GET", f"{V1}/relief-projects/compliance", (*OFFICIALS, "admin")),
    *(Row(method, f"{V1}/relief-projects/<int:project_id>{tail}", roles, obj="relief_project",
          foreign={"official_region": "ok", **({"admin": "ok"} if "admin" in roles else {})})
      for method, tail, roles in (
          ("GET", "", ("employer_staff", *OFFICIALS, "admin")),
          ("PATCH", "", OFFICIALS),
          ("GET", "/remuneration", ("employer_staff", *OFFICIALS, "admin")),
          ("PUT", "/remuneration", ("employer_staff", *OFFICIALS)),
          ("GET", "/fleets", ("employer_staff", *OFFICIALS, "admin")),
          ("POST", "/fleets", ("employer_staff", *OFFICIALS)),
      )),
    # the audit log of sensitive reads and exports (labour/audit): administrators only, read-only
    Row("GET", f"{V1}/audit-events", ("admin",)),
    # background tasks: their owner and admins
    Row("GET", f"{V1}/tasks/<task_id>", LOGGED_IN, obj="missing"),
    Row("DELETE", f"{V1}/tasks/<task_id>", LOGGED_IN, obj="missing"),
)


def cells() -> int:
    """Endpoint × role combinations checked (each with its own object, and a foreign one where there is one)."""
    return len(MATRIX) * len(ROLES)
