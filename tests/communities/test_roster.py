"""The roster engine: files as offices keep them, values as offices write them, and set-based, idempotent
writes. Every file here is built by the test itself (tests/communities/roster_files.py)."""

from decimal import Decimal

import pytest
from django.utils import translation

from communities.models import AuditEntry, Building, Compound, Household, RosterImport
from communities.roster.exporting import export_file, neutralise
from communities.roster.reading import cell_text, unquote
from communities.roster.services import roster_import_apply, roster_mark_moved_out

from .roster_files import HEADER, csv_bytes, xls_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def run(world, data, filename="roster.csv", **kwargs):
    kwargs.setdefault("compound", world.compound)
    return roster_import_apply(
        community=world.home, actor=world.admin, data=data, filename=filename, **kwargs
    )


def household(world, label_building, unit, room, compound=None):
    return Household.objects.get(
        compound=compound or world.compound, building__label=label_building, unit=unit, room=room
    )


ROWS = [
    HEADER,
    ["育才小区", "1栋", "1单元", "101", "王五", "13900001111", "3", "85.5", "已装修", "已入住", ""],
    ["育才小区", "1栋", "1单元", "102", "赵六", "0715-8123456", "2", "", "未装修", "空置", "独居"],
    ["育才小区", "2栋", "", "201", "钱七", "", "", "60", "", "", ""],
]


# --- formats and encodings -------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_every_encoding_excel_writes_is_read_without_asking(world, encoding):
    outcome = run(world, csv_bytes(ROWS, encoding))
    assert outcome.problems == []
    assert (outcome.new, outcome.changed, outcome.unchanged) == (3, 0, 0)
    first = household(world, "1栋", "1单元", "101")
    assert first.head_name == "王五" and first.floor_area == Decimal("85.50")
    assert first.renovation == Household.Renovation.RENOVATED
    second = household(world, "1栋", "1单元", "102")
    assert second.phone == "0715-8123456" and second.occupancy == Household.Occupancy.VACANT
    assert second.notes == "独居"


def test_tab_separated_text_is_read(world):
    assert run(world, csv_bytes(ROWS, "utf-8", "\t")).new == 3


def test_csv_with_a_title_line_and_blank_lines_above_the_header(world):
    data = "育才小区住户花名册\r\n\r\n".encode("gbk") + csv_bytes(ROWS, "gbk", "\t")
    outcome = run(world, data)
    assert outcome.problems == [] and outcome.new == 3


def test_xlsx_with_title_row_merged_building_cells_blank_lines_and_a_totals_row(world):
    data = xlsx_bytes(
        {
            "一期": [
                ["育才小区住户花名册（2024年）"],
                [None],
                ["楼号", "单元号", "房号", "户主", "手机号码", "常住人口", "建筑面积(㎡)", "是否装修"],
                ["3号楼", 1, 101.0, "张 三", 13812345678, "三", 88.5, "√"],
                [None, 1, 102.0, "李四", "138-1234-5679", 2, None, "×"],
                [None, None, None, None, None, None, None, None],
                [None, 2, 201.0, "孙八", None, 0, None, "否"],
                ["合计", None, None, None, None, 5, None, None],
            ]
        },
        merges={"一期": ["A4:A7"]},
    )
    outcome = run(world, data, "花名册.xlsx")
    assert outcome.problems == []
    assert outcome.new == 3
    zhang = household(world, "3栋", "1单元", "101")
    assert (zhang.head_name, zhang.phone, zhang.residents) == ("张三", "13812345678", 3)
    assert zhang.renovation == Household.Renovation.RENOVATED
    assert household(world, "3栋", "1单元", "102").phone == "13812345679"
    assert household(world, "3栋", "2单元", "201").residents == 0
    assert not Household.objects.filter(head_name="合计").exists()


def test_every_sheet_with_a_header_is_read_and_problems_name_the_sheet(world):
    data = xlsx_bytes(
        {
            "说明": [["本表由社区填写"]],
            "一期": [["楼栋", "门牌号", "户主姓名"], ["1栋", "101", "甲"]],
            "二期": [["楼栋", "门牌号", "家庭人口"], ["5栋", "501", "很多"]],
        }
    )
    outcome = run(world, data, "x.xlsx")
    assert [p.as_dict() for p in outcome.problems] == [
        {
            "row": 2,
            "sheet": "二期",
            "column": "家庭人口",
            "message": "“很多” is not a number of residents. Enter a whole number from 0 to 30.",
        }
    ]
    assert outcome.applied is False
    assert not Household.objects.filter(room="101", building__label="1栋", compound=world.compound).exists()


def test_xls_with_merged_building_cells_is_read(world):
    data = xls_bytes(
        {
            "Sheet1": [
                ["楼栋", "单元", "室号", "姓名", "电话"],
                ["5幢", "一单元", "501", "周九", "13700001111"],
                [None, "1", "502", "吴十", "7123456"],
            ]
        },
        merges={"Sheet1": [(1, 2, 0, 0)]},
    )
    outcome = run(world, data, "old.xls")
    assert outcome.problems == [] and outcome.new == 2
    assert household(world, "5栋", "1单元", "502").phone == "7123456"


def test_a_file_renamed_to_the_wrong_extension_is_still_read(world):
    data = xlsx_bytes({"s": [["楼栋", "门牌号"], ["1栋", "901"]]})
    assert run(world, data, "roster.csv").new == 1


def test_english_headers_are_read(world):
    data = csv_bytes(
        [
            [
                "Building",
                "Unit",
                "Room",
                "Head of household",
                "Phone",
                "Residents",
                "Floor area (m²)",
                "Renovation",
            ],
            ["7", "2", "702", "Li Lei", "13800000000", "4", "70", "renovated"],
        ]
    )
    outcome = run(world, data)
    assert outcome.problems == []
    assert household(world, "7栋", "2单元", "702").head_name == "Li Lei"


def test_a_file_without_a_header_row_says_what_it_needs(world):
    outcome = run(world, csv_bytes([["a", "b"], ["1", "2"]]))
    assert outcome.problems[0].row is None
    assert "No header row found" in outcome.problems[0].message


def test_garbage_is_a_readable_refusal_not_a_crash(world):
    from communities.errors import DomainError

    with pytest.raises(DomainError):
        run(world, b"PK\x03\x04 not really a zip", "x.xlsx")


# --- values ------------------------------------------------------------------------------------


def test_labels_written_differently_resolve_to_one_building_and_unit(world):
    data = csv_bytes(
        [
            ["楼栋", "单元", "门牌号"],
            ["1栋", "1单元", "101"],
            ["1号楼", "1", "102"],
            ["1幢", "一单元", "１０３"],
            [" 1 号楼 ", "01", "104.0"],
        ]
    )
    outcome = run(world, data)
    assert outcome.problems == [] and outcome.new == 4
    assert list(
        Building.objects.filter(compound=world.compound, label__startswith="1").values_list(
            "label", flat=True
        )
    ) == ["1栋"]
    assert set(
        Household.objects.filter(building__label="1栋", compound=world.compound).values_list(
            "unit", flat=True
        )
    ) == {"1单元"}


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("13812345678.0", "13812345678"),
        ("0715-8123456", "0715-8123456"),
        ("8123456", "8123456"),
        ("", ""),
    ],
)
def test_phones_as_offices_write_them(world, raw, stored):
    outcome = run(world, csv_bytes([["楼栋", "门牌号", "电话"], ["1栋", "301", raw]]))
    assert outcome.problems == []
    assert household(world, "1栋", "", "301").phone == stored


@pytest.mark.parametrize("raw", ["12345", "23812345678", "0123456", "1381234567", "call me"])
def test_a_wrong_phone_is_an_error_naming_row_and_column(world, raw):
    outcome = run(
        world, csv_bytes([["楼栋", "门牌号", "联系电话"], ["1栋", "301", "13800000000"], ["1栋", "302", raw]])
    )
    assert len(outcome.problems) == 1
    problem = outcome.problems[0].as_dict()
    assert (problem["row"], problem["column"]) == (3, "联系电话")
    assert "is not a phone number" in problem["message"]
    assert not Household.objects.filter(room="301", compound=world.compound).exists()  # nothing written


@pytest.mark.parametrize(
    ("raw", "stored"), [("三", 3), ("十二", 12), ("0", 0), ("30", 30), ("4人", 4), ("５", 5)]
)
def test_residents_in_arabic_or_chinese_numerals(world, raw, stored):
    run(world, csv_bytes([["楼栋", "门牌号", "人口数"], ["1栋", "301", raw]]))
    assert household(world, "1栋", "", "301").residents == stored


@pytest.mark.parametrize("raw", ["31", "-1", "2.5", "几个"])
def test_residents_out_of_range_is_an_error(world, raw):
    outcome = run(world, csv_bytes([["楼栋", "门牌号", "人口数"], ["1栋", "301", raw]]))
    assert [p.column for p in outcome.problems] == ["人口数"]


@pytest.mark.parametrize(
    ("raw", "renovated"),
    [
        ("是", True),
        ("否", False),
        ("已装修", True),
        ("未装修", False),
        ("√", True),
        ("×", False),
        ("有", True),
        ("无", False),
        ("1", True),
        ("0", False),
        ("true", True),
        ("FALSE", False),
    ],
)
def test_yes_no_words(world, raw, renovated):
    run(world, csv_bytes([["楼栋", "门牌号", "是否装修"], ["1栋", "301", raw]]))
    expected = Household.Renovation.RENOVATED if renovated else Household.Renovation.UNRENOVATED
    assert household(world, "1栋", "", "301").renovation == expected


def test_a_household_whose_row_has_a_problem_is_not_reported_missing(world):
    world.household.refresh_from_db()
    h = world.household
    outcome = run(
        world, csv_bytes([["楼栋", "单元", "门牌号", "人口"], [h.building.label, h.unit, h.room, "很多"]])
    )
    assert len(outcome.problems) == 1
    assert outcome.missing == 0


def test_an_unrecognised_yes_no_word_is_an_error_never_false(world):
    outcome = run(
        world, csv_bytes([["楼栋", "门牌号", "装修状态", "独居老人"], ["1栋", "301", "还行", "也许"]])
    )
    assert [(p.row, p.column) for p in outcome.problems] == [(2, "装修状态"), (2, "独居老人")]


def test_duplicate_households_in_the_file_are_an_error_naming_both_rows(world):
    outcome = run(
        world,
        csv_bytes(
            [
                ["楼栋", "单元", "门牌号"],
                ["1栋", "1", "101"],
                ["1栋", "2", "101"],
                ["1号楼", "1单元", "101.0"],
            ]
        ),
    )
    assert len(outcome.problems) == 1
    assert outcome.problems[0].row == 4
    assert "row 2" in outcome.problems[0].message and "row 4" in outcome.problems[0].message


def test_unknown_compound_is_an_error_naming_it_unless_creation_is_chosen(world):
    rows = [["小区", "楼栋", "门牌号"], ["新建小区", "1栋", "101"], ["育才小区", "1栋", "102"]]
    outcome = run(world, csv_bytes(rows))
    assert len(outcome.problems) == 1 and "新建小区" in outcome.problems[0].message
    assert outcome.problems[0].column == "小区"
    assert not Compound.objects.filter(name="新建小区").exists()

    outcome = run(world, csv_bytes(rows), create_compounds=True)
    assert outcome.problems == [] and outcome.new == 2
    created = Compound.objects.get(community=world.home, name="新建小区")
    assert household(world, "1栋", "", "101", compound=created)


def test_rows_without_compound_need_a_default_compound(world):
    outcome = run(world, csv_bytes([["楼栋", "门牌号"], ["1栋", "101"]]), compound=None)
    assert len(outcome.problems) == 1 and "compound" in outcome.problems[0].message


def test_another_communitys_compound_name_is_not_found(world):
    outcome = run(world, csv_bytes([["小区", "楼栋", "门牌号"], [world.other_compound.name, "1栋", "101"]]))
    assert (
        outcome.problems and not Household.objects.filter(compound=world.other_compound, room="101").exists()
    )


# --- preview, idempotence, missing ---------------------------------------------------------------


def test_dry_run_counts_without_writing(world):
    before = Household.objects.count()
    outcome = run(world, csv_bytes(ROWS), dry_run=True)
    assert (outcome.new, outcome.changed, outcome.unchanged, outcome.missing) == (3, 0, 0, 1)
    assert Household.objects.count() == before
    assert not AuditEntry.objects.filter(action="roster.import").exists()
    assert not RosterImport.objects.exists()


def test_reimporting_an_unchanged_file_changes_nothing_but_is_recorded(world):
    data = csv_bytes(ROWS)
    run(world, data)
    stamps = dict(Household.objects.values_list("pk", "updated_at"))
    codes = dict(Household.objects.values_list("pk", "access_code"))
    outcome = run(world, data)
    assert (outcome.new, outcome.changed, outcome.unchanged) == (0, 0, 3)
    assert dict(Household.objects.values_list("pk", "updated_at")) == stamps
    assert dict(Household.objects.values_list("pk", "access_code")) == codes
    assert RosterImport.objects.count() == 2
    entries = AuditEntry.objects.filter(action="roster.import").order_by("pk")
    assert entries.count() == 2  # one entry per import, not per row
    assert entries.last().changes["new"] == [None, 0] and entries.last().changes["unchanged"] == [None, 3]


def test_only_the_differences_are_applied(world):
    run(world, csv_bytes(ROWS))
    first = household(world, "1栋", "1单元", "101")
    untouched = household(world, "2栋", "", "201")
    changed_rows = [list(r) for r in ROWS]
    changed_rows[1][4] = "王五五"
    changed_rows.append(["育才小区", "2栋", "", "202", "新户", "", "", "", "", "", ""])
    outcome = run(world, csv_bytes(changed_rows))
    assert (outcome.new, outcome.changed, outcome.unchanged) == (1, 1, 2)
    first.refresh_from_db()
    assert first.head_name == "王五五"
    assert Household.objects.get(pk=untouched.pk).updated_at == untouched.updated_at


def test_a_column_not_in_the_file_keeps_what_the_household_has(world):
    world.household.refresh_from_db()
    label = world.household
    data = csv_bytes(
        [["楼栋", "单元", "门牌号", "户主姓名"], [label.building.label, label.unit, label.room, "张三"]]
    )
    outcome = run(world, data)
    assert (outcome.unchanged, outcome.changed) == (1, 0)
    label.refresh_from_db()
    assert label.phone == "13812345678" and label.residents == 3


def test_missing_households_are_listed_never_deleted_and_can_be_marked_moved_out(world):
    outcome = run(world, csv_bytes(ROWS))
    assert outcome.missing_ids == [world.household.pk]
    assert Household.objects.filter(pk=world.household.pk).exists()
    count = roster_mark_moved_out(
        roster_import=outcome.roster_import, household_ids=[world.household.pk], actor=world.admin
    )
    assert count == 1
    world.household.refresh_from_db()
    assert world.household.occupancy == Household.Occupancy.MOVED_OUT
    assert AuditEntry.objects.filter(action="roster.moved_out").count() == 1
    # Moved out, the household is not reported missing again.
    assert run(world, csv_bytes(ROWS)).missing == 0


def test_marking_moved_out_only_touches_households_the_import_found_missing(world):
    from communities.errors import DomainError

    outcome = run(world, csv_bytes(ROWS))
    other = household(world, "1栋", "1单元", "101")
    with pytest.raises(DomainError):
        roster_mark_moved_out(
            roster_import=outcome.roster_import, household_ids=[other.pk], actor=world.admin
        )


def test_new_households_get_unique_access_codes_and_sort_keys(world):
    rows = [["楼栋", "门牌号"]] + [["9栋", str(100 + i)] for i in range(1, 300)]
    run(world, csv_bytes(rows))
    codes = list(Household.objects.filter(community=world.home).values_list("access_code", flat=True))
    assert len(codes) == len(set(codes)) == 300
    assert household(world, "9栋", "", "250").room_sort == 250
    assert Building.objects.get(compound=world.compound, label="9栋").sort_key == 9


def test_nothing_is_written_when_one_row_of_many_has_an_error(world):
    rows = [["楼栋", "门牌号", "人口"]] + [["8栋", str(i), "2"] for i in range(1, 50)] + [["8栋", "99", "99"]]
    outcome = run(world, csv_bytes(rows))
    assert len(outcome.problems) == 1 and outcome.problems[0].row == 51
    assert not Household.objects.filter(building__label="8栋").exists()
    assert not Building.objects.filter(label="8栋").exists()


# --- export and the round trip ---------------------------------------------------------------------


def test_formula_cells_are_neutralised_and_read_back():
    assert neutralise("=SUM(A1)") == "'=SUM(A1)"
    assert neutralise("-") == "'-"
    assert neutralise("@x") == "'@x"
    assert neutralise("+86") == "'+86"
    assert neutralise("张三") == "张三"
    for text in ['=HYPERLINK("x")', "'=x", "''-", "-5", "'plain", "plain"]:
        assert unquote(cell_text(neutralise(text))) == text


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_an_export_reimports_with_no_change(world, fmt, language):
    rows = [list(r) for r in ROWS]
    rows[1][10] = "=1+2"  # a note a spreadsheet would run
    rows[2][4] = "-"
    run(world, csv_bytes(rows))
    with translation.override(language):
        data = export_file(community=world.home, fmt=fmt)
    if fmt == "csv":
        header = data.decode("utf-8-sig").splitlines()[0]
        expected = "小区,楼栋,单元,门牌号,户主姓名,联系电话,家庭人口,面积,装修状态,入住状态,备注"
        if language == "en":
            expected = "compound,building,unit,room,head of household,phone,residents,floor area,renovation,occupancy,notes"
        assert header == expected
        assert "'=1+2" in data.decode("utf-8-sig")
    outcome = roster_import_apply(
        community=world.home, actor=world.admin, data=data, filename=f"export.{fmt}", dry_run=True
    )
    assert outcome.problems == []
    assert (outcome.new, outcome.changed, outcome.missing) == (0, 0, 0)
    assert outcome.unchanged == Household.objects.filter(community=world.home).count()
    assert household(world, "1栋", "1单元", "101").notes == "=1+2"


def test_export_of_xlsx_keeps_formula_text_as_text(world):
    import io

    import openpyxl

    run(world, csv_bytes([["楼栋", "门牌号", "备注"], ["1栋", "101", "=cmd|' /C calc'!A0"]]))
    data = export_file(community=world.home, compound=world.compound, fmt="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    notes = [row[10] for row in sheet.iter_rows(values_only=True)]
    assert "'=cmd|' /C calc'!A0" in notes


def test_a_sheet_without_a_building_column_says_what_to_add(world):
    outcome = run(world, csv_bytes([["门牌号", "户主姓名"], ["101", "王五"]]))
    assert [p.row for p in outcome.problems] == [1]
    assert outcome.problems[0].message.startswith("There is no building column. Add a column 楼栋")


def test_a_header_repeated_on_every_printed_page_is_skipped(world):
    header = ["楼栋", "门牌号", "户主姓名"]
    data = csv_bytes([header, ["1栋", "101", "甲"], header, ["1栋", "102", "乙"]])
    outcome = run(world, data)
    assert outcome.problems == [] and outcome.new == 2


def test_an_import_that_writes_rows_moves_the_names_version_and_a_dry_run_does_not(world):
    """Heads of household may be shown masked on public pages: their cached pages must change at once."""
    from communities.models import Community

    version = Community.objects.get(pk=world.home.pk).names_version
    run(world, csv_bytes(ROWS), dry_run=True)
    assert Community.objects.get(pk=world.home.pk).names_version == version

    run(world, csv_bytes(ROWS))
    assert Community.objects.get(pk=world.home.pk).names_version == version + 1

    run(world, csv_bytes(ROWS))  # the same file again: nothing written
    assert Community.objects.get(pk=world.home.pk).names_version == version + 1
