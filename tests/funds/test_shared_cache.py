"""The shared cache (Redis with REDIS_URL, else the database): what several app servers share and what must hold
with thousands of communities."""

from django.core.cache import cache
from django.urls import reverse

from communities import public_cache
from config.settings.base import cache_settings

from .conftest import pay


def test_redis_url_selects_djangos_redis_backend_else_a_roomy_database_cache():
    on_redis = cache_settings("redis://127.0.0.1:6379/0", "site-a")["default"]
    assert on_redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert on_redis["LOCATION"] == "redis://127.0.0.1:6379/0" and on_redis["KEY_PREFIX"] == "site-a"
    on_database = cache_settings(None)["default"]
    assert on_database["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    # Django's default of 300 entries held the pages of a few dozen communities only.
    assert on_database["OPTIONS"]["MAX_ENTRIES"] >= 20 * 1000


def test_the_ledgers_of_a_thousand_communities_stay_in_the_database_cache(settings, db):
    from django.core.management import call_command

    settings.CACHES = cache_settings(None, "thousand")
    call_command("createcachetable", verbosity=0)
    keys = [f"public:levy:{n}" for n in range(1000)]
    cache.set_many({key: b"<html>page</html>" for key in keys}, 600)
    assert len(cache.get_many(keys)) == 1000


def test_a_page_rendered_by_one_app_server_is_served_by_another_from_the_shared_cache(
    client, world, ledger, count_queries, shared_cache
):
    url = reverse("funds_public:levy", args=[world.compound.public_token, ledger.levy.pk])
    pay(ledger.charges[0], actor=world.staff)

    def get():
        response = client.get(url)
        assert response.status_code == 200 and 'data-figure="households">1/3<' in response.content.decode()

    rendered = count_queries(get)
    public_cache.clear_local()  # the other server: nothing in its own memory, the shared cache has the page
    served = count_queries(get)
    # The page's stamp (one query), and on the database cache the cache read itself.
    assert served <= (2 if shared_cache == "database" else 1) < rendered
