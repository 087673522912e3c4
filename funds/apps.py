from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "funds"
    verbose_name = _("Funds")

    def ready(self) -> None:
        from communities.audit import register_actions
        from communities.daily import register_daily

        from . import retention, sections

        sections.register()
        register_daily("inquiry_contacts", retention.inquiry_contacts_erase)

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
