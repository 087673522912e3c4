"""The office's volunteer lists (志愿者名单, 合伙人名册) as a kind of import of the shared flow
(communities.roster): the column spec (`columns`), the writer that matches rows to partners and writes them
through the partners services (`writer`), and the registry's export, which re-imports with no change
(`exporting`). The kind is registered in PartnersConfig.ready(); its upload page is partners:import, and the
flow's pages (preview, confirm, history, problems) render the partials under templates/partners/roster/."""

from typing import Any

from django.urls import reverse

from communities.roster.engine import RosterOutcome, import_apply
from communities.roster.kinds import ImportKind

from ..forms import PartnerImportForm
from .columns import PARTNER_COLUMNS
from .writer import PartnerWriter


def _upload_url(roster_import) -> str:
    return reverse("partners:import", args=[roster_import.community.slug])


PARTNERS = ImportKind(
    name="partners",
    columns=PARTNER_COLUMNS,
    writer=PartnerWriter(),
    audit_action="partners.import",
    upload_form=PartnerImportForm,
    upload_url=_upload_url,
    partials={
        "crumbs": "partners/roster/_crumbs.html",
        "confirm": "partners/roster/_confirm.html",
        "result": "partners/roster/_result.html",
    },
)


def partners_import_apply(**options: Any) -> RosterOutcome:
    """The engine on a volunteer list (the keyword options of communities.roster.engine.import_apply): what the
    command line and the tests call."""
    return import_apply(kind=PARTNERS, **options)
