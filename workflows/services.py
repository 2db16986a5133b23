"""Moderation rules: who reviews an item, what the automated check flags, the public submission
of an initiative, its follow-up token, and the list of live initiatives of a territory."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import unescape
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Locale, Page, Site, TaskState, WorkflowState

from core.ratelimit import over_limit
from onboarding.models import TerritoryGroup
from pages.models import (
    CommunePage,
    DepartmentPage,
    InitiativeIndexPage,
    InitiativePage,
    InitiativePhoto,
)
from pages.models.initiatives import INITIATIVES_SLUG
from pages.tree import DEPARTMENT_PATH_LENGTH, public_only

from .photos import link_to_initiative, store_pending_photo

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from territories.models import Commune, Department

    from .models import ReviewTask

Role = TerritoryGroup.Role
STATUS_SALT = "workflows.initiative-status"

# --- Where an item belongs, who reviews it ------------------------------------------------


def department_of(obj) -> Department | None:
    """The department of an item: from the page tree (the department page above it) or, for a
    snippet, from its commune or department field. None for a national item."""
    if isinstance(obj, Page):
        if len(obj.path) <= DEPARTMENT_PATH_LENGTH:
            page = obj.specific_deferred
            return page.department if isinstance(page, DepartmentPage) else None
        page = (
            DepartmentPage.objects.filter(path=obj.path[:DEPARTMENT_PATH_LENGTH])
            .select_related("department")
            .first()
        )
        return page.department if page is not None else None
    commune = getattr(obj, "commune", None)
    if commune is not None:
        return commune.department
    return getattr(obj, "department", None)


def referent_groups_of(obj) -> QuerySet[Group]:
    department = department_of(obj)
    if department is None:
        return Group.objects.none()
    return Group.objects.filter(
        territory_group__role=Role.REFERENTS, territory_group__department=department
    )


def has_active_reviewers(groups: QuerySet[Group]) -> bool:
    return get_user_model().objects.filter(groups__in=groups, is_active=True).exists()


def reviewers(groups: QuerySet[Group], exclude=None) -> list:
    users = get_user_model().objects.filter(groups__in=groups, is_active=True).exclude(email="")
    if exclude is not None and getattr(exclude, "pk", None):
        users = users.exclude(pk=exclude.pk)
    return list(users.distinct().order_by("pk"))


def submitter_of(obj):
    """The account that submitted the item for moderation (None for the public form)."""
    state = obj.current_workflow_state if obj is not None else None
    return state.requested_by if state is not None else None


def may_review(task: ReviewTask, obj, user) -> bool:
    """Whether `user` may approve or reject `obj` at `task`: a member of the task's reviewers
    for this item (or an administrator), never the person who submitted it."""
    if obj is None or not user.is_authenticated or not user.is_active:
        return False
    obj = getattr(obj, "specific", obj)
    submitter = submitter_of(obj)
    if submitter is not None and submitter.pk == user.pk:
        return False
    if user.is_superuser:
        return True
    return task.reviewers_of(obj).filter(pk__in=user.groups.values("pk")).exists()


def task_states_reviewable(task: ReviewTask, user) -> QuerySet[TaskState]:
    """The task states in progress at `task` that `user` may act on (the admin's dashboard)."""
    from .models import DepartmentReferentTask

    in_progress = TaskState.objects.filter(task=task, status=TaskState.STATUS_IN_PROGRESS)
    if not user.is_active:
        return TaskState.objects.none()
    mine = Q(workflow_state__requested_by=user)
    from .models import AutomatedCheckTask

    if isinstance(task, AutomatedCheckTask):
        # A clean item is approved as soon as it is checked: what remains checked is flagged.
        in_progress = in_progress.filter(automatedchecktaskstate__checked_at__isnull=False)
    if user.is_superuser:
        return in_progress.exclude(mine)
    if isinstance(task, DepartmentReferentTask):
        departments = TerritoryGroup.objects.filter(
            role=Role.REFERENTS, department__isnull=False, group__user=user
        ).values("department_id")
        paths = list(
            DepartmentPage.objects.filter(department__in=departments).values_list("path", flat=True)
        )
        if not paths:
            return TaskState.objects.none()
        inside = Q()
        for path in paths:
            inside |= Q(path__startswith=path)
        page_ids = Page.objects.filter(inside).values_list("pk", flat=True)
        # The state's object_id is text: compare with the pages' ids as text.
        return in_progress.filter(
            workflow_state__object_id__in=[str(pk) for pk in page_ids]
        ).exclude(mine)
    if not task.reviewers_of(None).filter(pk__in=user.groups.values("pk")).exists():
        return TaskState.objects.none()
    return in_progress.exclude(mine)


# --- The automated check ------------------------------------------------------------------

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<!\d)(?:\+33[\s.-]?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")
STREET = re.compile(
    r"\b\d{1,4}\s?(?:bis|ter)?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|impasse|allée|"
    r"chemin|route|quai|square|cours|passage|lotissement|résidence)\b",
    re.IGNORECASE,
)
URL = re.compile(r"(?:https?://|www\.)[^\s\"'<>)\]]+", re.IGNORECASE)


@dataclass
class CheckedText:
    text: str
    links: list[str]


def texts_of(obj) -> CheckedText:
    """The words written by the submitter, and the links in them. Public contact fields of an
    organisation are not checked for personal data: they are meant to be public."""
    if hasattr(obj, "moderation_texts"):
        parts = list(obj.moderation_texts())
    else:
        names = ["title", "summary", "intro", "how_to", "skills", "tips", "body"]
        parts = []
        for name in names:
            value = getattr(obj, name, None)
            if value is None or value == "":
                continue
            if hasattr(value, "raw_data"):
                # The blocks' values only: their random ids could look like phone numbers.
                values = [block.get("value") for block in value.raw_data]
                value = json.dumps(values, ensure_ascii=False)
            parts.append(str(value))
    raw = "\n".join(parts)
    links = URL.findall(raw) + re.findall(r'href=\\?"(https?://[^"\\]+)', raw)
    text = strip_tags(raw.replace("\\n", " "))
    return CheckedText(text=text, links=links)


def check_item(obj) -> list[str]:
    """Why `obj` needs a person's eye (in the site's language), or [] when it is clean."""
    from .models import ModerationSettings

    lists = ModerationSettings.load()
    checked = texts_of(obj)
    reasons = []
    with translation.override(settings.LANGUAGE_CODE):
        if EMAIL.search(checked.text):
            reasons.append(_("An e-mail address appears in the text."))
        if PHONE.search(checked.text):
            reasons.append(_("A telephone number appears in the text."))
        if STREET.search(checked.text):
            reasons.append(_("A street address appears in the text."))
        lowered = checked.text.lower()
        words = [word for word in lists.lines(lists.watched_words) if word in lowered]
        if words:
            reasons.append(_("Watched words: %(words)s.") % {"words": ", ".join(words)})
        known = lists.lines(lists.known_domains)
        unknown = sorted({d for d in map(_domain, checked.links) if d and not _known(d, known)})
        if unknown:
            reasons.append(
                _("Links to unknown domains: %(domains)s.") % {"domains": ", ".join(unknown)}
            )
        photos = getattr(obj, "photos", None)
        if photos is not None and any(not photo.credit.strip() for photo in photos.all()):
            reasons.append(_("A photo has no credit."))
    return reasons


def _domain(link: str) -> str:
    if link.lower().startswith("www."):
        link = "http://" + link
    return (urlsplit(link).hostname or "").lower()


def _known(domain: str, known: list[str]) -> bool:
    return any(domain == item or domain.endswith("." + item) for item in known)


def run_check(task_state_id: int) -> list[str] | None:
    """The automated check of one task state: clean, it is approved (the workflow moves on);
    flagged, it stays for a person with its reasons. None when there was nothing to check."""
    from .models import AutomatedCheckTaskState
    from .notifications import notify_flagged

    with transaction.atomic():
        state = (
            AutomatedCheckTaskState.objects.select_for_update()
            .filter(pk=task_state_id, status=TaskState.STATUS_IN_PROGRESS, checked_at=None)
            .first()
        )
        if state is None:
            return None
        obj = state.revision.as_object()
        reasons = check_item(obj)
        state.reasons = reasons
        state.checked_at = timezone.now()
        state.save(update_fields=["reasons", "checked_at"])
        if not reasons:
            with translation.override(settings.LANGUAGE_CODE):
                state.approve(user=None, comment=_("The automated check found nothing."))
        else:
            log(
                instance=obj,
                action="workflows.flagged",
                data={"reasons": reasons},
                revision=state.revision,
            )
            notify_flagged(state)
    return reasons


# --- Initiatives --------------------------------------------------------------------------


def initiatives_index_of(
    territory_page: Page, *, create: bool = False
) -> InitiativeIndexPage | None:
    """The "initiatives" page under a territory's page; made (and published) when missing and
    `create` is set."""
    index = InitiativeIndexPage.objects.child_of(territory_page).first()
    if index is None and create:
        with translation.override(territory_page.locale.language_code):
            title = _("Initiatives")
        index = InitiativeIndexPage(title=title, slug=INITIATIVES_SLUG)
        territory_page.add_child(instance=index)
        index.save_revision().publish()
        index.refresh_from_db()
    return index


def commune_page_of(commune: Commune) -> CommunePage | None:
    return (
        CommunePage.objects.live()
        .filter(commune=commune, locale=Locale.get_default())
        .select_related("commune__department")
        .first()
    )


@dataclass
class Submission:
    title: str
    summary: str
    description: str
    tips: str
    name: str
    email: str
    organisation: str
    people_helped: int | None = None
    hours_given: int | None = None
    volunteers: int | None = None


def submit_initiative(
    submission: Submission,
    territory_page: Page,
    photos: list[tuple[UploadedFile, str]] | None = None,
) -> InitiativePage:
    """A draft initiative under the territory's initiatives index (made when missing), its
    photos, its first revision, its workflow started, and the submitter told by e-mail."""
    with transaction.atomic():
        index = initiatives_index_of(territory_page, create=True)
        body = _paragraphs(submission.description)
        page = InitiativePage(
            title=submission.title,
            slug=_free_slug(index, submission.title),
            summary=submission.summary,
            body=json.dumps(body),
            tips=submission.tips,
            people_helped=submission.people_helped,
            hours_given=submission.hours_given,
            volunteers=submission.volunteers,
            submitted_by_name=submission.name,
            submitted_by_email=submission.email,
            submitted_by_organisation=submission.organisation,
            live=False,
        )
        images = []
        for position, (upload, credit) in enumerate(photos or []):
            # Private until the initiative is published (photos.py).
            image = store_pending_photo(upload, submission.title)
            images.append(image)
            page.photos.add(InitiativePhoto(image=image, credit=credit, sort_order=position))
        index.add_child(instance=page)
        link_to_initiative(page, images)
        page.save_revision(log_action=True)
        workflow = page.get_workflow()
        # Starting it e-mails the submitter the link to follow it (see notifications).
        if workflow is not None:
            workflow.start(page, user=None)
    return page


def _paragraphs(description: str) -> list[dict]:
    return [
        {"type": "paragraph", "value": f"<p>{_escape(paragraph)}</p>"}
        for paragraph in description.split("\n\n")
        if paragraph.strip()
    ]


def _escape(text: str) -> str:
    from django.utils.html import escape, linebreaks

    return linebreaks(escape(text.strip())).removeprefix("<p>").removesuffix("</p>")


def _free_slug(index: Page, title: str) -> str:
    base = slugify(title)[:70] or "initiative"
    taken = set(
        Page.objects.child_of(index).filter(slug__startswith=base).values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


# --- Following a submission ---------------------------------------------------------------


STATUS_MAX_AGE = 60 * 60 * 24 * 365  # a year: every moderation e-mail carries a fresh link


def status_token(page: Page) -> str:
    return signing.dumps({"page": page.pk}, salt=STATUS_SALT)


@dataclass
class TokenReading:
    page: InitiativePage | None
    problem: str = ""  # "", "expired", "invalid" or "gone"


def read_token(token: str, max_age: int = STATUS_MAX_AGE) -> TokenReading:
    """The initiative of a follow-up link, or why there is none."""
    try:
        data = signing.loads(token, salt=STATUS_SALT, max_age=max_age)
    except signing.SignatureExpired:
        return TokenReading(None, "expired")
    except signing.BadSignature:
        return TokenReading(None, "invalid")
    page = (
        InitiativePage.objects.filter(pk=data.get("page")).first()
        if isinstance(data, dict)
        else None
    )
    return TokenReading(page, "" if page is not None else "gone")


def page_of_token(token: str) -> InitiativePage | None:
    return read_token(token).page


@dataclass
class Status:
    code: str  # "review", "changes", "live", "draft"
    step: str
    comment: str


def status_of(page: InitiativePage) -> Status:
    """Where the initiative stands, as its submitter may see it (no reviewer's name)."""
    if page.live:
        return Status("live", "", "")
    state = (
        WorkflowState.objects.for_instance(page)
        .select_related("current_task_state__task")
        .order_by("-created_at")
        .first()
    )
    if state is None:
        return Status("draft", "", "")
    task_state = state.current_task_state
    step = task_state.task.name if task_state else ""
    if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return Status("changes", step, task_state.comment if task_state else "")
    if state.status == WorkflowState.STATUS_IN_PROGRESS:
        return Status("review", step, "")
    return Status("draft", "", "")


def may_resubmit(page: InitiativePage) -> bool:
    """Whether changes were requested and the submitter may send the initiative again."""
    return _state_needing_changes(page).exists()


def _state_needing_changes(page: Page) -> QuerySet[WorkflowState]:
    return WorkflowState.objects.for_instance(page).filter(
        status=WorkflowState.STATUS_NEEDS_CHANGES
    )


def proposal_of(page: InitiativePage) -> dict:
    """The initiative as its submitter sees it in the form: its latest version, the text of its
    paragraphs as they typed it (the initial data of the form to edit and resubmit it)."""
    draft = page.get_latest_revision_as_object()
    paragraphs = []
    for block in draft.body:
        if block.block_type == "paragraph":
            html = re.sub(r"<br\s*/?>", "\n", str(getattr(block.value, "source", block.value)))
            paragraphs.append(unescape(strip_tags(html)).strip())
    return {
        "title": draft.title,
        "summary": draft.summary,
        "description": "\n\n".join(p for p in paragraphs if p),
        "tips": draft.tips,
        "people_helped": draft.people_helped,
        "hours_given": draft.hours_given,
        "volunteers": draft.volunteers,
        "name": draft.submitted_by_name,
        "organisation": draft.submitted_by_organisation,
    }


def resubmit_initiative(
    page: InitiativePage,
    submission: Submission,
    photos: list[tuple[UploadedFile, str]] | None = None,
) -> bool:
    """The submitter's changes to an initiative sent back for changes: a new revision (the
    photos sent earlier kept, new ones added), and its moderation started again from the first
    step, the reviewers told as for a new submission. False, and nothing changed, when no
    changes are awaited (already resubmitted: a double click; published; withdrawn)."""
    with transaction.atomic():
        state = _state_needing_changes(page).select_for_update().first()
        if state is None:
            return False
        draft = page.get_latest_revision_as_object()
        draft.title = submission.title
        draft.draft_title = submission.title
        draft.summary = submission.summary
        draft.body = json.dumps(_paragraphs(submission.description))
        draft.tips = submission.tips
        draft.people_helped = submission.people_helped
        draft.hours_given = submission.hours_given
        draft.volunteers = submission.volunteers
        draft.submitted_by_name = submission.name
        draft.submitted_by_organisation = submission.organisation
        first = len(draft.photos.all())
        images = []
        for position, (upload, credit) in enumerate(photos or [], start=first):
            image = store_pending_photo(upload, submission.title)
            images.append(image)
            draft.photos.add(InitiativePhoto(image=image, credit=credit, sort_order=position))
        # Of a published initiative, the new photos are in the revision only, until approved:
        # their link to the page is how their reviewers reach them (photos.pending_photo_for).
        link_to_initiative(page, images)
        if not draft.live:
            draft.save()
        draft.save_revision(log_action=True)
        state.cancel(user=None)
        workflow = draft.get_workflow()
        if workflow is not None:
            workflow.start(draft, user=None)
    return True


# --- Public proposals ---------------------------------------------------------------------

PROPOSALS_PER_HOUR = 5
PROPOSAL_WINDOW = 3600


def proposal_over_limit(address: str, email: str = "") -> bool:
    """Counts one proposal from the client at `address`, and one for the typed `email` (it is
    e-mailed the follow-up link); True past PROPOSALS_PER_HOUR for either."""
    return over_limit(
        "workflows:proposals",
        address,
        limit=PROPOSALS_PER_HOUR,
        window=PROPOSAL_WINDOW,
        target=email,
    )


def live_commune_page_at(site: Site | None, commune_path: str) -> CommunePage | None:
    """The live commune page whose public path (below the site's home, in the active
    language) is `commune_path`, e.g. "mayenne/laval"; none behind a view restriction."""
    if site is None or not commune_path or ".." in commune_path:
        return None
    root = site.root_page.localized
    url_path = f"{root.url_path}{commune_path.strip('/')}/"
    return public_only(CommunePage.objects.live()).filter(url_path=url_path).first()


def live_commune_page(pk: int) -> CommunePage | None:
    """The live commune page of id `pk`, as the API names it; none behind a view restriction."""
    return public_only(CommunePage.objects.live()).filter(pk=pk).first()


def territory_page_for(commune: Commune) -> Page | None:
    """Where an initiative of `commune` goes: its commune's page, else its department's."""
    page = commune_page_of(commune)
    if page is not None:
        return page
    return (
        DepartmentPage.objects.live()
        .filter(department_id=commune.department_id, locale=Locale.get_default())
        .first()
    )
