import pytest

from tests.jobs.kinds import TEST_KINDS
from tracker.jobs.runner import KINDS


@pytest.fixture(autouse=True)
def test_kinds(monkeypatch):
    for name, kind in TEST_KINDS.items():
        monkeypatch.setitem(KINDS, name, kind)
