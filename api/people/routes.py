from flask_smorest import Blueprint

from api.auth import login_required
from api.idempotency import idempotent
from api.people.schemas import (CertificateInSchema, CertificateSchema, HouseholdArgs, HouseholdCreateSchema,
                                HouseholdDetailSchema, HouseholdPage, HouseholdUpdateSchema, IdNumberSchema,
                                PersonArgs, PersonCreateSchema, PersonGetArgs, PersonPage, PersonSchema,
                                PersonUpdateSchema, ProfileUpdateSchema, SkillInSchema, SkillSchema,
                                StaffPersonSchema)
from labour.people import selectors, services

blp = Blueprint("people", __name__, url_prefix="/api/v1",
                description="Persons, households, skills and certificates. Staff see ID numbers and phones masked; "
                            "the full values only with a reason, audit-logged (`reveal`).")

STAFF = ("official", "admin")


# --- the worker's own profile -------------------------------------------------------------------------------

@blp.route("/me/profile")
@blp.response(200, PersonSchema)
@login_required("worker")
def profile_get(user):
    """The worker's own person record (ID number masked)."""
    return selectors.profile_get(user=user)


@blp.route("/me/profile", methods=["PATCH"])
@blp.arguments(ProfileUpdateSchema)
@blp.response(200, PersonSchema)
@login_required("worker")
def profile_update(data, user):
    """Edit one's own profile. Giving a county creates one's household; its status is set by officials."""
    return services.profile_update(user=user, **data)


@blp.route("/me/profile/id-number", methods=["PUT"])
@blp.arguments(IdNumberSchema)
@blp.response(200, PersonSchema)
@login_required("worker")
def profile_id_number(data, user):
    """Set one's own resident ID number. 422 names the broken rule; 409 when another person holds it."""
    return services.id_number_set(actor=user, person_id=user.person_id, id_number=data["id_number"])


@blp.route("/me/profile/skills", methods=["POST"])
@blp.arguments(SkillInSchema)
@blp.response(201, SkillSchema)
@login_required("worker")
def profile_skill_set(data, user):
    """Add a skill from the occupation list, or change its years of experience."""
    return services.skill_set(actor=user, person_id=user.person_id, **data)


@blp.route("/me/profile/skills/<code>", methods=["DELETE"])
@blp.response(204)
@login_required("worker")
def profile_skill_remove(code, user):
    services.skill_remove(actor=user, person_id=user.person_id, occupation_code=code)


@blp.route("/me/profile/certificates", methods=["POST"])
@idempotent
@blp.arguments(CertificateInSchema)
@blp.response(201, CertificateSchema)
@login_required("worker")
def profile_certificate_add(data, user):
    """Add a vocational skill certificate; 409 when that certificate number is already registered."""
    return services.certificate_add(actor=user, person_id=user.person_id, **data)


@blp.route("/me/profile/certificates/<int:certificate_id>", methods=["DELETE"])
@blp.response(204)
@login_required("worker")
def profile_certificate_remove(certificate_id, user):
    services.certificate_remove(actor=user, person_id=user.person_id, certificate_id=certificate_id)


# --- households (officials in scope, admins) -----------------------------------------------------------------

@blp.route("/households")
@blp.arguments(HouseholdArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, HouseholdPage)
@login_required(*STAFF)
def household_list(args, user):
    """Households of the official's area."""
    args.pop("lang", None)
    return selectors.household_list(user=user, **args)


@blp.route("/households", methods=["POST"])
@idempotent
@blp.arguments(HouseholdCreateSchema)
@blp.response(201, HouseholdDetailSchema)
@login_required(*STAFF)
def household_create(data, user):
    """Record a household in a county of one's area (403 outside it)."""
    return services.household_create(actor=user, **data)


@blp.route("/households/<int:household_id>")
@blp.response(200, HouseholdDetailSchema)
@login_required(*STAFF)
def household_get(household_id, user):
    """A household and its members; 404 when it is outside one's area."""
    return selectors.household_get(user=user, household_id=household_id)


@blp.route("/households/<int:household_id>", methods=["PATCH"])
@blp.arguments(HouseholdUpdateSchema)
@blp.response(200, HouseholdDetailSchema)
@login_required(*STAFF)
def household_update(data, household_id, user):
    """Change the location or the status (poverty-alleviated, monitored, other) of a household."""
    return services.household_update(actor=user, household_id=household_id, **data)


# --- persons (officials in scope, admins) --------------------------------------------------------------------

@blp.route("/persons")
@blp.arguments(PersonArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, PersonPage)
@login_required(*STAFF)
def person_list(args, user):
    """Persons of the official's area; filter by county, household status, school leavers and name."""
    args.pop("lang", None)
    return selectors.person_list(user=user, **args)


@blp.route("/persons", methods=["POST"])
@idempotent
@blp.arguments(PersonCreateSchema)
@blp.response(201, StaffPersonSchema)
@login_required(*STAFF)
def person_create(data, user):
    """Record a person in a household of one's area, optionally with the ID number."""
    return services.person_create(actor=user, **data)


@blp.route("/persons/<int:person_id>")
@blp.arguments(PersonGetArgs, location="query", error_status_code=400, unknown="raise")
@blp.response(200, StaffPersonSchema)
@login_required(*STAFF)
def person_get(args, person_id, user):
    """A person of one's area (phone masked, age instead of birth date); 404 when outside it.

    `?reveal=id_number,phone,birth_date&reason=…` shows those fields in clear under `revealed`: the reason is
    required (422 naming `reason`), and the read is written to the audit log with who, what, when and why."""
    if "reveal" in args:
        revealed = services.person_reveal(actor=user, person_id=person_id, fields=args["reveal"],
                                          reason=args.get("reason"))
        return revealed, {"Cache-Control": "private, no-store"}
    return selectors.person_get(user=user, person_id=person_id)


@blp.route("/persons/<int:person_id>", methods=["PATCH"])
@blp.arguments(PersonUpdateSchema)
@blp.response(200, StaffPersonSchema)
@login_required(*STAFF)
def person_update(data, person_id, user):
    return services.person_update(actor=user, person_id=person_id, **data)


@blp.route("/persons/<int:person_id>/id-number", methods=["PUT"])
@blp.arguments(IdNumberSchema)
@blp.response(200, StaffPersonSchema)
@login_required(*STAFF)
def person_id_number(data, person_id, user):
    """Set or correct a person's resident ID number."""
    return services.id_number_set(actor=user, person_id=person_id, id_number=data["id_number"])
