"""A small world shared by the security tests: one user per role, and for each object kind an object of
"side A" (the callers' own, in Seni District 540602 of Nagqu) and one of "side B" (foreign, in Lhasa's
Chengguan district 540102). Built once per module through the real services; the tests here only ever
read it or send requests that fail validation or change a state the next request also tolerates."""
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from labour.db import db

OFFICIAL_DIVISIONS = {"official_county": "540602", "official_prefecture": "540600", "official_region": "540000"}
PASSWORD = "correct horse"


@dataclass
class World:
    users: dict = field(default_factory=dict)  # role -> User (detached)
    objects: dict = field(default_factory=dict)  # kind -> {"A": id, "B": id, role: id for per-user objects}

    def own(self, kind, role):
        ids = self.objects.get(kind, {})
        return ids.get(role, ids.get("A"))

    def foreign(self, kind):
        return self.objects.get(kind, {}).get("B")


def _truncate():
    from tests.conftest import REFERENCE_TABLES

    db.session.rollback()
    tables = [t.name for t in db.metadata.sorted_tables if t.name not in REFERENCE_TABLES]
    db.session.execute(sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    db.session.commit()


@pytest.fixture(autouse=True)
def _clean_tables(request, app):
    """Tests on the shared ``world`` keep it for the whole module (it is emptied when the module ends);
    the others are cleaned up after each test as everywhere else."""
    yield
    if "world" not in request.fixturenames:
        with app.app_context():
            _truncate()


def build_world() -> World:
    from labour.accounts import services as accounts
    from labour.accounts.models import User
    from labour.applications.services import application_submit
    from labour.centres.services import centre_create, centre_vet
    from labour.cohorts.services import cohort_create, cohort_transition
    from labour.employers.services import employer_create, employer_vet
    from labour.enrolments.services import enrolment_apply
    from labour.exports.services import export_request
    from labour.notifications.services import notification_add
    from labour.people.models import Household
    from labour.people.services import household_create, person_create
    from labour.placements.services import placement_record
    from labour.positions.services import position_create, position_publish

    world = World()
    admin = User(role="admin", username="root", display_name="Root",
                 password_hash=accounts.runtime().passwords.hash(PASSWORD))
    db.session.add(admin)
    db.session.commit()
    world.users["admin"] = admin
    today = date.today()
    objects = world.objects

    def staff(role, name, **kw):
        return accounts.staff_create(actor=admin, role=role, username=name, password=PASSWORD, display_name=name,
                                     **kw)

    for role, code in OFFICIAL_DIVISIONS.items():
        world.users[role] = staff("official", role, division_code=code)
    other_official = staff("official", "lhasa_official", division_code="540102")

    def worker(phone, county):
        user = accounts.worker_register(phone=phone, password=PASSWORD, name=f"Worker {phone}")
        from labour.people.models import Person

        person = db.session.get(Person, user.person_id)
        person.household = Household(registered_county_code=county, status="poverty_alleviated")
        person.birth_date, person.education = date(2000, 3, 1), "junior_secondary"
        db.session.commit()
        return user

    world.users["worker"] = worker("13900000001", "540602")
    foreign_worker = worker("13900000002", "540102")

    employers = {side: employer_create(actor=admin, name=f"Employer {side}", kind="private_firm", division_code=code)
                 for side, code in (("A", "540602"), ("B", "540102"))}
    for employer in employers.values():
        employer_vet(actor=admin, employer_id=employer.id, decision="vetted")
    objects["employer"] = {side: e.id for side, e in employers.items()}
    world.users["employer_staff"] = staff("employer_staff", "employer_a", employer_id=employers["A"].id)
    staff_b = staff("employer_staff", "employer_b", employer_id=employers["B"].id)

    positions = {}
    for side, actor, code in (("A", world.users["employer_staff"], "540602"), ("B", staff_b, "540102")):
        position = position_create(actor=actor, title=f"Builder {side}", occupation_code="factory_worker",
                                   kind="general", workplace_code=code, headcount=5, wage_min="4000",
                                   wage_max="5200", deadline=today + timedelta(days=60))
        position_publish(actor=actor, position_id=position.id)
        positions[side] = position.id
    objects["position"] = positions
    objects["application"] = {
        "A": application_submit(actor=world.users["worker"], position_id=positions["A"]).id,
        "B": application_submit(actor=foreign_worker, position_id=positions["B"]).id,
    }

    centres, cohorts, sessions, centre_users = {}, {}, {}, {}
    for side, code in (("A", "540602"), ("B", "540102")):
        centre = centre_create(actor=admin, name=f"Centre {side}", county_code=code)
        centre_vet(actor=admin, centre_id=centre.id, decision="vetted")
        centres[side] = centre.id
        centre_users[side] = staff("centre_staff", f"centre_{side.lower()}", centre_id=centre.id)
        cohort = cohort_create(
            actor=centre_users[side], title=f"Cohort {side}", occupation_code="factory_worker", mode="commissioned",
            county_code=code, start_date=today + timedelta(days=10), end_date=today + timedelta(days=40),
            capacity=10, language="bo", subsidy_per_trainee="1200", commissioner_kind="department",
            commissioner_name="Human Resources Bureau",
            sessions=[{"held_on": today + timedelta(days=10), "topic": "Lesson 1"}])
        cohort_transition(actor=centre_users[side], cohort_id=cohort.id, status="open")
        cohorts[side] = cohort.id
        sessions[side] = cohort.sessions[0].id
    world.users["centre_staff"] = centre_users["A"]
    objects.update(centre=centres, cohort=cohorts, session=sessions)
    objects["enrolment"] = {
        "A": enrolment_apply(actor=world.users["worker"], cohort_id=cohorts["A"]).id,
        "B": enrolment_apply(actor=foreign_worker, cohort_id=cohorts["B"]).id,
    }

    households, persons = {}, {}
    for side, code in (("A", "540602"), ("B", "540102")):
        household = household_create(actor=admin, registered_county_code=code, status="poverty_alleviated")
        households[side] = household.id
        persons[side] = person_create(actor=admin, name=f"Person {side}", household_id=household.id,
                                      phone="13800000000").id
    objects.update(household=households, person=persons)
    objects["placement"] = {
        side: placement_record(actor=world.users["official_region"], person_id=persons[side], channel="aid_tibet",
                               workplace_code="330000", start_date=today - timedelta(days=40),
                               evidence_note="labour contract seen").id
        for side in ("A", "B")}
    _drives_and_batches(world, admin=admin, staff={"A": world.users["employer_staff"], "B": staff_b},
                        officials={"A": world.users["official_county"], "B": other_official}, persons=persons,
                        today=today)
    _wage_reports(world, workers={"A": world.users["worker"], "B": foreign_worker}, today=today)
    _eco_posts(world, admin=admin, holders={"A": world.users["worker"], "B": foreign_worker}, today=today)
    _relief_projects(world, staff={"A": world.users["employer_staff"], "B": staff_b},
                     officials={"A": world.users["official_county"], "B": other_official}, today=today)

    notifications = {}
    for role, user in world.users.items():
        notifications[role] = notification_add(event="application_status_changed", recipient_id=user.id,
                                               subject=f"test:{role}", params={"status": "offered", "position": "Builder"}).id
    notifications["B"] = notification_add(event="application_status_changed", recipient_id=foreign_worker.id,
                                          subject="test:B", params={"status": "offered", "position": "Builder"}).id
    notifications["A"] = notifications["worker"]
    objects["notification"] = notifications
    db.session.commit()

    exports = {role: export_request(actor=world.users[role], division_code=None, year=today.year, month=None,
                                    format="csv", locale="en").id
               for role in (*OFFICIAL_DIVISIONS, "admin")}
    exports["B"] = export_request(actor=other_official, division_code=None, year=today.year, month=None,
                                  format="csv", locale="en").id
    exports["A"] = exports["official_county"]
    objects["export"] = exports
    for user in world.users.values():
        db.session.refresh(user)
        db.session.expunge(user)
    return world


def _drives_and_batches(world, *, admin, staff, officials, persons, today):
    """Aid-Tibet recruitment drives (open, public) and organised-export batches (planned) of sides A and B."""
    from labour.divisions.models import AidPartner
    from labour.drives.services import drive_create, drive_transition
    from labour.labour_export.services import batch_create
    from labour.positions.services import position_create, position_publish

    partner = db.session.scalar(sa.select(AidPartner.id).order_by(AidPartner.id))
    drives, batches = {}, {}
    for side, code in (("A", "540602"), ("B", "540102")):
        position = position_create(actor=staff[side], title=f"Aid-Tibet {side}", occupation_code="factory_worker",
                                   kind="aid_tibet", aid_partner_id=partner, workplace_code="330000", headcount=5,
                                   wage_min="4000", wage_max="5200", deadline=today + timedelta(days=60))
        position_publish(actor=staff[side], position_id=position.id)
        drive = drive_create(actor=admin, name=f"Drive {side}", aid_partner_id=partner, division_code=code,
                             start_date=today, end_date=today + timedelta(days=60),
                             quotas=[{"county_code": code, "quota": 3}], position_ids=[position.id])
        drives[side] = drive_transition(actor=admin, drive_id=drive.id, status="open").id
        batches[side] = batch_create(actor=officials[side], destination_code="330000", escort_name=f"Escort {side}",
                                     escort_phone="13700000000", travel_date=today + timedelta(days=5),
                                     workers=[{"person_id": persons[side], "travel_subsidy": "300"}]).id
    world.objects.update(drive=drives, export_batch=batches)


def _relief_projects(world, *, staff, officials, today):
    """Running work-for-relief projects of sides A and B (contracted by employers A and B), each with a fleet."""
    from labour.relief.services import fleet_add, project_create, project_update

    projects = {}
    for side, code in (("A", "540602"), ("B", "540102")):
        start = today.replace(day=1)
        project = project_create(actor=officials[side], name=f"Relief road {side}", county_code=code,
                                 start_month=start, planned_end_month=start.replace(year=start.year + 1),
                                 funds={"central": "100000"}, contractor_id=staff[side].employer_id)
        project_update(actor=officials[side], project_id=project.id, status="running")
        fleet_add(actor=staff[side], project_id=project.id, owner_name=f"Fleet {side}", village_code=code + "100100",
                  vehicle_kind="dump_truck", vehicle_count=2, phone="13700000000")
        projects[side] = project.id
    world.objects["relief_project"] = projects


def _wage_reports(world, *, workers, today):
    """Arrears reported by side A's worker against employer A, and by side B's worker against employer B."""
    from labour.placements.services import placement_record
    from labour.wages.services import previous_month, wage_report_submit

    reports = {}
    for side, user in workers.items():
        placement = placement_record(actor=world.users["official_region"], person_id=user.person_id,
                                     channel="self_found", workplace_code="540102",
                                     employer_id=world.objects["employer"][side],
                                     start_date=today - timedelta(days=70), evidence_note="labour contract seen")
        reports[side] = wage_report_submit(actor=user, placement_id=placement.id,
                                           month=previous_month(today).strftime("%Y-%m"), status="arrears",
                                           amount_owed="500", today=today)[0].id
    world.objects["wage_report"] = reports


def _eco_posts(world, *, admin, holders, today):
    """Ecological-protection posts of sides A and B held by the two workers since last January, with an
    appraisal and a due payment for that January."""
    from labour.ecoposts.services import appraisal_create, assignment_create, payment_generate, post_create

    posts, assignments, payments = {}, {}, {}
    period = f"{today.year - 1}-01"
    for side, code in (("A", "540602"), ("B", "540102")):
        post = post_create(actor=admin, post_type="grassland", division_code=code, title=f"Grassland {side}",
                           base_payment="1000", appraisal_period="monthly")
        assignment = assignment_create(actor=admin, post_id=post.id, person_id=holders[side].person_id,
                                       start_date=date(today.year - 1, 1, 10))
        appraisal_create(actor=admin, assignment_id=assignment.id, period=period, score=80)
        posts[side], assignments[side] = post.id, assignment.id
        payments[side] = payment_generate(actor=admin, assignment_id=assignment.id, period=period).id
    world.objects.update(eco_post=posts, eco_assignment=assignments, eco_payment=payments)

@pytest.fixture(scope="module")
def world(app):
    with app.app_context():
        _truncate()
        built = build_world()
    yield built
    with app.app_context():
        _truncate()


@pytest.fixture
def token_for(app, world):
    """A fresh bearer token for ``role`` (None for anonymous): logging out in one test cannot spoil the next."""
    from labour.accounts import services

    def make(role):
        if role == "anonymous":
            return None
        user = world.users[role]
        with app.app_context():
            _, token = services.login(login=user.phone or user.username, password=PASSWORD, kind="bearer")
        return token

    return make
