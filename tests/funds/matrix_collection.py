"""Permission-matrix rows of collection mode (issue 17): every member reads it; recording (a POST) needs staff,
which tests/funds/test_collection.py checks."""

from communities.models import Role

from .matrix import obj_page

ROWS = {
    "funds:collect": obj_page(Role.OBSERVER, "levy"),
    "funds:collect_charge": obj_page(Role.OBSERVER, "charge"),
    "funds:collect_receipt": obj_page(Role.OBSERVER, "payment"),
}
