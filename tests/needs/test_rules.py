"""The vote arithmetic (needs/rules.py) at its exact bounds, by households and by area: 以上 includes the bound,
more than half does not; missing areas; abstentions; the 10-household compound."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from needs.rules import DOUBLE_MAJORITY, SIMPLE, THREE_QUARTERS, Counts, evaluate, meets

D = Decimal


HUNDRED = D("100")


def _households(total, f, a=0, ab=0, *, area_each=HUNDRED):
    """Counts where every household has the same area, so the area tests mirror the households'."""
    return Counts(
        total_households=total,
        total_area=area_each * total,
        households_for=f,
        households_against=a,
        households_abstain=ab,
        area_for=area_each * f,
        area_against=area_each * a,
        area_abstain=area_each * ab,
    )


def _met(outcome, key, by):
    return next(t.met for t in outcome.tests if t.key == key and t.by == by)


# --- participation: at least two thirds ----------------------------------------------------------------


@pytest.mark.parametrize("rule", [DOUBLE_MAJORITY, THREE_QUARTERS])
def test_participation_of_exactly_two_thirds_of_households_is_enough(rule):
    # 30 households, 20 take part (exactly 2/3), all agree.
    outcome = evaluate(rule, _households(30, 20))
    assert _met(outcome, "participation", "households") is True
    assert outcome.passed


@pytest.mark.parametrize("rule", [DOUBLE_MAJORITY, THREE_QUARTERS])
def test_participation_one_household_below_two_thirds_fails(rule):
    outcome = evaluate(rule, _households(30, 19))
    assert _met(outcome, "participation", "households") is False
    assert not outcome.passed and not outcome.by_households


def test_participation_by_area_at_exactly_two_thirds_and_one_hundredth_below():
    base = {"total_households": 3, "total_area": D("300.00"), "households_for": 2}
    at = Counts(**base, area_for=D("200.00"))
    below = Counts(**base, area_for=D("199.99"))
    assert _met(evaluate(DOUBLE_MAJORITY, at), "participation", "area") is True
    assert _met(evaluate(DOUBLE_MAJORITY, below), "participation", "area") is False
    assert evaluate(DOUBLE_MAJORITY, at).passed
    outcome = evaluate(DOUBLE_MAJORITY, below)
    assert outcome.by_households and outcome.by_area is False and not outcome.passed


# --- double majority: more than half --------------------------------------------------------------------


def test_exactly_half_of_participating_households_is_not_a_majority():
    # 10 of 10 take part; 5 for, 5 against.
    outcome = evaluate(DOUBLE_MAJORITY, _households(10, 5, 5))
    assert _met(outcome, "agreement", "households") is False
    assert not outcome.passed


def test_one_more_than_half_is_a_majority():
    outcome = evaluate(DOUBLE_MAJORITY, _households(11, 6, 5))
    assert _met(outcome, "agreement", "households") is True
    assert outcome.passed


def test_half_of_the_area_is_not_a_majority_and_a_hundredth_more_is():
    common = {"total_households": 2, "total_area": D("100.00"), "households_for": 1, "households_against": 1}
    half = Counts(**common, area_for=D("50.00"), area_against=D("50.00"))
    more = Counts(**common, area_for=D("50.01"), area_against=D("49.99"))
    assert _met(evaluate(DOUBLE_MAJORITY, half), "agreement", "area") is False
    assert _met(evaluate(DOUBLE_MAJORITY, more), "agreement", "area") is True


# --- three quarters: at least three quarters ------------------------------------------------------------


def test_exactly_three_quarters_of_households_pass_and_one_fewer_does_not():
    assert _met(evaluate(THREE_QUARTERS, _households(12, 9, 3)), "agreement", "households") is True
    assert evaluate(THREE_QUARTERS, _households(12, 9, 3)).passed
    assert _met(evaluate(THREE_QUARTERS, _households(12, 8, 4)), "agreement", "households") is False


def test_exactly_three_quarters_of_the_area_and_a_hundredth_below():
    common = {"total_households": 4, "total_area": D("400.00"), "households_for": 3, "households_against": 1}
    at = Counts(**common, area_for=D("300.00"), area_against=D("100.00"))
    below = Counts(**common, area_for=D("299.99"), area_against=D("100.01"))
    assert _met(evaluate(THREE_QUARTERS, at), "agreement", "area") is True
    assert _met(evaluate(THREE_QUARTERS, below), "agreement", "area") is False
    assert evaluate(THREE_QUARTERS, at).passed and not evaluate(THREE_QUARTERS, below).passed


# --- the 10-household compound --------------------------------------------------------------------------


def test_ten_households_six_small_ones_agree_passes_by_households_and_fails_by_area():
    """3 × 120 m² and 7 × 60 m² (780 m²); all take part; 6 of the 60 m² households agree (360 m²), the three
    large ones and one small one against (420 m²)."""
    counts = Counts(
        total_households=10,
        total_area=3 * D("120") + 7 * D("60"),
        households_for=6,
        households_against=4,
        area_for=6 * D("60"),
        area_against=3 * D("120") + D("60"),
    )
    outcome = evaluate(DOUBLE_MAJORITY, counts)
    assert outcome.by_households is True
    assert outcome.by_area is False
    assert outcome.passed is False
    assert _met(outcome, "participation", "area") is True
    assert _met(outcome, "agreement", "area") is False


# --- missing area, abstentions, rule 1 -----------------------------------------------------------------


@pytest.mark.parametrize("rule", [DOUBLE_MAJORITY, THREE_QUARTERS])
def test_missing_area_cannot_be_decided_and_cannot_pass(rule):
    counts = Counts(
        total_households=3,
        total_area=D("200"),
        missing_area=1,
        households_for=3,
        area_for=D("200"),
    )
    outcome = evaluate(rule, counts)
    assert outcome.by_households is True
    assert outcome.by_area is None
    assert outcome.missing_area == 1
    assert [t.met for t in outcome.tests if t.by == "area"] == [None, None]
    assert outcome.passed is False


def test_an_abstention_takes_part_but_does_not_agree():
    # 9 households: 6 take part (2/3) only thanks to the abstaining one; 3 for of 6 is not more than half.
    outcome = evaluate(DOUBLE_MAJORITY, _households(9, 3, 2, 1))
    assert _met(outcome, "participation", "households") is True
    assert _met(outcome, "agreement", "households") is False
    # Without the abstention: 5 of 9 take part, below 2/3.
    assert _met(evaluate(DOUBLE_MAJORITY, _households(9, 3, 2)), "participation", "households") is False
    # The same abstention under rule 1: 3 for of 6 present is not a majority, 4 of 7 is.
    assert not evaluate(SIMPLE, Counts(households_for=3, households_against=2, households_abstain=1)).passed
    assert evaluate(SIMPLE, Counts(households_for=4, households_against=2, households_abstain=1)).passed


def test_simple_majority_of_those_present_at_its_bound():
    assert not evaluate(SIMPLE, Counts(households_for=23, households_against=23)).passed
    assert evaluate(SIMPLE, Counts(households_for=41, households_against=2, households_abstain=3)).passed


def test_nobody_taking_part_never_passes():
    assert not evaluate(THREE_QUARTERS, Counts()).passed
    assert not evaluate(SIMPLE, Counts()).passed


def test_floats_are_refused():
    with pytest.raises(TypeError):
        Counts(total_area=100.0)
    with pytest.raises(TypeError):
        meets(0.5, 1, (2, 1, True))


# --- properties: the cross-multiplication agrees with exact fractions ----------------------------------

areas = st.decimals(min_value=D("0.01"), max_value=D("999999.99"), places=2)


@given(st.integers(0, 5000), st.integers(1, 5000))
def test_meets_agrees_with_exact_fractions(reached, base):
    assert meets(reached, base, (3, 2, False)) == (Fraction(reached, base) >= Fraction(2, 3))
    assert meets(reached, base, (2, 1, True)) == (Fraction(reached, base) > Fraction(1, 2))
    assert meets(reached, base, (4, 3, False)) == (Fraction(reached, base) >= Fraction(3, 4))


@given(
    st.lists(
        st.tuples(areas, st.sampled_from(["for", "against", "abstain", "none"])), min_size=1, max_size=40
    )
)
def test_area_tests_agree_with_exact_fractions(households):
    sums = {"for": D(0), "against": D(0), "abstain": D(0)}
    for area, choice in households:
        if choice != "none":
            sums[choice] += area
    total = sum((a for a, _ in households), D(0))
    counts = Counts(
        total_households=len(households),
        total_area=total,
        households_for=sum(1 for _, c in households if c == "for"),
        households_against=sum(1 for _, c in households if c == "against"),
        households_abstain=sum(1 for _, c in households if c == "abstain"),
        area_for=sums["for"],
        area_against=sums["against"],
        area_abstain=sums["abstain"],
    )
    part = Fraction(counts.area_participating)
    outcome = evaluate(THREE_QUARTERS, counts)
    assert _met(outcome, "participation", "area") == (part >= Fraction(total) * Fraction(2, 3))
    expected = part > 0 and Fraction(sums["for"]) >= part * Fraction(3, 4)
    assert _met(outcome, "agreement", "area") == expected
