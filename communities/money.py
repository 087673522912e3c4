"""Money helpers: Decimal yuan with two places, never floats.

`round_yuan` is the one rounding rule of the app (half up to the fen); `to_amount` turns user or file input
into an amount; `format_yuan` writes ¥1,234.50; `chinese_capitals` writes 壹佰元整 for receipts.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN = Decimal("0.01")
ZERO = Decimal("0.00")
# The largest amount a DecimalField(max_digits=12, decimal_places=2) holds.
MAX_AMOUNT = Decimal("9999999999.99")


def _refuse_float(value) -> None:
    if isinstance(value, float):
        raise TypeError("money is never a float; use Decimal or a string")


def round_yuan(value: Decimal) -> Decimal:
    """Round to the fen, half up (0.005 -> 0.01). The only rounding rule of the app."""
    _refuse_float(value)
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def to_amount(value) -> Decimal:
    """An amount from a Decimal, an int or a string such as "50", "1,234.5" or "¥50"; ValueError if not one."""
    _refuse_float(value)
    if isinstance(value, str):
        value = value.strip().replace(",", "").replace("，", "").lstrip("¥￥").strip()
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise ValueError(f"not an amount: {value!r}") from exc
    if not amount.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    return round_yuan(amount)


def per_area(rate: Decimal, area: Decimal) -> Decimal:
    """The amount for a floor area at a rate per m²."""
    return round_yuan(Decimal(rate) * Decimal(area))


def format_yuan(value, symbol: bool = True) -> str:
    """¥1,234.50 (and -¥5.00); refuses floats."""
    _refuse_float(value)
    amount = round_yuan(Decimal(value))
    sign = "-" if amount < 0 else ""
    return f"{sign}{'¥' if symbol else ''}{abs(amount):,.2f}"


def percent(part, whole) -> Decimal | None:
    """part / whole in per cent with one decimal place, None when whole is zero."""
    _refuse_float(part)
    _refuse_float(whole)
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ["", "拾", "佰", "仟"]
_BIG_UNITS = ["", "万", "亿", "万亿"]


def _four_digits(n: int) -> str:
    """0 < n < 10000, with inner zeros as 零 (e.g. 1005 -> 壹仟零伍)."""
    out = []
    zero_pending = False
    for position in range(3, -1, -1):
        digit = n // 10**position % 10
        if digit == 0:
            if out:
                zero_pending = True
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        out.append(_DIGITS[digit] + _SMALL_UNITS[position])
    return "".join(out)


def chinese_capitals(value) -> str:
    """The amount in Chinese capitals as written on receipts: 100 -> 壹佰元整, 10050 -> 壹万零伍拾元整,
    50.5 -> 伍拾元伍角, 0.05 -> 伍分, 1.05 -> 壹元零伍分."""
    _refuse_float(value)
    amount = round_yuan(Decimal(value))
    if amount < 0:
        return "负" + chinese_capitals(-amount)
    fen_total = int(amount * 100)
    yuan, cents = divmod(fen_total, 100)
    jiao, fen = divmod(cents, 10)

    words = ""
    if yuan:
        groups = []
        n = yuan
        while n:
            groups.append(n % 10000)
            n //= 10000
        parts = []
        zero_pending = False
        for index in range(len(groups) - 1, -1, -1):
            group = groups[index]
            if group == 0:
                zero_pending = bool(parts)
                continue
            if parts and (zero_pending or group < 1000):
                parts.append("零")
            zero_pending = False
            parts.append(_four_digits(group) + _BIG_UNITS[index])
        words = "".join(parts) + "元"

    if not jiao and not fen:
        return (words or "零元") + "整"
    if jiao:
        words += _DIGITS[jiao] + "角"
    elif words:
        words += "零"
    if fen:
        words += _DIGITS[fen] + "分"
    return words
