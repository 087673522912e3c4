"""Amounts: one rounding rule, ¥ formatting that refuses floats, Chinese capitals on receipts."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from communities.money import chinese_capitals, format_yuan, per_area, percent, round_yuan, to_amount


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("100", "壹佰元整"),
        ("50", "伍拾元整"),
        ("10050", "壹万零伍拾元整"),
        ("10000", "壹万元整"),
        ("0", "零元整"),
        ("0.05", "伍分"),
        ("0.50", "伍角"),
        ("1.05", "壹元零伍分"),
        ("50.50", "伍拾元伍角"),
        ("1234.56", "壹仟贰佰叁拾肆元伍角陆分"),
        ("1005", "壹仟零伍元整"),
        ("100000", "壹拾万元整"),
        ("1010", "壹仟零壹拾元整"),
        ("100010", "壹拾万零壹拾元整"),
        ("10001000", "壹仟万壹仟元整"),
        ("120000000", "壹亿贰仟万元整"),
        ("100000001", "壹亿零壹元整"),
    ],
)
def test_amount_in_chinese_capitals(amount, words):
    assert chinese_capitals(Decimal(amount)) == words


def test_format_yuan_with_thousands_and_two_places():
    assert format_yuan(Decimal("1234.5")) == "¥1,234.50"
    assert format_yuan(Decimal("10050")) == "¥10,050.00"
    assert format_yuan(Decimal("-5")) == "-¥5.00"


def test_yuan_filter_formats_decimal_and_refuses_float():
    template = Template("{% load money %}{{ a|yuan }}")
    assert template.render(Context({"a": Decimal("1234.50")})) == "¥1,234.50"
    with pytest.raises(TypeError):
        template.render(Context({"a": 1234.5}))


def test_one_rounding_rule_half_up_to_the_fen():
    assert round_yuan(Decimal("0.005")) == Decimal("0.01")
    assert round_yuan(Decimal("0.004")) == Decimal("0.00")
    assert per_area(Decimal("1.20"), Decimal("88.45")) == Decimal("106.14")
    with pytest.raises(TypeError):
        round_yuan(0.1)


@pytest.mark.parametrize(("text", "amount"), [("50", "50.00"), ("1,234.5", "1234.50"), ("¥50", "50.00")])
def test_to_amount_reads_what_people_type(text, amount):
    assert to_amount(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["abc", "", "NaN", "Infinity"])
def test_to_amount_refuses_what_is_no_amount(text):
    with pytest.raises(ValueError):
        to_amount(text)


def test_percent():
    assert percent(201, 201) == Decimal("100.0")
    assert percent(1, 3) == Decimal("33.3")
    assert percent(1, 0) is None
