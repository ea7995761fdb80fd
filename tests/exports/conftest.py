"""Official-statistics fixtures (see tests/officials.py)."""
from tests.officials import *  # noqa: F401,F403
