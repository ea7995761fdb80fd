"""A small demo data set for the embedded default: a newcomer can browse and apply at once.

Everything goes through the real services, so the demo also shows how the domain is driven.
Loaded by ``flask seed demo``; a second run changes nothing. Never for production (the CLI refuses).
"""
from datetime import date, timedelta

import sqlalchemy as sa

from labour.accounts import services as accounts
from labour.accounts.models import User
from labour.applications.services import application_submit
from labour.db import atomic, db
from labour.divisions.models import AidPartner
from labour.employers.services import employer_create, employer_vet
from labour.people import services as people
from labour.positions.services import position_create, position_publish
from labour.runtime import runtime

PASSWORD = "demo-pass-2022"

OFFICIALS = [("region", "自治区人社厅 Region", "540000"), ("nagqu", "那曲市人社局 Nagqu", "540600"),
             ("seni", "色尼区人社局 Seni", "540602")]
EMPLOYERS = [
    # username, name, kind, registered division, aid partner (zh name)
    ("zhejiang", "浙江建工集团援藏项目部", "aid_partner_enterprise", "330000", "浙江省"),
    ("seni-build", "那曲市色尼区城建工程有限公司", "local_contractor", "540602", None),
    ("lhasa-clean", "拉萨市城关区环卫服务中心", "public_employer", "540102", None),
    ("lulang-hotel", "林芝鲁朗旅游酒店", "private_firm", "540402", None),
]
POSITIONS = [
    # employer, title, occupation, kind, workplace, headcount, wage min, wage max, housing, meals, priority groups
    ("zhejiang", "援藏电工（杭州项目）", "electrician", "aid_tibet", "330000", 20, 5500, 7500, True, True,
     ["poverty_alleviated", "school_leaver"]),
    ("zhejiang", "援藏焊工（宁波船厂）", "welder", "aid_tibet", "330000", 15, 6000, 8500, True, True,
     ["poverty_alleviated"]),
    ("zhejiang", "工厂普工（两后生定向）", "factory_worker", "aid_tibet", "330000", 40, 4200, 5200, True, True,
     ["school_leaver"]),
    ("seni-build", "色尼区安居工程泥瓦工", "mason", "local_project", "540602", 12, 4500, 6000, False, True,
     ["monitored", "poverty_alleviated"]),
    ("seni-build", "工程机械操作员", "machinery_operator", "local_project", "540602", 4, 6500, 8000, False, True, []),
    ("seni-build", "以工代赈道路养护", "construction_worker", "work_for_relief", "540621", 30, 3500, 4200, False,
     False, ["monitored", "poverty_alleviated"]),
    ("lhasa-clean", "城关区环卫保洁员", "cleaner", "general", "540102", 10, 3200, 3800, False, True, []),
    ("lhasa-clean", "拉萨河湿地管护员", "grassland_warden", "eco_post", "540102", 6, 3000, 3500, False, False,
     ["poverty_alleviated"]),
    ("lulang-hotel", "酒店厨师", "cook", "general", "540402", 3, 5000, 7000, True, True, []),
    ("lulang-hotel", "客房服务员", "hotel_service", "general", "540402", 8, 3600, 4500, True, True,
     ["school_leaver"]),
]
WORKERS = [
    # phone, name, county, township, village, status (set by the county official), education, skills
    ("13900000001", "次仁多吉", "540602", "罗玛镇", "达前村", "poverty_alleviated", "junior_secondary",
     [("electrician", 2)]),
    ("13900000002", "卓玛", "540602", "那曲镇", "嘎尔德村", "monitored", "senior_secondary", [("cook", 1)]),
    ("13900000003", "扎西", "540102", "蔡公堂乡", "白定村", "other", "vocational_secondary", [("welder", 3)]),
]


def demo_seed(*, today: date | None = None) -> dict:
    today = today or date.today()
    if db.session.scalar(sa.select(sa.func.count()).where(User.username == "admin")):
        return {"loaded": False, "reason": "already loaded"}
    with atomic():
        admin = User(role="admin", username="admin", display_name="Administrator",
                     password_hash=runtime().passwords.hash(PASSWORD))
        db.session.add(admin)
    officials = {username: accounts.staff_create(actor=admin, role="official", username=username,
                                                 display_name=name, password=PASSWORD, division_code=code)
                 for username, name, code in OFFICIALS}
    staff = {}
    for username, name, kind, division, partner in EMPLOYERS:
        partner_id = db.session.scalar(sa.select(AidPartner.id).where(AidPartner.name_zh == partner)) if partner \
            else None
        employer = employer_create(actor=admin, name=name, kind=kind, division_code=division,
                                   aid_partner_id=partner_id)
        employer_vet(actor=admin, employer_id=employer.id, decision="vetted")
        staff[username] = accounts.staff_create(actor=admin, role="employer_staff", username=username,
                                                display_name=name, password=PASSWORD, employer_id=employer.id)
    positions = []
    for i, (owner, title, occupation, kind, workplace, headcount, low, high, housing, meals, groups) in \
            enumerate(POSITIONS):
        position = position_create(
            actor=staff[owner], title=title, occupation_code=occupation, kind=kind, workplace_code=workplace,
            headcount=headcount, wage_min=low, wage_max=high, housing=housing, meals=meals,
            description="包食宿，签订劳动合同，缴纳社会保险。" if housing else "签订劳动合同，按月足额发放工资。",
            min_age=16, max_age=55, priority_groups=groups, required_languages=[],
            start_date=today + timedelta(days=14 + i), deadline=today + timedelta(days=45 + 3 * i), today=today)
        positions.append(position_publish(actor=staff[owner], position_id=position.id, today=today))
    county_official = officials["seni"]
    for phone, name, county, township, village, status, education, skills in WORKERS:
        user = accounts.worker_register(phone=phone, password=PASSWORD, name=name, locale="bo")
        person = people.profile_update(user=user, education=education, in_study=False, languages=["bo", "zh"],
                                       willing_outside_tibet=True, registered_county_code=county,
                                       township=township, village=village)
        # The household status is the county official's to set, never the worker's.
        official = county_official if county.startswith("5406") else admin
        people.household_update(actor=official, household_id=person.household_id, status=status)
        for occupation, years in skills:
            people.skill_set(actor=user, person_id=user.person_id, occupation_code=occupation, years=years)
    first = db.session.scalar(sa.select(User).where(User.phone == WORKERS[0][0]))
    application_submit(actor=first, position_id=positions[0].id, note="我有两年电工经验。", today=today)
    return {"loaded": True, "officials": len(officials), "employers": len(staff), "positions": len(positions),
            "workers": len(WORKERS), "password": PASSWORD}
