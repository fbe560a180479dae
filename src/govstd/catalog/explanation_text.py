"""The explanation of the standard system (标准体系编制说明, R-6.6-1), pre-filled from live data.

It has the four parts clause 6.6 asks for. The office's own text, where it has written one,
comes first; an empty part is filled with sentences computed from the live data (counts, gaps,
old standards), which a standards office would otherwise count by hand.
"""

from dataclasses import dataclass

from govstd.dates import chinese_date

from .exports.tables import LEVEL_LABELS
from .models import SystemExplanation
from .review_dates import REVIEW_INTERVAL_YEARS
from .selectors.explanation import ExplanationFacts, explanation_facts
from .selectors.review_due import ReviewDueSummary

PARTS = [
    ("purpose", "一、标准体系编制的目的和依据"),
    ("structure", "二、标准体系结构图的编制思路"),
    ("suggestions", "三、标准制修订建议"),
    ("relations", "四、与其他体系的关系及需要协调配套的意见"),
]


@dataclass
class Section:
    heading: str
    paragraphs: list[str]

    @property
    def nested_heading(self) -> str:
        """The heading one level down, as it stands inside part 四、 of the standard system table:
        "（一）标准体系编制的目的和依据" (GB/T 9704's second level), not a second "一、"."""
        number, mark, rest = self.heading.partition("、")
        return f"（{number}）{rest}" if mark and len(number) <= 2 else self.heading


def explanation_sections(facts: ExplanationFacts | None = None) -> list[Section]:
    """Return the four parts: the office's saved text where there is one, computed text elsewhere."""
    saved = SystemExplanation.objects.filter(system__parent=None).first()
    computed = computed_sections(facts)
    sections = []
    for (field, heading), generated in zip(PARTS, computed, strict=True):
        text = getattr(saved, field, "").strip() if saved else ""
        paragraphs = [line.strip() for line in text.splitlines() if line.strip()] if text else generated.paragraphs
        sections.append(Section(heading, paragraphs))
    return sections


def computed_sections(facts: ExplanationFacts | None = None) -> list[Section]:
    """Write the four parts from the live data alone."""
    facts = facts or explanation_facts()
    table = facts.table
    level_counts = "，".join(f"{label}{n}项" for label, n in zip(LEVEL_LABELS.values(), table.total.counts,
                                                                 strict=True) if n)
    per_subsystem = "；".join(f"{g.subsystem.name}{g.subtotal.total}项（{len(g.rows)}个类别）" for g in table.groups)
    gaps = ("、".join(f"{sub}/{cat}" for sub, cat in facts.empty_categories)
            if facts.empty_categories else "")
    return [
        Section(dict(PARTS)["purpose"], [
            f"为健全{facts.organisation}机关事务智慧运营标准化管理机制，系统梳理机关事务智慧运营领域的"
            "国际、国家、行业、地方、团体和内部标准，明确标准制修订方向，编制本标准体系表。",
            "本标准体系依据GB/T 13016—2018《标准体系构建原则和要求》、GB/T 24421.2—2023《服务业组织标准化工作指南"
            " 第2部分：标准体系构建》和《机关事务智慧运营 标准化工作指南》编制。",
        ]),
        Section(dict(PARTS)["structure"], [
            f"{facts.system_name}按“标准体系—子体系—类别—标准”分层构建，设{len(table.groups)}个子体系、"
            f"{sum(len(g.rows) for g in table.groups)}个类别：{per_subsystem}。",
            f"截至{chinese_date(facts.today)}，体系共纳入标准{facts.total}项，"
            f"其中{level_counts or '暂无'}。",
        ]),
        Section(dict(PARTS)["suggestions"], [
            f"体系中待制定标准{facts.to_develop}项、待修订标准{facts.to_revise}项、正在制修订的标准"
            f"{facts.in_progress}项，建议按轻重缓急纳入年度标准制修订计划。",
            (f"以下类别尚无标准，建议优先研究立项：{gaps}。" if gaps else "各类别均已有标准覆盖。"),
            *review_paragraphs(facts.review),
        ]),
        Section(dict(PARTS)["relations"], [
            "本标准体系与国家机关事务管理标准体系相衔接，直接采用相关国家标准、行业标准和地方标准；"
            "内部标准应与上位标准协调一致，避免重复和矛盾。",
            "信息安全、数据治理等技术保障类标准应与本市电子政务相关标准体系协调配套。",
        ]),
    ]


def _listed(standards: list, total: int) -> str:
    """Name the first standards of a bounded list, and say how many there are in all."""
    names = "、".join(f"{s.number}《{s.title}》" for s in standards)
    return f"{names}等{total}项" if total > len(standards) else names


def review_paragraphs(review: ReviewDueSummary) -> list[str]:
    """Say which standards are due for periodic review, for which levels, and who reviews the others."""
    years = REVIEW_INTERVAL_YEARS
    covered = "、".join(LEVEL_LABELS[level] for level in review.coverage.levels)
    if review.overdue:
        text = (f"本单位复审的{covered}中，有{review.overdue}项发布或上次复审已满{years}年，建议组织复审："
                f"{_listed(review.overdue_first, review.overdue)}。")
    else:
        text = f"本单位复审的{covered}中，暂无发布或上次复审已满{years}年的标准。"
    if review.upcoming:
        text += f"另有{review.upcoming}项将在{review.within_days}日内到期。"
    if not review.coverage.others:
        return [text]
    others = "、".join(LEVEL_LABELS[level] for level in review.coverage.others)
    outside = f"{others}由其发布机构复审"
    if review.outside_past:
        outside += (f"，其中{review.outside_past}项发布已满{years}年，建议关注其复审和修订情况："
                    f"{_listed(review.outside_first, review.outside_past)}。")
    else:
        outside += "。"
    return [text, outside]
