"""What each lifecycle action asks for, declared once (the project page's forms, the API's request
bodies, the CLI's ``--set`` and the validation all come from here).

Whether the input fits the project (a comment period long enough for the standard's level, a
number that matches its level) is judged by the guards of ``states``; here is what the input
must be on its own.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govstd.workflow.guards import Invalid
from govstd.workflow.inputs import Input, choices, day, text, whole_number, yes_no

from .choices import Channel
from .states import Action


class ReasonInput(Input):
    reason: text(_("Reason"), max_length=2000, long=True)


class FailReviewInput(Input):
    reason: text(_("Modification opinions"), max_length=5000, long=True)


class ApproveProposalInput(Input):
    decision_date: day(_("Decision date"), initial=timezone.localdate)
    decision_body: text(_("Approving body")) = ""
    decision_reference: text(_("Decision document number"), max_length=100) = ""
    plan_year: whole_number(_("Plan year"), ge=2000, le=2100, optional=True) = None


def _period_in_order(value: "OpenCommentInput") -> Invalid | None:
    if value.end_date < value.start_date:
        return Invalid("征求意见截止日期不能早于开始日期。", "end_date")
    return None


class OpenCommentInput(Input):
    start_date: day(_("From"), initial=timezone.localdate)
    end_date: day(_("To"))
    channels: choices(_("Channels"), Channel, exclude=[Channel.IMPORT]) = [Channel.WEB]
    targets: text(_("Consulted units and groups"), max_length=2000, long=True) = ""
    is_public: yes_no(_("Open to the public")) = True

    checks = (_period_in_order,)


class PassReviewInput(Input):
    modification_opinions: text(_("Modification opinions"), max_length=5000, long=True) = ""


class PublishInput(Input):
    number: text(_("Standard number"), max_length=80)
    issue_date: day(_("Issue date"))
    implementation_date: day(_("Implementation date"))


ACTION_INPUTS: dict[str, type[Input]] = {
    Action.RETURN_PROPOSAL: ReasonInput,
    Action.APPROVE_PROPOSAL: ApproveProposalInput,
    Action.REJECT_PROPOSAL: ReasonInput,
    Action.OPEN_COMMENT: OpenCommentInput,
    Action.PASS_REVIEW: PassReviewInput,
    Action.FAIL_REVIEW: FailReviewInput,
    Action.PUBLISH: PublishInput,
    Action.ABANDON: ReasonInput,
}
