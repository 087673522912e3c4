"""Public pages of the funds app (no account): the compound's published ledgers, questions, a household's own
page by its access code, 公示 snapshots with their printable notice, and the receipt check.

Every page carries noindex (meta tag and X-Robots-Tag). A ledger's figures, rooms and expenses are cached per
ledger version and language (funds.cache). A levy's whole page is cached too, keyed by one prepared query (see
_levy_page_key); per-visitor bits (the CSRF token, the "find my room" answer, messages, a form with errors) are
put in per request or rendered for that visitor alone.
"""

import hashlib
import io
import time

import segno
from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.db import connection
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from communities.context_processors import TEXT_SIZE_COOKIE
from communities.errors import DomainError
from communities.models import Community, Compound

from .. import cache, services
from ..models import Inquiry, InquiryAnswer, Levy, Payment, PaymentConfirmation, Snapshot
from ..public_forms import FindRoomForm, FlagForm, HouseholdCodeForm, InquiryForm
from ..public_queries import (
    board,
    compound_or_community_funds,
    expenses_of,
    find_rooms,
    incomes_of,
    inquiries_public,
    levy_rooms,
    public_donor,
    snapshots_of,
)
from ..queries import fund_figures, household_charges, levy_figures_one

SPLIT = "<!--split-->"
# Stand-ins in a cached page, replaced per request. Residents' text cannot produce them: the found-room mark
# is an HTML comment (user text is escaped), the CSRF mark is derived from the secret key.
CSRF_MARK = "csrf" + hashlib.sha256(f"{settings.SECRET_KEY}:funds-csrf-mark".encode()).hexdigest()[:24]
FOUND_MARK = "<!--found-room-->"
_CSRF_MARK_BYTES = CSRF_MARK.encode()
_FOUND_MARK_BYTES = FOUND_MARK.encode()


def _noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _compound(token: str) -> Compound:
    return get_object_or_404(Compound.objects.select_related("community"), public_token=token)


def qr_svg(data: str, scale: int = 6) -> str:
    """An inline SVG QR code (no download, no external service): opens in WeChat's browser too."""
    buffer = io.BytesIO()
    segno.make(data, error="m").save(
        buffer,
        kind="svg",
        scale=scale,
        border=2,
        xmldecl=False,
        svgns=True,
        svgclass="qr",
        lineclass=None,
        omitsize=True,  # a viewBox only: the page sets its printed size
    )
    return mark_safe(buffer.getvalue().decode())  # noqa: S308 - segno's own SVG, no user markup in it


# --- the compound's ledgers -----------------------------------------------------------------------


@require_GET
def ledger_board(request, token):
    compound = _compound(token)
    response = render(request, "funds/public/board.html", {"compound": compound, **board(compound)})
    return _noindex(response)


def _ask(request, compound, *, levy=None, fund=None, expenses):
    """The question form of a ledger page: rate-limited, moderated, contact kept private."""
    form = InquiryForm(request.POST or None, expenses=expenses, prefix="ask")
    if request.method == "POST":
        if not ratelimit.consume(request, action="inquiry", key=compound.public_token):
            form.add_error(None, _("Too many questions from here. Wait a while and try again."))
        elif form.is_valid():
            try:
                services.inquiry_submit(
                    compound=compound,
                    levy=levy,
                    fund=fund,
                    expense=form.cleaned_data.get("expense"),
                    text=form.cleaned_data["text"],
                    contact=form.cleaned_data["contact"],
                )
            except DomainError as error:
                error.add_to_form(form)
            else:
                messages.success(
                    request,
                    _("Thank you. Your question appears here once staff have checked it, with the answer."),
                )
                return None, True
    return form, False


class _PathOnly:
    """Stands in for the request in a cached page: the footer's "next" links back without the query string."""

    def __init__(self, request):
        self.path = request.path

    def get_full_path(self) -> str:
        return self.path


_PAGE_STAMP_SQL = """
    SELECT l.id, l.ledger_version, l.created_at, co.public_names_masked,
           (SELECT max(i.moderated_at) FROM {inquiry} i WHERE i.levy_id = l.id AND i.state = %s),
           (SELECT max(a.id) FROM {answer} a JOIN {inquiry} i ON i.id = a.inquiry_id WHERE i.levy_id = l.id),
           (SELECT max(s.id) FROM {snapshot} s WHERE s.levy_id = l.id)
    FROM {levy} l
    JOIN {compound} c ON c.id = l.compound_id
    JOIN {community} co ON co.id = c.community_id
    WHERE l.id = %s AND c.public_token = %s
"""


_STAMP_STATEMENT = "funds_levy_page_stamp"


def _levy_page_key(request, token: str, pk: int) -> str:
    """The cache key of a levy's public page, in one plain query (no ORM: this runs on every page view).

    It names the ledger version, the language, the name-masking choice and the newest published question,
    answer and snapshot of the levy, a 5-minute bucket (for "waiting for …" times) and the text size.
    """
    sql = _PAGE_STAMP_SQL.format(
        inquiry=Inquiry._meta.db_table,
        answer=InquiryAnswer._meta.db_table,
        snapshot=Snapshot._meta.db_table,
        levy=Levy._meta.db_table,
        compound=Compound._meta.db_table,
        community=Community._meta.db_table,
    )
    params = [Inquiry.State.PUBLISHED, int(pk), token]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Prepared once per database connection: planning this query costs more than running it.
            if getattr(connection, "_funds_page_stamp_on", None) is not connection.connection:
                cursor.execute(
                    f"PREPARE {_STAMP_STATEMENT}(varchar, bigint, varchar) AS "
                    + sql.replace("%s", "$1", 1).replace("%s", "$2", 1).replace("%s", "$3", 1)
                )
                connection._funds_page_stamp_on = connection.connection
            cursor.execute(f"EXECUTE {_STAMP_STATEMENT}(%s, %s, %s)", params)
        else:
            cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        raise Http404
    levy_id, version, created, masked, published, answer, snapshot = row
    large_text = request.COOKIES.get(TEXT_SIZE_COOKIE) == "large"
    parts = [
        "funds-page",
        cache.TEMPLATE_VERSION,
        "levy",
        levy_id,
        created,
        f"v{version}",
        get_language(),
        masked,
    ]
    parts += [published, answer, snapshot, int(time.time() // 300), large_text]
    return "funds-page:" + hashlib.sha256(":".join(str(part) for part in parts).encode()).hexdigest()


def _fill(page: bytes, request, found: bytes) -> bytes:
    """A cached page with this visitor's CSRF token and "find my room" answer put in."""
    return page.replace(_CSRF_MARK_BYTES, get_token(request).encode()).replace(_FOUND_MARK_BYTES, found)


def _has_messages(request) -> bool:
    storage = messages.get_messages(request)
    pending = bool(list(storage))
    storage.used = False  # keep them for the page that shows them
    return pending


def levy_ledger(request, token, pk):
    """The public ledger of a levy. For GET the whole page is cached (see _levy_page_key); the CSRF token and
    the "find my room" answer are put into the cached page per request. A POST (a question) and a visit with a
    message to show are rendered for that visitor alone."""
    key = None
    if request.method == "GET" and not _has_messages(request):
        key = _levy_page_key(request, token, pk)
        page = cache.cached_get(key)
        if page is not None and not request.GET:
            return _noindex(HttpResponse(_fill(page, request, b"")))
    levy = get_object_or_404(
        Levy.objects.select_related("compound__community", "fund"), compound__public_token=token, pk=pk
    )
    compound = levy.compound
    community = compound.community
    show_names = community.public_names_masked

    def fragment_context():
        return {
            "compound": compound,
            "levy": levy,
            "f": levy_figures_one(levy),
            "buildings": levy_rooms(levy, show_names),
            "expenses": list(expenses_of(levy=levy)),
            "show_names": show_names,
        }

    def page_context(form, found_html):
        summary, rooms = _rendered_ledger("funds/public/_levy_ledger.html", levy, community, fragment_context)
        return {
            "compound": compound,
            "levy": levy,
            "summary": summary,
            "rooms": rooms,
            "find": FindRoomForm(),
            "found_html": found_html,
            "questions": inquiries_public(levy=levy),
            "snapshots": snapshots_of(levy=levy),
            "form": form,
        }

    find = FindRoomForm(request.GET or None)
    found_html = ""
    if find.is_valid() and find.cleaned_data["room"]:
        found_html = render_to_string(
            "funds/public/_found.html",
            {"found": find_rooms(levy, find.cleaned_data["room"], show_names)},
            request=request,
        )
    if key is None:
        form, asked = _ask(request, compound, levy=levy, expenses=expenses_of(levy=levy))
        if asked:
            return HttpResponseRedirect(reverse("funds_public:levy", args=[token, levy.pk]) + "#questions")
        context = page_context(form, mark_safe(found_html))  # noqa: S308 - our own template's output
        return _noindex(render(request, "funds/public/levy.html", context))

    def render_page() -> str:
        form = InquiryForm(expenses=expenses_of(levy=levy), prefix="ask")
        context = {
            **page_context(form, mark_safe(FOUND_MARK)),  # noqa: S308 - a constant
            "csrf_token": CSRF_MARK,
            "messages": (),
            "request": _PathOnly(request),
        }
        return render_to_string("funds/public/levy.html", context, request=request).encode()

    page = cache.cached_fragment(key, render_page)
    return _noindex(HttpResponse(_fill(page, request, found_html.encode())))


def _rendered_ledger(template, obj, community, make_context, per_compound=None) -> tuple[str, ...]:
    """The cached fragment of a ledger, split at SPLIT markers (per-visitor parts go between them)."""
    key = cache.ledger_key(obj, community)
    if per_compound is not None and getattr(obj, "compound_id", True) is None:
        key += f":compound{per_compound.pk}"
    html = cache.cached_fragment(key, lambda: render_to_string(template, make_context()))
    return tuple(mark_safe(part) for part in html.split(SPLIT))  # noqa: S308 - our own template's output


def fund_ledger(request, token, pk):
    compound = _compound(token)
    fund = get_object_or_404(compound_or_community_funds(compound), pk=pk)
    community = compound.community

    def fragment_context():
        incomes = list(incomes_of(fund))
        for income in incomes:
            income.public_donor = public_donor(income)
            income.outgoing = income.source_fund_id == fund.pk
        return {
            "compound": compound,
            "fund": fund,
            "f": fund_figures([fund])[fund.pk],
            "levies": list(fund.levies.filter(compound=compound).order_by("-created_at")),
            "incomes": incomes,
            "expenses": list(expenses_of(fund=fund)),
        }

    form, asked = _ask(request, compound, fund=fund, expenses=expenses_of(fund=fund))
    if asked:
        return HttpResponseRedirect(reverse("funds_public:fund", args=[token, fund.pk]) + "#questions")
    # A community-wide fund's page differs by compound (that compound's levies and links): one fragment each.
    (summary,) = _rendered_ledger(
        "funds/public/_fund_ledger.html", fund, community, fragment_context, per_compound=compound
    )
    context = {
        "compound": compound,
        "fund": fund,
        "summary": summary,
        "questions": inquiries_public(fund=fund),
        "snapshots": snapshots_of(fund=fund),
        "form": form,
    }
    return _noindex(render(request, "funds/public/fund.html", context))


# --- a household's own page (户码) ------------------------------------------------------------------


def household_page(request, token):
    """Enter the access code: the household's charges, payments and receipts; confirm or flag a payment.

    No session: the code travels with each form (a hidden field after the first check), and every POST counts
    against the same rate limit as communities' public page.
    """
    compound = _compound(token)
    form = HouseholdCodeForm(request.POST or None)
    flag_form = FlagForm()
    household = None
    if request.method == "POST":
        if not ratelimit.consume(request, action="access_code", key=compound.public_token):
            form.add_error("code", _("Too many attempts. Wait a few minutes and try again."))
        elif form.is_valid():
            code = form.cleaned_data["code"]
            household = services.household_by_code(compound=compound, code=code)
            if household is None:
                form.add_error(
                    "code", _("No household of this compound has this code. Check the slip and try again.")
                )
            elif request.POST.get("payment"):
                raw = request.POST["payment"].strip()
                payment = (
                    Payment.objects.filter(household=household, pk=int(raw)).first()
                    if raw.isdigit()
                    else None
                )
                action = request.POST.get("action")
                try:
                    if payment is None:
                        raise DomainError(_("This payment is not one of your household's."))
                    if action == "flag":
                        flag_form = FlagForm(request.POST)
                        if flag_form.is_valid():
                            services.payment_flag(
                                compound=compound,
                                payment=payment,
                                access_code=code,
                                note=flag_form.cleaned_data["note"],
                            )
                            messages.success(
                                request,
                                _("Thank you. The treasurer will check this payment and contact you."),
                            )
                            flag_form = FlagForm()
                    else:
                        services.payment_confirm(compound=compound, payment=payment, access_code=code)
                        messages.success(request, _("Thank you for confirming the payment."))
                except DomainError as error:
                    messages.error(request, error.message)
    context = {"compound": compound, "form": form, "household": household, "flag_form": flag_form}
    if household is not None:
        context["code"] = form.cleaned_data["code"]
        context["charges"] = list(household_charges(household))
        context["payments"] = list(
            Payment.objects.filter(household=household)
            .select_related("levy", "reversal")
            .prefetch_related(
                Prefetch("confirmations", queryset=PaymentConfirmation.objects.order_by("-created_at", "-id"))
            )
            .order_by("-recorded_at", "-id")
        )
    return _noindex(render(request, "funds/public/household.html", context))


# --- 公示 snapshots and the printable notice -------------------------------------------------------


def _snapshot(compound, pk) -> Snapshot:
    return get_object_or_404(
        Snapshot.objects.select_related("levy", "fund").prefetch_related("corrections"),
        compound=compound,
        pk=pk,
    )


@require_GET
def snapshot_page(request, token, pk):
    compound = _compound(token)
    snapshot = _snapshot(compound, pk)
    context = {
        "compound": compound,
        "snapshot": snapshot,
        "content": snapshot.content,
        "matches": services.snapshot_matches(snapshot),
    }
    return _noindex(render(request, "funds/public/snapshot.html", context))


@require_GET
def snapshot_print(request, token, pk):
    compound = _compound(token)
    snapshot = _snapshot(compound, pk)
    link = request.build_absolute_uri(reverse("funds_public:snapshot", args=[token, snapshot.pk]))
    context = {
        "compound": compound,
        "snapshot": snapshot,
        "content": snapshot.content,
        "link": link,
        "qr": qr_svg(link, scale=5),
    }
    return _noindex(render(request, "funds/public/snapshot_print.html", context))


# --- receipt check (the QR code on a receipt) ------------------------------------------------------


@require_GET
def receipt_verify(request, token):
    payment = get_object_or_404(
        Payment.objects.select_related(
            "household__building", "household__compound", "levy", "reversal", "community", "charge"
        ),
        verify_token=token,
    )
    return _noindex(render(request, "funds/public/receipt_verify.html", {"payment": payment}))
