import pytest

from .oidc_provider import CraftedIssuer, RealProvider

# The test client's host: the callbacks the real provider accepts (provider ids restart with each test).
TEST_CLIENT_CALLBACKS = [f"http://localhost/sso/{n}/callback" for n in range(1, 21)]


@pytest.fixture(scope="session")
def real_provider():
    provider = RealProvider(TEST_CLIENT_CALLBACKS)
    yield provider
    provider.stop()


@pytest.fixture(scope="session")
def crafted_issuer():
    issuer = CraftedIssuer()
    yield issuer
    issuer.stop()
