"""The local services some tests reach: a free port to listen on, and Redis.

One copy of each, for the test modules that start servers or talk to Redis (the job worker, the
deployment and two-process tests, the SMTP and sign-in provider stand-ins).
"""
import os
import socket

import pytest

REDIS_URL = "redis://127.0.0.1:6379/0"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def reachable_redis():
    """A client for REDIS_URL; skips the test when Redis is not there (fails it in CI)."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {REDIS_URL} in CI: {error}")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {error}")
    return client
