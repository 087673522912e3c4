"""Business operations of the communities app. Views, admin, imports, commands and tests call these."""

import hashlib
import re
import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import audit_record, diff
from .errors import DomainError
from .labels import (  # the sort keys are re-exported: tests and older callers import them from here
    building_sort_key,
    canonical_building,
    canonical_room,
    canonical_unit,
    room_sort_key,
)
from .models import (
    Building,
    Community,
    Compound,
    Household,
    Invitation,
    Membership,
    Role,
    new_access_code,
)
from .text import clean_text, strip_bidi

INVITATION_DAYS = 7

HOUSEHOLD_FIELDS = (
    "floor_area",
    "head_name",
    "phone",
    "residents",
    "occupancy",
    "renovation",
    "is_low_income",
    "is_elderly_alone",
    "notes",
)


def _snapshot(obj, fields) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


def _without_bidi(fields: dict[str, Any]) -> dict[str, Any]:
    """The last guard behind the forms: no stored text keeps a bidirectional-override character."""
    return {key: strip_bidi(value) if isinstance(value, str) else value for key, value in fields.items()}


# --- communities and compounds -------------------------------------------------------


@transaction.atomic
def community_create(*, name: str, slug: str, street: str = "", actor) -> Community:
    name, street = clean_text(name), clean_text(street)
    if Community.objects.filter(slug=slug).exists():
        raise DomainError(_("A community with the short name “%(slug)s” exists already.") % {"slug": slug})
    community = Community.objects.create(name=name, slug=slug, street=street)
    audit_record(
        community=community,
        actor=actor,
        action="community.create",
        target=community,
        changes=diff({}, {"name": name, "slug": slug, "street": street}),
    )
    return community


def community_names_changed(*, community: Community) -> None:
    """Move the community's names version, so the cache key of every public page of it changes.

    Called inside the transaction of any change to whose name may be shown publicly: the masking choice, a
    head of household's name, later a partner's public-naming consent (communities.public_cache).
    """
    Community.objects.filter(pk=community.pk).update(names_version=F("names_version") + 1)
    community.refresh_from_db(fields=["names_version"])


COMMUNITY_FIELDS = ("name", "slug", "street", "public_names_masked")


@transaction.atomic
def community_update(*, community: Community, actor, **fields: Any) -> Community:
    """Change a community's name, short name, street or public naming (by a residents' meeting decision)."""
    before = _snapshot(community, COMMUNITY_FIELDS)
    fields = _without_bidi(fields)
    for key, value in fields.items():
        if key not in COMMUNITY_FIELDS:
            raise TypeError(key)
        setattr(community, key, value)
    if Community.objects.filter(slug=community.slug).exclude(pk=community.pk).exists():
        raise DomainError(
            _("A community with the short name “%(slug)s” exists already.") % {"slug": community.slug},
            field="slug",
        )
    community.save(update_fields=list(fields) or None)
    changes = diff(before, _snapshot(community, COMMUNITY_FIELDS))
    if "public_names_masked" in changes:
        community_names_changed(community=community)
    if changes:
        audit_record(
            community=community, actor=actor, action="community.update", target=community, changes=changes
        )
    return community


COMPOUND_FIELDS = ("name", "built_year", "built_month", "notes")


def _compound_name_taken(community: Community, name: str, exclude_pk: int | None = None) -> bool:
    qs = Compound.objects.filter(community=community, name=name)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


@transaction.atomic
def compound_create(
    *,
    community: Community,
    name: str,
    actor,
    built_year: int | None = None,
    built_month: int | None = None,
    notes: str = "",
) -> Compound:
    name, notes = clean_text(name), strip_bidi(notes)
    if _compound_name_taken(community, name):
        raise DomainError(
            _("This community already has a compound named “%(name)s”.") % {"name": name}, field="name"
        )
    compound = Compound.objects.create(
        community=community, name=name, built_year=built_year, built_month=built_month, notes=notes
    )
    audit_record(
        community=community,
        actor=actor,
        action="compound.create",
        target=compound,
        changes=diff({}, _snapshot(compound, COMPOUND_FIELDS)),
    )
    return compound


@transaction.atomic
def compound_update(*, compound: Compound, actor, **fields) -> Compound:
    before = _snapshot(compound, COMPOUND_FIELDS)
    fields = _without_bidi(fields)
    if "name" in fields:
        fields["name"] = fields["name"].strip()
        if _compound_name_taken(compound.community, fields["name"], exclude_pk=compound.pk):
            raise DomainError(
                _("This community already has a compound named “%(name)s”.") % {"name": fields["name"]},
                field="name",
            )
    for key, value in fields.items():
        if key not in COMPOUND_FIELDS:
            raise TypeError(key)
        setattr(compound, key, value)
    compound.save()
    changes = diff(before, _snapshot(compound, COMPOUND_FIELDS))
    if changes:
        audit_record(
            community=compound.community,
            actor=actor,
            action="compound.update",
            target=compound,
            changes=changes,
        )
    return compound


def building_get_or_create(*, compound: Compound, label: str) -> Building:
    """The building of a compound by any of its spellings; created on first use."""
    canonical = canonical_building(label)
    if not canonical:
        raise DomainError(_("Enter the building, for example 1栋."), field="building")
    building, _created = Building.objects.get_or_create(
        compound=compound,
        label=canonical,
        defaults={"community_id": compound.community_id, "sort_key": building_sort_key(canonical)},
    )
    return building


# --- households ------------------------------------------------------------------


def _duplicate_error(existing: Household) -> DomainError:
    return DomainError(
        _("%(label)s already exists in %(compound)s (head of household: %(head)s).")
        % {"label": existing.label, "compound": existing.compound.name, "head": existing.head_name or "—"},
        field="room",
    )


def _find_household(compound: Compound, building: Building, unit: str, room: str) -> Household | None:
    return (
        Household.objects.select_related("building", "compound")
        .filter(compound=compound, building=building, unit=unit, room=room)
        .first()
    )


def household_create(
    *, compound: Compound, building: str, unit: str, room: str, actor, **fields: Any
) -> Household:
    unit_c, room_c = canonical_unit(unit), canonical_room(room)
    fields = _without_bidi(fields)
    if not room_c:
        raise DomainError(_("Enter the room number, for example 501."), field="room")
    try:
        with transaction.atomic():
            building_obj = building_get_or_create(compound=compound, label=building)
            existing = _find_household(compound, building_obj, unit_c, room_c)
            if existing:
                raise _duplicate_error(existing)
            household = Household(
                community_id=compound.community_id,
                compound=compound,
                building=building_obj,
                unit=unit_c,
                room=room_c,
                room_sort=room_sort_key(room_c),
                access_code=_unique_access_code(compound.community_id),
            )
            for key, value in fields.items():
                if key not in HOUSEHOLD_FIELDS:
                    raise TypeError(key)
                setattr(household, key, value)
            household.save()
            audit_record(
                community=compound.community,
                actor=actor,
                action="household.create",
                target=household,
                changes=diff({}, _snapshot(household, HOUSEHOLD_FIELDS)),
            )
    except IntegrityError:
        # Two people adding the same room at the same moment: the database key decided.
        existing = _find_household(
            compound,
            Building.objects.get(compound=compound, label=canonical_building(building)),
            unit_c,
            room_c,
        )
        if existing:
            raise _duplicate_error(existing) from None
        raise
    return household


@transaction.atomic
def household_update(
    *,
    household: Household,
    actor,
    building: str | None = None,
    unit: str | None = None,
    room: str | None = None,
    action: str = "household.update",
    **fields: Any,
) -> Household:
    household = (
        Household.objects.select_for_update().select_related("building", "compound").get(pk=household.pk)
    )
    before = _snapshot(household, HOUSEHOLD_FIELDS) | {"label": household.label}
    fields = _without_bidi(fields)
    if building is not None or unit is not None or room is not None:
        building_obj = building_get_or_create(
            compound=household.compound, label=building or household.building.label
        )
        unit_c = canonical_unit(unit if unit is not None else household.unit)
        room_c = canonical_room(room if room is not None else household.room)
        if not room_c:
            raise DomainError(_("Enter the room number, for example 501."), field="room")
        existing = _find_household(household.compound, building_obj, unit_c, room_c)
        if existing and existing.pk != household.pk:
            raise _duplicate_error(existing)
        household.building, household.unit, household.room = building_obj, unit_c, room_c
        household.room_sort = room_sort_key(room_c)
    for key, value in fields.items():
        if key not in HOUSEHOLD_FIELDS:
            raise TypeError(key)
        setattr(household, key, value)
    household.save()
    changes = diff(before, _snapshot(household, HOUSEHOLD_FIELDS) | {"label": household.label})
    if "head_name" in changes:
        community_names_changed(community=household.community)
    if changes:
        audit_record(
            community=household.community, actor=actor, action=action, target=household, changes=changes
        )
    return household


def household_change_head(*, household: Household, head_name: str, phone: str, actor) -> Household:
    """A new head of household (sale, inheritance, a death in the family)."""
    return household_update(
        household=household,
        actor=actor,
        action="household.change_head",
        head_name=clean_text(head_name),
        phone=clean_text(phone),
    )


def household_change_occupancy(*, household: Household, occupancy: str, actor) -> Household:
    if occupancy not in Household.Occupancy.values:
        raise DomainError(_("Choose an occupancy status from the list."), field="occupancy")
    return household_update(
        household=household, actor=actor, action="household.change_occupancy", occupancy=occupancy
    )


def _unique_access_code(community_id: int) -> str:
    for _attempt in range(20):
        code = new_access_code()
        if not Household.objects.filter(community_id=community_id, access_code=code).exists():
            return code
    raise RuntimeError("could not find a free access code")  # 31^8 codes: practically unreachable


@transaction.atomic
def household_regenerate_access_code(*, household: Household, actor) -> Household:
    household.access_code = _unique_access_code(household.community_id)
    household.save(update_fields=["access_code", "updated_at"])
    audit_record(
        community=household.community,
        actor=actor,
        action="household.regenerate_code",
        target=household,
        changes={"access_code": ["***", "***"]},
    )
    return household


@transaction.atomic
def access_code_slips_print(*, community: Community, target: Compound | Household, count: int, actor) -> None:
    """Record that a community admin opened (to print) a page of access-code slips: a compound's or one
    household's, with how many slips it held. The codes themselves never reach the audit log."""
    if target.community_id != community.pk:
        raise DomainError(_("This belongs to another community."))
    audit_record(
        community=community,
        actor=actor,
        action="household.slips",
        target=target,
        changes={"slips": [None, count]},
    )


def household_find_by_code(*, community: Community, code: str) -> Household | None:
    code = re.sub(r"[\s-]", "", code or "").upper()
    if not code:
        return None
    return (
        Household.objects.select_related("building", "compound")
        .filter(community=community, access_code=code)
        .first()
    )


# --- staff, invitations, login help ---------------------------------------------------


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(*, community: Community, role: str, actor, note: str = "") -> tuple[Invitation, str]:
    """Returns the invitation and its secret token; the token is never stored, only its hash."""
    if role not in Role.values:
        raise DomainError(_("Choose a role from the list."), field="role")
    note = clean_text(note)
    token = secrets.token_urlsafe(24)
    invitation = Invitation.objects.create(
        community=community,
        role=role,
        note=note,
        token_hash=_hash_token(token),
        created_by=actor,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    audit_record(
        community=community,
        actor=actor,
        action="invitation.create",
        target=invitation,
        changes={"role": [None, role], "note": [None, note]},
    )
    return invitation, token


def invitation_lookup(*, token: str) -> Invitation | None:
    invitation = (
        Invitation.objects.select_related("community").filter(token_hash=_hash_token(token or "")).first()
    )
    if (
        invitation is None
        or invitation.accepted_at
        or invitation.revoked_at
        or invitation.expires_at < timezone.now()
    ):
        return None
    return invitation


@transaction.atomic
def invitation_accept(
    *,
    token: str,
    user: AbstractBaseUser | None = None,
    username: str = "",
    password: str = "",
    email: str = "",
) -> Membership:
    """Use a one-time invitation: as a signed-in user, or by creating an account."""
    invitation = Invitation.objects.select_for_update().filter(token_hash=_hash_token(token)).first()
    if (
        invitation is None
        or invitation.accepted_at
        or invitation.revoked_at
        or invitation.expires_at < timezone.now()
    ):
        raise DomainError(
            _("This invitation link is not valid any more. Ask your community admin for a new one.")
        )
    if user is None:
        username = clean_text(username)
        User = get_user_model()
        if User.objects.filter(username__iexact=username).exists():
            raise DomainError(
                _("The username “%(name)s” is taken. Choose another one.") % {"name": username},
                field="username",
            )
        user = User.objects.create_user(username=username, password=password, email=email)
    membership, created = Membership.objects.get_or_create(
        community=invitation.community, user=user, defaults={"role": invitation.role}
    )
    if not created:
        before = membership.role
        membership.role = invitation.role
        membership.save(update_fields=["role"])
        audit_record(
            community=invitation.community,
            actor=user,
            action="membership.role",
            target=membership,
            changes={"role": [before, invitation.role]},
        )
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        community=invitation.community,
        actor=user,
        action="invitation.accept",
        target=membership,
        changes={"role": [None, invitation.role]},
    )
    return membership


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor) -> Invitation:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(community=invitation.community, actor=actor, action="invitation.revoke", target=invitation)
    return invitation


def _admins_left(community: Community, excluding: Membership) -> int:
    return Membership.objects.filter(community=community, role=Role.ADMIN).exclude(pk=excluding.pk).count()


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str, actor) -> Membership:
    if role not in Role.values:
        raise DomainError(_("Choose a role from the list."), field="role")
    if (
        membership.role == Role.ADMIN
        and role != Role.ADMIN
        and _admins_left(membership.community, membership) == 0
    ):
        raise DomainError(_("A community needs at least one community admin."), field="role")
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(
        community=membership.community,
        actor=actor,
        action="membership.role",
        target=membership,
        changes={"role": [before, role]},
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor) -> None:
    if membership.role == Role.ADMIN and _admins_left(membership.community, membership) == 0:
        raise DomainError(_("A community needs at least one community admin."))
    audit_record(
        community=membership.community,
        actor=actor,
        action="membership.remove",
        target=membership,
        changes={"role": [membership.role, None]},
    )
    membership.delete()


def membership_password_reset_link(*, membership: Membership, actor) -> str:
    """A one-time path to set a new password, for staff without working email.

    It is allauth's own reset-by-key link: the key stops working once the password changes."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str
    from django.urls import reverse

    user = membership.user
    key = default_token_generator.make_token(user)
    audit_record(
        community=membership.community, actor=actor, action="membership.password_link", target=membership
    )
    return reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key})


@transaction.atomic
def membership_reset_mfa(*, membership: Membership, actor) -> int:
    """Remove a member's lost two-factor device and recovery codes; they set up a new one at next login."""
    from allauth.mfa.models import Authenticator

    count, _detail = Authenticator.objects.filter(user=membership.user).delete()
    audit_record(
        community=membership.community,
        actor=actor,
        action="membership.reset_mfa",
        target=membership,
        changes={"authenticators_removed": [count, 0]},
    )
    return count
