"""The platform admin's read-only view of the funds tables.

Money is written only through funds.services; the admin offers no add, edit or delete of any ledger row
(the database refuses changes to the append-only ones anyway). Only the per-community settings are editable,
through funds.services.fund_settings_update (audited), see communities/admin_base.py.
"""

from django.contrib import admin

from communities.admin_base import ReadOnlyAdmin as BaseReadOnlyAdmin
from communities.admin_base import ServiceAdmin

from . import services
from .models import (
    Approval,
    Charge,
    Expense,
    Fund,
    FundSettings,
    Handover,
    HandoverItem,
    Income,
    Inquiry,
    InquiryAnswer,
    Levy,
    LevyScopeBuilding,
    Payment,
    PaymentConfirmation,
    Reversal,
    Snapshot,
    SnapshotCorrection,
    Waiver,
    WaiverApproval,
)


class ReadOnlyAdmin(BaseReadOnlyAdmin):
    list_filter = ["community"]


@admin.register(FundSettings)
class FundSettingsAdmin(ServiceAdmin):
    list_display = ["community", "expense_approval_threshold"]

    def get_readonly_fields(self, request, obj=None):
        return ["community"] if obj else []

    def save_through_service(self, request, original, form):
        return services.fund_settings_update(
            community=original.community if original else form.cleaned_data["community"],
            expense_approval_threshold=form.cleaned_data["expense_approval_threshold"],
            actor=request.user,
        )


@admin.register(Fund)
class FundAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "compound", "community"]


@admin.register(Levy)
class LevyAdmin(ReadOnlyAdmin):
    list_display = ["purpose", "compound", "amount", "basis", "recurrence", "due_date", "community"]


@admin.register(LevyScopeBuilding)
class LevyScopeBuildingAdmin(ReadOnlyAdmin):
    list_display = ["levy", "building", "community"]


@admin.register(Charge)
class ChargeAdmin(ReadOnlyAdmin):
    list_display = ["levy", "household", "period", "amount"]
    list_select_related = ["levy", "household__building"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["receipt_number", "levy", "household", "amount", "method", "paid_on", "recorded_at"]
    list_select_related = ["levy", "household__building"]


@admin.register(Reversal)
class ReversalAdmin(ReadOnlyAdmin):
    list_display = ["id", "payment", "income", "expense", "amount", "reversed_at"]


@admin.register(Waiver)
class WaiverAdmin(ReadOnlyAdmin):
    list_display = ["charge", "amount", "requested_at"]


@admin.register(WaiverApproval)
class WaiverApprovalAdmin(ReadOnlyAdmin):
    list_display = ["waiver", "approved", "decided_at"]


@admin.register(Income)
class IncomeAdmin(ReadOnlyAdmin):
    list_display = ["fund", "kind", "amount", "donor_name", "received_on"]


@admin.register(Expense)
class ExpenseAdmin(ReadOnlyAdmin):
    list_display = ["fund", "payee", "purpose", "amount", "spent_on"]


@admin.register(Approval)
class ApprovalAdmin(ReadOnlyAdmin):
    list_display = ["meeting_name", "decided_on", "votes_for", "votes_against", "votes_abstain"]


@admin.register(PaymentConfirmation)
class PaymentConfirmationAdmin(ReadOnlyAdmin):
    list_display = ["payment", "kind", "created_at"]


@admin.register(Inquiry)
class InquiryAdmin(ReadOnlyAdmin):
    list_display = ["text", "state", "levy", "fund", "created_at"]


@admin.register(InquiryAnswer)
class InquiryAnswerAdmin(ReadOnlyAdmin):
    list_display = ["inquiry", "answered_at"]


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdmin):
    list_display = ["period", "version", "short_hash", "levy", "fund", "published_at"]


@admin.register(SnapshotCorrection)
class SnapshotCorrectionAdmin(ReadOnlyAdmin):
    list_display = ["snapshot", "created_at"]


@admin.register(Handover)
class HandoverAdmin(ReadOnlyAdmin):
    list_display = ["handed_on", "collector", "received_by", "amount", "community"]


@admin.register(HandoverItem)
class HandoverItemAdmin(ReadOnlyAdmin):
    list_display = ["handover", "payment"]
