"""The production settings read from the environment: the cache, and what `aktiv serve`
gives gunicorn."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured

from aktiv.lib.cache import SharedClient, SharedClientRedisCache
from aktiv.lib.management.commands import serve
from aktiv.settings import cache_config

from ..conftest import redis_reachable


def test_no_cache_url_means_each_process_its_own_memory():
    assert cache_config("") == {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


def test_a_redis_url_means_django_redis_cache():
    config = cache_config("redis://cache.internal:6379/2")
    assert config["BACKEND"] == "aktiv.lib.cache.SharedClientRedisCache"
    assert config["LOCATION"] == "redis://cache.internal:6379/2"


def test_an_unknown_cache_url_is_refused():
    with pytest.raises(ImproperlyConfigured):
        cache_config("memcached://127.0.0.1:11211")


@pytest.mark.skipif(not redis_reachable(), reason="no Redis at 127.0.0.1:6379 on this machine")
def test_the_redis_cache_stores_and_forgets():
    config = cache_config("redis://127.0.0.1:6379/15")
    cache = SharedClientRedisCache(config["LOCATION"], {"KEY_PREFIX": f"aktiv-test-{uuid.uuid4()}"})
    cache.set("greeting", {"hei": 1}, timeout=30)
    assert cache.get("greeting") == {"hei": 1}
    assert cache.add("greeting", "other") is False  # shared: the value is already there
    cache.delete("greeting")
    assert cache.get("greeting") is None
    # One client for every command, from every thread: Django made one per command.
    clients = {id(cache._cache.get_client(write=True))}
    seen: list[int] = []
    workers = [
        threading.Thread(
            target=lambda: (cache.set("n", 1), seen.append(id(cache._cache.get_client())))
        )
        for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert set(seen) == clients and cache.get("n") == 1
    assert isinstance(cache._cache, SharedClient) and isinstance(cache, RedisCache)


def test_database_connections_persist_and_are_checked(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] >= 0


@pytest.mark.parametrize(
    ("host", "bind"),
    [("127.0.0.1", "127.0.0.1:8000"), ("::1", "[::1]:8000"), ("[::]", "[::]:8000")],
)
def test_bind_address(host, bind):
    assert serve.bind_address(host, 8000) == bind


def test_gunicorn_options_come_from_the_settings(settings):
    settings.SERVE_HOST, settings.SERVE_PORT = "0.0.0.0", 9000  # noqa: S104
    settings.WEB_CONCURRENCY, settings.WEB_THREADS = 3, 4
    options = serve.gunicorn_options()
    assert options["bind"] == ["0.0.0.0:9000"]
    assert (options["workers"], options["threads"]) == (3, 4)
    assert options["accesslog"] == "-"
    serve.AktivApplication(options)  # gunicorn accepts every option


def test_serve_refuses_debug(settings):
    settings.DEBUG, settings.SECRET_KEY_FROM_ENVIRONMENT = True, True
    assert "DEBUG" in (serve.refusal() or "")


def test_serve_refuses_a_generated_secret_key(settings):
    settings.SECRET_KEY_FROM_ENVIRONMENT = False
    assert "SECRET_KEY" in (serve.refusal() or "")
    settings.SECRET_KEY_FROM_ENVIRONMENT = True
    assert serve.refusal() is None
