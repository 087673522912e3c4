from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "funds"
    verbose_name = _("Funds")

    def ready(self) -> None:
        from communities.audit import register_actions, register_fields
        from communities.daily import register_daily

        from . import retention, sections

        sections.register()
        register_daily("inquiry_contacts", retention.inquiry_contacts_erase)
        register_fields(*_audited_fields())

        register_actions(
            {
                "funds.settings": _("changed the funds settings"),
                "fund.create": _("created a fund"),
                "approval.record": _("recorded an approval"),
                "levy.create": _("created a levy"),
                "levy.periods": _("generated fee periods"),
                "levy.cancel": _("cancelled a levy"),
                "levy.close": _("closed a levy"),
                "waiver.request": _("asked for a waiver"),
                "waiver.approve": _("approved a waiver"),
                "waiver.refuse": _("refused a waiver"),
                "payment.record": _("recorded a payment"),
                "payment.reverse": _("reversed a payment"),
                "handover.record": _("recorded a cash handover"),
                "income.record": _("recorded income"),
                "income.reverse": _("reversed income"),
                "expense.record": _("recorded an expense"),
                "expense.reverse": _("reversed an expense"),
                "inquiry.submit": _("a resident asked a question"),
                "inquiry.publish": _("published a question"),
                "inquiry.reject": _("rejected a question"),
                "inquiry.answer": _("answered a question"),
                "inquiry.erase_contacts": _("erased the contacts of settled questions"),
                "payment.confirm": _("a household confirmed a payment"),
                "payment.flag": _("a household flagged a payment as wrong"),
                "snapshot.publish": _("published a ledger"),
                "snapshot.correct": _("corrected a published ledger"),
            }
        )


def _audited_fields() -> tuple[dict, dict]:
    """The labels of what funds' audit entries record, and of their choice values (communities.audit)."""
    from .models import Fund, Income, Inquiry, Levy, Method

    labels = {
        "expense_approval_threshold": _("expenses above this amount need an approval"),
        "kind": _("kind"),
        "meeting_name": _("meeting"),
        "votes": _("votes for / against / abstentions"),
        "purpose": _("purpose"),
        "amount": _("amount"),
        "basis": _("basis"),
        "scope": _("who pays"),
        "through": _("generate periods up to"),
        "charges": _("charges created"),
        "refunded": _("refunded"),
        "payments": _("payments"),
        "balance": _("balance"),
        "fund": _("fund"),
        "method": _("payment method"),
        "charge": _("charge"),
        "reason": _("reason"),
        "reason_private": _("reason (never public)"),
        "payee": _("payee"),
        "ledger": _("ledger"),
        "contact_private": _("contact (not published)"),
        "state": _("state"),
        "answer": _("answer"),
        "by": _("by"),
        "hash": _("check code"),
        "correction": _("correction"),
        "questions": _("questions"),
        "paid_on": _("date paid"),
        "paper_receipt_no": _("paper receipt number"),
        "collector": _("collector"),
    }
    values = {
        "kind": Fund.Kind.choices + Income.Kind.choices,
        "basis": Levy.Basis.choices,
        "method": Method.choices,
        "state": Inquiry.State.choices,
        "by": [("household", _("the household"))],
    }
    return labels, values
