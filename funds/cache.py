"""The cache keys of funds' public pages; storage, marks and per-visitor filling are communities.public_cache's.

A ledger's public fragment (figures, expenses, rooms) is the same for every visitor of one language, and it
changes only with an entry of that ledger: every entry moves the levy's or fund's `ledger_version` in the same
transaction (funds/services/_common.py, _move_ledger_versions). So each key names the ledger, its version, the
language and the community's name choices (masking and the names version); a new entry makes a new key and the
old one expires.

A levy's whole page is cached too: its key comes from one prepared query (public_queries.levy_page_stamp) that
also names its newest published question, answer and snapshot.
"""

import time

from django.http import Http404
from django.utils.translation import get_language

from communities import public_cache

TEMPLATE_VERSION = public_cache.TEMPLATE_VERSION


def ledger_key(obj, community) -> str:
    """The fragment of a levy's or a fund's ledger. Readable (the language is its 7th part), not hashed."""
    return ":".join(
        [
            "funds-ledger",
            str(TEMPLATE_VERSION),
            obj._meta.model_name,
            str(obj.pk),
            str(public_cache.born(obj)),
            f"v{obj.ledger_version}",
            get_language() or "",
            public_cache.names_part(community),
        ]
    )


class _Names:
    """A community's name choices as the levy page's stamp query returns them (no Community row fetched)."""

    def __init__(self, masked: bool, version: int):
        self.public_names_masked = masked
        self.names_version = version


def levy_page_key(request, token: str, pk: int) -> str:
    """The key of a levy's public page: its ledger version, the community's name choices, its newest published
    question, answer and snapshot, a 5-minute bucket (for "waiting for …" times), language and text size."""
    from .public_queries import levy_page_stamp

    row = levy_page_stamp(token, pk)
    if row is None:
        raise Http404
    levy_id, version, created, masked, names_version, published, answer, snapshot = row
    return public_cache.page_key(
        "levy",
        _Names(masked, names_version),
        levy_id,
        created,
        f"v{version}",
        published,
        answer,
        snapshot,
        int(time.time() // 300),
        request=request,
    )


def fund_page_key(request, place, fund) -> str:
    """The key of a fund's ledger fragment as seen from a board (a community-wide fund differs by compound)."""
    return ledger_key(fund, place_community(place)) + f":{place._meta.model_name}{place.pk}"


def snapshot_page_key(request, place, snapshot, corrections: list) -> str:
    """The key of a 公示 snapshot's page: frozen content, so only its corrections and the board it is read from."""
    last = max((c.pk for c in corrections), default=0)
    community = place_community(place)
    return public_cache.page_key(
        "snapshot",
        community,
        place._meta.model_name,
        place.pk,
        snapshot.pk,
        public_cache.born(snapshot, "published_at"),
        last,
        request=request,
    )


def place_community(place):
    return getattr(place, "community", place)
