"""Residents' pages of recruitment calls (no account): the call's page with its application form (/j/<token>/),
and an application's private link (/a/<token>/): its state, a question from staff and the answer, withdrawal.

The confirmation is the same whether or not the phone was known, so the form tells nobody who is a partner.
The application link opens this application only, never a partner's record. Both pages carry noindex and
same-origin referrers (the application token is in the address: never sent to another site).
"""

from allauth.core import ratelimit
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communities import public
from communities.errors import DomainError

from .. import services
from ..forms import AnswerForm, ApplicationForm
from ..models import Application, RecruitmentCall


def _private(response):
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return public.noindex(response)


def call_page(request, token):
    call = get_object_or_404(
        RecruitmentCall.objects.select_related("compound", "community"), public_token=token
    )
    household = public.gate_household(request, call.compound) if call.compound_id else None
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and services.call_is_open(call):
        if not ratelimit.consume(request, action="application", key=call.public_token):
            form.add_error(None, _("Too many applications from here. Wait a while and try again."))
        elif form.is_valid():
            data = form.service_fields()
            consents = services.Consents(
                data_use=form.cleaned_data["consent_data_use"],
                public_naming=form.cleaned_data["consent_public_naming"],
            )
            try:
                _application, link_token = services.application_submit(
                    call=call, consents=consents, household=household, **data
                )
            except DomainError as error:
                error.add_to_form(form)
            else:
                link = request.build_absolute_uri(reverse("partners_public:application", args=[link_token]))
                return _private(render(request, "partners/public/applied.html", {"call": call, "link": link}))
    context = {"call": call, "form": form, "household": household, "is_open": services.call_is_open(call)}
    return _private(render(request, "partners/public/call.html", context))


def _application(token) -> Application:
    application = services.application_by_link(token=token)
    if application is None:
        raise Http404
    return application


def application_page(request, token):
    application = _application(token)
    form = AnswerForm(request.POST or None) if application.state == Application.State.QUESTION else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.application_answer(application=application, answer=form.cleaned_data["answer"])
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Thank you. The community office will read your answer."))
            return _private(redirect("partners_public:application", token=token))
    return _private(
        render(request, "partners/public/application.html", {"application": application, "form": form})
    )


@require_POST
def application_withdraw(request, token):
    application = _application(token)
    try:
        services.application_withdraw(application=application)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your application is withdrawn."))
    return _private(redirect("partners_public:application", token=token))
