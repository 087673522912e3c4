"""Issue 11, "Pages on phones", for elderly residents: figures large text does not cut (item 9), targets a
finger hits (item 10), text one can read (item 11), 大字模式 where it is found (item 12), errors tied to their
fields (item 13) and smaller things (item 14), measured in Chromium on 390 and 320 px phones: box sizes,
computed font sizes, what `aria-describedby` points at. Items 1 to 4 are in test_phone_pages.py."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from funds import services
from funds.models import Fund
from tests.browser.test_funds_public import cctv_levy

from .conftest import sign_in, url
from .phone import PHONE, large_text, on_screen, open_household_page

pytestmark = pytest.mark.browser


# --- item 9: large text does not cut figures ------------------------------------------------------------

CUT_FIGURES = r"""() => {
  // Figures cut off or spilling: a tile wider than the screen, a number wider than its tile, a box whose
  // text overflows it (the receipt's check link).
  const width = document.documentElement.clientWidth;
  const cut = [];
  for (const tile of document.querySelectorAll(".stat")) {
    const box = tile.getBoundingClientRect();
    if (box.right > width + 0.5 || box.left < -0.5) cut.push(`tile ${tile.textContent.trim()} at ${box.left}-${box.right}`);
    const num = tile.querySelector(".num");
    if (num) {
      const n = num.getBoundingClientRect();
      if (n.right > box.right + 0.5 || n.left < box.left - 0.5 || num.scrollWidth > num.clientWidth + 1)
        cut.push(`number ${num.textContent.trim()} spills out of its tile`);
    }
  }
  for (const box of document.querySelectorAll(".receipt, .receipt *, .facts dd")) {
    if (box.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX !== "visible")
      cut.push(`${box.tagName.toLowerCase()}.${box.className} scrolls`);
    const r = box.getBoundingClientRect();
    if (r.right > width + 0.5) cut.push(`${box.tagName.toLowerCase()}.${box.className} ends at ${r.right}`);
  }
  return cut;
}"""


def _six_figures(world):
    """A levy of ¥135,100.00 for one household, paid; its snapshot; a fund holding ¥135,100.00."""
    levy = services.levy_create(
        compound=world.compound, purpose="楼道改造", amount=Decimal("135100.00"), actor=world.treasurer
    ).levy
    payment = services.payment_record(
        charge=levy.charges.get(),
        amount=Decimal("135100.00"),
        method="bank",
        actor=world.staff,
        idempotency_key="six",
    )
    snapshot = services.snapshot_publish(levy=levy, period="2026年11月", actor=world.treasurer)
    fund = services.fund_create(
        community=world.home,
        compound=world.compound,
        name="幸福基金",
        kind=Fund.Kind.HAPPINESS,
        actor=world.treasurer,
    )
    services.income_record(
        fund=fund,
        kind="donation",
        amount=Decimal("135100.00"),
        received_on=datetime.date(2026, 11, 1),
        actor=world.treasurer,
    )
    return levy, payment, snapshot, fund


def _each_size(page, live_server, widths, pages):
    """Each page at each width, with normal text and with 大字模式; what CUT_FIGURES finds, per page."""
    problems = []
    for large in (False, True):
        if large:
            large_text(page, live_server)
        for width in widths:
            page.set_viewport_size({"width": width, "height": 844})
            for target in pages:
                page.goto(target)
                overflow = page.evaluate("document.documentElement.scrollWidth") - width
                cut = page.evaluate(CUT_FIGURES) + (
                    [f"the page is {overflow}px too wide"] if overflow > 0 else []
                )
                problems += [f"{target} at {width}px (large text: {large}): {c}" for c in cut]
    return problems


@PHONE
def test_phone_09_six_figure_amounts_fit_their_tiles_at_320_and_390_in_both_text_sizes(
    page, live_server, world
):
    levy, _payment, snapshot, fund = _six_figures(world)
    token = world.compound.public_token
    pages = [
        url(live_server, "funds_public:levy", token, levy.pk),
        url(live_server, "funds_public:fund", token, fund.pk),
        url(live_server, "funds_public:snapshot", token, snapshot.pk),
        url(live_server, "funds_public:snapshot_print", token, snapshot.pk),
    ]
    expect_amount = "¥135,100.00"
    page.goto(pages[0])
    expect(page.locator("[data-figure=collected]")).to_have_text(expect_amount)
    problems = _each_size(page, live_server, (320, 390), pages)
    assert not problems, "\n".join(problems)


@PHONE
def test_phone_09_the_receipts_check_link_fits_a_phone_in_both_text_sizes(page, live_server, world):
    _levy, payment, _snapshot, _fund = _six_figures(world)
    sign_in(page, live_server, "staff_home")
    pages = [
        url(live_server, "funds:receipt", world.home.slug, payment.pk),
        url(live_server, "funds_public:receipt_verify", payment.verify_token),
    ]
    problems = _each_size(page, live_server, (320, 390), pages)
    assert not problems, "\n".join(problems)


# --- item 10: every target a finger can hit -------------------------------------------------------------

SMALL_TARGETS = r"""() => {
  // Buttons, chips, nav items, breadcrumbs, table-row and list links, summaries and form controls under
  // 44 px tall (WCAG 2.5.5). A checkbox or radio counts by its label. Links inside running text are exempt:
  // they are not among these.
  const small = [];
  const shown = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
                          return r.width > 0 && r.height > 0 && s.visibility !== "hidden"; };
  const check = (el, what) => {
    if (!shown(el)) return;
    const height = el.getBoundingClientRect().height;
    const name = (el.textContent || el.value || el.name || "").trim().replace(/\s+/g, " ").slice(0, 30);
    if (height < 43.5) small.push(`${what} "${name}" is ${Math.round(height)}px tall`);
  };
  const selector = [
    "header a", "header button", "footer a", "footer button", ".crumbs a", "table a", ".chip", ".subnav a",
    ".actions a", ".actions button", ".list a", ".pagination a", "button", ".button", "summary", "select",
    "textarea", "input:not([type=hidden]):not([type=checkbox]):not([type=radio])",
  ].join(", ");
  document.querySelectorAll(selector).forEach((el) => check(el, el.tagName.toLowerCase()));
  document.querySelectorAll("input[type=checkbox], input[type=radio]").forEach((box) => {
    const label = box.closest("label") || (box.id && document.querySelector(`label[for="${box.id}"]`));
    check(label || box, `the label of ${box.name}`);
  });
  return small;
}"""


def _small_targets(page, pages, widths=(390, 320)) -> list[str]:
    problems = []
    for width in widths:
        page.set_viewport_size({"width": width, "height": 844})
        for target in pages:
            page.goto(target)
            problems += [f"{target} at {width}px: {s}" for s in page.evaluate(SMALL_TARGETS)]
    return problems


@PHONE
def test_phone_10_residents_pages_have_44px_targets(page, live_server, world):
    levy = cctv_levy(world)  # world.household (1栋1单元501) has paid
    snapshot = services.snapshot_publish(levy=levy, period="2026年11月", actor=world.treasurer)
    token = world.compound.public_token
    public_pages = [
        url(live_server, "public_board", token),
        url(live_server, "funds_public:board", token),
        url(live_server, "funds_public:levy", token, levy.pk),
        url(live_server, "funds_public:snapshot", token, snapshot.pk),
    ]
    problems = _small_targets(page, public_pages)
    world.household.refresh_from_db()
    open_household_page(page, live_server, world)
    problems += _small_targets(page, [url(live_server, "public_household", token)])
    assert not problems, "\n".join(problems)


@PHONE
def test_phone_10_staff_pages_have_44px_targets(page, live_server, world):
    levy = cctv_levy(world)
    charge = levy.charges.exclude(paid__gt=0).first()
    payment = levy.payments.first()
    slug = world.home.slug
    problems = _small_targets(page, [url(live_server, "account_login")])
    sign_in(page, live_server, "admin_home", totp_secret=world.totp_secrets["admin"])
    problems += _small_targets(
        page,
        [
            url(live_server, "communities:home", slug),
            url(live_server, "communities:compound", slug, world.compound.pk),
            url(live_server, "communities:household", slug, world.household.pk),
            url(live_server, "communities:audit", slug),
            url(live_server, "funds:dashboard", slug),
            url(live_server, "funds:levy", slug, levy.pk),
            url(live_server, "funds:charge_pay", slug, charge.pk),
            url(live_server, "funds:payments", slug),
            url(live_server, "funds:receipt", slug, payment.pk),
        ],
    )
    assert not problems, "\n".join(problems)


# --- item 11: text an elderly resident can read -----------------------------------------------------------

FONT_SIZES = r"""() => {
  const px = (el) => parseFloat(getComputedStyle(el).fontSize);
  const sizes = (selector) => [...document.querySelectorAll(selector)]
    .filter((el) => el.getClientRects().length).map((el) => [el.textContent.trim().slice(0, 20), px(el)]);
  return {
    body: px(document.body),
    small: sizes(".help, .helptext, .badge, .rooms li"),
    headings: sizes("main h1, main h2, main h3"),
  };
}"""


@PHONE
def test_phone_11_help_badges_and_rooms_are_15px_and_headings_grow_with_large_text(page, live_server, world):
    levy = cctv_levy(world)
    token = world.compound.public_token
    world.household.refresh_from_db()
    pages = {
        "board": url(live_server, "public_board", token),
        "levy": url(live_server, "funds_public:levy", token, levy.pk),
        "household": url(live_server, "public_household", token),
    }
    open_household_page(page, live_server, world)
    seen: dict[tuple[str, bool], dict] = {}
    for large in (False, True):
        if large:
            large_text(page, live_server)
        for name, target in pages.items():
            page.goto(target)
            if name == "levy":
                page.locator("details.building summary").first.click()  # the rooms of its first building
            seen[name, large] = sizes = page.evaluate(FONT_SIZES)
            assert sizes["small"], f"nothing small to measure on {name}"
            tiny = [(text, size) for text, size in sizes["small"] if size < 15]
            assert not tiny, f"{name} (large text: {large}): under 15 px: {tiny}"
            if large:
                shrunk = [(text, size) for text, size in sizes["headings"] if size <= sizes["body"]]
                assert not shrunk, (
                    f"{name}: headings not larger than the {sizes['body']}px body text: {shrunk}"
                )
    for name in pages:
        normal, large = seen[name, False], seen[name, True]
        ratio = large["body"] / normal["body"]
        for (text, before), (_same, after) in zip(normal["headings"], large["headings"], strict=True):
            assert after >= before * ratio - 0.5, (
                f"{name}: heading {text!r} grows {before}->{after}px, text {ratio}x"
            )


# --- item 12: 大字模式 where it is found, and on paper too -------------------------------------------------


@PHONE
def test_phone_12_large_text_is_in_the_top_bar_and_print_pages_follow_it(page, live_server, world):
    levy = cctv_levy(world)
    snapshot = services.snapshot_publish(levy=levy, period="2026年11月", actor=world.treasurer)
    token = world.compound.public_token
    page.goto(url(live_server, "funds_public:levy", token, levy.pk))
    toggle = page.locator("header button[name=size][value=large]")
    expect(toggle).to_be_visible()
    assert on_screen(page, toggle), "大字模式 is not on the first screen"
    with page.expect_navigation():
        toggle.click()
    expect(page.locator("body")).to_have_class(re.compile(r"\blarge-text\b"))
    assert page.url.endswith(f"/funds/levies/{levy.pk}/")
    expect(page.locator("header button[name=size][value=normal]")).to_be_visible()  # and back, from there

    for name, args in (("public_notice", [token]), ("funds_public:snapshot_print", [token, snapshot.pk])):
        page.goto(url(live_server, name, *args))
        expect(page.locator("body")).to_have_class(re.compile(r"\blarge-text\b"))
        assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 20, name


# --- item 13: errors tied to their fields -----------------------------------------------------------------

UNTIED = r"""() => {
  // Help and error texts no control points at, and aria-describedby ids that name nothing.
  const problems = [];
  for (const el of document.querySelectorAll("main .field .help, main .field .error, main .helptext")) {
    if (!el.id) { problems.push(`no id: ${el.textContent.trim()}`); continue; }
    if (!document.querySelector(`[aria-describedby~="${el.id}"]`)) problems.push(`nothing points at #${el.id}`);
  }
  for (const el of document.querySelectorAll("[aria-describedby]"))
    for (const id of el.getAttribute("aria-describedby").split(/\s+/))
      if (id && !document.getElementById(id)) problems.push(`#${id} (from ${el.name || el.tagName}) is missing`);
  return problems;
}"""

FAILED_FORM = r"""() => {
  const summary = document.querySelector("main .error-summary");
  const invalid = [...document.querySelectorAll("main [aria-invalid=true]")];
  const first = document.querySelector("main form .field");
  return {
    summary: summary && summary.textContent.trim().replace(/\s+/g, " "),
    role: summary && summary.getAttribute("role"),
    focused: !!summary && document.activeElement === summary,
    before_fields: !!summary && !!first && !!(summary.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING),
    links: summary ? [...summary.querySelectorAll("a[href^='#']")].map((a) => a.getAttribute("href")) : [],
    borders: invalid.map((el) => [el.name, getComputedStyle(el).borderTopColor]),
  };
}"""


def _check_failed_form(page, what: str, fields: list[str]) -> None:
    assert not page.evaluate(UNTIED), f"{what}: {page.evaluate(UNTIED)}"
    failed = page.evaluate(FAILED_FORM)
    assert failed["summary"], f"{what}: no error summary"
    assert failed["role"] == "alert" and failed["focused"], (
        f"{what}: the summary is not announced and focused"
    )
    for name in fields:
        assert f"#id_{name}" in failed["links"], (
            f"{what}: the summary does not lead to {name}: {failed['links']}"
        )
    assert failed["borders"], f"{what}: no field marked invalid"
    for name, colour in failed["borders"]:
        assert colour == "rgb(179, 38, 30)", f"{what}: the invalid field {name} has a {colour} border"


@PHONE
def test_phone_13_help_and_errors_are_tied_to_their_fields_with_a_summary_first(page, live_server, world):
    # A resident's code form: its help, then its error.
    page.goto(url(live_server, "public_board", world.compound.public_token))
    assert not page.evaluate(UNTIED), page.evaluate(UNTIED)
    page.fill("input[name=code]", "WRONG1")
    with page.expect_navigation():
        page.locator("#household button").click()
    _check_failed_form(page, "the board's code form", ["code"])

    # A staff form with help texts and two errors.
    sign_in(page, live_server, "admin_home", totp_secret=world.totp_secrets["admin"])
    page.goto(url(live_server, "communities:household_create", world.home.slug, world.compound.pk))
    assert not page.evaluate(UNTIED), page.evaluate(UNTIED)
    form = page.locator("main form.form")
    form.locator("[name=building]").fill("1栋")
    form.locator("[name=room]").fill("502")
    form.locator("[name=phone]").fill("123")  # the browser lets it through; the server does not
    with page.expect_navigation():
        form.locator("button.primary").click()
    _check_failed_form(page, "the household form", ["phone"])
    expect(page.locator("#id_phone_error")).to_be_visible()


@PHONE
def test_phone_13_the_sign_in_error_is_announced(page, live_server, world):
    page.goto(url(live_server, "account_login"))
    form = page.locator("main form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=login]").fill("staff_home")
    form.locator("input[name=password]").fill("not-the-password")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    alert = page.locator("main [role=alert]")
    expect(alert).to_be_visible()
    expect(alert).to_be_focused()
    assert not page.evaluate(UNTIED), page.evaluate(UNTIED)


# --- item 14: smaller things -----------------------------------------------------------------------------


def _axe(page, rules: list[str], context=None) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "rule", "values": rules}, "resultTypes": ["violations"]}
    results = Axe().run(page, context=context, options=options).response
    return [
        f"{v['id']}: {node['target']} {node.get('failureSummary', '')}"
        for v in results["violations"]
        for node in v["nodes"]
    ]


@PHONE
def test_phone_14_reversed_receipts_keep_a_readable_contrast(page, live_server, world):
    levy = cctv_levy(world)
    for payment in levy.payments.all():
        services.payment_reverse(payment=payment, reason="收错了", actor=world.treasurer)
    sign_in(page, live_server, "treasurer_home", totp_secret=world.totp_secrets["treasurer"])
    for target in (
        url(live_server, "funds:payments", world.home.slug),
        url(live_server, "funds:household", world.home.slug, world.household.pk),
    ):
        page.goto(target)
        expect(page.locator(".reversed").first).to_be_visible()
        problems = _axe(page, ["color-contrast"], context=".reversed")
        assert not problems, f"{target}: {problems}"


@PHONE
def test_phone_14_radios_are_a_fieldset_with_a_legend(page, live_server, world):
    levy = cctv_levy(world)
    charge = levy.charges.exclude(paid__gt=0).first()
    sign_in(page, live_server, "treasurer_home", totp_secret=world.totp_secrets["treasurer"])
    for target, name in (
        (url(live_server, "funds:charge_pay", world.home.slug, charge.pk), "method"),
        (url(live_server, "funds:levy_create", world.home.slug) + f"?compound={world.compound.pk}", "basis"),
    ):
        page.goto(target)
        radios = page.locator(f"input[type=radio][name={name}]")
        expect(radios.first).to_be_visible()
        fieldset = page.locator("fieldset").filter(has=radios.first)
        expect(fieldset).to_have_count(1)
        assert fieldset.locator("input[type=radio]").count() == radios.count()
        expect(fieldset.locator("legend")).not_to_be_empty()


@PHONE
def test_phone_14_messages_are_announced_from_a_wrapper_not_the_list(page, live_server, world):
    page.goto(url(live_server, "public_household", world.compound.public_token))  # "enter your code first"
    messages = page.locator("main .messages")
    expect(messages).to_be_visible()
    assert messages.get_attribute("role") is None
    expect(page.locator("main [role=status]").filter(has=page.locator(".messages"))).to_have_count(1)


@PHONE
def test_phone_14_print_buttons_need_javascript_and_print_pages_have_landmarks(
    page, browser, live_server, world
):
    levy = cctv_levy(world)
    snapshot = services.snapshot_publish(levy=levy, period="2026年11月", actor=world.treasurer)
    token = world.compound.public_token
    notice = url(live_server, "public_notice", token)
    snapshot_print = url(live_server, "funds_public:snapshot_print", token, snapshot.pk)

    page.goto(snapshot_print)
    expect(page.locator("main")).to_have_count(1)
    expect(page.locator("[data-print]")).to_be_visible()  # app.js runs: the button works, so it shows
    without_js = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        bare = without_js.new_page()
        for target in (notice, snapshot_print):
            bare.goto(target)
            expect(bare.locator("[data-print]")).to_be_hidden()  # it would do nothing
    finally:
        without_js.close()

    sign_in(page, live_server, "admin_home", totp_secret=world.totp_secrets["admin"])
    page.goto(url(live_server, "communities:compound_slips", world.home.slug, world.compound.pk))
    expect(page.locator("main h1")).to_have_count(1)
    expect(page.locator("[data-print]")).to_be_visible()
