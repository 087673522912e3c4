"""Template filters for money: {{ amount|yuan }} -> ¥1,234.50, {{ amount|capitals }} -> 壹仟贰佰叁拾肆元伍角."""

from django import template

from communities.money import chinese_capitals, format_yuan

register = template.Library()


@register.filter
def yuan(value) -> str:
    """Refuses floats (TypeError), so a float never reaches a page unnoticed."""
    if value is None or value == "":
        return ""
    return format_yuan(value)


@register.filter
def yuan_plain(value) -> str:
    if value is None or value == "":
        return ""
    return format_yuan(value, symbol=False)


@register.filter
def capitals(value) -> str:
    if value is None or value == "":
        return ""
    return chinese_capitals(value)
