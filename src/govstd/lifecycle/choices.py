"""The vocabularies of clause 7 besides the project stage: draft kinds, comment channels,
dispositions, review forms and conclusions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from govstd.catalog.levels import Level

# 7.4: national, industry and local standards are put out for public comment for at least 30 days.
MANDATORY_COMMENT_LEVELS = frozenset({Level.NATIONAL, Level.INDUSTRY, Level.LOCAL})
MINIMUM_COMMENT_DAYS = 30
# A period opens today or is scheduled a little ahead, and ends: one that starts in the past was not seen
# by the public on its first days, one that runs for years keeps the project from review.
COMMENT_START_WITHIN_DAYS = 90
MAXIMUM_COMMENT_DAYS = 180

# Annual plans (R-7.1-1): the years the platform holds. A new plan is for this year or the next, and an
# approved project goes into the plan of the decision's year or the following one.
FIRST_PLAN_YEAR = 2000
LAST_PLAN_YEAR = 2100
# How far ahead a proposal may plan its completion, and a published standard its implementation.
PLANNED_COMPLETION_YEARS = 3
IMPLEMENTATION_WITHIN_YEARS = 2
# A review meeting (or the reply deadline of a review by letter) falls between the submission of the
# review materials and this many days ahead.
REVIEW_WITHIN_DAYS = 365
# How old the signed opinions on a proposal (Table B.1) may be when it is filed.
OPINION_VALID_DAYS = 366


class Nature(models.TextChoices):
    RECOMMENDED = "recommended", _("Recommended")  # 推荐性
    MANDATORY = "mandatory", _("Mandatory")  # 强制性
    GUIDANCE = "guidance", _("Guidance")  # 指导性技术文件


class DraftKind(models.TextChoices):
    WORKING_DRAFT = "working_draft", _("Working draft")  # 草案
    COMMENT_DRAFT = "comment_draft", _("Draft for comment")  # 征求意见稿
    REVIEW_DRAFT = "review_draft", _("Draft for review")  # 送审稿
    APPROVAL_DRAFT = "approval_draft", _("Draft for approval")  # 报批稿


class Channel(models.TextChoices):
    WEB = "web", _("Web form")  # 网络
    EMAIL = "email", _("E-mail")  # 电子邮件
    LETTER = "letter", _("Letter")  # 书面/函
    MEETING = "meeting", _("Meeting")  # 会议
    PHONE = "phone", _("Telephone")  # 电话
    IMPORT = "import", _("Imported file")  # 批量导入


class Source(models.TextChoices):
    """Which part of Table D.1 a comment belongs to."""

    UNITS = "units", _("Units consulted")  # 征求意见单位
    PUBLIC = "public", _("Public consultation")  # 公开征求意见


class Moderation(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected as spam or abuse")
    WITHDRAWN = "withdrawn", _("Withdrawn (entered by mistake)")


class Disposition(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")  # 采纳
    PARTLY_ADOPTED = "partly_adopted", _("Partly adopted")  # 部分采纳
    NOT_ADOPTED = "not_adopted", _("Not adopted")  # 不采纳


# 表 D.1 说明 2: partial and non-adoption state the reason in 备注.
DISPOSITIONS_NEEDING_REASON = frozenset({Disposition.PARTLY_ADOPTED, Disposition.NOT_ADOPTED})


class ReviewForm(models.TextChoices):
    MEETING = "meeting", _("Review meeting")  # 会议审查
    LETTER = "letter", _("Review by letter")  # 函审


class ReviewConclusion(models.TextChoices):
    PASSED = "passed", _("Passed")  # 通过
    FAILED = "failed", _("Not passed")  # 不通过


# 7.5 a)–e): what a review looks at.
FOCUS_POINTS: tuple[tuple[str, str], ...] = (
    ("a", _("Whether it is consistent with the laws, regulations and policy documents on smart and standardized "
            "government offices administration")),
    ("b", _("Whether it meets the actual needs of building smart government offices administration and reaches the "
            "expected goals and requirements")),
    ("c", _("Whether it is coordinated with the other standards of the standard system")),
    ("d", _("Format and editorial review of the standard")),
    ("e", _("Whether the content of the standard is reasonable and complete, and the parties it concerns are in "
            "agreement")),
)

# 7.3 a)–g): the parts of the explanatory memo (编制说明).
MEMO_PARTS: tuple[tuple[str, str], ...] = (
    ("background", _("a) Background of the project")),
    ("work_summary", _("b) Summary of the work")),
    ("basis", _("c) Basis of the main content and comparison with other standards")),
    ("main_clauses", _("d) Explanation of the main clauses")),
    ("patents", _("e) Whether patents or other intellectual property are involved")),
    ("disagreements", _("f) Basis and outcome of settling major disagreements")),
    ("measures", _("g) Proposed measures for implementing the standard")),
)
# Asked of a revision only (part 三 of its memo), so not one of the parts every memo must have.
REVISION_CHANGES_LABEL = "修订前后的主要差异情况（修订项目填写）"


class ReviewTrigger(models.TextChoices):
    SCHEDULED = "scheduled", _("Five-year cycle")  # 到期复审
    LAW_OR_POLICY = "law_or_policy", _("Law or policy changed")  # 法规、政策变化
    DUTIES = "duties", _("Duties changed")  # 职能变更
    REFERENCE_CHANGED = "reference_changed", _("A referenced standard changed")  # 引用标准变化
    IMPLEMENTATION = "implementation", _("Implementation feedback")  # 实施反馈
    OTHER = "other", _("Other")


class ApprovalAuthority(models.TextChoices):
    """Who approves a proposal, by level (R-7.2-2)."""

    NATIONAL_COMMITTEE = "national_committee", _("National standardization body for offices administration")
    LOCAL_AUTHORITY = "local_authority", _("Local standardization authority")
    INTERNAL = "internal", _("Internal procedure")
    OTHER = "other", _("Other body")


def authority_for(level: str) -> ApprovalAuthority:
    """Return the body that approves a proposal of this level (7.2)."""
    if level in (Level.NATIONAL, Level.INDUSTRY):
        return ApprovalAuthority.NATIONAL_COMMITTEE
    if level == Level.LOCAL:
        return ApprovalAuthority.LOCAL_AUTHORITY
    if level == Level.INTERNAL:
        return ApprovalAuthority.INTERNAL
    return ApprovalAuthority.OTHER
