"""The app's URLs plus a bare Django view: the reference the public ledger page is measured against; and the
same view with one database round trip (`SELECT 1`): the floor of any page that reads the database."""

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


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("bench/one-query/", one_query, name="bench_one_query"),
    *app_urlpatterns,
]
