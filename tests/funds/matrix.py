"""Permission-matrix rows of the funds app's staff pages."""

import datetime
from decimal import Decimal

from communities.models import Role
from tests.matrix import Case, household, other_household, slug, staff_page


def _ledger(w, community_attr: str):
    """A small ledger in one community: a levy with a charge, a payment and a waiver; a community-wide fund with
    an income and an expense; a compound's fund; a resident's question and a published snapshot of the levy."""
    cache = w.__dict__.setdefault("_funds_ledgers", {})
    if community_attr in cache:
        return cache[community_attr]
    from funds import services
    from funds.models import Fund, Income

    community = getattr(w, community_attr)
    compound = w.compound if community_attr == "home" else w.other_compound
    actor = w.treasurer if community_attr == "home" else w.outsider
    levy = services.levy_create(compound=compound, purpose="安装监控", amount=Decimal("50"), actor=actor).levy
    charge = levy.charges.first()
    payment = services.payment_record(
        charge=charge, amount=Decimal("20"), method="cash", actor=actor, idempotency_key="matrix"
    )
    waiver = services.waiver_request(charge=charge, amount=Decimal("5"), reason="困难", actor=actor)
    fund = services.fund_create(community=community, name="共管资金", kind=Fund.Kind.CO_MANAGED, actor=actor)
    income = services.income_record(
        fund=fund,
        kind=Income.Kind.DONATION,
        amount=Decimal("100"),
        received_on=datetime.date(2026, 1, 1),
        actor=actor,
    )
    expense = services.expense_record(
        fund=fund,
        payee="p",
        purpose="q",
        amount=Decimal("10"),
        spent_on=datetime.date(2026, 1, 2),
        actor=actor,
    )
    compound_fund = services.fund_create(
        community=community, compound=compound, name="幸福基金", kind=Fund.Kind.HAPPINESS, actor=actor
    )
    inquiry = services.inquiry_submit(compound=compound, levy=levy, text="监控装在哪里？")
    snapshot = services.snapshot_publish(levy=levy, period="2026年11月", actor=actor)
    cache[community_attr] = {
        "levy": levy,
        "charge": charge,
        "payment": payment,
        "waiver": waiver,
        "fund": fund,
        "income": income,
        "expense": expense,
        "compound_fund": compound_fund,
        "inquiry": inquiry,
        "snapshot": snapshot,
    }
    return cache[community_attr]


def collector(community_attr: str):
    return lambda w: {"slug": w.home.slug, "pk": _ledger(w, community_attr)["payment"].recorded_by_id}


def home_(name):
    return lambda w: {"slug": w.home.slug, "pk": _ledger(w, "home")[name].pk}


def other_(name):
    return lambda w: {"slug": w.home.slug, "pk": _ledger(w, "other")[name].pk}


def obj_page(min_role, name):
    return staff_page(min_role, home_(name), cross=other_(name))


def post_only(min_role, name):
    """GET on a POST-only page: the permission check answers first, then 405."""
    case = obj_page(min_role, name)
    case.expect = {p: (405 if s == 200 else s) for p, s in case.expect.items()}
    return case


ROWS = {
    "funds:dashboard": staff_page(Role.OBSERVER, slug),
    "funds:levies": staff_page(Role.OBSERVER, slug),
    "funds:levy_create": staff_page(Role.TREASURER, slug),
    "funds:levy": obj_page(Role.OBSERVER, "levy"),
    "funds:levy_periods": post_only(Role.TREASURER, "levy"),
    "funds:levy_cancel": obj_page(Role.TREASURER, "levy"),
    "funds:levy_close": obj_page(Role.TREASURER, "levy"),
    "funds:levy_reminder": obj_page(Role.OBSERVER, "levy"),
    "funds:levy_export": obj_page(Role.OBSERVER, "levy"),
    "funds:pay": staff_page(Role.STAFF, slug),
    "funds:charge_pay": obj_page(Role.STAFF, "charge"),
    "funds:waiver_request": obj_page(Role.STAFF, "charge"),
    "funds:payments": staff_page(Role.OBSERVER, slug),
    "funds:receipt": obj_page(Role.OBSERVER, "payment"),
    "funds:payment_reverse": obj_page(Role.TREASURER, "payment"),
    "funds:cash": staff_page(Role.STAFF, slug),
    # The collector is a user who recorded payments here (the home ledger's are the treasurer's); one who
    # recorded payments in another community only is a 404.
    "funds:handover_create": staff_page(Role.TREASURER, collector("home"), cross=collector("other")),
    "funds:waivers": staff_page(Role.TREASURER, slug),
    "funds:waiver_decide": post_only(Role.TREASURER, "waiver"),
    "funds:funds": staff_page(Role.OBSERVER, slug),
    "funds:fund_create": staff_page(Role.TREASURER, slug),
    "funds:fund": obj_page(Role.OBSERVER, "fund"),
    "funds:income_create": staff_page(Role.TREASURER, slug),
    "funds:income_reverse": obj_page(Role.TREASURER, "income"),
    "funds:expense_create": staff_page(Role.TREASURER, slug),
    "funds:expense_reverse": obj_page(Role.TREASURER, "expense"),
    "funds:approvals": staff_page(Role.OBSERVER, slug),
    "funds:approval_create": staff_page(Role.TREASURER, slug),
    "funds:household": staff_page(Role.OBSERVER, household, cross=other_household),
    # Publishing: residents' questions, 公示 snapshots and their corrections.
    "funds:questions": staff_page(Role.STAFF, slug),
    "funds:question": obj_page(Role.STAFF, "inquiry"),
    "funds:publish_levy": obj_page(Role.TREASURER, "levy"),
    "funds:publish_fund": obj_page(Role.TREASURER, "compound_fund"),
    "funds:snapshot_correct": obj_page(Role.TREASURER, "snapshot"),
}

__all__ = ["ROWS", "Case"]
