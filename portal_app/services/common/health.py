"""Liveness facts for /api/health: can we reach the database (and Redis, when configured)?"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Engine


def database_ok(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        return False
    return True


def redis_ok(redis_url: str) -> bool:
    import redis

    try:
        client = redis.Redis.from_url(redis_url, socket_timeout=2, socket_connect_timeout=2)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:
        return False
