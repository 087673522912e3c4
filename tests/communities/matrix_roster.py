"""Permission-matrix rows of the roster pages: community admins only; another community's import is a 404."""

from communities.models import Role
from tests.matrix import compound, other_compound, staff_page

ROSTER_CSV = "楼栋,门牌号,户主姓名\r\n1栋,101,王五\r\n".encode()
ROSTER_CSV_WITH_A_PROBLEM = "楼栋,门牌号,联系电话\r\n1栋,101,12345\r\n".encode()


def _import(community, compound_obj, actor, data=ROSTER_CSV):
    from communities.roster.services import roster_import_preview, roster_import_start

    roster_import = roster_import_start(
        community=community, actor=actor, filename="roster.csv", data=data, compound=compound_obj
    )
    return roster_import_preview(roster_import=roster_import)


def roster_import(w):
    return {"slug": w.home.slug, "pk": _import(w.home, w.compound, w.admin).pk}


def other_roster_import(w):
    return {"slug": w.home.slug, "pk": _import(w.other, w.other_compound, w.outsider).pk}


def roster_import_with_a_problem(w):
    return {"slug": w.home.slug, "pk": _import(w.home, w.compound, w.admin, ROSTER_CSV_WITH_A_PROBLEM).pk}


def other_roster_import_with_a_problem(w):
    return {
        "slug": w.home.slug,
        "pk": _import(w.other, w.other_compound, w.outsider, ROSTER_CSV_WITH_A_PROBLEM).pk,
    }


ROWS = {
    "communities:roster": staff_page(Role.ADMIN, compound, cross=other_compound),
    "communities:roster_export": staff_page(Role.ADMIN, compound, cross=other_compound),
    "communities:roster_import": staff_page(Role.ADMIN, roster_import, cross=other_roster_import),
    "communities:roster_import_progress": staff_page(Role.ADMIN, roster_import, cross=other_roster_import),
    "communities:roster_import_confirm": staff_page(Role.ADMIN, roster_import, cross=other_roster_import),
    "communities:roster_import_moved_out": staff_page(Role.ADMIN, roster_import, cross=other_roster_import),
    # The original file may hold phones and private flags: community admins only.
    "communities:roster_import_file": staff_page(Role.ADMIN, roster_import, cross=other_roster_import),
    "communities:roster_import_problems": staff_page(
        Role.ADMIN, roster_import_with_a_problem, cross=other_roster_import_with_a_problem
    ),
}
