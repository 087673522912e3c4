"""The browser-test harness: Playwright (sync API) driving the system's Chromium against `live_server`.

A journey is a test marked `@pytest.mark.browser` that clicks, types and looks as a person would,
and asserts on what a person sees. Write one like this::

    from tests.browser.conftest import BOTH_VIEWPORTS, sign_in, url

    @pytest.mark.browser
    @BOTH_VIEWPORTS  # runs on a desktop and on a phone-sized viewport
    def test_treasurer_reaches_home(page, live_server, world):
        sign_in(page, live_server, "treasurer_home", totp_secret=world.totp_secrets["treasurer"])
        expect(page.locator("h1")).to_contain_text("双龙社区")

Fixtures
    browser         one Chromium for all of tests/browser/ (/usr/bin/chromium, headless). Outside CI the browser
                    tests skip, saying why, when Chromium is missing; in CI (CI=true) they fail instead.
    viewport        "desktop" (1280x800) unless a test asks for another one with
                    `@pytest.mark.parametrize("viewport", ["phone"], indirect=True)`;
                    `@BOTH_VIEWPORTS` runs the test on "desktop" and "phone" (390x844, is_mobile, has_touch).
    page            a page in a fresh browser context (no cookies), in the test's viewport, Chinese
                    Accept-Language and the Asia/Shanghai time zone, like the community office's phones.
    new_page        `new_page()` opens another page in another fresh context: a second person
                    (e.g. the one who opens an invitation link), with the same viewport.
    When a test fails, every page it opened is saved as a full-page screenshot in
    test-artifacts/<test-name>.png (test-artifacts/<test-name>-2.png for the second page, ...).
    Every journey is also an accessibility check: each page of the live server that its pages load is kept as
    it was at its load event and, once the test has passed, axe (axe-playwright-python) checks it at 390 px
    with normal and with large text; a critical or serious violation fails the test, listed in the failure
    (`axe_check`). Markup already checked by an earlier journey is not checked again.

Helpers
    url(live_server, name, *args, **kwargs)
                    the absolute URL of a named route on the live server (`url(ls, "communities:home",
                    "shuanglong")`); a plain path starting with "/" is joined as it is.
    sign_in(page, live_server, username, password=PASSWORD, totp_secret=None)
                    goes through the real allauth sign-in page: types the username and password, submits,
                    and when two-factor authentication asks for a code, types the TOTP code computed
                    with pyotp from `totp_secret` (the personas' secrets are in `world.totp_secrets`;
                    their password is tests.conftest.PASSWORD). It waits until the browser has left the
                    sign-in pages and returns the page.
    totp_code(secret)
                    a code as the person's phone app would show it now, never one already typed in this
                    test (allauth refuses a code twice) and never one about to expire.
    assert_fits_screen(page, what="")
                    fails when the page is wider than the viewport, i.e. a person would have to scroll
                    sideways (a table or form overflowing a phone's screen).

The personas are those of the `world` fixture in tests/conftest.py: admin_home, treasurer_home, staff_home,
observer_home (community 双龙社区, slug "shuanglong", compound 育才小区) and staff_other (桂花社区).
"""

import hashlib
import os
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pyotp
import pytest
from django.urls import reverse

from tests.conftest import PASSWORD, skip_unless

# The live server listens on 127.0.0.1 (not "localhost", which Chromium may try on ::1 first).
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

CHROMIUM = os.environ.get("HEHUO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TIMEOUT_MS = 15_000

VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
BOTH_VIEWPORTS = pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)

__all__ = ["BOTH_VIEWPORTS", "PASSWORD", "VIEWPORTS", "assert_fits_screen", "sign_in", "totp_code", "url"]


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so the page fixtures know on teardown whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the journeys of tests/browser/, closed when they are done."""
    skip_unless(
        os.path.exists(CHROMIUM),
        f"browser tests need Chromium at {CHROMIUM} (Debian package `chromium`, with `fonts-noto-cjk`)",
    )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio event loop running in this (the test's) thread for as long as
    # it is started. Django refuses ORM calls from a thread with a running event loop
    # (SynchronousOnlyOperation), and journeys do use the ORM in the test thread (the `world` fixture,
    # checking what was saved). Nothing here is really async: the test thread only waits on the browser, and
    # the live server answers in its own thread. So the check is lifted while Playwright runs, and only
    # then (package scope: the rest of the suite keeps Django's check).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def viewport(request) -> str:
    return getattr(request, "param", "desktop")


def _screenshot_name(item) -> str:
    return re.sub(r"[^\w.-]+", "-", item.name).strip("-")


@pytest.fixture
def new_page(request, browser, viewport, live_server):
    """new_page() -> a page in a fresh browser context; screenshots of all of them when the test fails.

    Every page of the live server that one of them loads is kept as it was at its load event, and axe checks it
    once the test has passed (see `axe_check`)."""
    contexts, pages, refused = [], [], []
    visited = AxeVisits(live_server.url)

    def _watch(message) -> None:
        # Chromium logs what the Content-Security-Policy refused (an inline script, an eval, an image).
        if "Content Security Policy" in message.text:
            refused.append(f"{message.text} ({message.location.get('url', '')})")

    def _new_page():
        context = browser.new_context(
            **VIEWPORTS[viewport],
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            base_url=live_server.url,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("console", _watch)
        page.on("load", visited.remember)
        pages.append(page)
        return page

    yield _new_page

    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = _screenshot_name(request.node)
        for number, page in enumerate(pages, start=1):
            suffix = "" if number == 1 else f"-{number}"
            try:
                page.screenshot(path=str(ARTIFACTS / f"{name}{suffix}.png"), full_page=True)
            except Exception as error:  # noqa: BLE001 - a broken page must not hide the test's own failure
                print(f"could not save a screenshot of {page.url}: {error}")
    for context in contexts:
        context.close()
    # Every journey also checks that our pages work under the Content-Security-Policy.
    assert not refused, "the Content-Security-Policy refused: " + "; ".join(refused)
    # ... and that axe finds no critical or serious violation on any page it visited (once it has passed).
    if report is not None and report.passed:
        problems = axe_check(browser, visited)
        assert not problems, "axe found critical or serious violations:\n" + "\n".join(problems)


@pytest.fixture
def page(new_page):
    return new_page()


class AxeVisits:
    """The pages of the live server that a journey's pages loaded, each kept as its DOM was at its load event.
    The same markup (but for its CSRF token and text size) is kept once per test run: axe has checked it."""

    checked: set[str] = set()  # signatures of the markup checked so far, by any journey

    def __init__(self, origin: str):
        self.origin = origin
        self.pages: dict[str, tuple[str, str]] = {}  # signature -> (address, html)

    def remember(self, page) -> None:
        if not page.url.startswith(self.origin):
            return
        try:
            html = page.content()
        except Exception:  # noqa: BLE001 - the page moved on before it could be read: its next load is kept
            return
        # Markup is the same page with another CSRF token, or in the other text size (both sizes are checked).
        markup = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
        markup = re.sub(
            r"\blarge-text\b|<form[^>]*class=\"inline text-size\".*?</form>", "", markup, flags=re.S
        )
        signature = hashlib.sha256(markup.encode()).hexdigest()
        if signature not in AxeVisits.checked:
            self.pages.setdefault(signature, (page.url, html))


AXE_IMPACTS = ("critical", "serious")
# With large text only the page's rendering changes, not its markup: the second pass runs the rules that
# look at rendering and that a default run checks (contrast, links told apart from text, scrolling regions).
AXE_RENDERING_RULES = ["color-contrast", "link-in-text-block", "scrollable-region-focusable"]
AXE_VIEWPORT = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _serve(html: str):
    def handler(route) -> None:
        route.fulfill(status=200, body=html, headers={"Content-Type": "text/html; charset=utf-8"})

    return handler


def axe_check(browser, visits: AxeVisits) -> list[str]:
    """Run axe (the axe-core that axe-playwright-python bundles) on each kept page at 390 px, with normal and
    with large text (大字模式: the body class its cookie sets); one line per critical or serious violation.

    Each page is served again exactly as it was kept, so that a page reached through a form, a one-time link
    or a session that has since ended is checked as the person saw it; its styles and scripts come from the
    live server."""
    if not visits.pages:
        return []
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems = []
    context = browser.new_context(**AXE_VIEWPORT, locale="zh-CN", timezone_id="Asia/Shanghai")
    try:
        page = context.new_page()
        for signature, (address, html) in visits.pages.items():
            page.route(address, _serve(html))
            page.goto(address)
            page.unroute(address)
            for large in (False, True):
                page.evaluate("large => document.body.classList.toggle('large-text', large)", large)
                options = {"resultTypes": ["violations"]}
                if large:
                    options["runOnly"] = {"type": "rule", "values": AXE_RENDERING_RULES}
                for violation in axe.run(page, options=options).response["violations"]:
                    if violation["impact"] not in AXE_IMPACTS:
                        continue
                    targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
                    problems.append(
                        f"{urlsplit(address).path} ({'large' if large else 'normal'} text): "
                        f"{violation['id']} ({violation['impact']}): {violation['help']} [{targets}]"
                    )
            AxeVisits.checked.add(signature)
    finally:
        context.close()
    return problems


def url(live_server, name: str, *args, **kwargs) -> str:
    path = name if name.startswith("/") else reverse(name, args=args or None, kwargs=kwargs or None)
    return f"{live_server.url}{path}"


_typed_codes: set[tuple[str, str]] = set()


@pytest.fixture(autouse=True)
def _forget_typed_codes():
    _typed_codes.clear()
    yield


def totp_code(secret: str) -> str:
    totp = pyotp.TOTP(secret)
    while True:
        left = totp.interval - time.time() % totp.interval
        code = totp.now()
        if left > 2 and (secret, code) not in _typed_codes:
            _typed_codes.add((secret, code))
            return code
        time.sleep(min(left, 1) + 0.05)


def assert_fits_screen(page, what: str = "") -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    screen = page.viewport_size["width"]
    assert width <= screen, f"{what or page.url} is {width}px wide on a {screen}px screen"


def _path(page) -> str:
    return urlsplit(page.url).path


def sign_in(page, live_server, username: str, password: str = PASSWORD, totp_secret: str | None = None):
    """Sign in through the real allauth pages, as a person would; returns the page, past the sign-in."""
    login_path = reverse("account_login")
    mfa_path = reverse("mfa_authenticate")
    page.goto(url(live_server, login_path))
    form = page.locator("main form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=login]").fill(username)
    form.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    if _path(page) == login_path:
        raise AssertionError(f"signing in as {username} failed: {page.locator('main').inner_text()[:400]}")
    if _path(page) == mfa_path:
        assert totp_secret, f"{username} is asked for a two-factor code, but sign_in() got no totp_secret"
        form = page.locator("main form").filter(has=page.locator("input[name=code]"))
        form.locator("input[name=code]").fill(totp_code(totp_secret))
        with page.expect_navigation():
            form.locator("button[type=submit]").first.click()
        if _path(page) == mfa_path:
            raise AssertionError(
                f"two-factor code of {username} refused: {page.locator('main').inner_text()[:400]}"
            )
    return page
