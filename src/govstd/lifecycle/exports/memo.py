"""The explanatory memo (编制说明, 7.3 a–g) as a Word document (R-7.3-1)."""

from govstd.documents.word import HEADING_FONT, body_paragraph, heading, new_document, set_font, to_bytes

from ..choices import MEMO_PARTS
from ..models import Project
from ..selectors.comments import comment_counts

PART_HEADINGS = ("一、项目背景", "二、工作简况", "三、标准主要内容的依据以及与国内领先、国际先进标准的对标情况",
                 "四、主要条款的说明以及主要技术指标、参数、试验验证的论述", "五、是否涉及专利等知识产权问题",
                 "六、重大意见分歧的处理依据和结果", "七、实施标准的措施建议")


def memo_docx(*, project: Project) -> bytes:
    memo = project.memo
    document = new_document(landscape=False)
    heading(document, f"《{project.title}》", size=18)
    heading(document, "编制说明", size=18)
    counts = comment_counts(project=project)
    for (name, _), title in zip(MEMO_PARTS, PART_HEADINGS, strict=True):
        paragraph = document.add_paragraph()
        set_font(paragraph.add_run(title), HEADING_FONT, 14, bold=False)
        text = getattr(memo, name).strip()
        for line in text.splitlines() or ["（待填写）"]:
            if line.strip():
                body_paragraph(document, line.strip(), size=14)
        if name == "work_summary" and counts.total and "共征集" not in text:
            body_paragraph(document, f"征求意见情况：{counts.sentence()}", size=14)
    return to_bytes(document)
