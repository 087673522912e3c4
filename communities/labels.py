"""Canonical labels for buildings, units and rooms, and the keys lists sort them by.

Offices write the same building as 1栋, 1号楼, 1幢, 一栋 or ＃1; the same unit as 1单元, 1 or 一单元.
Everything that stores or looks up a label goes through these functions so that one thing has one key.
"""

import re
import unicodedata

from .text import strip_bidi

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_to_int(text: str) -> int | None:
    """'三' -> 3, '十二' -> 12, '二十' -> 20, '一百零五' -> 105; None when it is not a Chinese numeral."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        else:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
    return total + current


def normalize_text(value: object) -> str:
    """Full-width to half-width (NFKC), stray and inner spaces and bidirectional-override characters removed,
    '101.0' from a spreadsheet -> '101'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = strip_bidi(unicodedata.normalize("NFKC", str(value)))
    text = re.sub(r"\s+", "", text)
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    return text


def _number_part(text: str) -> str:
    """Turn a leading Chinese numeral into Arabic digits and strip leading zeros."""
    match = re.match(r"^([零〇一二两三四五六七八九十百千]+)(.*)$", text)
    if match:
        number = chinese_to_int(match.group(1))
        if number is not None:
            text = f"{number}{match.group(2)}"
    match = re.match(r"^0*(\d+)(.*)$", text)
    if match:
        text = f"{int(match.group(1))}{match.group(2)}"
    return text


def canonical_building(value: object) -> str:
    """'1号楼', '1幢', '一栋', '#1', '1' -> '1栋'; names that are not numbers ('综合楼') stay as written."""
    text = normalize_text(value).lstrip("#＃第")
    if not text:
        return ""
    stem = _number_part(re.sub(r"(号楼|号栋|号幢|栋|幢|楼|号|座)$", "", text))
    if re.fullmatch(r"\d+[A-Za-z]?", stem):
        return f"{stem.upper()}栋"
    return text


def canonical_unit(value: object) -> str:
    """'1单元', '1', '一单元', '01' -> '1单元'; empty for a compound without units."""
    text = normalize_text(value).lstrip("第")
    if not text:
        return ""
    stem = _number_part(re.sub(r"(单元|門|门)$", "", text))
    if re.fullmatch(r"\d+", stem):
        return f"{stem}单元"
    return text


def canonical_room(value: object) -> str:
    """'101.0', '１０１', '101室', '101号' -> '101'."""
    text = normalize_text(value)
    text = re.sub(r"(室|号|房)$", "", text)
    return text.upper()


PHONE_RE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8}|[2-9]\d{6,7})$")


def canonical_phone(value: object) -> str | None:
    """The one phone rule: '138 1234 5678' -> '13812345678', '0715-8123456' stays; None when it is no phone.

    Valid are 11-digit mobiles starting with 1, landlines with an area code, and 7-8 digit local numbers
    not starting with 0 or 1. Spaces and dashes are dropped from mobiles; landlines keep their area-code dash.
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    raw = re.sub(r"\s", "", unicodedata.normalize("NFKC", str(value or "")))
    if not raw:
        return ""
    compact = raw.replace("-", "")
    if re.fullmatch(r"1\d{10}", compact):
        return compact
    if PHONE_RE.fullmatch(raw) or PHONE_RE.fullmatch(compact):
        return raw
    return None


def building_sort_key(label: str) -> int:
    """The order of buildings in lists: 2栋 before 10栋; names that are not numbers ('综合楼') last."""
    match = re.match(r"^(\d+)", label)
    return int(match.group(1)) if match else 10_000


def room_sort_key(room: str) -> int:
    """The order of rooms in lists: 501 before 1001; rooms that are not numbers first."""
    match = re.match(r"^(\d+)", room)
    return int(match.group(1)) if match else 0


def household_label(building: str, unit: str, room: str) -> str:
    """The label residents know their home by, and the one public pages show: '3栋2单元501'."""
    return f"{building}{unit}{room}"
