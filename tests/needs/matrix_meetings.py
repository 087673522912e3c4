"""Permission-matrix rows of meetings and decisions."""

import datetime

from django.utils import timezone

from communities.models import Role
from tests.matrix import Case, public_page, staff_page


def _meetings(w, attr: str):
    """In a community: a meeting of a compound, a decision open for ballots with a paper ballot and its void,
    and a passed show-of-hands decision with its approval."""
    cache = w.__dict__.setdefault("_meetings", {})
    if attr not in cache:
        from needs import services

        community = getattr(w, attr)
        compound = w.compound if attr == "home" else w.other_compound
        household = w.household if attr == "home" else w.other_household
        actor = w.staff if attr == "home" else w.outsider
        meeting = services.meeting_create(
            community=community, compound=compound, kind="monthly", held_on=timezone.localdate(), actor=actor
        )
        decision = services.decision_open(
            meeting=meeting,
            motion="安装监控",
            rule="double_majority",
            closes_on=timezone.localdate() + datetime.timedelta(days=20),
            actor=actor,
        )
        ballot = services.ballot_cast(decision=decision, household=household, choice="for")
        from needs.models import BallotVoid

        void = BallotVoid.objects.create(community=community, ballot=ballot, reason="填错", voided_by=actor)
        passed = services.decision_open(
            meeting=meeting,
            motion="清理楼道",
            rule="simple",
            tally_for=9,
            tally_against=1,
            tally_abstain=0,
            actor=actor,
        )
        passed = services.decision_close(decision=passed, actor=actor)
        cache[attr] = {
            "meeting": meeting,
            "decision": decision,
            "ballot": ballot,
            "void": void,
            "passed": passed,
        }
    return cache[attr]


def _kw(what, attr="home"):
    return lambda w: {"slug": w.home.slug, "pk": _meetings(w, attr)[what].pk}


def _post_only(min_role: str, what: str) -> Case:
    """A staff action taken by POST only: a GET answers 405 to those allowed."""
    case = staff_page(min_role, _kw(what), cross=_kw(what, "other"))
    case.expect = {k: (405 if v == 200 else v) for k, v in case.expect.items()}
    return case


def _public(w):
    return {"token": w.compound.public_token, "pk": _meetings(w, "home")["decision"].pk}


ROWS = {
    "needs:meetings": staff_page(Role.OBSERVER),
    "needs:meeting_create": staff_page(Role.STAFF),
    "needs:meeting": staff_page(Role.OBSERVER, _kw("meeting"), cross=_kw("meeting", "other")),
    "needs:meeting_agenda": _post_only(Role.STAFF, "meeting"),
    "needs:meeting_attendance": staff_page(Role.STAFF, _kw("meeting"), cross=_kw("meeting", "other")),
    "needs:meeting_minutes": staff_page(Role.STAFF, _kw("meeting"), cross=_kw("meeting", "other")),
    "needs:decision_create": staff_page(Role.STAFF, _kw("meeting"), cross=_kw("meeting", "other")),
    "needs:decision": staff_page(Role.OBSERVER, _kw("decision"), cross=_kw("decision", "other")),
    "needs:decision_ballots": staff_page(Role.STAFF, _kw("decision"), cross=_kw("decision", "other")),
    "needs:decision_close": _post_only(Role.STAFF, "decision"),
    # Only treasurers open a levy (staff: 403), from a passed decision.
    "needs:decision_levy": staff_page(Role.TREASURER, _kw("passed"), cross=_kw("passed", "other")),
    # Who voted how: community admins only.
    "needs:decision_votes": staff_page(Role.ADMIN, _kw("decision"), cross=_kw("decision", "other")),
    "needs:ballot_void": staff_page(Role.ADMIN, _kw("ballot"), cross=_kw("ballot", "other")),
    "needs:void_confirm": staff_page(Role.STAFF, _kw("void"), cross=_kw("void", "other")),
    "needs_public:decision": public_page(_public),
    "needs_public:vote": public_page(_public, status=405),
}
