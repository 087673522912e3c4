"""Staff pages of the published ledger: moderating and answering residents' questions, publishing 公示
snapshots and correcting them. Under /c/<slug>/funds/ (routes in funds/urls.py); residents' pages are in
funds/views/public.py."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from communities.access import community_view
from communities.errors import DomainError
from communities.models import Role

from .. import queries, services
from ..models import Fund, Inquiry, InquiryAnswer, Levy, Snapshot
from ..public_forms import AnswerForm, CorrectionForm, PublishForm
from ..public_queries import snapshots_of

PAGE_SIZE = 30


def inquiry_for(request, pk: int) -> Inquiry:
    return get_object_or_404(
        Inquiry.objects.select_related("levy", "fund", "compound", "expense").prefetch_related(
            Prefetch("answers", queryset=InquiryAnswer.objects.select_related("answered_by"))
        ),
        community=request.community,
        pk=pk,
    )


@community_view(Role.STAFF)
def questions(request):
    show = request.GET.get("show", "waiting")
    qs = (
        Inquiry.objects.filter(community=request.community)
        .select_related("levy", "fund", "compound")
        .annotate(n_answers=Count("answers"))
    )
    if show == "waiting":
        qs = qs.filter(
            Q(state=Inquiry.State.PENDING) | Q(state=Inquiry.State.PUBLISHED, n_answers=0)
        ).order_by("created_at", "id")
    else:
        show = "all"
        qs = qs.order_by("-created_at", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "funds/question_list.html", {"page": page, "show": show, "query": f"show={show}"})


@community_view(Role.STAFF)
def question(request, pk):
    inquiry = inquiry_for(request, pk)
    form = AnswerForm(request.POST if request.POST.get("action") == "answer" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in {"publish", "reject"}:
                services.inquiry_moderate(inquiry=inquiry, publish=action == "publish", actor=request.user)
                messages.success(
                    request,
                    _("The question is public now.") if action == "publish" else _("Question rejected."),
                )
                return redirect("funds:question", slug=request.community.slug, pk=inquiry.pk)
            if action == "answer" and form.is_valid():
                services.inquiry_answer(inquiry=inquiry, text=form.cleaned_data["text"], actor=request.user)
                messages.success(request, _("Your answer is public now."))
                return redirect("funds:question", slug=request.community.slug, pk=inquiry.pk)
        except DomainError as error:
            if action == "answer":
                error.add_to_form(form)
            else:
                messages.error(request, error.message)
    return render(request, "funds/question_detail.html", {"inquiry": inquiry, "form": form})


def _publish(request, *, levy=None, fund=None):
    ledger = levy or fund
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            snapshot = services.snapshot_publish(
                levy=levy, fund=fund, period=form.cleaned_data["period"], actor=request.user
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            # Back to the ledger's own staff page, with the way to the public one.
            messages.success(
                request,
                format_html(
                    '{} <a href="{}" data-testid="published-link">{}</a>',
                    _("Published as issue %(version)s, check code %(hash)s.")
                    % {"version": snapshot.version, "hash": snapshot.short_hash},
                    reverse("funds_public:snapshot", args=[snapshot.board_token, snapshot.pk]),
                    _("See the public page"),
                ),
            )
            if levy is not None:
                return redirect("funds:levy", slug=request.community.slug, pk=levy.pk)
            return redirect("funds:fund", slug=request.community.slug, pk=fund.pk)
    context = {
        "ledger": ledger,
        "levy": levy,
        "fund": fund,
        "form": form,
        "preview": services.ledger_content(levy=levy, fund=fund, period="…"),
        "snapshots": snapshots_of(levy=levy, fund=fund) if levy else snapshots_of(fund=fund),
        "entered_after": queries.entered_after_publication(levy=levy, fund=fund),
    }
    return render(request, "funds/snapshot_publish.html", context)


@community_view(Role.TREASURER)
def publish_levy(request, pk):
    levy = get_object_or_404(Levy.objects.select_related("compound"), community=request.community, pk=pk)
    return _publish(request, levy=levy)


@community_view(Role.TREASURER)
def publish_fund(request, pk):
    fund = get_object_or_404(Fund.objects.select_related("compound"), community=request.community, pk=pk)
    return _publish(request, fund=fund)


@community_view(Role.TREASURER)
def snapshot_correct(request, pk):
    snapshot = get_object_or_404(
        Snapshot.objects.select_related("compound", "community", "levy", "fund").prefetch_related(
            "corrections"
        ),
        community=request.community,
        pk=pk,
    )
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.snapshot_correct(snapshot=snapshot, text=form.cleaned_data["text"], actor=request.user)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("The correction is published under the snapshot."))
            return redirect("funds_public:snapshot", token=snapshot.board_token, pk=snapshot.pk)
    return render(request, "funds/snapshot_correct.html", {"snapshot": snapshot, "form": form})
