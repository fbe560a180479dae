"""The columns of Table 1 (R-6.4-1) and the extra columns the platform also reads and writes."""

from django.utils.translation import gettext_lazy

from govstd.documents.table_files import TableSpec

# (key, header as the seed's Table 1 shows it, other headers people use)
DETAIL_COLUMNS: list[tuple[str, str, tuple[str, ...]]] = [
    ("seq", "序号", ("编号序号",)),
    ("subsystem", "标准体系", ("体系", "子体系名称")),
    ("category", "子体系", ("类别", "标准类别")),
    ("system_code", "体系编号", ("体系表编号",)),
    ("number", "标准编号", ("编号", "标准号")),
    ("title", "标准名称", ("名称",)),
    ("level", "标准级别", ("级别",)),
    ("status", "标准状态", ("状态",)),
    ("implementation_date", "实施日期", ("实施时间",)),
    ("responsible_unit", "归口单位", ("归口部门", "主管部门")),
    ("notes", "备注", ("说明",)),
]
EXTRA_COLUMNS: list[tuple[str, str, tuple[str, ...]]] = [
    ("title_en", "英文名称", ("英文标准名称",)),
    ("issue_date", "发布日期", ("发布时间",)),
    ("ics", "ICS", ("ICS分类号",)),
    ("ccs", "CCS", ("CCS分类号", "中国标准文献分类号")),
    ("replaces", "代替标准", ("代替", "被代替标准")),
    ("source_url", "来源链接", ("链接",)),
]
REQUIRED = ("category", "title", "status")

HEADER_TO_KEY = {
    header: key
    for key, main, others in DETAIL_COLUMNS + EXTRA_COLUMNS
    for header in (main, *others)
}
KEY_TO_HEADER = {key: main for key, main, _ in DETAIL_COLUMNS + EXTRA_COLUMNS}

DETAIL_TABLE_SPEC = TableSpec(header_to_key=HEADER_TO_KEY, required=REQUIRED, anchor="标准名称",
                              sheet_name="标准明细表", description=gettext_lazy("Table 1 (detail table)"))
