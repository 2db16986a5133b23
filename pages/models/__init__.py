"""The page tree: HomePage > DepartmentPage > CommunePage > ActionIndexPage > ActionPage,
with news and standard pages, the accessibility statement and the site map
(docs/architecture.md maps the URLs and the layers)."""

from .actions import (
    SIGNIFICANT_FIELDS,
    ActionCancellation,
    ActionPage,
    ActionStatus,
    MonthlyPosition,
    RecurrenceFrequency,
)
from .agenda import ActionIndexPage
from .initiatives import InitiativeIndexPage, InitiativePage, InitiativePhoto
from .legal import AccessibilityStatementPage, Compliance, SitemapPage
from .occurrences import Occurrence
from .territory import (
    NEWS_PER_PAGE,
    CommunePage,
    CommunePageForm,
    CommuneSerializer,
    DepartmentPage,
    DepartmentSerializer,
    HomePage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
    ThemedPage,
)

__all__ = [
    "Occurrence",
    "AccessibilityStatementPage",
    "Compliance",
    "SitemapPage",
    "NEWS_PER_PAGE",
    "SIGNIFICANT_FIELDS",
    "ActionCancellation",
    "ActionIndexPage",
    "ActionPage",
    "ActionStatus",
    "CommunePage",
    "CommunePageForm",
    "CommuneSerializer",
    "DepartmentPage",
    "DepartmentSerializer",
    "HomePage",
    "InitiativeIndexPage",
    "InitiativePage",
    "InitiativePhoto",
    "MonthlyPosition",
    "NewsIndexPage",
    "NewsPage",
    "RecurrenceFrequency",
    "StandardPage",
    "ThemedPage",
]
