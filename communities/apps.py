from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("Communities")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import append_only, daily, slots
        from .audit import register_actions
        from .models import Role
        from .roster.households import HOUSEHOLDS
        from .roster.kinds import import_kind_register
        from .sqlite_keys import ensure_sqlite_triggers
        from .views import communities_settings_section

        post_migrate.connect(ensure_sqlite_triggers, sender=self)
        post_migrate.connect(append_only.ensure_sqlite_triggers, sender=self)

        daily.register_daily("sessions", daily.clear_expired_sessions)
        daily.register_daily("task_results", daily.prune_task_results)

        slots.register(
            "nav",
            slots.NavEntry(
                "communities.households", _("Find a household"), "communities:household_search", order=10
            ),
            slots.NavEntry("communities.staff", _("Staff"), "communities:staff", Role.ADMIN, order=80),
            slots.NavEntry("communities.audit", _("Audit log"), "communities:audit", Role.ADMIN, order=85),
            slots.NavEntry(
                "communities.settings", _("Settings"), "communities:settings", Role.ADMIN, order=90
            ),
        )
        slots.register("settings", communities_settings_section())
        import_kind_register(HOUSEHOLDS)  # the household roster; higher apps register their kinds of list

        register_actions(
            {
                "community.create": _("created the community"),
                "community.update": _("changed the community"),
                "community.names_decision": _("recorded the residents' decision on names"),
                "compound.create": _("added a compound"),
                "compound.update": _("changed a compound"),
                "household.create": _("added a household"),
                "household.update": _("changed a household"),
                "household.change_head": _("changed the head of household"),
                "household.change_occupancy": _("changed the occupancy"),
                "household.regenerate_code": _("made a new access code"),
                "household.slips": _("printed access-code slips"),
                "invitation.create": _("invited a member"),
                "invitation.accept": _("accepted an invitation"),
                "invitation.revoke": _("withdrew an invitation"),
                "membership.role": _("changed a role"),
                "membership.remove": _("removed a member"),
                "membership.password_link": _("made a password link"),
                "membership.reset_mfa": _("reset two-factor authentication"),
                "roster.import": _("imported a household roster"),
                "roster.moved_out": _("marked households missing from a roster as moved out"),
            }
        )
