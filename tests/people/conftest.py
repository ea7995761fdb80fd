"""People fixtures: ID numbers with a correct check character, households, persons, logged-in actors."""
import pytest

# GB 11643-1999 table of weights and check characters, copied from the standard (not computed by the code
# under test), so a wrong implementation cannot agree with itself.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECKS = "10X98765432"


def with_check(base17: str) -> str:
    return base17 + CHECKS[sum(int(d) * w for d, w in zip(base17, WEIGHTS)) % 11]


@pytest.fixture
def id_number():
    """``id_number("54010219900307123")`` → the 18-character number with its check character."""
    return with_check


@pytest.fixture
def admin(make_user):
    return make_user("admin")


@pytest.fixture
def household(app, admin):
    from labour.people import services

    def make(county="540102", *, status="other", township="Town", village="Village"):
        with app.app_context():
            return services.household_create(actor=admin, registered_county_code=county, township=township,
                                             village=village, status=status).id

    return make


@pytest.fixture
def person(app, admin, household):
    """Create a person (in a new household of ``county`` unless ``household_id`` is given); returns its id."""
    from labour.people import services

    def make(county="540102", *, status="other", household_id=None, name="Tashi", **fields):
        with app.app_context():
            hid = household_id or household(county, status=status)
            return services.person_create(actor=admin, name=name, household_id=hid, **fields).id

    return make


@pytest.fixture
def worker(make_user, login_client):
    """A registered worker and a client logged in as them: ``user, client = worker()``."""

    def make(**kwargs):
        user = make_user("worker", **kwargs)
        return user, login_client(user)

    return make


@pytest.fixture
def official(make_user, login_client):
    """A client logged in as an official of ``division_code``."""

    def make(division_code):
        return login_client(make_user("official", division_code=division_code))

    return make
