"""The office's volunteer lists through the shared import flow: matching on the mobile (or on name and household,
flagged), the kinds as offices write them, a mobile twice, partners missing from a list, an idempotent
re-import, the command line's JSON and exit status, and the registry's export re-imported with no change."""

import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from communities.models import AuditEntry, RosterImport
from communities.roster import services as flow
from partners import services
from partners.models import Assignment, Consent, Kind, Partner, PartnerStatus
from partners.roster import partners_import_apply
from tests.communities.roster_files import csv_bytes, xlsx_bytes
from tests.factories import BuildingFactory, HouseholdFactory

pytestmark = pytest.mark.django_db

HEADER = ["姓名", "手机", "类别", "小区", "楼栋", "单元", "门牌号", "特长"]


def apply(world, rows, *, dry_run=False, name="志愿者名单.csv", data=None):
    with translation.override("en"):
        return partners_import_apply(
            community=world.home,
            actor=world.admin,
            data=data if data is not None else csv_bytes(rows),
            filename=name,
            dry_run=dry_run,
        )


def add(world, name, mobile="", **fields):
    fields.setdefault("form", Partner.Form.PERSON)
    fields.setdefault("kind", Kind.VOLUNTEER)
    return services.partner_create(
        community=world.home,
        actor=world.staff,
        consents=services.Consents(data_use=True),
        name=name,
        mobile=mobile,
        **fields,
    )


def problems(outcome):
    return [(p.row, p.column, p.message) for p in outcome.problems]


# --- kinds as offices write them ------------------------------------------------------------------


def test_a_list_as_offices_write_it_adds_partners_with_their_kinds_work_units_and_paper_consent(world):
    building = BuildingFactory(compound=world.compound, label="3栋")
    rows = [
        ["育才小区志愿者名单（2024年）"],
        [],
        ["序号", "姓名", "手机号码", "身份", "小区", "楼栋", "特长"],
        ["1", "刘干部", "138 0000 0001", "下沉干部（市民政局）", "", "", ""],
        ["2", "袁阿姨", "13800000002", "社区志愿者", "育才小区", "", "腰鼓、广场舞"],
        ["3", "王大叔", "13800000003", "楼栋长", "育才小区", "3号楼", ""],
        ["4", "双龙五金店", "07158123456", "单位", "", "", ""],
        ["合计", "4人", "", "", "", "", ""],
    ]
    outcome = apply(world, None, data=csv_bytes(rows, "gb18030"))
    assert problems(outcome) == []
    assert (outcome.new, outcome.changed, outcome.unchanged) == (4, 0, 0)
    cadre = Partner.objects.get(name="刘干部")
    assert (cadre.kind, cadre.work_unit, cadre.mobile) == (Kind.SENT_DOWN_CADRE, "市民政局", "13800000001")
    yuan = Partner.objects.get(name="袁阿姨")
    assert (yuan.kind, yuan.compound, yuan.skill_tags) == (Kind.VOLUNTEER, world.compound, "腰鼓,广场舞")
    leader = Partner.objects.get(name="王大叔")
    assert leader.kind == Kind.ACTIVE_RESIDENT and leader.building == building
    assignment = Assignment.objects.get(partner=leader)
    assert (assignment.role, assignment.building, assignment.ends_on) == ("building_leader", building, None)
    shop = Partner.objects.get(name="双龙五金店")
    assert (shop.form, shop.kind) == (Partner.Form.ORGANISATION, "")
    # Every new partner joined today, with the data-use consent they signed on paper, recorded by the admin.
    for partner in (cadre, yuan, leader, shop):
        consent = Consent.objects.get(partner=partner)
        assert (consent.purpose, consent.how, consent.recorded_by) == ("data_use", "paper", world.admin)
        assert services.current_change(partner) == PartnerStatus.Change.JOINED
    entry = AuditEntry.objects.get(action="partners.import")
    assert entry.changes["new"] == [None, 4]


def test_dangyuan_alone_is_a_row_error_listing_the_seven_kinds_and_an_unknown_kind_names_the_column(world):
    rows = [
        HEADER,
        ["张党员", "13800000001", "党员", "", "", "", "", ""],
        ["李四", "13800000002", "积极分子", "", "", "", "", ""],
        ["王五", "13800000003", "", "", "", "", "", ""],
        ["赵六", "13800000004", "社区志愿者", "", "", "", "", ""],
    ]
    outcome = apply(world, rows)
    assert [(row, column) for row, column, _m in problems(outcome)] == [(2, "类别"), (3, "类别"), (4, "类别")]
    ambiguous = outcome.problems[0].message
    for kind in (
        "包保干部",
        "下沉干部",
        "社区志愿者",
        "小区支部委员",
        "业委会成员",
        "党员中心户",
        "热心居民",
    ):
        assert kind in ambiguous
    assert "积极分子" in outcome.problems[1].message
    assert not Partner.objects.exists()  # a list with problems writes nothing, not even its good rows

    outcome = apply(world, [["姓名", "手机"], ["赵六", "13800000004"]])
    assert [p.message for p in outcome.problems] == [
        "There is no kind column. Add a column 类别 with each person's kind: 包保干部, 下沉干部, 社区志愿者, "
        "小区支部委员, 业委会成员, 党员中心户, 热心居民 or 楼栋长."
    ]


def test_a_building_leader_needs_the_building_and_a_cadre_their_work_unit(world):
    rows = [
        ["姓名", "手机", "类别", "小区", "楼栋", "工作单位"],
        ["王大叔", "13800000001", "楼栋长", "育才小区", "", ""],
        ["刘干部", "13800000002", "包保干部", "", "", ""],
        ["陈干部", "13800000003", "下沉干部（市民政局）", "", "", "市财政局"],
        ["钱干部", "13800000004", "下沉干部", "", "", "市财政局"],
        ["孙大姐", "13800000005", "楼栋长", "育才小区", "9栋", ""],
    ]
    outcome = apply(world, rows)
    found = problems(outcome)
    assert [(row, column) for row, column, _m in found] == [
        (2, "类别"),
        (3, "类别"),
        (4, "类别"),
        (6, "楼栋"),
    ]
    assert "楼栋" in found[0][2]
    assert "下沉干部（市民政局）" in found[1][2]
    assert "市民政局" in found[2][2] and "市财政局" in found[2][2]
    assert "9栋" in found[3][2]
    assert outcome.new == 1  # 钱干部, whose work unit is in its column
    assert not Partner.objects.exists()


def test_a_building_leader_keeps_a_known_persons_kind_and_is_assigned_once(world):
    building = BuildingFactory(compound=world.compound, label="2栋")
    secretary = add(world, "陈昌秀", "13800000001", kind=Kind.BRANCH_MEMBER)
    rows = [["姓名", "手机", "类别", "小区", "楼栋"], ["陈昌秀", "13800000001", "楼栋长", "育才小区", "2栋"]]
    outcome = apply(world, rows)
    assert (outcome.new, outcome.changed, problems(outcome)) == (0, 1, [])
    secretary.refresh_from_db()
    assert (secretary.kind, secretary.building) == (Kind.BRANCH_MEMBER, building)
    assert Assignment.objects.filter(partner=secretary, building=building).count() == 1
    again = apply(world, rows)
    assert (again.changed, again.unchanged) == (0, 1)
    assert Assignment.objects.filter(partner=secretary).count() == 1


# --- matching --------------------------------------------------------------------------------------


def test_rows_match_on_the_normalised_mobile_and_change_what_the_list_says(world):
    known = add(world, "袁阿姨", "13800000001", skill_tags="腰鼓")
    merged = add(world, "袁秀英", "13900000009")
    services.partner_merge(keep=known, duplicate=merged, actor=world.staff)
    rows = [
        HEADER,
        ["袁秀英", "138-0000-0001", "社区志愿者", "", "", "", "", "腰鼓,象棋"],
        ["袁阿姨", "13900000009", "社区志愿者", "", "", "", "", ""],  # the merged record's mobile
    ]
    outcome = apply(world, rows)
    # Both rows are the one partner kept: the second is a problem naming both rows.
    assert [(row, column) for row, column, _m in problems(outcome)] == [(3, "姓名")]
    assert "row 2" in outcome.problems[0].message and "row 3" in outcome.problems[0].message

    outcome = apply(world, rows[:2])
    assert (outcome.new, outcome.changed, outcome.missing) == (0, 1, 0)
    known.refresh_from_db()
    assert (known.name, known.skill_tags) == ("袁秀英", "腰鼓,象棋")
    assert Partner.objects.count() == 2


def test_a_mobile_twice_in_one_file_is_an_error_naming_both_rows(world):
    rows = [
        HEADER,
        ["熊爹爹", "13800000001", "热心居民", "", "", "", "", ""],
        ["王大叔", "13800000002", "热心居民", "", "", "", "", ""],
        ["熊奶奶", "138 0000 0001", "热心居民", "", "", "", "", ""],
    ]
    outcome = apply(world, rows)
    assert [(row, column) for row, column, _m in problems(outcome)] == [(4, "手机")]
    message = outcome.problems[0].message
    assert "13800000001" in message and "row 2" in message and "row 4" in message
    assert not Partner.objects.exists()


def test_a_row_without_a_mobile_matches_on_name_and_household_and_is_flagged(world):
    household = world.household  # 育才小区 1栋1单元501
    zhang = add(world, "张三", household=household)
    rows = [
        HEADER,
        ["张三", "", "社区志愿者", "育才小区", "1栋", "1单元", "501", "电工"],
        ["李四", "", "热心居民", "", "", "", "", ""],
    ]
    outcome = apply(world, rows)
    assert problems(outcome) == []
    assert (outcome.new, outcome.changed, outcome.unchanged) == (1, 1, 0)
    assert [(f.row, f.column) for f in outcome.flags] == [(2, "手机"), (3, "手机")]
    assert "张三" in outcome.flags[0].message and "1栋1单元501" in outcome.flags[0].message
    assert "new partner" in outcome.flags[1].message
    zhang.refresh_from_db()
    assert zhang.skill_tags == "电工"

    # The next version of the list has their mobiles: the same two partners, now with a mobile, no duplicate.
    rows[1][1], rows[2][1] = "13800000001", "13800000002"
    outcome = apply(world, rows)
    assert (outcome.new, outcome.changed, outcome.flags) == (0, 2, [])
    zhang.refresh_from_db()
    assert zhang.mobile == "13800000001"
    assert Partner.objects.count() == 2


def test_the_flow_shows_flagged_rows_in_the_preview_without_blocking(world):
    roster_import = flow.roster_import_start(
        kind="partners",
        community=world.home,
        actor=world.admin,
        filename="list.csv",
        data=csv_bytes([HEADER, ["李四", "", "热心居民", "", "", "", "", ""]]),
        language="en",
    )
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.PREVIEW and roster_import.error_count == 0
    assert [(f["row"], f["column"]) for f in roster_import.flags] == [(2, "手机")]
    flow.roster_import_confirm(roster_import=roster_import, actor=world.admin)
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.DONE and len(roster_import.flags) == 1
    assert Partner.objects.get().name == "李四"


def test_partners_missing_from_a_list_are_listed_never_marked_as_left(world, login):
    stays = add(world, "熊爹爹", "13800000001")
    left = add(world, "赵六", "13800000002")
    services.partner_status_record(
        partner=left, change="left", on=timezone.localdate(left.created_at), actor=world.staff
    )
    outcome = apply(world, [HEADER, ["袁阿姨", "13800000003", "社区志愿者", "", "", "", "", ""]])
    assert outcome.missing_ids == [stays.pk]  # who left already is not "missing"
    assert services.current_change(stays) == PartnerStatus.Change.JOINED
    roster_import = outcome.roster_import
    assert roster_import.missing == [stays.pk]

    client = login(world.admin)
    url = reverse("partners:import_missing", args=[world.home.slug, roster_import.pk])
    page = client.get(url).content.decode()
    assert "熊爹爹" in page and "赵六" not in page
    assert reverse("partners:partner", args=[world.home.slug, stays.pk]) in page
    assert services.current_change(stays) == PartnerStatus.Change.JOINED
    # Households' "moved out" page is not offered for a list of partners.
    moved_out = reverse("communities:roster_import_moved_out", args=[world.home.slug, roster_import.pk])
    assert client.get(moved_out).status_code == 404


def test_a_partner_who_left_is_updated_but_not_brought_back_and_flagged(world):
    left = add(world, "赵六", "13800000002")
    services.partner_status_record(
        partner=left, change="left", on=timezone.localdate(left.created_at), actor=world.staff
    )
    outcome = apply(world, [HEADER, ["赵六", "13800000002", "热心居民", "", "", "", "", ""]])
    assert (outcome.changed, problems(outcome)) == (1, [])
    assert "left" in outcome.flags[0].message
    assert services.current_change(left) == PartnerStatus.Change.LEFT


def test_a_second_import_of_the_same_file_changes_nothing(world):
    BuildingFactory(compound=world.compound, label="3栋")
    rows = [
        HEADER + ["可提供", "备注"],
        ["刘干部", "13800000001", "下沉干部（市民政局）", "", "", "", "", "", "资金", ""],
        [
            "王大叔",
            "13800000002",
            "楼栋长",
            "育才小区",
            "3栋",
            "",
            "",
            "象棋",
            "场地、人力",
            "周末有空，会修车",
        ],
        ["张三", "", "热心居民", "育才小区", "1栋", "1", "501室", "", "", ""],
    ]
    first = apply(world, rows)
    assert (first.new, problems(first)) == (3, [])
    counts = [Model.objects.count() for Model in (Partner, Consent, PartnerStatus, Assignment, AuditEntry)]
    second = apply(world, rows)
    assert (second.new, second.changed, second.unchanged, problems(second)) == (0, 0, 3, [])
    after = [Model.objects.count() for Model in (Partner, Consent, PartnerStatus, Assignment, AuditEntry)]
    assert after[:4] == counts[:4]
    assert after[4] == counts[4] + 1  # the import itself, in the history
    wang = Partner.objects.get(name="王大叔")
    assert (wang.offers_space, wang.offers_labour, wang.notes) == (True, True, "周末有空，会修车")


def test_a_room_that_is_not_in_the_roster_is_a_problem(world):
    rows = [HEADER, ["张三", "13800000001", "热心居民", "育才小区", "1栋", "1单元", "909", ""]]
    outcome = apply(world, rows)
    assert [(row, column) for row, column, _m in problems(outcome)] == [(2, "门牌号")]
    assert "1栋1单元909" in outcome.problems[0].message
    outcome = apply(world, [HEADER, ["张三", "13800000001", "热心居民", "金桂苑", "", "", "", ""]])
    assert [(row, column) for row, column, _m in problems(outcome)] == [(2, "小区")]


# --- the command line ------------------------------------------------------------------------------


def cli(world, tmp_path, data, *extra, filename="志愿者名单.xlsx"):
    path = tmp_path / filename
    path.write_bytes(data)
    out = io.StringIO()
    code = 0
    try:
        call_command(
            "import_partners",
            str(path),
            "--community",
            world.home.slug,
            "--json",
            "--language",
            "en",
            *extra,
            stdout=out,
            stderr=io.StringIO(),
        )
    except SystemExit as exit_info:
        code = exit_info.code
    return code, json.loads(out.getvalue())


def test_import_partners_dry_run_json_on_a_10_digit_phone_exits_1_naming_the_row_and_the_phone_column(
    world, tmp_path
):
    data = xlsx_bytes(
        {
            "志愿者": [
                ["姓名", "联系电话", "类别"],
                ["袁阿姨", "13800000001", "社区志愿者"],
                ["王大叔", "1380000000", "热心居民"],
            ]
        }
    )
    code, result = cli(world, tmp_path, data, "--dry-run")
    assert code == 1
    assert [(e["row"], e["sheet"], e["column"]) for e in result["errors"]] == [(3, "志愿者", "联系电话")]
    assert "1380000000" in result["errors"][0]["message"]
    assert {k: result[k] for k in ("new", "changed", "unchanged")} == {"new": 1, "changed": 0, "unchanged": 0}
    assert not Partner.objects.exists()


def test_import_partners_writes_with_the_consent_flag_only_and_prints_the_same_json(world, tmp_path):
    data = xlsx_bytes(
        {
            "志愿者": [
                ["姓名", "手机", "类别"],
                ["袁阿姨", "13800000001", "社区志愿者"],
                ["李四", "", "热心居民"],
            ]
        }
    )
    code, result = cli(world, tmp_path, data)
    assert code == 1 and "--consent-on-paper" in result["errors"][0]["message"]
    assert not Partner.objects.exists()
    code, result = cli(world, tmp_path, data, "--consent-on-paper")
    assert code == 0
    assert {k: result[k] for k in ("new", "changed", "unchanged", "missing", "errors")} == {
        "new": 2,
        "changed": 0,
        "unchanged": 0,
        "missing": 0,
        "errors": [],
    }
    assert [(f["row"], f["column"]) for f in result["flagged"]] == [(3, "手机")]
    assert Consent.objects.filter(how="paper", purpose="data_use").count() == 2
    code, result = cli(world, tmp_path, data, "--consent-on-paper")
    assert (code, result["new"], result["unchanged"]) == (0, 0, 2)


# --- the pages: upload, preview, confirm; export ----------------------------------------------------


def test_admins_upload_with_the_consent_tick_preview_and_confirm_through_the_flow(world, login):
    client = login(world.admin)
    url = reverse("partners:import", args=[world.home.slug])
    data = csv_bytes(
        [
            HEADER,
            ["袁阿姨", "13800000001", "社区志愿者", "", "", "", "", ""],
            ["李四", "", "热心居民", "", "", "", "", ""],
        ]
    )
    response = client.post(url, {"file": SimpleUploadedFile("list.csv", data)})
    assert response.status_code == 200 and "consent_on_paper" in response.context["form"].errors
    assert not RosterImport.objects.exists()

    response = client.post(
        url, {"file": SimpleUploadedFile("list.csv", data), "consent_on_paper": "on"}, follow=True
    )
    roster_import = RosterImport.objects.get()
    assert roster_import.kind == "partners"
    assert response.redirect_chain[-1][0] == reverse(
        "communities:roster_import", args=[world.home.slug, roster_import.pk]
    )
    page = response.content.decode()
    assert '<span class="num" id="count-new">2</span>' in page
    assert reverse("partners:import", args=[world.home.slug]) in page  # the crumbs lead back
    flags = page[page.index('data-testid="flags"') :]
    assert "李四" in flags[: flags.index("</ul>")]  # flagged (no mobile), and the import can be confirmed
    assert (
        'action="' + reverse("communities:roster_import_confirm", args=[world.home.slug, roster_import.pk])
        in page
    )
    assert not Partner.objects.exists()

    response = client.post(
        reverse("communities:roster_import_confirm", args=[world.home.slug, roster_import.pk]), follow=True
    )
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.DONE
    assert set(Partner.objects.values_list("name", flat=True)) == {"袁阿姨", "李四"}
    assert reverse("partners:partners", args=[world.home.slug]) in response.content.decode()
    history = client.get(url).content.decode()
    assert "list.csv" in history


def test_the_registry_offers_import_to_admins_and_export_to_staff_but_neither_to_observers(world, login):
    import_url = reverse("partners:import", args=[world.home.slug])
    export_url = reverse("partners:export", args=[world.home.slug])
    for user, imports, exports in (
        (world.admin, True, True),
        (world.staff, False, True),
        (world.observer, False, False),
    ):
        page = login(user).get(reverse("partners:partners", args=[world.home.slug])).content.decode()
        assert (import_url in page, export_url in page) == (imports, exports), user


def _exported(client, world, fmt, language, **query):
    url = reverse("partners:export", args=[world.home.slug])
    response = client.get(url, {"format": fmt, **query}, headers={"Accept-Language": language})
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_exported_registry_reimports_with_no_change(world, login, fmt, language):
    building = BuildingFactory(compound=world.compound, label="3栋")
    household = HouseholdFactory(compound=world.compound, building=building, room="302")
    add(world, "刘干部", "13800000001", kind=Kind.SENT_DOWN_CADRE, work_unit="市民政局", offers_money=True)
    add(world, "=HYPERLINK(1)", "13800000002", notes="第一行，\n第二行", skill_tags="电工,油漆")
    add(world, "王大叔", "13800000003", kind=Kind.ACTIVE_RESIDENT, household=household, offers_space=True)
    add(world, "熊爹爹", "", kind=Kind.ACTIVE_RESIDENT, building=building, availability="周末")
    add(world, "袁阿姨", "0715-8123456", compound=world.compound, offers_labour=True, offers_skills=True)
    shop = services.partner_create(
        community=world.home,
        actor=world.staff,
        consents=services.Consents(data_use=True),
        form=Partner.Form.ORGANISATION,
        name="双龙五金店",
        contact_name="周老板",
        mobile="13800000005",
    )
    services.assignment_create(
        partner=Partner.objects.get(name="王大叔"),
        role="building_leader",
        compound=world.compound,
        building=building,
        actor=world.staff,
    )
    response = _exported(login(world.staff), world, fmt, language)
    data = b"".join(response.streaming_content) if response.streaming else response.content
    outcome = apply(world, None, data=data, name=f"export.{fmt}", dry_run=True)
    assert problems(outcome) == []
    assert (outcome.new, outcome.changed, outcome.unchanged, outcome.missing) == (0, 0, 6, 0)
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
        assert header[:3] == (
            ["姓名", "手机", "类别"] if language == "zh-hans" else ["name", "mobile", "kind"]
        )
        names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert "'=HYPERLINK(1)" in names  # written harmless, read back as typed
    # The export follows the registry's filters.
    filtered = _exported(login(world.staff), world, "csv", language, form="organisation").content
    assert "双龙五金店" in filtered.decode("utf-8-sig") and "刘干部" not in filtered.decode("utf-8-sig")
    assert shop.pk
