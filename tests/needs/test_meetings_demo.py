"""The demo's meetings and decisions: the CCTV decision on funds' existing Approval (41/2/3, source empty, its
levy found through it), the monthly 议事会 with its agenda from the month's proposals, a double-majority decision
that passes and a three-quarters one that passes by households and fails by floor area."""

from django.core.management import call_command

from funds.models import Approval, Levy
from needs.models import Decision, Meeting


def test_the_demo_decisions(db):
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)  # twice: nothing doubles
    cctv_approval = Approval.objects.get(meeting_name="育才小区业主代表议事会（安装监控）")
    cctv = Decision.objects.get(approval=cctv_approval)
    assert cctv_approval.source == ""
    assert (cctv.tally_for, cctv.tally_against, cctv.tally_abstain) == (41, 2, 3)
    assert cctv.passed and cctv.meeting.title == cctv_approval.meeting_name
    assert Levy.objects.filter(approval__decision=cctv, purpose="安装监控").exists()
    monthly = Meeting.objects.get(title="育才小区月度议事会")
    assert monthly.agenda.filter(need__title="1、2栋楼道加装声控灯").exists()
    assert monthly.minutes and monthly.minutes_photo.name and monthly.attendance.count() == 12
    first, second = monthly.decisions.order_by("opened_at", "id")
    assert first.rule == "double_majority" and first.passed and first.approval is not None
    assert first.need.state == "planned"
    assert second.rule == "three_quarters" and second.passed is False
    assert second.result["outcome"]["by_households"] is True and second.result["outcome"]["by_area"] is False
    assert second.need.state == "collected"
    assert Meeting.objects.filter(title="育才小区月度议事会").count() == 1
