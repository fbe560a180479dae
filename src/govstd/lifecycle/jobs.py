"""The lifecycle's background job: importing comments from a table (R-7.4-2), all rows or none.

Registered in :meth:`LifecycleConfig.ready`; the web page, the API and ``govstd import-comments``
all run this kind, which calls :func:`~.services.comment_import.comments_import`.
"""

import dataclasses

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext

from govstd.accounts.roles import Capability
from govstd.errors import ApplicationError
from govstd.jobs.context import JobContext
from govstd.jobs.registry import JobKind, register

from .access import project_for_work
from .choices import Source
from .services.comment_import import CommentRowsInvalid, comments_import

IMPORT_COMMENTS = "lifecycle.import_comments"
SHOWN_PROBLEMS = 500


def check_comment_import(*, acting_user, project_id: int, source: str = Source.UNITS) -> None:
    """Refuse at once a project the user may not work on, or an unknown source."""
    project_for_work(user=acting_user, project_id=project_id)
    if source not in Source.values:
        raise ApplicationError(_("The source must be one of: %(options)s") % {
            "options": pgettext("list separator", ", ").join(Source.values)},
                               field="source")


def import_comments(context: JobContext, *, project_id: int, source: str = Source.UNITS) -> dict:
    """Import the uploaded comment table; when a row is bad nothing is written and the bad rows are kept."""
    project = project_for_work(user=context.user, project_id=project_id)
    context.progress(0, None, phase=gettext_noop("Checking the rows"))
    try:
        report = comments_import(project=project, acting_user=context.user, source=context.input_path,
                                 file_name=context.input_name, default_source=source)
    except CommentRowsInvalid as error:
        context.detail = error.report
        context.record(problems=[dataclasses.asdict(p) for p in error.report.problems[:SHOWN_PROBLEMS]],
                       problem_count=len(error.report.problems))
        raise
    context.detail = report
    return {"created": report.created, "warnings": report.warnings}


def register_job_kinds() -> None:
    register(JobKind(name=IMPORT_COMMENTS, label=_("Import comments"), run=import_comments,
                     capability=Capability.WORK_ON_DRAFTS, result_template="lifecycle/comment_import_result.html",
                     check=check_comment_import, takes_input_file=True))
