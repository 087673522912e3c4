"""Issue 11, item 2: a valid 户码 on the board opens the household's own page (charges, payments, receipts);
the printed slip carries the board's short address and a QR code that opens the board's code form without the
code in it (the resident types the code); the code field's help names only the slip."""

from django.urls import reverse
from django.utils import translation

from communities import public
from communities.forms import AccessCodeForm

from .conftest import pay


def test_phone_02_a_valid_code_on_the_board_opens_the_households_own_page(client, world, ledger):
    """Done before this issue's work (it passed at once): the board's code form leads to the household's page."""
    mine = ledger.charges[0]
    payment = pay(mine, actor=world.staff)
    mine.household.refresh_from_db()
    response = client.post(
        reverse("public_board", args=[world.compound.public_token]), {"code": mine.household.access_code}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("public_household", args=[world.compound.public_token])
    html = client.get(response["Location"]).content.decode()
    assert 'data-section="funds-household"' in html  # the `household` slot: charges, payments, receipts
    assert 'data-charge="安装监控"' in html
    assert reverse("funds_public:receipt_verify", args=[payment.verify_token]) in html


def test_phone_02_the_slip_has_the_boards_short_address_and_a_qr_code_without_the_code(client, world, login):
    login(world.admin)
    board = reverse("public_board", args=[world.compound.public_token])
    code_form = f"http://testserver{board}#household"
    for name, pk in (
        ("communities:household_slip", world.household.pk),
        ("communities:compound_slips", world.compound.pk),
    ):
        html = client.get(reverse(name, args=[world.home.slug, pk])).content.decode()
        assert world.household.access_code in html  # printed for the resident to type
        assert f"testserver{board}" in html  # the short address, to type where a QR code cannot be scanned
        assert str(public.qr_svg(code_form)) in html  # the QR code opens the board's code form ...
        assert world.household.access_code not in code_form  # ... and carries no code


def test_phone_02_the_code_fields_help_names_only_the_slip():
    for language in ("en", "zh-hans"):
        with translation.override(language):
            help_text = str(AccessCodeForm().fields["code"].help_text)
        assert "receipt" not in help_text.lower() and "收据" not in help_text, help_text
    with translation.override("en"):
        assert "slip" in str(AccessCodeForm().fields["code"].help_text)
