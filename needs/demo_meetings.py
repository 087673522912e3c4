"""Demo meetings and decisions (issue 15), loaded by needs/demo.py after the needs list; safe to run twice.

- The CCTV decision: the Approval funds/demo.py recorded (育才小区业主代表议事会（安装监控）, 41 / 2 / 3) is its
  meeting and tally; the decision points at it, its source stays empty, and the CCTV levy is found through it.
- This month's 议事会 of 育才小区: its agenda came from the month's proposals (needs moved to "under
  deliberation"), with who came, minutes and two decisions: one under the double-majority rule that passes (the
  stairwell lights of buildings 1 and 2), one under the three-quarters rule that passes by households and fails
  by floor area (turning the green strip by building 3 into parking: the 24 smaller homes for, the 8 larger
  against)."""

import datetime
import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from communities.models import Building, Community, Household
from funds.models import Approval

from . import services
from .models import Decision, Meeting, Need, State

CCTV_MEETING = "育才小区业主代表议事会（安装监控）"
MONTHLY_TITLE = "育才小区月度议事会"


def _minutes_photo():
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 200), "white")
    ImageDraw.Draw(image).text((10, 10), "minutes", fill="black")
    out = io.BytesIO()
    image.save(out, format="JPEG")
    return SimpleUploadedFile("minutes.jpg", out.getvalue(), content_type="image/jpeg")


def _proposal(yucai, staff, title, category, description):
    need = Need.objects.filter(community=yucai.community_id, compound=yucai, title=title).first()
    if need is None:
        need = services.need_create(
            compound=yucai,
            title=title,
            category=category,
            channel="bench",
            description=description,
            actor=staff,
        )
    if need.state == State.COLLECTED:
        need = services.need_set_status(need=need, state=State.DELIBERATION, actor=staff)
    return need


@transaction.atomic
def load() -> dict:
    community = Community.objects.filter(slug="shuanglong").first()
    if community is None:
        return {}
    yucai = community.compounds.filter(name="育才小区").first()
    User = get_user_model()
    staff = User.objects.filter(username="sl_staff").first()
    admin = User.objects.filter(username="sl_admin").first()
    if yucai is None or staff is None:
        return {}
    found = {}
    approval = Approval.objects.filter(community=community, meeting_name=CCTV_MEETING).first()
    if approval is not None:
        cctv_need = Need.objects.filter(community=community, compound=yucai, title__contains="监控").first()
        found["cctv"] = services.decision_from_approval(
            approval=approval, motion=approval.summary or "安装监控", actor=staff, need=cctv_need
        )
    if Meeting.objects.filter(community=community, compound=yucai, title=MONTHLY_TITLE).exists():
        return found
    lights = _proposal(yucai, staff, "1、2栋楼道加装声控灯", "safety", "楼道夜里太黑，老人上下楼不方便。")
    parking = _proposal(
        yucai, staff, "3栋旁绿地改建停车位", "parking", "车多位少，有居民提议把3栋旁的绿地改成车位。"
    )
    today = timezone.localdate()
    meeting = services.meeting_create(
        community=community,
        compound=yucai,
        kind=Meeting.Kind.MONTHLY,
        held_on=today,
        title=MONTHLY_TITLE,
        place="幸福小屋",
        actor=staff,
    )
    rooms = [h.label for h in Household.objects.filter(compound=yucai).select_related("building")[:12]]
    services.attendance_record(meeting=meeting, rooms=rooms, head_count=23, actor=staff)
    services.minutes_save(
        meeting=meeting,
        minutes="周提月议：本月议题两项，逐项表决（一事一议）。楼道声控灯按双过半表决；绿地改车位属改变共有部分用途，按双四分之三表决。",
        photo=_minutes_photo(),
        actor=staff,
    )
    closes_on = today + datetime.timedelta(days=services.decisions.notice_days())
    buildings = {b.label: b for b in Building.objects.filter(compound=yucai)}
    first = services.decision_open(
        meeting=meeting,
        agenda_item=meeting.agenda.get(need=lights),
        motion="1栋、2栋每个楼道加装声控灯，费用从幸福基金支出。",
        rule="double_majority",
        buildings=[buildings["1栋"], buildings["2栋"]],
        closes_on=closes_on,
        plan="1栋、2栋共4个单元每层加装声控灯。",
        estimated_cost="1600.00",
        responsible_note="楼栋长和志愿者",
        actor=staff,
    )
    electorate = list(
        Household.objects.filter(compound=yucai, building__in=[buildings["1栋"], buildings["2栋"]])
    )
    for i, household in enumerate(electorate[:50]):
        choice = "for" if i < 40 else ("against" if i < 46 else "abstain")
        if i % 3 == 0:
            services.ballot_paper(decision=first, room=household.label, choice=choice, actor=staff)
        else:
            services.ballot_cast(decision=first, household=household, choice=choice)
    services.decision_close(decision=first, actor=staff)
    second = services.decision_open(
        meeting=meeting,
        agenda_item=meeting.agenda.get(need=parking),
        motion="将3栋旁绿地改建为8个停车位（改变共有部分用途）。",
        rule="three_quarters",
        buildings=[buildings["3栋"]],
        closes_on=closes_on,
        actor=staff,
    )
    homes = sorted(
        Household.objects.filter(compound=yucai, building=buildings["3栋"]),
        key=lambda h: (h.floor_area, h.pk),
    )
    for i, household in enumerate(homes):
        services.ballot_cast(decision=second, household=household, choice="for" if i < 24 else "against")
    services.decision_close(decision=second, actor=admin or staff)
    found.update({"meeting": meeting, "double_majority": first, "three_quarters": second})
    return found


def decisions_of(community) -> list[Decision]:
    return list(Decision.objects.filter(community=community).order_by("opened_at"))
