"""
Whether a project's facts may be out of date: „möglicherweise veraltet“.

A project is possibly outdated when its facts were last checked more than
REVIEW_INTERVAL_MONTHS ago. Checked means its `last_reviewed` date; a project
that was never reviewed counts as checked when it was first published, as its
facts were written then (a later publication may only fix a typo, so it does
not count as a review). A page never published is not outdated: readers do
not see it. The project page, the search results, the comparison, the API and
the editors' dashboard all ask this module.

Pure functions of the two dates, so that a list of loaded pages needs no
query; `possibly_outdated_condition` is the same rule for a database filter.
"""

import calendar
import datetime

from django.db.models import Q
from django.utils import timezone

REVIEW_INTERVAL_MONTHS = 12


def review_due_before(today: datetime.date) -> datetime.date:
    """The date REVIEW_INTERVAL_MONTHS before `today` (the month's last day if it is shorter)."""
    years, months = divmod(today.month - 1 - REVIEW_INTERVAL_MONTHS, 12)
    year, month = today.year + years, months + 1
    return datetime.date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def checked_on(
    *, last_reviewed: datetime.date | None, first_published_at: datetime.datetime | None
) -> datetime.date | None:
    """When the facts were last known to be right: the review, else the first publication."""
    if last_reviewed is not None:
        return last_reviewed
    if first_published_at is not None:
        return timezone.localdate(first_published_at)
    return None


def is_possibly_outdated(
    *,
    last_reviewed: datetime.date | None,
    first_published_at: datetime.datetime | None,
    today: datetime.date | None = None,
) -> bool:
    checked = checked_on(last_reviewed=last_reviewed, first_published_at=first_published_at)
    if checked is None:
        return False
    return checked < review_due_before(today or timezone.localdate())


def possibly_outdated_condition(*, today: datetime.date | None = None) -> Q:
    """`is_possibly_outdated` as a filter on project pages."""
    due_before = review_due_before(today or timezone.localdate())
    start_of_due_day = timezone.make_aware(datetime.datetime.combine(due_before, datetime.time()))
    return Q(last_reviewed__lt=due_before) | Q(
        last_reviewed__isnull=True, first_published_at__lt=start_of_due_day
    )
