"""Permission-matrix rows of the published ledgers: the residents' pages (no account). The staff pages of
publishing (questions, snapshots, corrections) are in tests/funds/matrix.py."""

import datetime
from decimal import Decimal

from tests.matrix import public_page


def _ledger(community, compound, actor):
    """A fund, a levy charging the compound's households, one payment, one question, one snapshot."""
    from funds import services
    from funds.models import Fund

    fund = services.fund_create(
        community=community, compound=compound, name="幸福基金", kind=Fund.Kind.HAPPINESS, actor=actor
    )
    levy = services.levy_create(
        compound=compound,
        purpose="安装监控",
        amount=Decimal("50.00"),
        due_date=datetime.date(2026, 12, 31),
        actor=actor,
    ).levy
    payment = services.payment_record(
        charge=levy.charges.first(), amount=Decimal("50.00"), method="cash", actor=actor, idempotency_key="m1"
    )
    inquiry = services.inquiry_submit(compound=compound, levy=levy, text="监控装在哪里？")
    snapshot = services.snapshot_publish(levy=levy, period="2026年11月", actor=actor)
    return {"fund": fund, "levy": levy, "payment": payment, "inquiry": inquiry, "snapshot": snapshot}


def home(w):
    return _ledger(w.home, w.compound, w.treasurer)


def token(w):
    return {"token": w.compound.public_token}


def public_kwargs(pick):
    return lambda w: {"token": w.compound.public_token, "pk": pick(home(w)).pk}


ROWS = {
    "funds_public:board": public_page(token),
    # "Find my room" from a compound's board (issue 17): where the printed notice's QR code leads.
    "funds_public:find": public_page(token),
    "funds_public:levy": public_page(public_kwargs(lambda x: x["levy"])),
    "funds_public:fund": public_page(public_kwargs(lambda x: x["fund"])),
    # The household's own page moved to communities (public_household, behind the gate); from it a household
    # confirms a payment (POST only) or says it is wrong (without a verified household: back to the board).
    "funds_public:payment_confirm": public_page(public_kwargs(lambda x: x["payment"]), status=405),
    "funds_public:payment_flag": public_page(public_kwargs(lambda x: x["payment"]), status=302),
    "funds_public:snapshot": public_page(public_kwargs(lambda x: x["snapshot"])),
    "funds_public:snapshot_print": public_page(public_kwargs(lambda x: x["snapshot"])),
    "funds_public:receipt_verify": public_page(lambda w: {"token": home(w)["payment"].verify_token}),
    # The asker's private link to their question (issue 11, item 1).
    "funds_public:question": public_page(lambda w: {"token": home(w)["inquiry"].token}),
}
