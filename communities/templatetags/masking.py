"""Template filters for personal data on staff pages: {{ household.phone|phone_for:current_membership }} shows
the number whole to staff and above and masked (138****5678) to observers (communities.masking); where a page
masks names for observers, {{ household.head_name|name_for:current_membership }} (张*)."""

from django import template

from communities import masking

register = template.Library()


@register.filter
def phone_for(phone, membership) -> str:
    return masking.phone_for(membership, phone or "")


@register.filter
def name_for(name, membership) -> str:
    return masking.name_for(membership, name or "")
