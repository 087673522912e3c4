import pytest

from communities.labels import canonical_building, canonical_room, canonical_unit, chinese_to_int
from communities.masking import mask_name, mask_phone


@pytest.mark.parametrize("written", ["1栋", "1号楼", "1幢", "一栋", "#1", "１栋", " 1 ", "01号楼", "1"])
def test_building_spellings_name_one_building(written):
    assert canonical_building(written) == "1栋"


@pytest.mark.parametrize("written", ["综合楼", "A座"])
def test_building_names_that_are_not_numbers_stay_as_written(written):
    assert canonical_building(written) == written


@pytest.mark.parametrize("written", ["1单元", "1", "一单元", "01", "１", 1.0])
def test_unit_spellings_name_one_unit(written):
    assert canonical_unit(written) == "1单元"


def test_empty_unit_stays_empty():
    assert canonical_unit("") == "" and canonical_unit(None) == ""


@pytest.mark.parametrize("written", ["101", "101.0", 101.0, "１０１", "101室", " 101 "])
def test_room_spellings(written):
    assert canonical_room(written) == "101"


@pytest.mark.parametrize(
    ("text", "value"), [("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105)]
)
def test_chinese_numerals(text, value):
    assert chinese_to_int(text) == value


def test_masking():
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_phone("13812345678") == "138****5678"
    assert "8123456" not in mask_phone("0715-8123456")
