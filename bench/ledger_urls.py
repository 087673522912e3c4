"""The app's URLs plus a bare Django view: the reference the public ledger page is measured against; the same
view with one database round trip (`SELECT 1`): the floor of any page that reads the database; and with that
query and one read of a 20 KB page from the shared cache: the floor of a public page served from the shared
cache (not from the process's own memory)."""

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


def one_query(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def one_query_cache(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    if cache.get("bench:floor-page") is None:
        cache.set("bench:floor-page", b"x" * 20_000, 3600)
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("bench/one-query/", one_query, name="bench_one_query"),
    path("bench/one-query-cache/", one_query_cache, name="bench_one_query_cache"),
    *app_urlpatterns,
]
