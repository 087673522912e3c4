"""Private helpers shared by the funds services: amount and date checks, tenancy checks, fund locks, ledger
versions."""

import datetime
from decimal import Decimal

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.errors import DomainError
from communities.models import Community, Counter
from communities.money import MAX_AMOUNT, ZERO, round_yuan

from ..models import RECEIPT_COUNTER, Fund, Levy


def _amount(value, field: str = "amount") -> Decimal:
    if isinstance(value, float):
        raise TypeError("money is never a float")
    amount = round_yuan(Decimal(value))
    if amount <= ZERO:
        raise DomainError(_("Enter an amount above zero."), field=field)
    if amount > MAX_AMOUNT:
        raise DomainError(_("This amount is too large."), field=field)
    return amount


def _moved_on(day: datetime.date | None, field: str) -> datetime.date:
    """The date money moved: today (in the community's time, Asia/Shanghai) when not given; earlier dates are
    allowed (paper receipts entered later), later ones are not."""
    today = timezone.localdate()
    if day is None:
        return today
    if day > today:
        raise DomainError(_("The date cannot be in the future."), field=field)
    return day


def _same_community(community: Community, *objects) -> None:
    for obj in objects:
        if obj is not None and obj.community_id != community.pk:
            raise DomainError(_("That belongs to another community."))


def _move_ledger_versions(*, levy: Levy | None = None, funds=()) -> None:
    """Move the ledger version of the levy and of each fund up by one.

    Every entry calls this in its own transaction; the cached figures (funds/queries.py) and public ledger pages
    (funds/cache.py) are keyed by these versions, so a new entry makes new keys.
    """
    if levy is not None:
        Levy.objects.filter(pk=levy.pk).update(ledger_version=F("ledger_version") + 1)
    ids = {f.pk for f in funds if f is not None}
    if ids:
        Fund.objects.filter(pk__in=ids).update(ledger_version=F("ledger_version") + 1)


def _lock_fund(fund: Fund) -> Fund:
    return Fund.objects.select_for_update().get(pk=fund.pk)


def _ensure_counter(community: Community) -> None:
    Counter.objects.get_or_create(community=community, name=RECEIPT_COUNTER)
