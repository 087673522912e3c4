"""Money helpers live in communities.money (any app shows money); funds' modules import them from here."""

from communities.money import (  # noqa: F401 - re-exported for funds' modules
    FEN,
    MAX_AMOUNT,
    ZERO,
    chinese_capitals,
    format_yuan,
    per_area,
    percent,
    round_yuan,
    to_amount,
)
