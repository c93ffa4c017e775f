"""
The registry: member cities, their digital projects, contacts and the curated
vocabulary of fields of action.

Tree: HomePage → CityIndexPage → CityPage → ProjectPage → LessonPage
(the lesson lives in `knowledge`).

One module per part of the domain; the names are re-exported here, so the rest
of the project (and Django, which finds an app's models through this module)
keeps importing from `registry.models`.
"""

from .cities import CityIndexPage, CityOwnedPageMixin, CityPage
from .contacts import Contact, ContactQuerySet
from .fields_of_action import FieldOfAction
from .projects import ProjectContact, ProjectPage, ProjectPageTag
from .reuse import (
    ReuseRequest,
    ReuseRequestAttempts,
    Transfer,
    city_transfer_counts,
    live_transfers,
    project_transfer_context,
    reuse_order,
    transfer_errors,
)
from .similar import SimilarProject

__all__ = [
    "CityIndexPage",
    "CityOwnedPageMixin",
    "CityPage",
    "Contact",
    "ContactQuerySet",
    "FieldOfAction",
    "ProjectContact",
    "ProjectPage",
    "ProjectPageTag",
    "ReuseRequest",
    "ReuseRequestAttempts",
    "SimilarProject",
    "Transfer",
    "city_transfer_counts",
    "live_transfers",
    "project_transfer_context",
    "reuse_order",
    "transfer_errors",
]
