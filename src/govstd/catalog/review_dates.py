"""Periodic review dates (复审, R-7.7-1): a standard is reviewed at most every five years.

The due date counts from the last review that concluded 继续有效, else from the issue date,
else (when a table gave no issue date) from the implementation date. Lists of due standards
compare that base date with :func:`latest_base_due_by`, so the database compares a column
with one date instead of computing a due date per row.
"""

import calendar
import datetime as dt

from django.db.models.functions import Coalesce

from .levels import Status

REVIEW_INTERVAL_YEARS = 5
# The statuses a periodic review applies to: in force, about to be, or already marked for revision.
REVIEWABLE = (Status.CURRENT, Status.UPCOMING, Status.TO_REVISE)


def review_base() -> Coalesce:
    """The date a standard's review cycle counts from, as a database expression."""
    return Coalesce("last_reviewed_on", "issue_date", "implementation_date")


def add_years(day: dt.date, years: int) -> dt.date:
    """Move by whole years; 29 February becomes 28 February in a common year."""
    year = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return dt.date(year, 2, 28)
    return day.replace(year=year)


def review_due(base: dt.date) -> dt.date:
    return add_years(base, REVIEW_INTERVAL_YEARS)


def latest_base_due_by(day: dt.date) -> dt.date:
    """Return the latest base date whose review falls due on or before ``day``."""
    base = add_years(day, -REVIEW_INTERVAL_YEARS)
    if day.month == 2 and day.day == 28 and calendar.isleap(base.year):
        return dt.date(base.year, 2, 29)  # 29 Feb + 5 years falls due on 28 Feb
    return base
