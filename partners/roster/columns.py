"""The columns of an office's volunteer list (志愿者名单, 合伙人名册): the headers offices write, the words they use
for kinds and offers, and one parser per column (cell text in, a clean value out, or a ValueError saying what to
write instead). The parsers see one cell each; what needs several columns or the database (the bracketed work
unit against the 工作单位 column, a 楼栋长's building, the household) is the writer's review (`writer.py`)."""

import re
import unicodedata

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities.labels import (
    canonical_building,
    canonical_phone,
    canonical_room,
    canonical_unit,
    normalize_text,
)
from communities.roster.kinds import ColumnSpec

from ..models import Kind, Offer
from ..services._common import clean_skills

# Field -> the headers that name it (compared by communities.roster.kinds.header_key).
HEADER_VARIANTS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "合伙人", "合伙人姓名", "志愿者姓名", "名称", "单位名称", "name"),
    "mobile": (
        "手机",
        "手机号",
        "手机号码",
        "联系电话",
        "电话",
        "电话号码",
        "联系方式",
        "mobile",
        "phone",
        "tel",
    ),
    "kind": ("类别", "类型", "身份", "人员类别", "合伙人类别", "合伙人类型", "志愿者类别", "kind", "type"),
    "work_unit": ("工作单位", "单位", "所在单位", "派出单位", "workunit"),
    "contact_name": ("联系人", "contactperson", "contact"),
    "compound": ("小区", "小区名称", "所属小区", "居住小区", "compound", "estate"),
    "building": ("楼栋", "楼号", "栋号", "楼栋号", "栋", "幢", "building"),
    "unit": ("单元", "单元号", "unit"),
    "room": ("门牌号", "房号", "室号", "房间号", "户号", "门牌", "room"),
    "offers": ("可提供", "能提供", "提供", "认领", "offers"),
    "skills": ("特长", "技能", "专长", "skills"),
    "availability": ("服务时间", "空闲时间", "可服务时间", "availability"),
    "notes": ("备注", "说明", "notes", "remarks"),
}

# The header row of an export, in each language; the importer reads both.
EXPORT_HEADERS = {
    "zh": (
        "姓名",
        "手机",
        "类别",
        "工作单位",
        "联系人",
        "小区",
        "楼栋",
        "单元",
        "门牌号",
        "可提供",
        "特长",
        "服务时间",
        "备注",
    ),
    "en": (
        "name",
        "mobile",
        "kind",
        "work unit",
        "contact person",
        "compound",
        "building",
        "unit",
        "room",
        "offers",
        "skills",
        "availability",
        "notes",
    ),
}

ORGANISATION = "organisation"  # the kind cell of an organisation (a work unit, a shop), which has no kind

# The seven kinds as offices write them (GLOSSARY.md), in the order errors list them; an export writes these.
KIND_NAMES_ZH = {
    Kind.ASSIGNED_CADRE: "包保干部",
    Kind.SENT_DOWN_CADRE: "下沉干部",
    Kind.VOLUNTEER: "社区志愿者",
    Kind.BRANCH_MEMBER: "小区支部委员",
    Kind.COMMITTEE_MEMBER: "业委会成员",
    Kind.PARTY_HOUSEHOLD: "党员中心户",
    Kind.ACTIVE_RESIDENT: "热心居民",
}
ORGANISATION_ZH = "单位"
BUILDING_LEADER = "楼栋长"
AMBIGUOUS = {"党员"}  # a party member is a branch member or a party-member household: the office must say

OFFER_NAMES_ZH = {
    Offer.MONEY: "资金",
    Offer.SKILLS: "技术",
    Offer.MATERIALS: "物资",
    Offer.LABOUR: "人力",
    Offer.SPACE: "场地",
}


def _key(text: str) -> str:
    """A word as looked up (not as stored): NFKC, no spaces or underscores, lower case."""
    return re.sub(r"[\s_]+", "", unicodedata.normalize("NFKC", text)).lower()


def _kind_words() -> dict[str, str]:
    from django.utils import translation

    words = {_key(name): kind for kind, name in KIND_NAMES_ZH.items()}
    words.update({_key(kind.value): kind for kind in Kind})
    words.update(
        {
            _key("单位下沉干部"): Kind.SENT_DOWN_CADRE,
            _key("志愿者"): Kind.VOLUNTEER,
            _key("支部委员"): Kind.BRANCH_MEMBER,
            _key("业委会委员"): Kind.COMMITTEE_MEMBER,
        }
    )
    with translation.override("en"):  # an export in English, whatever the language of the import
        words.update({_key(str(kind.label)): kind for kind in Kind})
    for word in (ORGANISATION_ZH, "组织", "商户", "企业", ORGANISATION, "organization"):
        words[_key(word)] = ORGANISATION
    return {key: str(value) for key, value in words.items()}


def _offer_words() -> dict[str, str]:
    from django.utils import translation

    words = {_key(name): offer for offer, name in OFFER_NAMES_ZH.items()}
    words.update({_key(offer.value): offer for offer in Offer})
    with translation.override("en"):
        words.update({_key(str(offer.label)): offer for offer in Offer})
    synonyms = {
        Offer.MONEY: ("钱", "出资", "捐款", "资金支持"),
        Offer.SKILLS: ("技能", "专业技术", "技术服务"),
        Offer.MATERIALS: ("材料", "物品"),
        Offer.LABOUR: ("劳力", "出力", "劳动力", "志愿服务"),
        Offer.SPACE: ("空间", "场所", "房屋"),
    }
    for offer, texts in synonyms.items():
        words.update({_key(text): offer for text in texts})
    return {key: str(value) for key, value in words.items()}


_WORDS: dict[str, dict[str, str]] = {}
# 下沉干部（市民政局）, 下沉干部(市民政局), 下沉干部【市民政局】: the kind, then its work unit in brackets.
_BRACKETED = re.compile(r"^(?P<kind>[^(\[（【]*?)\s*[(\[（【](?P<unit>.*)[)\]）】]$", re.DOTALL)
_OFFER_SPLIT = re.compile(r"[,，、;；/]+")


def _words(which: str) -> dict[str, str]:
    if which not in _WORDS:
        _WORDS[which] = _kind_words() if which == "kinds" else _offer_words()
    return _WORDS[which]


def kinds_listed() -> str:
    """The seven kinds, as an error lists them."""
    return "、".join(KIND_NAMES_ZH.values())


def kind(text: str) -> tuple[str, str, bool]:
    """'下沉干部（市民政局）' -> ('sent_down_cadre', '市民政局', False); '楼栋长' -> ('active_resident', '', True): an
    active resident who leads the row's building; '单位' -> (ORGANISATION, '', False). '党员' alone, an unknown
    word or an empty cell is refused: never a silent default."""
    value = text.strip()
    if not value:
        raise ValueError(
            _("Write the kind of partner: one of %(kinds)s, or 楼栋长.") % {"kinds": kinds_listed()}
        )
    unit = ""
    match = _BRACKETED.match(value)
    if match:
        value, unit = match["kind"].strip(), match["unit"].strip()
        if len(unit) > 100:
            raise ValueError(_("The work unit is too long (at most 100 characters)."))
    key = _key(value)
    if key in AMBIGUOUS:
        raise ValueError(
            _(
                "“%(value)s” alone does not say which kind of partner: write 小区支部委员 or 党员中心户, or "
                "another of the seven kinds: %(kinds)s."
            )
            % {"value": value, "kinds": kinds_listed()}
        )
    if key == _key(BUILDING_LEADER):
        return str(Kind.ACTIVE_RESIDENT), unit, True
    found = _words("kinds").get(key)
    if found is None:
        raise ValueError(
            _("“%(value)s” is not a kind of partner. Write one of %(kinds)s, or 楼栋长.")
            % {"value": value, "kinds": kinds_listed()}
        )
    return found, unit, False


def mobile(text: str) -> str:
    """The row's mobile, normalised as the registry keeps it ('' for none): rows are matched on it."""
    value = canonical_phone(re.sub(r"\.0+$", "", text.strip()))  # 13812345678.0: a number cell saved as text
    if value is None:
        raise ValueError(
            _("“%(value)s” is not a phone number. Enter an 11-digit mobile number starting with 1.")
            % {"value": text.strip()}
        )
    return value


def _text(max_length: int, *, required: str = ""):
    """Free text as the registry keeps it (partners.services clean_text: trimmed, nothing else, so that an
    export re-imports unchanged); an empty cell keeps what the registry has."""

    def parse(text: str) -> str | None:
        value = text.strip()
        if len(value) > max_length:
            raise ValueError(_("This is too long: at most %(n)s characters.") % {"n": max_length})
        if not value and required:
            raise ValueError(required)
        return value or None

    return parse


def _place(canonical, max_length: int):
    def parse(text: str) -> str | None:
        value = canonical(text)
        if len(value) > max_length:
            raise ValueError(_("This is too long: at most %(n)s characters.") % {"n": max_length})
        return value or None

    return parse


def offers(text: str) -> frozenset[str] | None:
    """'资金、人力' -> {'money', 'labour'}; 'money, a space' (an English export) -> {'money', 'space'}."""
    words = _words("offers")
    found = set()
    for part in _OFFER_SPLIT.split(text):
        if not part.strip():
            continue
        offer = words.get(_key(part))
        pieces = [offer] if offer else [words.get(_key(word)) for word in part.split()]
        if not pieces or None in pieces:
            raise ValueError(
                _("“%(value)s” is not something partners offer. Write 资金, 技术, 物资, 人力 or 场地.")
                % {"value": part.strip()}
            )
        found.update(pieces)
    return frozenset(found) or None


def skills(text: str) -> str | None:
    return clean_skills(text) or None


def _not_a_column(text: str):  # fields the writer's review fills in; no header names them
    raise ValueError(text)


# Value fields in the order of a row's values (and of the writer's existing records). `phone` is the mobile as
# a value (the key column `mobile` matches a row; a row matched by name and household may add its mobile),
# `leads` the buildings the partner leads (楼栋长), `left` whether they left (then not "missing").
DEFAULTS = {
    "name": "",
    "kind": "",
    "work_unit": "",
    "contact_name": "",
    "phone": "",
    "compound": "",
    "building": "",
    "unit": "",
    "room": "",
    "offers": frozenset(),
    "skills": "",
    "availability": "",
    "notes": "",
    "leads": frozenset(),
    "left": False,
}
PARSERS = {
    "name": _text(100, required=gettext_lazy("Enter the name.")),
    "kind": kind,
    "work_unit": _text(100),
    "contact_name": _text(100),
    "phone": _not_a_column,
    "compound": _place(normalize_text, 100),
    "building": _place(canonical_building, 50),
    "unit": _place(canonical_unit, 20),
    "room": _place(canonical_room, 20),
    "offers": offers,
    "skills": skills,
    "availability": _text(200),
    "notes": _text(4000),
    "leads": _not_a_column,
    "left": _not_a_column,
}


def _label(identity) -> str:
    return str(identity[-1]) if isinstance(identity, tuple) else str(identity)


PARTNER_COLUMNS = ColumnSpec(
    variants=HEADER_VARIANTS,
    anchor="name",
    # A row is matched on its mobile; the review re-keys it to the partner it matches (or to its mobile, or to
    # its name and household, for a new one).
    key=(("mobile", mobile),),
    parsers=PARSERS,
    defaults=DEFAULTS,
    label=_label,
    no_header=gettext_lazy(
        "No header row found. The list needs a row with column names such as 姓名, 手机 and 类别 above the people."
    ),
    context=frozenset({"compound", "building", "unit"}),
    required={
        "kind": gettext_lazy(
            "There is no kind column. Add a column 类别 with each person's kind: 包保干部, 下沉干部, 社区志愿者, "
            "小区支部委员, 业委会成员, 党员中心户, 热心居民 or 楼栋长."
        )
    },
    keep_when_empty=frozenset(
        {
            "work_unit",
            "contact_name",
            "compound",
            "building",
            "unit",
            "room",
            "offers",
            "skills",
            "availability",
            "notes",
        }
    ),
    export_headers=EXPORT_HEADERS,
)
