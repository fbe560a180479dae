"""Generate a realistic Table 1 of N rows as .xlsx, spread over the 25 categories and six levels."""

import random
from pathlib import Path

from openpyxl import Workbook

from govstd.catalog.tree_default import DEFAULT_TREE

HEADER = ["序号", "标准体系", "子体系", "体系编号", "标准编号", "标准名称", "标准级别", "标准状态", "实施日期",
          "归口单位", "备注"]
PREFIXES = [("GB/T", "国家标准"), ("GB", "国家标准"), ("JS/T", "行业标准"), ("DB4403/T", "地方标准"),
            ("T/SZAS", "团体标准"), ("SZJG/NB", "内部标准"), ("ISO", "国际标准")]
WORDS = ("智慧", "机关", "事务", "运营", "管理", "服务", "数据", "平台",
         "能源", "会议", "安全", "设施", "规范", "指南", "要求")


def write_detail_table(path: Path, rows: int, *, seed: int = 20261124) -> Path:
    rng = random.Random(seed)
    categories = [(sub, cat) for sub, _, cats in DEFAULT_TREE for cat, _, _ in cats]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("标准明细表")
    sheet.append(HEADER)
    for i in range(1, rows + 1):
        subsystem, category = categories[i % len(categories)]
        prefix, level = PREFIXES[i % len(PREFIXES)]
        year = 2000 + i % 26
        number = f"{prefix} {100000 + i}:{year}" if prefix == "ISO" else f"{prefix} {100000 + i}-{year}"
        title = "".join(rng.choice(WORDS) for _ in range(6)) + f"第{i}部分"
        planned = i % 20 == 0
        sheet.append([
            i, subsystem, category, "", "" if planned else number, title, level,
            "待制定" if planned else "现行", "" if planned else f"{year}-07-01",
            "深圳市机关事务管理局", "",
        ])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
