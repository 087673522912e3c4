from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        from communities.audit import register_actions, register_fields
        from communities.daily import register_daily
        from communities.roster.kinds import import_kind_register

        from . import sections, sections_records, services
        from .roster import PARTNERS

        sections.register()
        sections_records.register()
        import_kind_register(PARTNERS)

        register_daily("partners_applications", services.applications_erase_expired)
        register_daily("partners_left", services.partners_erase_left)
        register_daily("partners_rotas", services.rotas_extend)
        register_fields(*_audited_fields())
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
                "activity.create": _("created a volunteer activity"),
                "activity.update": _("changed a volunteer activity"),
                "activity.end": _("ended a volunteer activity"),
                "signup.create": _("signed a partner up for a slot"),
                "signup.cancel": _("cancelled a sign-up for a slot"),
                "hours.record": _("recorded volunteer hours"),
                "hours.confirm": _("confirmed volunteer hours"),
                "hours.reverse": _("reversed volunteer hours"),
            }
        )


def _audited_fields() -> tuple[dict, dict]:
    """The labels of what partners' audit entries record, and of their choice values (communities.audit)."""
    from .models import Activity, Application, Assignment, Consent, Kind, Partner, PartnerStatus, SignUp, Team

    labels = {
        "form": _("person or organisation"),
        "name": _("name"),
        "kind": _("kind"),
        "work_unit": _("work unit"),
        "contact_name": _("contact person"),
        "household": _("household"),
        "building": _("building"),
        "compound": _("compound"),
        "offers_money": _("money"),
        "offers_skills": _("skills"),
        "offers_materials": _("materials"),
        "offers_labour": _("labour"),
        "offers_space": _("a space"),
        "skill_tags": _("skills"),
        "offer_text": _("what they offer"),
        "availability": _("when available"),
        "consent": _("consent to"),
        "how": _("how"),
        "version": _("version of the text"),
        "title": _("title"),
        "until": _("open until"),
        "matched": _("known phone"),
        "duplicate": _("possible duplicate"),
        "call": _("recruitment call"),
        "partner": _("partner"),
        "team": _("team"),
        "question": _("question from staff"),
        "reason": _("reason"),
        "joined_on": _("joined"),
        "left_on": _("left on"),
        "formed_on": _("formed"),
        "ends_on": _("until"),
        "on": _("date"),
        "where": _("where"),
        "role": _("role"),
        "merged": _("merged record"),
        "applications": _("applications"),
        "partners": _("partners"),
        "public_names_full": _("show partners' full names publicly"),
        "application_retention_days": _("days to keep declined or withdrawn applications"),
        "left_retention_days": _("days to keep the phone and notes of a partner who left"),
        "place": _("place"),
        "description": _("what to do"),
        "capacity": _("people per slot"),
        "date": _("date"),
        "weekdays": _("weekdays"),
        "starts_on": _("from"),
        "start_time": _("starts"),
        "end_time": _("ends"),
        "slots": _("slots"),
        "via": _("signed up"),
        "hours": _("hours"),
        "source": _("source"),
        "entries": _("entries"),
    }
    values = {
        "form": Partner.Form.choices,
        "kind": Kind.choices + Team.TeamKind.choices + Activity.Kind.choices,
        "consent": Consent.Purpose.choices,
        "how": Consent.How.choices,
        "role": Assignment.Role.choices,
        "state": Application.State.choices,
        "change": PartnerStatus.Change.choices,
        "via": SignUp.Via.choices,
    }
    return labels, values
