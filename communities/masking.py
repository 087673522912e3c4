"""What personal data may look like where it is shown to people who must not see all of it."""

import re


def mask_name(name: str) -> str:
    """'张三' -> '张*', '欧阳娜娜' -> '欧***', 'Li Lei' -> 'L*'. Empty stays empty."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1) if re.match(r"[\u4e00-\u9fff]", name) else name[0] + "*"


def mask_phone(phone: str) -> str:
    """'13812345678' -> '138****5678'; a landline keeps its last 2 digits."""
    digits = re.sub(r"\D", "", phone or "")
    if not digits:
        return ""
    if len(digits) == 11 and digits.startswith("1"):
        return f"{digits[:3]}****{digits[-4:]}"
    return "*" * (len(digits) - 2) + digits[-2:]


def phone_for(membership, phone: str) -> str:
    """The phone as a member may read it: whole for staff and above, masked for observers (and for no one)."""
    if membership is not None and membership.sees_phones:
        return phone or ""
    return mask_phone(phone)


def name_for(membership, name: str) -> str:
    """A head of household's name as a member may read it where a page masks it for observers (collection
    mode): whole for staff and above, masked (张*) for observers."""
    if membership is not None and membership.sees_phones:
        return name or ""
    return mask_name(name)
