"""The Redis cache backend: Django's, with one redis-py client per pool."""

import uuid

import pytest
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from config.redis_cache import RedisCache

pytestmark = pytest.mark.redis


@pytest.fixture
def cache(redis_url):
    backend = RedisCache(redis_url, {"KEY_PREFIX": f"test-client-{uuid.uuid4().hex}"})
    yield backend
    backend.delete_many(["page", "other"])


def test_it_stores_and_reads_as_djangos_does(cache):
    cache.set("page", b"\x1f\x8b compressed", 30)

    assert cache.get_many(["page", "other"]) == {"page": b"\x1f\x8b compressed"}
    assert isinstance(cache, DjangoRedisCache)


def test_every_call_reuses_one_client(cache):
    cache.get("page")

    assert cache._cache.get_client() is cache._cache.get_client(write=True)
