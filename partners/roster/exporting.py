"""The registry as a spreadsheet (.xlsx or .csv) with the volunteer list's canonical headers, written by the one
spreadsheet writer (communities.spreadsheets); importing it again changes nothing."""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from communities.spreadsheets import Sheet, csv_bytes, xlsx_bytes

from ..models import Kind, Offer, Partner
from .columns import EXPORT_HEADERS, KIND_NAMES_ZH, OFFER_NAMES_ZH, ORGANISATION, ORGANISATION_ZH


def _language() -> str:
    return "zh" if (get_language() or "zh-hans").startswith("zh") else "en"


def export_rows(partners: QuerySet[Partner]) -> Iterator[list]:
    """The header row, then one row per partner (merged records left out), in the language of the request."""
    language = _language()
    yield list(EXPORT_HEADERS[language])
    if language == "zh":
        kinds = {**KIND_NAMES_ZH, ORGANISATION: ORGANISATION_ZH}
        offers = OFFER_NAMES_ZH
        separator = "、"
    else:
        kinds = {**{kind: str(kind.label) for kind in Kind}, ORGANISATION: ORGANISATION}
        offers = {offer: str(offer.label) for offer in Offer}
        separator = ", "
    rows = (
        partners.filter(merged_into__isnull=True)
        .select_related("compound", "building", "household")
        .order_by("name", "id")
    )
    for partner in rows.iterator(chunk_size=2000):
        household = partner.household
        yield [
            partner.name,
            partner.mobile,
            kinds.get(ORGANISATION if partner.is_organisation else partner.kind, partner.kind),
            partner.work_unit,
            partner.contact_name,
            partner.compound.name if partner.compound else "",
            partner.building.label if partner.building else "",
            household.unit if household else "",
            household.room if household else "",
            separator.join(offers[offer] for offer in partner.offers),
            partner.skill_tags,
            partner.availability,
            partner.notes,
        ]


def export_file(partners: QuerySet[Partner], *, fmt: str) -> bytes:
    if fmt == "csv":
        return csv_bytes(export_rows(partners))
    return xlsx_bytes(Sheet(title=_("partners"), rows=export_rows(partners)))


def export_filename(community, *, fmt: str) -> str:
    return f"{community.name}-合伙人.{fmt}" if _language() == "zh" else f"{community.name}-partners.{fmt}"
