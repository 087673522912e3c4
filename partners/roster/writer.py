"""The writer of the volunteer lists: which partner each row is (the review, against the registry and the
roster), and the new and changed partners written through the partners services, so that each gets the same
checks, dated joining, consent row and audit entry as a partner added by hand.

Matching (issue 12), in one community:
- a row with a mobile is the partner with that mobile (a merged record's mobile leads to the record kept; where
  the registry holds two partners with one mobile, the one of the row's name); failing that, a partner without
  a mobile of the same name and household, whose mobile the row then adds; else a new partner;
- a row without a mobile is the partner of the same name and household, or a new partner, and is flagged;
- a mobile twice in one file, or two rows of one partner, is a problem naming both rows;
- partners missing from the file are listed (RosterImport.missing), never marked as left: the kind offers no
  `missing_action`, and partners who left are not "missing" (`gone`).

A row's place refines the partner's place and never erases detail it agrees with: a row naming only the
compound or the building of a partner's household keeps the household. A 楼栋长 row makes the partner the
building leader of the row's own building (an assignment, unless they lead it already).
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from communities.labels import household_label, normalize_text
from communities.models import Building, Community, Compound, Household
from communities.roster.kinds import KEEP, Review, Scopes
from communities.roster.parsing import Problem

from .. import services
from ..models import CADRE_KINDS, Assignment, Consent, OffersMixin, Partner, PartnerStatus
from ..naming import latest_change
from .columns import DEFAULTS, ORGANISATION

AT = {name: index for index, name in enumerate(DEFAULTS)}
PLACE = ("compound", "building", "unit", "room")
# The slots the review sets (beside those the file's columns set), compared by the plan like any other.
REVIEWED = ("kind", "work_unit", "phone", *PLACE, "leads")


@dataclass
class Known:
    """A partner of the registry (merged records left out), its values as the column spec cleans them."""

    pk: int
    values: tuple
    compound_id: int | None
    building_id: int | None
    household_id: int | None

    @property
    def name(self) -> str:
        return self.values[AT["name"]]

    @property
    def mobile(self) -> str:
        return self.values[AT["phone"]]

    @property
    def kind(self) -> str:
        return self.values[AT["kind"]]

    @property
    def work_unit(self) -> str:
        return self.values[AT["work_unit"]]

    @property
    def leads(self) -> frozenset:
        return self.values[AT["leads"]]


@dataclass
class Place:
    """Where a row puts a partner: ids to write, and the texts the plan compares (compound, building, unit,
    room, as the roster spells them)."""

    compound_id: int
    building_id: int | None
    household_id: int | None
    texts: tuple[str, str, str, str]


@dataclass
class PartnerScopes(Scopes):
    """The one scope (the community), and what the review found for the writer."""

    actor: Any = None
    known: dict[int, Known] = field(default_factory=dict)
    places: dict[tuple, Place] = field(
        default_factory=dict
    )  # (sheet, row) -> the row's place, if it names one


def _known(community: Community) -> tuple[dict[int, Known], dict[str, set[int]]]:
    """The registry: {pk: Known} of the records kept (merged ones left out), and {mobile: pks kept}, where a
    merged record's mobile leads to the record kept."""
    leads: dict[int, set[int]] = {}
    for partner_id, building_id in Assignment.objects.filter(
        community=community, role=Assignment.Role.BUILDING_LEADER, ends_on__isnull=True
    ).values_list("partner_id", "building_id"):
        leads.setdefault(partner_id, set()).add(building_id)
    offer_fields = list(OffersMixin.OFFER_FIELDS.items())
    rows = (
        Partner.objects.filter(community=community)
        .annotate(latest=latest_change())
        .order_by("pk")
        .values_list(
            "pk",
            "merged_into_id",
            "form",
            "name",
            "kind",
            "work_unit",
            "contact_name",
            "mobile",
            "compound_id",
            "compound__name",
            "building_id",
            "building__label",
            "household_id",
            "household__unit",
            "household__room",
            *[name for _offer, name in offer_fields],
            "skill_tags",
            "availability",
            "notes",
            "latest",
        )
    )
    known: dict[int, Known] = {}
    by_mobile: dict[str, set[int]] = {}
    for row in rows:
        (pk, merged_into, form, name, kind, work_unit, contact, mobile, compound_id, compound) = row[:10]
        building_id, building, household_id, unit, room = row[10:15]
        flags = row[15 : 15 + len(offer_fields)]
        skills, availability, notes, latest = row[15 + len(offer_fields) :]
        if mobile:
            by_mobile.setdefault(mobile, set()).add(merged_into or pk)
        if merged_into:
            continue
        values = (
            name,
            ORGANISATION if form == Partner.Form.ORGANISATION else kind,
            work_unit,
            contact,
            mobile,
            compound or "",
            building or "",
            unit or "",
            room or "",
            frozenset(str(offer) for (offer, _name), on in zip(offer_fields, flags, strict=True) if on),
            skills,
            availability,
            notes,
            frozenset(leads.get(pk, ())),
            latest == PartnerStatus.Change.LEFT,
        )
        known[pk] = Known(pk, values, compound_id, building_id, household_id)
    return known, by_mobile


class _Places:
    """The community's compounds and buildings, and the households of the rooms a file names."""

    def __init__(self, community: Community, rooms: set[str]) -> None:
        compounds = list(Compound.objects.filter(community=community))
        self.by_name = {normalize_text(c.name): c for c in compounds}
        self.by_id = {c.pk: c for c in compounds}
        self.buildings = {(b.compound_id, b.label): b for b in Building.objects.filter(community=community)}
        self.households = {
            (h.building_id, h.unit, h.room): h
            for h in Household.objects.filter(community=community, room__in=rooms)
        }

    def of_row(self, cells: tuple, known: Known | None) -> tuple[Place | None, str, str]:
        """(the row's place, or None where it names none or agrees with the partner's; the field of a
        problem; the problem)."""
        compound_text, building_text, unit_text, room_text = cells
        if compound_text is KEEP and building_text is KEEP and room_text is KEEP:
            return None, "", ""  # a unit alone names nothing
        if compound_text is not KEEP:
            compound = self.by_name.get(compound_text)
            if compound is None:
                return (
                    None,
                    "compound",
                    _("There is no compound named “%(name)s” in this community. Check the spelling.")
                    % {"name": compound_text},
                )
        elif known is not None and known.compound_id:
            compound = self.by_id[known.compound_id]
        else:
            return (
                None,
                "building" if building_text is not KEEP else "room",
                _("Write the compound (小区) too: buildings and rooms are looked up in its roster."),
            )
        if building_text is KEEP:
            if room_text is not KEEP:
                return (
                    None,
                    "room",
                    _("Write the building (楼栋) of room %(room)s too.") % {"room": room_text},
                )
            if known is not None and known.compound_id == compound.pk:
                return None, "", ""  # the partner's compound already: keep their building and household
            return Place(compound.pk, None, None, (compound.name, "", "", "")), "", ""
        building = self.buildings.get((compound.pk, building_text))
        if building is None:
            return (
                None,
                "building",
                _("%(compound)s has no building %(building)s in its roster.")
                % {"compound": compound.name, "building": building_text},
            )
        if room_text is KEEP:
            if known is not None and known.building_id == building.pk and known.household_id:
                return None, "", ""  # the building of the partner's household: keep it
            return Place(compound.pk, building.pk, None, (compound.name, building.label, "", "")), "", ""
        unit = "" if unit_text is KEEP else unit_text
        household = self.households.get((building.pk, unit, room_text))
        if household is None:
            return (
                None,
                "room",
                _("There is no household %(label)s in the roster of %(compound)s.")
                % {"label": household_label(building.label, unit, room_text), "compound": compound.name},
            )
        texts = (compound.name, building.label, household.unit, household.room)
        return Place(compound.pk, building.pk, household.pk, texts), "", ""


def _where(row) -> str:
    if row.sheet:
        return _("row %(row)s of sheet “%(sheet)s”") % {"row": row.row, "sheet": row.sheet}
    return _("row %(row)s") % {"row": row.row}


class _Reviewer:
    """One review of one file: the registry and the roster loaded once, then row by row who the row is, its
    kind and place, its problems and flags."""

    def __init__(self, community: Community, parsed, scopes: PartnerScopes) -> None:
        self.parsed = parsed
        self.scopes = scopes
        self.known, self.by_mobile = _known(community)
        scopes.known = self.known
        self.by_name: dict[tuple, set[int]] = {}
        for item in self.known.values():
            self.by_name.setdefault((item.name, item.household_id), set()).add(item.pk)
        self.places = _Places(community, {row.values[AT["room"]] for row in parsed.rows} - {KEEP, None})
        self.first_of_mobile: dict[str, Any] = {}
        self.first_of: dict[tuple, Any] = {}
        self.review = Review()

    def run(self) -> Review:
        parsed = self.parsed
        # Rows refused while parsing (a bad cell) are in the file: their partners are not "missing".
        for scope, key in list(parsed.rejected_keys):
            for pk in self.by_mobile.get(key[0], ()) if key and key[0] else ():
                parsed.rejected_keys.append((scope, (("p", pk),)))
        parsed.rows = [row for row in parsed.rows if self.row(row)]
        parsed.value_slots.update(AT[name] for name in REVIEWED)
        return self.review

    def row(self, row) -> bool:
        """Re-key and complete the row; False (and its problems) if it is refused."""
        headers = self.parsed.headers.get(row.sheet, {})
        problems: list[Problem] = []

        def refuse(field_name: str, message: str) -> None:
            problems.append(Problem(row.row, headers.get(field_name, ""), message, row.sheet))

        values = list(row.values)
        mobile, name = row.key[0], values[AT["name"]]
        cells = tuple(values[AT[f]] for f in PLACE)
        match, place = self.match(row, mobile, name, cells, refuse)
        self.kind(values, match, place, cells, refuse)
        values[AT["phone"]] = mobile or KEEP
        for at, text in zip(PLACE, place.texts if place is not None else (KEEP,) * 4, strict=True):
            values[AT[at]] = text
        if problems:
            self.review.problems += problems
            if match is not None:
                self.parsed.rejected_keys.append((row.scope, (("p", match.pk),)))
            return False
        self.flag(row, headers, mobile, name, match, place)
        if place is not None:
            self.scopes.places[(row.sheet, row.row)] = place
        if match is not None:
            row.key = (("p", match.pk),)
        else:
            row.key = (("m", mobile) if mobile else ("n", name, place.household_id if place else None),)
        row.values = tuple(values)
        return True

    def match(self, row, mobile: str, name: str, cells: tuple, refuse) -> tuple[Known | None, Place | None]:
        """The partner the row is (or None: a new one) and the row's place; refuses a mobile twice in the file,
        an ambiguous match, and two rows of one partner."""
        known, match = self.known, None
        if mobile:
            earlier = self.first_of_mobile.setdefault(mobile, row)
            if earlier is not row:
                refuse(
                    "mobile",
                    _(
                        "The mobile %(mobile)s is on %(first)s and on %(second)s: one person per mobile. Keep one "
                        "of the rows, or correct the number."
                    )
                    % {"mobile": mobile, "first": _where(earlier), "second": _where(row)},
                )
            found = self.by_mobile.get(mobile, set())
            if len(found) > 1:  # staff let two people share a phone: the row's name says which
                found = {pk for pk in found if known[pk].name == name} or found
            if len(found) > 1:
                refuse(
                    "mobile",
                    _(
                        "The mobile %(mobile)s belongs to %(count)s partners in the registry (%(names)s), none of "
                        "them named %(name)s alone. Merge them, or correct the list."
                    )
                    % {
                        "mobile": mobile,
                        "count": len(found),
                        "names": "、".join(sorted(known[pk].name for pk in found)),
                        "name": name,
                    },
                )
            elif found:
                match = known[next(iter(found))]
        place, where, problem = self.places.of_row(cells, match)
        if match is None and not (mobile and self.by_mobile.get(mobile)):
            # By name and household: a row without a mobile, or one whose mobile the registry does not know
            # yet (it then adds the mobile of a partner who had none).
            household_id = place.household_id if place is not None and cells[3] is not KEEP else None
            same = self.by_name.get((name, household_id), set())
            if mobile:
                same = {pk for pk in same if not known[pk].mobile}
            if len(same) > 1 and not mobile:
                refuse(
                    "name",
                    _(
                        "%(count)s partners in the registry are named %(name)s at this address. Add the mobile to "
                        "say which one."
                    )
                    % {"count": len(same), "name": name},
                )
            elif len(same) == 1:
                match = known[next(iter(same))]
                place, where, problem = self.places.of_row(cells, match)
        if problem:
            refuse(where, problem)
        if match is not None:
            earlier = self.first_of.setdefault(match.pk, row)
            if earlier is not row and self.first_of_mobile.get(mobile) is not earlier:
                refuse(
                    "name",
                    _("%(first)s and %(second)s are both %(name)s: keep one of the rows.")
                    % {"first": _where(earlier), "second": _where(row), "name": name},
                )
        elif not mobile:
            household_id = place.household_id if place is not None else None
            earlier = self.first_of.setdefault(("n", name, household_id), row)
            if earlier is not row:
                refuse(
                    "name",
                    _("%(first)s and %(second)s are both %(name)s: keep one of the rows.")
                    % {"first": _where(earlier), "second": _where(row), "name": name},
                )
        return match, place

    def kind(self, values: list, match: Known | None, place: Place | None, cells: tuple, refuse) -> None:
        """The kind, its work unit (in brackets, or in its column) and the building a 楼栋长 leads."""
        kind, bracket_unit, leader = values[AT["kind"]]
        if leader and match is not None and match.kind not in ("", ORGANISATION):
            values[AT["kind"]] = KEEP  # a known person's kind stays: 楼栋长 is a role they take on
        else:
            values[AT["kind"]] = kind
        if bracket_unit:
            column_unit = values[AT["work_unit"]]
            if column_unit is not KEEP and column_unit != bracket_unit:
                refuse(
                    "kind",
                    _(
                        "The kind names the work unit “%(kind)s”, the work unit column “%(column)s”. Write it once."
                    )
                    % {"kind": bracket_unit, "column": column_unit},
                )
            values[AT["work_unit"]] = bracket_unit
        final_kind = match.kind if values[AT["kind"]] is KEEP else values[AT["kind"]]
        final_unit = values[AT["work_unit"]]
        if final_unit is KEEP:
            final_unit = match.work_unit if match is not None else ""
        if final_kind in CADRE_KINDS and not final_unit:
            refuse(
                "kind",
                _(
                    "A cadre's work unit is needed: write it in brackets after the kind, as in 下沉干部（市民政局）, "
                    "or in a column 工作单位."
                ),
            )
        values[AT["leads"]] = KEEP
        if not leader:
            return
        if cells[1] is KEEP:
            refuse("kind", _("A 楼栋长 leads a building: write it in the 楼栋 column (with its 小区)."))
            return
        building_id = place.building_id if place is not None else match.building_id if match else None
        if building_id:  # else the building was refused as not in the roster
            values[AT["leads"]] = (match.leads if match else frozenset()) | {building_id}

    def flag(
        self, row, headers: dict, mobile: str, name: str, match: Known | None, place: Place | None
    ) -> None:
        """Flags on a row taken: no mobile (matched on name and household, or new), a partner who left."""
        if not mobile:
            # A row matched on name and household names the household (a room), so its place is known.
            label = household_label(*place.texts[1:]) if place is not None and place.household_id else ""
            if match is None:
                message = _(
                    "No mobile: %(name)s is added as a new partner. If they are in the registry already, add "
                    "their mobile to the list."
                ) % {"name": name}
            elif label:
                message = _(
                    "No mobile: taken to be %(name)s of %(household)s in the registry (same name and household)."
                ) % {"name": name, "household": label}
            else:
                message = _("No mobile: taken to be %(name)s in the registry (same name, no household).") % {
                    "name": name
                }
            self.review.flags.append(Problem(row.row, headers.get("mobile", ""), message, row.sheet))
        if match is not None and match.values[AT["left"]]:
            message = _(
                "%(name)s left the partners. The import updates their details but does not bring them back: "
                "record their return on their page if they are back."
            ) % {"name": name}
            self.review.flags.append(Problem(row.row, headers.get("name", ""), message, row.sheet))


class PartnerWriter:
    """The volunteer lists' writer (communities.roster.kinds.Writer), with a review."""

    gone = ("left", True)  # a partner who left is not "missing" from a list

    def scopes(self, *, community: Community, parsed, compound, create_compounds: bool) -> PartnerScopes:
        """One scope, the community: partners are matched across its compounds."""
        return PartnerScopes(keys={"": community.pk}, existing=[community.pk])

    def lock(self, *, scopes: Scopes) -> None:
        """One import of partners per community at a time."""
        list(
            Community.objects.select_for_update().filter(pk__in=scopes.existing).values_list("pk", flat=True)
        )

    def review(self, *, community: Community, parsed, scopes: PartnerScopes, actor) -> Review:
        scopes.actor = actor  # who applies the import: the services record them on every partner written
        return _Reviewer(community, parsed, scopes).run()

    def existing(self, *, scopes: PartnerScopes) -> list[tuple]:
        """(pk, the community, ("p", pk), None, *values) of every partner kept (merged records left out)."""
        community_id = scopes.existing[0]
        return [(item.pk, community_id, ("p", item.pk), None, *item.values) for item in scopes.known.values()]

    def write(self, *, community: Community, plan, scopes: PartnerScopes) -> list[str]:
        """New partners with their data-use consent, given on paper (see partners.forms.PartnerImportForm), and
        changed ones, through the services; a 楼栋长's building-leader assignment."""
        actor = scopes.actor
        places = [scopes.places.get((row.sheet, row.row)) for _s, row, *_rest in (*plan.new, *plan.changed)]
        leads = set()
        for entry in (*plan.new, *plan.changed):
            leads |= entry[2][AT["leads"]]
        compounds = Compound.objects.in_bulk({p.compound_id for p in places if p})
        buildings = Building.objects.select_related("compound").in_bulk(
            {p.building_id for p in places if p and p.building_id} | leads
        )
        households = Household.objects.in_bulk({p.household_id for p in places if p and p.household_id})

        def fields_of(values: tuple, place: Place | None) -> dict[str, Any]:
            kind = values[AT["kind"]]
            fields = {
                "form": Partner.Form.ORGANISATION if kind == ORGANISATION else Partner.Form.PERSON,
                "name": values[AT["name"]],
                "kind": "" if kind == ORGANISATION else kind,
                "work_unit": values[AT["work_unit"]],
                "contact_name": values[AT["contact_name"]],
                "mobile": values[AT["phone"]],
                "skill_tags": values[AT["skills"]],
                "availability": values[AT["availability"]],
                "notes": values[AT["notes"]],
                **{name: offer in values[AT["offers"]] for offer, name in OffersMixin.OFFER_FIELDS.items()},
            }
            if place is not None:
                fields["compound"] = compounds[place.compound_id]
                fields["building"] = buildings[place.building_id] if place.building_id else None
                fields["household"] = households[place.household_id] if place.household_id else None
            return fields

        def lead(partner: Partner, building_ids) -> None:
            for building_id in sorted(building_ids):
                building = buildings[building_id]
                services.assignment_create(
                    partner=partner,
                    role=Assignment.Role.BUILDING_LEADER,
                    compound=building.compound,
                    building=building,
                    actor=actor,
                )

        for _scope, row, values in plan.new:
            partner = services.partner_create(
                community=community,
                actor=actor,
                consents=services.Consents(data_use=True, how=Consent.How.PAPER),
                **fields_of(values, scopes.places.get((row.sheet, row.row))),
            )
            lead(partner, values[AT["leads"]])
        for _scope, row, values, pk, _extra in plan.changed:
            partner = services.partner_update(
                partner=Partner.objects.get(pk=pk),
                actor=actor,
                **fields_of(values, scopes.places.get((row.sheet, row.row))),
            )
            lead(partner, values[AT["leads"]] - scopes.known[pk].leads)
        return []

    def mark_missing(self, *, community: Community, ids) -> int:
        raise NotImplementedError("Partners missing from a list are listed, never marked as left.")
