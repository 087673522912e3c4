"""Household roster columns: the header variants offices write, and the canonical headers of an export."""

# Field -> the headers that name it (compared by kinds.header_key: without spaces, case or a unit in brackets).
HEADER_VARIANTS: dict[str, tuple[str, ...]] = {
    "compound": ("小区", "小区名称", "小区名", "所属小区", "compound", "estate"),
    "building": ("楼栋", "楼号", "栋号", "楼栋号", "栋", "楼", "幢", "幢号", "building"),
    "unit": ("单元", "单元号", "unit"),
    "room": ("门牌号", "房号", "室号", "房间号", "户号", "门牌", "room", "roomnumber"),
    "head_name": ("户主姓名", "户主", "姓名", "户主名", "headofhousehold", "head", "name"),
    "phone": (
        "联系电话",
        "手机号码",
        "电话",
        "手机",
        "手机号",
        "电话号码",
        "联系方式",
        "phone",
        "mobile",
        "tel",
    ),
    "residents": ("家庭人口", "常住人口", "人口数", "人口", "人数", "家庭人数", "residents", "people"),
    "floor_area": ("面积", "建筑面积", "住房面积", "floorarea", "area"),
    "renovation": ("装修状态", "是否装修", "装修", "装修情况", "renovation", "renovated"),
    "occupancy": ("入住状态", "是否入住", "入住情况", "居住状态", "occupancy", "occupied"),
    "notes": ("备注", "说明", "notes", "note", "remarks"),
    "is_low_income": ("低保户", "是否低保", "低保", "lowincome", "subsistenceallowance"),
    "is_elderly_alone": ("独居老人", "是否独居老人", "独居", "elderlylivingalone", "elderlyalone"),
}

# The header row of an export, in each language; the importer reads both.
EXPORT_HEADERS_ZH = (
    "小区",
    "楼栋",
    "单元",
    "门牌号",
    "户主姓名",
    "联系电话",
    "家庭人口",
    "面积",
    "装修状态",
    "入住状态",
    "备注",
)
EXPORT_HEADERS_EN = (
    "compound",
    "building",
    "unit",
    "room",
    "head of household",
    "phone",
    "residents",
    "floor area",
    "renovation",
    "occupancy",
    "notes",
)
