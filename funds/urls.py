"""Staff pages of the funds app, under /c/<slug>/funds/ (residents' pages: funds/public_urls.py)."""

from django.urls import path

from .views import cash, collection, entries, funds, levies, payments, publication

app_name = "funds"

urlpatterns = [
    path("", funds.dashboard, name="dashboard"),
    path("levies/", levies.levy_list, name="levies"),
    path("levies/new/", levies.levy_create, name="levy_create"),
    path("levies/<int:pk>/", levies.levy_detail, name="levy"),
    path("levies/<int:pk>/periods/", levies.levy_periods, name="levy_periods"),
    path("levies/<int:pk>/cancel/", levies.levy_cancel, name="levy_cancel"),
    path("levies/<int:pk>/close/", levies.levy_close, name="levy_close"),
    path("levies/<int:pk>/reminder/", levies.levy_reminder, name="levy_reminder"),
    path("levies/<int:pk>/export.xlsx", levies.levy_export, name="levy_export"),
    # Collection mode: a levy's buildings, units and rooms; a room's charge; the receipt sheet.
    path("levies/<int:pk>/collect/", collection.collect, name="collect"),
    path("collect/charges/<int:pk>/", collection.collect_charge, name="collect_charge"),
    path("collect/receipts/<int:pk>/", collection.collect_receipt, name="collect_receipt"),
    path("pay/", payments.pay, name="pay"),
    path("charges/<int:pk>/pay/", payments.charge_pay, name="charge_pay"),
    path("charges/<int:pk>/waive/", payments.waiver_request, name="waiver_request"),
    path("payments/", payments.payment_list, name="payments"),
    path("receipts/<int:pk>/", payments.receipt, name="receipt"),
    path("receipts/<int:pk>/reverse/", payments.payment_reverse, name="payment_reverse"),
    path("cash/", cash.cash, name="cash"),
    path("cash/<int:pk>/handover/", cash.handover_create, name="handover_create"),
    path("waivers/", payments.waiver_list, name="waivers"),
    path("waivers/<int:pk>/decide/", payments.waiver_decide, name="waiver_decide"),
    path("funds/", funds.fund_list, name="funds"),
    path("funds/new/", funds.fund_create, name="fund_create"),
    path("funds/<int:pk>/", funds.fund_detail, name="fund"),
    path("income/new/", entries.income_create, name="income_create"),
    path("income/<int:pk>/reverse/", entries.income_reverse, name="income_reverse"),
    path("expenses/new/", entries.expense_create, name="expense_create"),
    path("expenses/<int:pk>/reverse/", entries.expense_reverse, name="expense_reverse"),
    path("approvals/", funds.approval_list, name="approvals"),
    path("approvals/new/", funds.approval_create, name="approval_create"),
    path("households/<int:pk>/", funds.household_ledger, name="household"),
    # Publishing: residents' questions, 公示 snapshots and their corrections.
    path("questions/", publication.questions, name="questions"),
    path("questions/<int:pk>/", publication.question, name="question"),
    path("publish/levy/<int:pk>/", publication.publish_levy, name="publish_levy"),
    path("publish/fund/<int:pk>/", publication.publish_fund, name="publish_fund"),
    path("snapshots/<int:pk>/correct/", publication.snapshot_correct, name="snapshot_correct"),
]
