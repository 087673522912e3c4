from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "needs"
    verbose_name = _("Needs")

    def ready(self) -> None:
        from communities.audit import register_actions, register_fields
        from communities.daily import register_daily

        from . import meetings_sections, sections, services

        sections.register()
        meetings_sections.register()  # meetings and decisions (issue 15)
        register_daily("needs_contacts", services.needs_contacts_erase)
        register_fields(*_audited_fields())
        register_actions(
            {
                "need.create": _("recorded a need"),
                "need.submit": _("a resident sent a need"),
                "need.publish": _("published a need residents sent"),
                "need.hide": _("kept a need residents sent off the board"),
                "need.photos": _("added photos to a need"),
                "need.triage": _("sorted a need by urgency and importance"),
                "need.status": _("moved a need"),
                "need.update": _("added an update to a need"),
                "need.merge": _("merged two needs"),
                "need.erase_contacts": _("erased the contacts residents left with closed needs"),
                "intake.create": _("recorded an intake session"),
                "pledge.create": _("recorded a pledge"),
                "delivery.record": _("recorded a delivery"),
                "coverage.mark": _("ticked households reached"),
                "coverage.unmark": _("unticked a household reached"),
                "needs.settings": _("changed the needs settings"),
            }
        )


def _audited_fields() -> tuple[dict, dict]:
    """The labels of what needs' audit entries record, and of their choice values (communities.audit)."""
    from .models import Category, Channel, Quadrant, State, SupportKind

    labels = {
        "title": _("title"),
        "category": _("category"),
        "channel": _("channel"),
        "quadrant": _("quadrant"),
        "rationale": _("why"),
        "state": _("state"),
        "estimated_cost": _("estimated cost"),
        "reason": _("reason"),
        "merged": _("merged into"),
        "metoos": _("“me too” moved"),
        "dropped": _("“me too” dropped as duplicates"),
        "needs": _("needs"),
        "partner": _("partner"),
        "pledge_kind": _("what is pledged"),
        "households": _("households"),
        "household": _("household"),
        "public": _("public"),
        "overdue_days": _("days in one state before a need is flagged overdue"),
    }
    values = {
        "category": Category.choices,
        "channel": Channel.choices,
        "quadrant": Quadrant.choices,
        "state": State.choices,
        "pledge_kind": SupportKind.choices,
    }
    return labels, values
