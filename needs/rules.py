"""The vote arithmetic of a decision: the three rules, by households and by floor area.

1. Simple majority of those present (a tally): more than half of those present agree, 2 × for > present.
2. Civil Code Art. 278, double majority: participation by at least two thirds of the electorate's households and
   of its floor area (3 × participating ≥ 2 × total), then agreement by more than half of the participating
   households and of the participating area (2 × agreeing > participating).
3. Civil Code Art. 278, three quarters: the same participation, then agreement by at least three quarters of
   both (4 × agreeing ≥ 3 × participating).

以上 includes the bound (Civil Code Art. 1259), so "at least" is ≥. Every comparison is a cross-multiplication of
integers or Decimals: never a division, never a float, so 2/3 of 3 households is exactly 2. An abstention takes
part but does not agree. When any household of the electorate has no floor area, the area cannot be decided and
a decision under rules 2 or 3 cannot pass.

Pure functions of counts (`Counts`), without the database: needs.services.decisions gathers the counts in two
queries and freezes `evaluate(...)`'s answer into the decision when it closes.
"""

from dataclasses import asdict, dataclass, field
from decimal import Decimal

SIMPLE = "simple"
DOUBLE_MAJORITY = "double_majority"
THREE_QUARTERS = "three_quarters"

ZERO = Decimal("0")

# Each threshold as (multiplier of the reached figure, multiplier of its base, strict): met when
# reached × a  ≥ (or >)  base × b.
PARTICIPATION = (3, 2, False)  # ≥ 2/3
MAJORITY = (2, 1, True)  # > 1/2
THREE_QUARTER = (4, 3, False)  # ≥ 3/4


@dataclass(frozen=True)
class Counts:
    """What a decision counts. `households_*`: households (rule 1: people present); `area_*`: m², Decimal.

    `total_households`/`total_area`: the electorate (all its households in the roster, their summed area);
    `missing_area`: households of the electorate without a floor area."""

    total_households: int = 0
    total_area: Decimal = ZERO
    missing_area: int = 0
    households_for: int = 0
    households_against: int = 0
    households_abstain: int = 0
    area_for: Decimal = ZERO
    area_against: Decimal = ZERO
    area_abstain: Decimal = ZERO

    def __post_init__(self):
        for name in ("total_area", "area_for", "area_against", "area_abstain"):
            if isinstance(getattr(self, name), float):
                raise TypeError("floor areas are Decimals, never floats")

    @property
    def households_participating(self) -> int:
        return self.households_for + self.households_against + self.households_abstain

    @property
    def area_participating(self) -> Decimal:
        return self.area_for + self.area_against + self.area_abstain


@dataclass(frozen=True)
class Threshold:
    """One test: `key` (participation/agreement), `by` (households/area), the figure `reached` of `base`, the
    bound as a fraction `num`/`den` (strict: more than; else at least), and `met` (None: cannot be decided)."""

    key: str
    by: str
    reached: str
    base: str
    num: int
    den: int
    strict: bool
    met: bool | None


@dataclass(frozen=True)
class Outcome:
    rule: str
    passed: bool
    by_households: bool
    by_area: bool | None  # None: not counted (rule 1) or cannot be decided (missing area)
    missing_area: int
    tests: list[Threshold] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def meets(reached, base, bound: tuple[int, int, bool]) -> bool:
    """reached / base against the bound, by cross-multiplication (reached × a ≥ base × b, or > when strict)."""
    a, b, strict = bound
    if isinstance(reached, float) or isinstance(base, float):
        raise TypeError("never a float")
    left, right = reached * a, base * b
    return left > right if strict else left >= right


def _fraction(bound) -> tuple[int, int]:
    a, b, _strict = bound
    return b, a  # reached ≥ base × b / a


def _test(key: str, by: str, reached, base, bound, *, decidable: bool = True) -> Threshold:
    num, den = _fraction(bound)
    return Threshold(
        key=key,
        by=by,
        reached=str(reached),
        base=str(base),
        num=num,
        den=den,
        strict=bound[2],
        # Nobody taking part agrees to nothing: an agreement over an empty base is not met.
        met=(meets(reached, base, bound) and (key != "agreement" or base > 0)) if decidable else None,
    )


def evaluate(rule: str, counts: Counts) -> Outcome:
    """The outcome of `counts` under `rule`, each threshold with its figures."""
    if rule == SIMPLE:
        test = _test(
            "agreement", "households", counts.households_for, counts.households_participating, MAJORITY
        )
        return Outcome(
            rule=rule,
            passed=bool(test.met),
            by_households=bool(test.met),
            by_area=None,
            missing_area=0,
            tests=[test],
        )
    if rule not in (DOUBLE_MAJORITY, THREE_QUARTERS):
        raise ValueError(f"unknown rule {rule!r}")
    agreement = MAJORITY if rule == DOUBLE_MAJORITY else THREE_QUARTER
    decidable = counts.missing_area == 0
    tests = [
        _test(
            "participation",
            "households",
            counts.households_participating,
            counts.total_households,
            PARTICIPATION,
        ),
        _test("agreement", "households", counts.households_for, counts.households_participating, agreement),
        _test(
            "participation",
            "area",
            counts.area_participating,
            counts.total_area,
            PARTICIPATION,
            decidable=decidable,
        ),
        _test(
            "agreement", "area", counts.area_for, counts.area_participating, agreement, decidable=decidable
        ),
    ]
    by_households = all(t.met for t in tests if t.by == "households")
    by_area = all(t.met for t in tests if t.by == "area") if decidable else None
    return Outcome(
        rule=rule,
        passed=bool(by_households and by_area),
        by_households=by_households,
        by_area=by_area,
        missing_area=counts.missing_area,
        tests=tests,
    )
