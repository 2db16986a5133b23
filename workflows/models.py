"""The moderation task types (Wagtail `Task` plugins) and the editable lists of the automated check.

- AutomatedCheckTask: a background job reads the item; clean, it passes on by itself; flagged,
  it waits for a person of the task's groups, with the reasons as the task's comment.
- DepartmentReferentTask: the referents of the item's own department review it (assigned from
  where the page sits in the tree, or from the snippet's commune); skipped for a national item.
- NationalModerationTask: the Voisins Solidaires moderators review it.
Nobody approves their own submission. See README.md to add a task type of your own.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.contrib.auth.models import Group
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.images import get_image_model_string
from wagtail.models import Task, TaskState

DEFAULT_WATCHED_WORDS = "arnaque\ninjure\nhaine"
DEFAULT_KNOWN_DOMAINS = (
    "heurecivique.fr\nvoisinssolidaires.fr\ngouv.fr\nservice-public.fr\nfr.wikipedia.org"
)


# The task state a reviewer has just acted on in this request (reset as each request starts,
# apps.py): the page editor ignores where `on_action` says to go, its `after_edit_page` hook
# (wagtail_hooks.py) reads this instead.
last_action: ContextVar[int | None] = ContextVar("workflows_last_action", default=None)


def acted_url(task_state_id: int) -> str:
    """Where a reviewer lands after an action: a page they may see, with what happened."""
    return reverse("workflows_moderation_acted", args=[task_state_id])


class ReviewTask(Task):
    """A task reviewed by people: `reviewers_of(obj)` may act, except the submitter."""

    class Meta:
        abstract = True

    def reviewers_of(self, obj) -> models.QuerySet[Group]:
        raise NotImplementedError

    def applies_to(self, obj) -> bool:
        """Whether this step reviews `obj`; an item it does not apply to skips it (the next
        step decides) and nobody is told about it."""
        return True

    def start(self, workflow_state, user=None):
        task_state = super().start(workflow_state, user=user)
        obj = workflow_state.content_object
        if not self.applies_to(getattr(obj, "specific", obj)):
            task_state.status = TaskState.STATUS_SKIPPED
            task_state.save(update_fields=["status"])
        return task_state

    def is_reviewer(self, obj, user) -> bool:
        from . import services

        return services.may_review(self, obj, user)

    def user_can_access_editor(self, obj, user):
        return self.is_reviewer(obj, user)

    def locked_for_user(self, obj, user):
        return not self.is_reviewer(obj, user)

    def user_can_lock(self, obj, user):
        return self.is_reviewer(obj, user)

    def get_actions(self, obj, user):
        if not self.is_reviewer(obj, user):
            return []
        return [
            ("reject", _("Request changes"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
        ]

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        from django.core.exceptions import PermissionDenied

        obj = task_state.workflow_state.content_object
        if not self.is_reviewer(getattr(obj, "specific", obj), user):
            raise PermissionDenied
        # Two reviewers acting at once (or a double click): the first locks the task state and
        # acts; the second waits for it, finds the step already done and does nothing, so the
        # item is published once and its people told once. It lands where the first did.
        status = (
            TaskState.objects.select_for_update()
            .filter(pk=task_state.pk)
            .values_list("status", flat=True)
            .first()
        )
        if status != TaskState.STATUS_IN_PROGRESS:
            last_action.set(task_state.pk)
            return acted_url(task_state.pk)
        task_state.workflow_state.refresh_from_db()
        result = super().on_action(task_state, user, action_name, **kwargs)
        last_action.set(task_state.pk)
        # Wagtail would go back to the editor, which the reviewer may no longer open once the
        # item has moved on: the moderation report (or the admin's home) instead.
        return result or acted_url(task_state.pk)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from . import services

        return services.task_states_reviewable(self, user)


class GroupReviewTask(ReviewTask):
    """A review by the members of chosen groups."""

    groups = models.ManyToManyField(
        Group,
        related_name="+",
        verbose_name=_("groups"),
        help_text=_("Members of these groups review the items at this step."),
    )

    admin_form_fields = Task.admin_form_fields + ["groups"]

    class Meta:
        abstract = True

    def reviewers_of(self, obj) -> models.QuerySet[Group]:
        return self.groups.all()


class AutomatedCheckTaskState(TaskState):
    """What the automated check found: empty reasons and a date mean it passed."""

    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)

    class Meta:
        verbose_name = _("automated check state")
        verbose_name_plural = _("automated check states")

    def get_comment(self):
        if self.reasons:
            flagged = "; ".join(self.reasons)
            return f"{flagged} — {self.comment}" if self.comment else flagged
        return self.comment


class AutomatedCheckTask(GroupReviewTask):
    """Run as a background job when an item reaches it; its groups review what it flags."""

    task_state_class = AutomatedCheckTaskState

    class Meta:
        verbose_name = _("automated check")
        verbose_name_plural = _("automated checks")

    @classmethod
    def get_description(cls):
        return _(
            "Looks for personal data, watched words, unknown links and missing photo credits; "
            "a clean item passes on, a flagged one goes to the chosen groups."
        )

    def start(self, workflow_state, user=None):
        task_state = super().start(workflow_state, user=user)
        # The job changes the workflow: it runs once the workflow has been saved.
        transaction.on_commit(lambda: _queue_check(task_state.pk), using=TaskState.objects.db)
        return task_state

    def is_reviewer(self, obj, user) -> bool:
        # People act only on what the check flagged (not on an item still being checked).
        state = obj.current_workflow_task_state if obj is not None else None
        if not isinstance(state, AutomatedCheckTaskState) or not state.reasons:
            return False
        return super().is_reviewer(obj, user)


def _queue_check(task_state_id: int) -> None:
    from django_q.tasks import async_task

    async_task("workflows.jobs.run_automated_check", task_state_id, group="moderation")


class DepartmentReferentTask(ReviewTask):
    """The referents of the item's own department: one task serves every department."""

    class Meta:
        verbose_name = _("department referent review")
        verbose_name_plural = _("department referent reviews")

    @classmethod
    def get_description(cls):
        return _("The referents of the item's department review it; skipped for national items.")

    def reviewers_of(self, obj) -> models.QuerySet[Group]:
        from . import services

        return services.referent_groups_of(obj)

    def applies_to(self, obj) -> bool:
        from . import services

        # Not to a national item, nor in a department without referents.
        return services.has_active_reviewers(self.reviewers_of(obj))


class NationalModerationTask(GroupReviewTask):
    """The Voisins Solidaires moderators."""

    class Meta:
        verbose_name = _("national moderation")
        verbose_name_plural = _("national moderations")

    @classmethod
    def get_description(cls):
        return _("The national moderators review the item; nobody approves their own submission.")


@register_setting(icon="warning")
class ModerationSettings(BaseGenericSetting):
    """The editable lists the automated check reads."""

    watched_words = models.TextField(
        _("watched words"),
        blank=True,
        default=DEFAULT_WATCHED_WORDS,
        help_text=_("One word or expression per line: an item containing one is flagged."),
    )
    known_domains = models.TextField(
        _("known domains"),
        blank=True,
        default=DEFAULT_KNOWN_DOMAINS,
        help_text=_("One domain per line; links to other domains are flagged."),
    )

    panels = [FieldPanel("watched_words"), FieldPanel("known_domains")]

    class Meta:
        verbose_name = _("moderation settings")

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip().lower() for line in text.splitlines() if line.strip()]


class PendingPhoto(models.Model):
    """A photo sent through the public form and the initiative it was sent for, while it is not
    public: the one link between them when the photo is only in a revision (sent again with
    changes to an initiative already published, whose page keeps its published photos until
    the new revision is approved). Its reviewers find it by this (photos.pending_photo_for);
    the purge of abandoned submissions too (retention.py)."""

    image = models.OneToOneField(
        get_image_model_string(), on_delete=models.CASCADE, related_name="+"
    )
    page = models.ForeignKey("pages.InitiativePage", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"pending photo {self.image_id} of page {self.page_id}"
