"""R-7.4-4 Table D.1 and R-7.2-1 Table C.1 as workbooks: nothing typed into a project becomes a formula."""

import pytest

from govstd.accounts.roles import Role
from govstd.lifecycle.exports.comment_table import comment_table_xlsx
from govstd.lifecycle.exports.plan_table import plan_xlsx
from govstd.lifecycle.models import AnnualPlan
from govstd.lifecycle.selectors.comments import comment_summary
from govstd.lifecycle.services import public_comment
from govstd.lifecycle.states import Stage

from .lifecycle_factories import advance, new_project
from .sheet_checks import xlsx_formula_cells

pytestmark = pytest.mark.django_db

HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"点我\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


def test_comment_table_and_plan_workbooks_hold_no_formula(users, demo_catalog):
    """dengbao §4 数据有效性检验: comments, submitters and titles starting =, +, -, @, tab or CR stay text."""
    project = advance(new_project(users, title="-减号开头的标准名称"), Stage.COMMENTING, users, comments=0)
    for n, text in enumerate(HOSTILE):
        public_comment.comment_add(project=project, acting_user=users[Role.DRAFTER], clause=f"4.{n + 1}",
                                   content=f"{text}", submitter=text)
    assert xlsx_formula_cells(comment_table_xlsx(summary=comment_summary(project=project))) == []
    plan = AnnualPlan.objects.get(items__project=project)
    assert xlsx_formula_cells(plan_xlsx(plan=plan)) == []
