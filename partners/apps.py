from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        from communities.audit import register_actions
        from communities.daily import register_daily
        from communities.roster.kinds import import_kind_register

        from . import sections, services
        from .roster import PARTNERS

        sections.register()
        import_kind_register(PARTNERS)

        register_daily("partners_applications", services.applications_erase_expired)
        register_daily("partners_left", services.partners_erase_left)
        register_actions(
            {
                "partner.create": _("added a partner"),
                "partner.update": _("changed a partner"),
                "partner.left": _("recorded that a partner left"),
                "partner.rejoined": _("recorded that a partner came back"),
                "partner.link_issue": _("made a partner's personal link"),
                "partner.link_reissue": _("made a new personal link (the old one stopped working)"),
                "partner.merge": _("merged two records of one partner"),
                "partner.erase": _("erased the phone and notes of partners who left long ago"),
                "consent.give": _("recorded a consent"),
                "consent.withdraw": _("recorded a withdrawn consent"),
                "call.create": _("published a recruitment call"),
                "call.close": _("closed a recruitment call"),
                "application.submit": _("someone answered a recruitment call"),
                "application.accept": _("accepted an application"),
                "application.decline": _("declined an application"),
                "application.ask": _("asked an applicant a question"),
                "application.answer": _("an applicant answered a question"),
                "application.withdraw": _("an applicant withdrew"),
                "application.erase": _("erased the personal data of old applications"),
                "team.create": _("formed a team"),
                "team.join": _("added a team member"),
                "team.leave": _("recorded that a member left a team"),
                "assignment.create": _("assigned a building leader or cadre"),
                "assignment.end": _("ended an assignment"),
                "partners.settings": _("changed the partners settings"),
                "partners.import": _("imported a volunteer list"),
            }
        )
