"""Staff pages of the funds app, under /c/<slug>/funds/."""

from django.urls import path

from . import views

app_name = "funds"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("levies/", views.levy_list, name="levies"),
    path("levies/new/", views.levy_create, name="levy_create"),
    path("levies/<int:pk>/", views.levy_detail, name="levy"),
    path("levies/<int:pk>/periods/", views.levy_periods, name="levy_periods"),
    path("levies/<int:pk>/cancel/", views.levy_cancel, name="levy_cancel"),
    path("levies/<int:pk>/close/", views.levy_close, name="levy_close"),
    path("levies/<int:pk>/reminder/", views.levy_reminder, name="levy_reminder"),
    path("levies/<int:pk>/export.xlsx", views.levy_export, name="levy_export"),
    path("pay/", views.pay, name="pay"),
    path("charges/<int:pk>/pay/", views.charge_pay, name="charge_pay"),
    path("charges/<int:pk>/waive/", views.waiver_request, name="waiver_request"),
    path("payments/", views.payment_list, name="payments"),
    path("receipts/<int:pk>/", views.receipt, name="receipt"),
    path("receipts/<int:pk>/reverse/", views.payment_reverse, name="payment_reverse"),
    path("waivers/", views.waiver_list, name="waivers"),
    path("waivers/<int:pk>/decide/", views.waiver_decide, name="waiver_decide"),
    path("funds/", views.fund_list, name="funds"),
    path("funds/new/", views.fund_create, name="fund_create"),
    path("funds/<int:pk>/", views.fund_detail, name="fund"),
    path("income/new/", views.income_create, name="income_create"),
    path("income/<int:pk>/reverse/", views.income_reverse, name="income_reverse"),
    path("expenses/new/", views.expense_create, name="expense_create"),
    path("expenses/<int:pk>/reverse/", views.expense_reverse, name="expense_reverse"),
    path("approvals/", views.approval_list, name="approvals"),
    path("approvals/new/", views.approval_create, name="approval_create"),
    path("settings/", views.fund_settings, name="settings"),
    path("households/<int:pk>/", views.household_ledger, name="household"),
]
