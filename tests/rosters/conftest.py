"""Training fixtures (see tests/training.py)."""
from tests.training import *  # noqa: F401,F403
