"""What each lifecycle action and piece of work asks for, declared once (the project page's forms,
the API's request bodies, the CLI's ``--set`` and the validation all come from here).

Whether the input fits the project (a comment period long enough for the standard's level, a
number that matches its level) is judged by the guards of ``states``; here is what the input
must be on its own.
"""

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from govstd.accounts.models import Unit
from govstd.accounts.roles import Role
from govstd.catalog.levels import Level, Status
from govstd.catalog.models import Standard, SystemNode
from govstd.workflow.guards import Invalid
from govstd.workflow.inputs import (
    Input,
    choice,
    choices,
    day,
    email,
    record,
    records,
    rows,
    text,
    whole_number,
    yes_no,
)

from .choices import (
    DISPOSITIONS_NEEDING_REASON,
    FIRST_PLAN_YEAR,
    LAST_PLAN_YEAR,
    MEMO_PARTS,
    REVISION_CHANGES_LABEL,
    Channel,
    Disposition,
    Nature,
    ReviewForm,
    ReviewTrigger,
    Source,
)
from .models import TeamMember
from .states import Action, Entry, Kind, PeriodicReviewConclusion

MAX_COMMENT_CHARS = 5000


# --- the proposal (Table B.1), the input of the entry "create" ---------------------------------

def _categories():
    return (SystemNode.objects.filter(kind=SystemNode.Kind.CATEGORY, retired_at__isnull=True)
            .select_related("parent").order_by("parent__code", "code"))


def _revisable():
    return (Standard.objects.filter(status__in=[Status.CURRENT, Status.UPCOMING, Status.TO_REVISE])
            .exclude(number="").order_by("number"))


def _planned():
    return Standard.objects.filter(status__in=[Status.TO_DEVELOP, Status.DEVELOPING]).order_by("system_code")


def _units():
    return Unit.objects.filter(is_active=True).order_by("id")


class DrafterInput(Input):
    """One of the (at most five) main drafters of Table B.1, in order of contribution."""

    name: text(pgettext_lazy("person", "Name"), max_length=60)
    unit: text(_("Work unit")) = ""
    title: text(_("Position / professional title"), max_length=60) = ""
    speciality: text(_("Speciality"), max_length=60) = ""
    role: text(_("Task in the project")) = ""


MAX_DRAFTERS = 5
LONG = 5000


class ProposalInput(Input):
    """Table B.1 (R-7.2-1); what must be complete before it is submitted is the guard's to say."""

    title: text(_("Project name"), max_length=300)
    kind: choice(_("Development or revision"), Kind, initial=Kind.DEVELOP)  # most projects develop a new standard
    revises_id: record(_("Standard revised"), _revisable, optional=True) = None
    standard_id: record(_("Planned entry in Table 1"), _planned, optional=True) = None
    level: choice(_("Level"), Level, exclude=[Level.INTERNATIONAL])  # 7.2: adopted, never developed here
    nature: choice(_("Nature"), Nature) = Nature.RECOMMENDED
    category_id: record(_("Category"), _categories)
    lead_unit_id: record(_("Lead unit"), _units, optional=True) = None
    planned_completion: day(_("Planned completion"), optional=True) = None
    title_en: text(_("English title"), max_length=400) = ""
    leader_name: text(_("Project leader"), max_length=60) = ""
    leader_title: text(_("Leader's position"), max_length=60) = ""
    leader_phone: text(_("Phone"), max_length=40) = ""
    leader_email: email(_("E-mail")) = ""
    participating_units: text(_("Participating drafting units"), max_length=500) = ""
    competent_department: text(_("Competent department"), max_length=200) = ""
    purpose: text(_("Purpose, significance and necessity"), max_length=LONG, long=True) = ""
    feasibility: text(_("Feasibility"), max_length=LONG, long=True) = ""
    background: text(_("Situation at home and abroad"), max_length=LONG, long=True) = ""
    scope: text(_("Scope and main technical content"), max_length=LONG, long=True) = ""
    patents: text(_("Patents and other intellectual property"), max_length=LONG, long=True) = ""
    lead_unit_opinion: text(_("Opinion of the lead unit"), max_length=LONG, long=True) = ""
    lead_unit_opinion_date: day(_("Date of the lead unit's opinion"), optional=True) = None
    participants_opinion: text(_("Opinion of the participating units"), max_length=LONG, long=True) = ""
    participants_opinion_date: day(_("Date of the participating units' opinion"), optional=True) = None
    department_opinion: text(_("Opinion of the responsible department"), max_length=LONG, long=True) = ""
    department_opinion_date: day(_("Date of the responsible department's opinion"), optional=True) = None
    drafters: rows(_("Main drafters"), DrafterInput, max_rows=MAX_DRAFTERS) = []


class ReasonInput(Input):
    reason: text(_("Reason"), max_length=2000, long=True)


class FailReviewInput(Input):
    reason: text(_("Modification opinions"), max_length=5000, long=True)


class ApproveProposalInput(Input):
    decision_date: day(_("Decision date"), initial=timezone.localdate)
    decision_body: text(_("Approving body")) = ""
    decision_reference: text(_("Decision document number"), max_length=100) = ""
    plan_year: whole_number(_("Plan year"), ge=FIRST_PLAN_YEAR, le=LAST_PLAN_YEAR, optional=True) = None


def _period_in_order(value: "OpenCommentInput") -> Invalid | None:
    if value.end_date < value.start_date:
        return Invalid(_("The comment period cannot end before it starts."), "end_date")
    return None


def _public_period_on_the_web(value: "OpenCommentInput") -> Invalid | None:
    """The public comments on the platform's public page, so a public period takes comments by web form."""
    if value.is_public and Channel.WEB not in value.channels:
        return Invalid(_("A comment period open to the public includes the web among its channels."), "channels")
    return None


class OpenCommentInput(Input):
    start_date: day(_("From"), initial=timezone.localdate)
    end_date: day(_("To"))
    channels: choices(_("Channels"), Channel, exclude=[Channel.IMPORT]) = [Channel.WEB]
    targets: text(_("Consulted units and groups"), max_length=2000, long=True) = ""
    is_public: yes_no(_("Open to the public")) = True

    checks = (_period_in_order, _public_period_on_the_web)


class PassReviewInput(Input):
    modification_opinions: text(_("Modification opinions"), max_length=5000, long=True) = ""


class PublishInput(Input):
    number: text(_("Standard number"), max_length=80)
    issue_date: day(_("Issue date"))
    implementation_date: day(_("Implementation date"))


ACTION_INPUTS: dict[str, type[Input]] = {
    Entry.CREATE: ProposalInput,
    Action.RETURN_PROPOSAL: ReasonInput,
    Action.APPROVE_PROPOSAL: ApproveProposalInput,
    Action.REJECT_PROPOSAL: ReasonInput,
    Action.OPEN_COMMENT: OpenCommentInput,
    Action.PASS_REVIEW: PassReviewInput,
    Action.FAIL_REVIEW: FailReviewInput,
    Action.PUBLISH: PublishInput,
    Action.ABANDON: ReasonInput,
}


# --- work inside a stage ------------------------------------------------------------------------

def _active_users():
    return get_user_model().objects.filter(is_active=True).order_by("username")


def _reviewers():
    return get_user_model().objects.filter(is_active=True, role_grants__role=Role.REVIEWER).distinct()


def _someone_named(value: "TeamMemberInput") -> Invalid | None:
    return None if value.user_id or value.name else Invalid(_("Choose an account or enter a name."), "name")


class TeamMemberInput(Input):
    user_id: record(_("Account"), _active_users, optional=True) = None
    name: text(pgettext_lazy("person", "Name"), max_length=60) = ""
    unit: text(_("Work unit")) = ""
    role: choice(_("Role in the group"), TeamMember.Role) = TeamMember.Role.MEMBER
    speciality: text(_("Speciality"), max_length=60) = ""

    checks = (_someone_named,)


class MemoInput(Input):
    """The explanatory memo's parts a)–g), and for a revision what changed from the edition it revises;
    a part not sent stays as it is."""

    background: text(dict(MEMO_PARTS)["background"], max_length=20000, long=True) = ""
    work_summary: text(dict(MEMO_PARTS)["work_summary"], max_length=20000, long=True) = ""
    basis: text(dict(MEMO_PARTS)["basis"], max_length=20000, long=True) = ""
    main_clauses: text(dict(MEMO_PARTS)["main_clauses"], max_length=20000, long=True) = ""
    patents: text(dict(MEMO_PARTS)["patents"], max_length=20000, long=True) = ""
    disagreements: text(dict(MEMO_PARTS)["disagreements"], max_length=20000, long=True) = ""
    measures: text(dict(MEMO_PARTS)["measures"], max_length=20000, long=True) = ""
    revision_changes: text(REVISION_CHANGES_LABEL, max_length=20000, long=True) = ""


class CommentInput(Input):
    """A comment received by letter, e-mail, telephone or at a meeting (R-7.4-2)."""

    clause: text(_("Clause"), max_length=60) = ""
    content: text(_("Comment"), max_length=MAX_COMMENT_CHARS, long=True)
    submitter: text(_("Submitted by (unit or person)"))
    channel: choice(_("Channel"), Channel, exclude=[Channel.IMPORT]) = Channel.LETTER
    source: choice(_("Part of the table"), Source) = Source.UNITS
    contact: text(_("Contact (not published)")) = ""


class PublicCommentInput(Input):
    """A comment from the public page, without an account (R-7.4-2)."""

    clause: text(_("Clause"), max_length=60) = ""
    content: text(_("Your comment"), max_length=MAX_COMMENT_CHARS, long=True)
    submitter: text(_("Your unit or name"))
    contact: text(_("Contact (not published)")) = ""


def _reason_when_not_adopted(value: "DispositionInput") -> Invalid | None:
    """表 D.1 说明 2: 部分采纳 and 不采纳 state the reason in 备注 (R-7.4-3)."""
    if value.disposition in DISPOSITIONS_NEEDING_REASON and not value.reason:
        return Invalid(_("“%(disposition)s” states the reason in the remarks.") % {
            "disposition": Disposition(value.disposition).label}, "reason")
    return None


class DispositionInput(Input):
    disposition: choice(_("Disposition"), Disposition)
    reason: text(_("Remarks (reason)"), max_length=2000, long=True) = ""

    checks = (_reason_when_not_adopted,)


class CommentWithdrawalInput(Input):
    reason: text(_("Reason"), max_length=500)


class ModerationInput(Input):
    """Accept a comment from the public page into Table D.1, or set it aside as spam or abuse."""

    accept: yes_no(_("Accept into the summary table"))
    reason: text(_("Reason"), max_length=500) = ""


class ReviewArrangementInput(Input):
    form: choice(_("Form"), ReviewForm, initial=ReviewForm.MEETING)
    reviewer_ids: records(_("Reviewers"), _reviewers)
    meeting_date: day(_("Meeting date or reply deadline"), optional=True) = None
    location: text(_("Place")) = ""


# --- periodic review (7.7) ------------------------------------------------------------------------

def _reason_for_an_early_review(value: "PeriodicReviewInput") -> Invalid | None:
    if value.trigger != ReviewTrigger.SCHEDULED and not value.reason:
        return Invalid(_("An early periodic review states its reason."), "reason")
    return None


class PeriodicReviewInput(Input):
    """Opening a periodic review: on the five-year list, or early for a stated reason (R-7.7-1)."""

    trigger: choice(_("Reason for the review"), ReviewTrigger) = ReviewTrigger.SCHEDULED
    reason: text(_("Details"), max_length=2000, long=True) = ""
    due_date: day(_("Due by"), optional=True) = None

    checks = (_reason_for_an_early_review,)


class EarlyPeriodicReviewInput(PeriodicReviewInput):
    """Opening a review before the standard's cycle is due: its reason is chosen, never assumed to be
    the five-year cycle (R-7.7-1), so the choice has no default."""

    trigger: choice(_("Reason for the review"), ReviewTrigger)


class PeriodicReviewConclusionInput(Input):
    """The conclusion of a periodic review and its grounds (R-7.7-2)."""

    conclusion: choice(_("Conclusion"), PeriodicReviewConclusion, widget="radio")
    reason: text(_("Grounds for the conclusion"), max_length=2000, long=True)
    opinions: text(_("Reviewers and their opinions"), max_length=4000, long=True,
                   help_text=_("One line per reviewer: name (unit): opinion. They go into the periodic "
                               "review record.")) = ""
    concluded_on: day(_("Concluded on"), optional=True, initial=timezone.localdate) = None
    lead_unit_id: record(_("Lead unit of the revision"), _units, optional=True) = None
