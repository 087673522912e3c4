"""One function per roster field: cell text in, a clean value out, or a ValueError whose message says, in the
user's language, what to write instead."""

import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ..labels import canonical_building, canonical_phone, canonical_room, canonical_unit, chinese_to_int
from ..models import Household


def _key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


YES = {"是", "有", "√", "✓", "✔", "☑", "1", "true", "yes", "y", "t", "对"}
NO = {"否", "无", "没有", "×", "✗", "✘", "☐", "0", "false", "no", "n", "f", "不是"}

RENOVATION_WORDS = {
    **dict.fromkeys(YES, Household.Renovation.RENOVATED),
    **dict.fromkeys(NO, Household.Renovation.UNRENOVATED),
    **dict.fromkeys(["已装修", "装修", "装修过", "已装", "renovated"], Household.Renovation.RENOVATED),
    **dict.fromkeys(
        ["未装修", "没装修", "毛坯", "未装", "notrenovated", "unrenovated"], Household.Renovation.UNRENOVATED
    ),
}
OCCUPANCY_WORDS = {
    **dict.fromkeys(YES, Household.Occupancy.OCCUPIED),
    **dict.fromkeys(NO, Household.Occupancy.VACANT),
    **dict.fromkeys(["已入住", "入住", "在住", "居住", "自住", "occupied"], Household.Occupancy.OCCUPIED),
    **dict.fromkeys(["空置", "空房", "未入住", "空", "vacant"], Household.Occupancy.VACANT),
    **dict.fromkeys(
        ["已搬离", "搬离", "迁出", "已迁出", "搬走", "movedout", "moved_out"], Household.Occupancy.MOVED_OUT
    ),
}

# What an export writes, per language; the importer reads both.
RENOVATION_EXPORT = {
    "zh": {Household.Renovation.RENOVATED: "已装修", Household.Renovation.UNRENOVATED: "未装修"},
    "en": {Household.Renovation.RENOVATED: "renovated", Household.Renovation.UNRENOVATED: "not renovated"},
}
OCCUPANCY_EXPORT = {
    "zh": {
        Household.Occupancy.OCCUPIED: "已入住",
        Household.Occupancy.VACANT: "空置",
        Household.Occupancy.MOVED_OUT: "已搬离",
    },
    "en": {
        Household.Occupancy.OCCUPIED: "occupied",
        Household.Occupancy.VACANT: "vacant",
        Household.Occupancy.MOVED_OUT: "moved out",
    },
}

MAX_RESIDENTS = 30


@functools.lru_cache(maxsize=4096)
def building(text: str) -> str:
    label = canonical_building(text)
    if not label:
        raise ValueError(_("Enter the building, for example 1栋."))
    if len(label) > 50:
        raise ValueError(_("The building name is too long (at most 50 characters)."))
    return label


@functools.lru_cache(maxsize=4096)
def unit(text: str) -> str:
    label = canonical_unit(text)
    if len(label) > 20:
        raise ValueError(_("The unit is too long (at most 20 characters)."))
    return label


@functools.lru_cache(maxsize=8192)
def room(text: str) -> str:
    label = canonical_room(text)
    if not label:
        raise ValueError(_("Enter the room number, for example 501."))
    if len(label) > 20:
        raise ValueError(_("The room number is too long (at most 20 characters)."))
    return label


def plain_text(text: str, max_length: int | None = None) -> str:
    value = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()
    if max_length and len(value) > max_length:
        raise ValueError(
            _("This is too long: at most %(n)s characters.") % {"n": max_length},
        )
    return value


def head_name(text: str) -> str:
    if len(text) <= 50 and text.isalpha() and unicodedata.is_normalized("NFKC", text):
        return text  # the common case, 张三: nothing to clean
    value = plain_text(text, 50)
    # Chinese names carry no inner spaces ("张 三" is 张三); other names keep theirs.
    if re.fullmatch(r"[\u4e00-\u9fff· ]+", value):
        value = value.replace(" ", "")
    return value


def notes(text: str) -> str:
    if not text:
        return ""
    return unicodedata.normalize("NFKC", text).strip()


def phone(text: str) -> str:
    if len(text) == 11 and text[0] == "1" and text.isascii() and text.isdigit():
        return text  # the common case: a mobile as it should be
    value = canonical_phone(re.sub(r"\.0+$", "", text.strip()))  # 13812345678.0: a number cell saved as text
    if value is None:
        raise ValueError(
            _(
                "“%(value)s” is not a phone number. Enter an 11-digit mobile number starting with 1, "
                "or a landline such as 0715-8123456."
            )
            % {"value": text.strip()}
        )
    return value


def residents(text: str) -> int | None:
    if 0 < len(text) <= 2 and text.isascii() and text.isdigit():
        number = int(text)
        if number <= MAX_RESIDENTS:
            return number
    key = _key(text)
    if not key:
        return None
    key = re.sub(r"(人|口|口人)$", "", key)
    number: int | None = None
    number = int(key.split(".")[0]) if re.fullmatch(r"\d+(\.0+)?", key) else chinese_to_int(key)
    if number is None or not 0 <= number <= MAX_RESIDENTS:
        raise ValueError(
            _("“%(value)s” is not a number of residents. Enter a whole number from 0 to %(max)s.")
            % {"value": text.strip(), "max": MAX_RESIDENTS}
        )
    return number


_AREA_RE = re.compile(r"\d{1,6}(\.\d{1,2})?")
_CENT = Decimal("0.01")


def floor_area(text: str) -> Decimal | None:
    if _AREA_RE.fullmatch(text):
        value = Decimal(text)
        if value > 0:
            return value.quantize(_CENT)
    key = _key(text)
    if not key:
        return None
    key = re.sub(r"(m2|㎡|平方米|平米|平方|m)$", "", key)
    try:
        value = Decimal(key)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value <= 0 or value >= 1_000_000:
        raise ValueError(
            _("“%(value)s” is not a floor area. Enter square metres as a number, for example 85.5.")
            % {"value": text.strip()}
        )
    return value.quantize(Decimal("0.01"))


def renovation(text: str) -> str | None:
    if text in RENOVATION_WORDS:
        return RENOVATION_WORDS[text]
    key = _key(text)
    if not key:
        return None
    try:
        return RENOVATION_WORDS[key]
    except KeyError:
        raise ValueError(
            _("“%(value)s” is not a renovation status. Write 已装修 or 未装修 (or 是/否).")
            % {"value": text.strip()}
        ) from None


def occupancy(text: str) -> str | None:
    if text in OCCUPANCY_WORDS:
        return OCCUPANCY_WORDS[text]
    key = _key(text)
    if not key:
        return None
    try:
        return OCCUPANCY_WORDS[key]
    except KeyError:
        raise ValueError(
            _("“%(value)s” is not an occupancy status. Write 已入住, 空置 or 已搬离.")
            % {"value": text.strip()}
        ) from None


def yes_no(text: str) -> bool | None:
    key = _key(text)
    if not key:
        return None
    if key in YES:
        return True
    if key in NO:
        return False
    raise ValueError(_("“%(value)s” is neither yes nor no. Write 是 or 否.") % {"value": text.strip()})


# Household fields a roster row may set, with their parser. A column left empty sets an empty value, except
# for these, where an empty cell keeps what the household has (or the default for a new one).
FIELD_PARSERS = {
    "head_name": head_name,
    "phone": phone,
    "residents": residents,
    "floor_area": floor_area,
    "renovation": renovation,
    "occupancy": occupancy,
    "notes": notes,
    "is_low_income": yes_no,
    "is_elderly_alone": yes_no,
}
KEEP_WHEN_EMPTY = frozenset({"renovation", "occupancy", "is_low_income", "is_elderly_alone"})
HOUSEHOLD_DEFAULTS = {
    "head_name": "",
    "phone": "",
    "residents": None,
    "floor_area": None,
    "renovation": Household.Renovation.UNRENOVATED,
    "occupancy": Household.Occupancy.OCCUPIED,
    "notes": "",
    "is_low_income": False,
    "is_elderly_alone": False,
}
VALUE_FIELDS = tuple(HOUSEHOLD_DEFAULTS)
