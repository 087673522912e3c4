"""Rendering the named slots (communities.slots) in templates.

{% load slots %}
{% slot "compound" compound %}        the sections registered for the staff compound page
{% nav_entries as entries %}          the navigation entries for the member's role
{% waiting_items as waiting %}        what waits for staff, counted once per request (home and nav share it)
{% settings_about section %}          what a settings section shows above its form (its `template`)
"""

from dataclasses import dataclass

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from communities import slots
from communities.money import format_yuan

register = template.Library()


def render_sections(request, slot: str, obj, membership=None) -> str:
    """The rendered sections of a slot for `obj`, joined; staff slots filtered by the member's role."""
    parts = []
    for section in slots.entries(slot):
        if membership is not None and not membership.has_role(section.min_role):
            continue
        context = section.context(request, obj)
        if context is None:
            continue
        parts.append(render_to_string(section.template, context, request=request))
    return "".join(parts)


@register.simple_tag(takes_context=True)
def slot(context, name: str, obj=None):
    request = context.get("request")
    membership = getattr(request, "membership", None)
    return mark_safe(render_sections(request, name, obj, membership))  # noqa: S308 - our templates' output


@dataclass
class NavLink:
    key: str
    label: str
    url: str


@register.simple_tag(takes_context=True)
def nav_entries(context) -> list[NavLink]:
    request = context.get("request")
    community = getattr(request, "community", None)
    membership = getattr(request, "membership", None)
    if community is None or membership is None:
        return []
    return [
        NavLink(entry.key, str(entry.label), reverse(entry.url_name, kwargs={"slug": community.slug}))
        for entry in slots.for_role("nav", membership)
    ]


@dataclass
class WaitingItem:
    key: str
    label: str
    count: int
    url: str


def waiting_for(request) -> list[WaitingItem]:
    """What waits for this member (only items with a count above zero), computed once per request."""
    cached = getattr(request, "_hehuo_waiting", None)
    if cached is not None:
        return cached
    community = getattr(request, "community", None)
    membership = getattr(request, "membership", None)
    items = []
    if community is not None and membership is not None:
        entries = slots.for_role("waiting", membership)
        counts = slots.waiting_counts(community, entries)
        for entry in entries:
            count, amount = counts[entry.key]
            if count:
                values = {"n": count, "amount": format_yuan(amount or 0)}
                items.append(
                    WaitingItem(
                        entry.key,
                        str(entry.label) % values,
                        count,
                        reverse(entry.url_name, kwargs={"slug": community.slug}),
                    )
                )
    request._hehuo_waiting = items
    return items


@register.simple_tag(takes_context=True)
def waiting_items(context) -> list[WaitingItem]:
    request = context.get("request")
    return waiting_for(request) if request is not None else []


@register.filter
def waiting_total(items) -> int:
    return sum(item.count for item in items)


@register.simple_tag(takes_context=True)
def settings_about(context, section) -> str:
    """A settings section's own template, with `section.context(community)`; nothing when it has none."""
    if not section.template:
        return ""
    request = context.get("request")
    extra = section.context(request.community) if section.context else {}
    return mark_safe(render_to_string(section.template, extra, request=request))  # noqa: S308 - our templates
