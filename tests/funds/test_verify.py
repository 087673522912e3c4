"""`verify_ledgers` passes on a consistent ledger and fails loudly when a figure disagrees with its entries."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from communities.models import Counter
from funds import services
from funds.models import RECEIPT_COUNTER, Charge

from .conftest import pay


def test_verify_ledgers_passes_on_real_operations(world, ledger, capsys):
    p = pay(ledger.charges[0])
    pay(ledger.charges[1], "20.00")
    services.payment_reverse(payment=p, reason="记错", actor=world.treasurer)
    call_command("verify_ledgers")
    assert "All ledgers verified" in capsys.readouterr().out


def test_verify_ledgers_fails_when_a_running_total_disagrees(world, ledger):
    pay(ledger.charges[0], "20.00")
    Charge.objects.filter(pk=ledger.charges[0].pk).update(paid=Decimal("30.00"))
    with pytest.raises(CommandError, match="mismatch"):
        call_command("verify_ledgers")


def test_verify_ledgers_fails_on_a_gap_in_receipt_numbers(world, ledger):
    pay(ledger.charges[0])
    Counter.objects.filter(community=world.home, name=RECEIPT_COUNTER).update(last_number=5)
    with pytest.raises(CommandError):
        call_command("verify_ledgers", community=world.home.slug)
