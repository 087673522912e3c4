"""The Django admin shows every funds table to the platform admin and offers no edit or delete of money."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from funds.models import APPEND_ONLY_MODELS, Payment


def test_every_funds_model_is_in_the_admin():
    from django.apps import apps

    for model in apps.get_app_config("funds").get_models():
        assert admin.site.is_registered(model), model


def test_append_only_entries_offer_no_add_change_or_delete(rf, world):
    request = rf.get("/")
    request.user = get_user_model().objects.create_superuser("platform_f", "", "x")
    for model in APPEND_ONLY_MODELS:
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)


def test_platform_admin_sees_a_payment_without_a_delete_button(client, world, raw_ledger):
    payment = raw_ledger[3]
    platform = get_user_model().objects.create_superuser("platform_f", "", "x")
    client.force_login(platform)
    response = client.get(reverse("admin:funds_payment_change", args=[payment.pk]))
    assert response.status_code == 200
    assert reverse("admin:funds_payment_delete", args=[payment.pk]).encode() not in response.content
    assert (
        client.post(reverse("admin:funds_payment_delete", args=[payment.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert Payment.objects.filter(pk=payment.pk).exists()
