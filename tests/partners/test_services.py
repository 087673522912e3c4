"""The partners services: registry, consents, links, merging, recruitment calls and applications, teams,
assignments, and the retention jobs of `manage.py daily`."""

import datetime

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from communities.errors import DomainError
from communities.models import AuditEntry, Community
from partners import services
from partners.models import Application, Assignment, Consent, Partner, PartnerStatus, Team
from partners.naming import public_name, with_naming
from tests.factories import BuildingFactory

pytestmark = pytest.mark.django_db


def person(world, name="陈昌秀", mobile="13800000001", **fields):
    fields.setdefault("kind", "branch_member")
    consents = fields.pop("consents", services.Consents(data_use=True, public_naming=True))
    return services.partner_create(
        community=world.home,
        actor=world.staff,
        consents=consents,
        form=Partner.Form.PERSON,
        name=name,
        mobile=mobile,
        compound=world.compound,
        **fields,
    )


def named(partner, full_names=False):
    return public_name(with_naming(Partner.objects.filter(pk=partner.pk)).get(), full_names=full_names)


# --- the registry ---------------------------------------------------------------------------------------


def test_a_partner_needs_consent_to_the_use_of_their_data(world):
    with pytest.raises(DomainError) as refused:
        person(world, consents=services.Consents(data_use=False))
    assert refused.value.field == "consent_data_use"
    assert not Partner.objects.exists()


def test_a_person_has_a_kind_a_cadre_a_work_unit_and_an_organisation_no_kind(world):
    with pytest.raises(DomainError) as no_kind:
        person(world, kind="")
    assert no_kind.value.field == "kind"
    with pytest.raises(DomainError) as no_unit:
        person(world, kind="sent_down_cadre")
    assert no_unit.value.field == "work_unit"
    cadre = person(world, kind="sent_down_cadre", work_unit="市民政局")
    assert cadre.work_unit == "市民政局"
    shop = services.partner_create(
        community=world.home,
        actor=world.staff,
        consents=services.Consents(data_use=True),
        form=Partner.Form.ORGANISATION,
        name="双龙便民超市",
        kind="volunteer",  # ignored: an organisation has no kind
        contact_name="刘老板",
    )
    assert shop.kind == ""


def test_the_database_refuses_a_person_without_a_kind(world):
    partner = person(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Partner.objects.filter(pk=partner.pk).update(kind="")


def test_a_phone_is_normalised_and_a_bad_one_refused_with_its_field(world):
    partner = person(world, mobile="138 0000 0001")
    assert partner.mobile == "13800000001"
    with pytest.raises(DomainError) as refused:
        person(world, name="王大叔", mobile="1380000000")
    assert refused.value.field == "mobile"


def test_the_audit_log_masks_a_partners_phone(world):
    partner = person(world)
    entry = AuditEntry.objects.get(action="partner.create", target_id=str(partner.pk))
    assert entry.changes["phone"][1] == "138****0001"


def test_joining_and_leaving_are_dated_rows_never_overwritten(world):
    partner = person(world, joined_on=datetime.date(2022, 3, 1))
    services.partner_status_record(
        partner=partner, change="left", on=datetime.date(2024, 1, 1), actor=world.staff
    )
    services.partner_status_record(
        partner=partner, change="joined", on=datetime.date(2025, 5, 1), actor=world.staff
    )
    rows = list(PartnerStatus.objects.filter(partner=partner).values_list("change", "on"))
    assert rows == [
        ("joined", datetime.date(2022, 3, 1)),
        ("left", datetime.date(2024, 1, 1)),
        ("joined", datetime.date(2025, 5, 1)),
    ]
    with pytest.raises(DomainError):
        services.partner_status_record(
            partner=partner, change="joined", on=timezone.localdate(), actor=world.staff
        )
    with connection.cursor() as cursor, pytest.raises(Exception), transaction.atomic():  # noqa: B017
        cursor.execute("DELETE FROM partners_partnerstatus")


# --- consents and public names -------------------------------------------------------------------------


def test_a_name_is_public_only_with_consent_masked_by_default(world):
    with_consent = person(world)
    without = person(world, name="李四", mobile="13800000002", consents=services.Consents(data_use=True))
    assert named(with_consent) == "陈**"
    assert named(with_consent, full_names=True) == "陈昌秀"
    assert named(without) is None


def test_withdrawing_public_naming_or_leaving_hides_the_name_and_moves_the_names_version(world):
    partner = person(world)
    version = Community.objects.get(pk=world.home.pk).names_version
    services.consent_record(
        partner=partner, purpose=Consent.Purpose.PUBLIC_NAMING, given=False, how="paper", actor=world.staff
    )
    assert named(partner) is None
    assert Community.objects.get(pk=world.home.pk).names_version == version + 1
    other = person(world, name="熊爹爹", mobile="13800000003")
    assert named(other) == "熊**"
    services.partner_status_record(partner=other, change="left", on=timezone.localdate(), actor=world.staff)
    assert named(other) is None
    assert Community.objects.get(pk=world.home.pk).names_version == version + 3


def test_an_organisation_may_consent_to_its_full_name(world):
    unit = services.partner_create(
        community=world.home,
        actor=world.staff,
        consents=services.Consents(data_use=True, public_naming=True, full_name=True),
        form=Partner.Form.ORGANISATION,
        name="咸宁市民政局",
    )
    assert named(unit) == "咸宁市民政局"


# --- personal links and merging -------------------------------------------------------------------------


def test_a_reissued_personal_link_ends_the_old_one(world):
    partner = person(world)
    first = services.partner_link_issue(partner=partner, actor=world.staff)
    assert services.partner_by_link(token=first) == partner
    second = services.partner_link_issue(partner=partner, actor=world.staff)
    assert services.partner_by_link(token=first) is None
    assert services.partner_by_link(token=second) == partner
    partner.refresh_from_db()
    assert first not in str(partner.link_hash) and second not in str(partner.link_hash)
    assert AuditEntry.objects.filter(action="partner.link_reissue").count() == 1


def test_merging_points_the_duplicate_to_the_record_kept(world):
    keep = person(world)
    duplicate = person(world, name="陈昌秀", mobile="13800000009")
    token = services.partner_link_issue(partner=duplicate, actor=world.staff)
    services.partner_merge(keep=keep, duplicate=duplicate, actor=world.admin)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == keep
    assert services.partner_by_link(token=token) == keep
    assert named(duplicate) is None  # lists show the kept record only
    with pytest.raises(DomainError):
        services.partner_merge(keep=keep, duplicate=duplicate, actor=world.admin)
    with pytest.raises(DomainError):
        services.partner_update(partner=duplicate, actor=world.staff, notes="x")


# --- recruitment calls and applications -----------------------------------------------------------------


@pytest.fixture
def call(world):
    return services.call_create(
        community=world.home,
        compound=world.compound,
        title="幸福合伙人招募令",
        wanted="楼栋长 × 8，电工，油漆",
        until=timezone.localdate() + datetime.timedelta(days=30),
        actor=world.staff,
    )


def apply(call, name="袁阿姨", mobile="13900000001", **fields):
    fields.setdefault("form", Partner.Form.PERSON)
    fields.setdefault("kind", "active_resident")
    consents = fields.pop("consents", services.Consents(data_use=True, public_naming=True))
    return services.application_submit(call=call, consents=consents, name=name, mobile=mobile, **fields)


def test_an_application_becomes_a_partner_with_its_consents_when_accepted(world, call):
    application, token = apply(call, offers_labour=True, skill_tags="腰鼓、 广场舞,腰鼓")
    assert application.state == Application.State.PENDING and not Partner.objects.exists()
    assert services.application_by_link(token=token) == application
    team = services.team_create(
        community=world.home,
        name="腰鼓队",
        kind="culture",
        formed_on=datetime.date(2023, 4, 1),
        actor=world.staff,
    )

    partner = services.application_accept(application=application, actor=world.staff, team=team)

    assert partner.name == "袁阿姨" and partner.skill_tags == "腰鼓,广场舞" and partner.offers_labour
    assert set(partner.consents.values_list("purpose", flat=True)) == {"data_use", "public_naming"}
    assert team.memberships.get().partner == partner
    application.refresh_from_db()
    assert application.state == Application.State.ACCEPTED and application.partner == partner
    with pytest.raises(DomainError):
        services.application_decline(application=application, reason="重复", actor=world.staff)


def test_a_known_phone_is_attached_for_review_and_the_partner_not_overwritten(world, call):
    known = person(world, name="王大叔", mobile="13900000002")
    application, _token = apply(call, name="王大叔", mobile="139 0000 0002", offer_text="象棋")
    assert application.matched_partner == known and not application.possible_duplicate
    known.refresh_from_db()
    assert known.offer_text == ""  # nothing changed before review

    accepted = services.application_accept(application=application, actor=world.staff)

    assert accepted == known and Partner.objects.count() == 1
    known.refresh_from_db()
    assert known.name == "王大叔" and known.offer_text == ""  # not overwritten


def test_the_same_phone_with_another_name_is_flagged_a_possible_duplicate(world, call):
    person(world, name="王大叔", mobile="13900000002")
    application, _token = apply(call, name="王小明", mobile="13900000002")
    assert application.possible_duplicate
    first, _t = apply(call, name="张奶奶", mobile="13900000005")
    second, _t = apply(call, name="张爷爷", mobile="13900000005")
    assert not first.possible_duplicate and second.possible_duplicate


def test_ask_answer_decline_and_withdraw(world, call):
    application, token = apply(call)
    services.application_ask(application=application, question="您住几栋？", actor=world.staff)
    application.refresh_from_db()
    assert application.state == Application.State.QUESTION
    services.application_answer(application=application, answer="3栋")
    application.refresh_from_db()
    assert application.state == Application.State.PENDING and application.answer == "3栋"
    services.application_decline(application=application, reason="本期名额已满", actor=world.staff)
    other, _token = apply(call, name="李奶奶", mobile="13900000003")
    services.application_withdraw(application=other)
    assert Application.objects.get(pk=other.pk).state == Application.State.WITHDRAWN


def test_an_application_needs_data_use_consent_and_an_open_call(world, call):
    with pytest.raises(DomainError) as refused:
        apply(call, consents=services.Consents(data_use=False))
    assert refused.value.field == "consent_data_use"
    services.call_close(call=call, actor=world.staff)
    with pytest.raises(DomainError):
        apply(call)
    assert not Application.objects.exists()


# --- teams and assignments ------------------------------------------------------------------------------


def test_team_membership_is_dated_and_a_return_is_a_new_row(world):
    partner = person(world)
    team = services.team_create(
        community=world.home,
        name="育才小区合伙人队伍",
        kind="governance",
        formed_on=datetime.date(2022, 3, 1),
        actor=world.staff,
        compound=world.compound,
    )
    first = services.team_member_add(
        team=team, partner=partner, joined_on=datetime.date(2022, 3, 1), actor=world.staff
    )
    with pytest.raises(DomainError):
        services.team_member_add(
            team=team, partner=partner, joined_on=datetime.date(2022, 4, 1), actor=world.staff
        )
    services.team_member_leave(membership=first, left_on=datetime.date(2023, 1, 1), actor=world.staff)
    services.team_member_add(
        team=team, partner=partner, joined_on=datetime.date(2024, 1, 1), actor=world.staff
    )
    assert list(team.memberships.values_list("joined_on", "left_on")) == [
        (datetime.date(2022, 3, 1), datetime.date(2023, 1, 1)),
        (datetime.date(2024, 1, 1), None),
    ]
    assert Team.objects.get().kind == "governance"


def test_a_building_leader_leads_a_building_of_the_compound(world):
    partner = person(world)
    with pytest.raises(DomainError) as refused:
        services.assignment_create(
            partner=partner, role="building_leader", compound=world.compound, actor=world.staff
        )
    assert refused.value.field == "building"
    other_building = BuildingFactory(compound=world.other_compound, label="9栋")
    with pytest.raises(DomainError):
        services.assignment_create(
            partner=partner,
            role="building_leader",
            compound=world.compound,
            building=other_building,
            actor=world.staff,
        )
    building = world.household.building
    assignment = services.assignment_create(
        partner=partner, role="building_leader", compound=world.compound, building=building, actor=world.staff
    )
    assert Assignment.objects.get() == assignment


# --- retention (manage.py daily) --------------------------------------------------------------------------


def test_daily_erases_old_declined_applications_and_old_leavers_phones_keeping_counts(world, call):
    declined, _t = apply(call, name="赵六", mobile="13900000007")
    services.application_decline(application=declined, reason="名额已满", actor=world.staff)
    Application.objects.filter(pk=declined.pk).update(decided_at=timezone.now() - datetime.timedelta(days=91))
    recent, _t = apply(call, name="钱七", mobile="13900000008")
    services.application_withdraw(application=recent)
    leaver = person(
        world, name="孙八", mobile="13900000009", joined_on=datetime.date(2022, 1, 1), notes="电工"
    )
    services.partner_status_record(
        partner=leaver, change="left", on=datetime.date(2024, 1, 1), actor=world.staff
    )

    call_command("daily")
    call_command("daily")  # twice: nothing more

    old = Application.objects.get(pk=declined.pk)
    assert old.name == "" and old.mobile == "" and old.erased_at is not None
    assert old.state == Application.State.DECLINED  # the count survives
    assert Application.objects.get(pk=recent.pk).mobile == "13900000008"  # not yet
    leaver.refresh_from_db()
    assert leaver.name == "孙八" and leaver.mobile == "" and leaver.notes == ""
    assert AuditEntry.objects.filter(action="application.erase").count() == 1
