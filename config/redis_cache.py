"""Django's Redis cache, with one redis-py client per connection pool.

Django makes a new `redis.Redis` for every cache call, and making one fills its
table of response callbacks: for the page cache's one small read per request,
that cost as much as the round trip to Redis itself.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        # A client is safe to share: each command takes a connection from the
        # pool. Django keeps one cache object per thread anyway.
        pool = self._get_connection_pool(write)
        if (client := self._clients.get(id(pool))) is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
