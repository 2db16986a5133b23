"""E-mails on every moderation transition, sent as background jobs (`core.email.send_email`):
submitted (the submitter, with the link to follow it), waiting at a step (its reviewers),
flagged by the automated check (its groups, with the reasons), passed a step (the submitter),
rejected (the submitter and those who approved earlier), published (the submitter).
The reviewer's comment is in the e-mail. Wagtail's own workflow e-mails are replaced by these.

A reviewer who chose the daily digest (topic "moderation" of core.notifications, in the admin's
account settings) gets the e-mails meant for reviewers once a day, in core's digest; the
submitters always get theirs as they happen."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import (
    task_approved,
    task_rejected,
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

from core.addresses import absolute, absolute_url
from core.email import send_email
from core.notifications import Email, notify, preferences_url, register_topic
from pages.models import InitiativePage
from pages.themes import email_theme_of_page

from . import dashboard

# Wagtail's admin connects its synchronous e-mails under these ids; holding them first keeps
# a single notification per transition (ours, as a job, reaching public submitters too).
WAGTAIL_NOTIFIERS = [
    (task_submitted, TaskState, "group_approval_task_submitted_email_notification"),
    (workflow_submitted, WorkflowState, "workflow_state_submitted_email_notification"),
    (workflow_rejected, WorkflowState, "workflow_state_rejected_email_notification"),
    (workflow_approved, WorkflowState, "workflow_state_approved_email_notification"),
]


def _replaced(**kwargs) -> None:
    """Stands where Wagtail's e-mail handlers would be connected."""


TOPIC = "moderation"


def connect() -> None:
    for signal, sender, uid in WAGTAIL_NOTIFIERS:
        signal.connect(_replaced, sender=sender, dispatch_uid=uid)
    workflow_submitted.connect(on_workflow_submitted, dispatch_uid="workflows_submitted")
    task_submitted.connect(on_task_submitted, dispatch_uid="workflows_task_submitted")
    task_approved.connect(on_task_approved, dispatch_uid="workflows_task_approved")
    task_rejected.connect(on_task_rejected, dispatch_uid="workflows_task_rejected")
    workflow_approved.connect(on_workflow_approved, dispatch_uid="workflows_approved")


# --- Who and where -------------------------------------------------------------------------


def _object(state: WorkflowState):
    obj = state.content_object
    return getattr(obj, "specific", obj)


def submitter_email(obj, state: WorkflowState | None) -> str:
    for name in ("submitted_by_email", "suggested_by_email"):
        email = getattr(obj, name, "")
        if email:
            return email
    requested_by = state.requested_by if state is not None else None
    return requested_by.email if requested_by is not None and requested_by.email else ""


def admin_url(obj) -> str:
    """The reviewers' link: their editor while they may open it, else where the item stands
    (an e-mail outlives the step it was sent for; see admin_views.moderation_open)."""
    if obj is None or obj.pk is None:
        return absolute(reverse("wagtailadmin_home"))
    base = obj.get_base_content_type() if hasattr(obj, "get_base_content_type") else None
    content_type = base or ContentType.objects.get_for_model(obj)
    return absolute(reverse("workflows_moderation_open", args=[content_type.pk, str(obj.pk)]))


def status_url(obj) -> str:
    from .services import status_token

    if not isinstance(obj, InitiativePage):
        return ""
    # On its territory's own address when it has one (proposed there, followed there).
    return absolute_url("workflows:status", on=obj, token=status_token(obj))


def _send(
    to: list[str], subject: str, message: str, comment: str = "", link: str = "", obj=None
) -> None:
    """One e-mail (text and HTML, in the colours of the territory of `obj`) to `to`."""
    to = sorted({address for address in to if address})
    if not to:
        return
    send_email(
        "workflows/email/notification",
        to,
        {"message": message, "comment": comment, "link": link},
        subject=subject,
        theme=email_theme_of_page(obj),
    )


def _send_to_reviewers(
    users: list, subject: str, message: str, comment: str = "", link: str = "", obj=None
) -> None:
    """Real-time reviewers get the e-mail now (as a job); the others at the next digest."""
    notify(
        users,
        TOPIC,
        Email(
            "workflows/email/notification",
            {"message": message, "comment": comment, "link": link},
            subject=subject,
            theme=email_theme_of_page(obj),
        ),
        subject=subject,
        message=message,
        comment=comment,
        link=link,
    )


def render_digest(user, notifications: list) -> Email:
    """Everything kept for a reviewer since the last digest, oldest first."""
    return Email(
        "workflows/email/digest",
        {"notifications": notifications},
        subject=ngettext(
            "Moderation: %(count)s notification of the day",
            "Moderation: %(count)s notifications of the day",
            len(notifications),
        )
        % {"count": len(notifications)},
        cancel_url=preferences_url(),
    )


def register() -> None:
    register_topic(
        TOPIC,
        gettext_lazy("Moderation e-mails"),
        gettext_lazy(
            "Items to review, flagged items and requested changes: one e-mail each, or all of "
            "them in one e-mail a day."
        ),
        concerns=lambda user: dashboard.scope_of(user) is not None,
        render_digest=render_digest,
    )


def _title(obj) -> str:
    return getattr(obj, "title", None) or str(obj)


# --- The transitions -----------------------------------------------------------------------


def on_workflow_submitted(sender, instance: WorkflowState, user=None, **kwargs) -> None:
    obj = _object(instance)
    with translation.override(settings.LANGUAGE_CODE):
        _send(
            [submitter_email(obj, instance)],
            _("Received: %(title)s") % {"title": _title(obj)},
            _(
                "Thank you: “%(title)s” has been received. It will be published once the "
                "moderators have reviewed it."
            )
            % {"title": _title(obj)},
            link=status_url(obj),
            obj=obj,
        )


def on_task_submitted(sender, instance: TaskState, user=None, **kwargs) -> None:
    from .models import AutomatedCheckTask, ReviewTask

    task = instance.task.specific
    if not isinstance(task, ReviewTask) or isinstance(task, AutomatedCheckTask):
        return  # the automated check tells people only when it flags something
    state = instance.workflow_state
    obj = _object(state)
    if not task.applies_to(obj):
        return  # the item skips this step
    people = _reviewers(task, obj, state)
    with translation.override(settings.LANGUAGE_CODE):
        _send_to_reviewers(
            people,
            _("To review: %(title)s") % {"title": _title(obj)},
            _("“%(title)s” waits for your review at the step “%(step)s”.")
            % {"title": _title(obj), "step": task.name},
            comment=_previous_comment(state),
            link=admin_url(obj),
            obj=obj,
        )


def notify_flagged(task_state) -> None:
    task = task_state.task.specific
    state = task_state.workflow_state
    obj = _object(state)
    with translation.override(settings.LANGUAGE_CODE):
        _send_to_reviewers(
            _reviewers(task, obj, state),
            _("Flagged by the automated check: %(title)s") % {"title": _title(obj)},
            _("The automated check flagged “%(title)s”: approve it or request changes.")
            % {"title": _title(obj)},
            comment=task_state.get_comment(),
            link=admin_url(obj),
            obj=obj,
        )


def on_task_approved(sender, instance: TaskState, user=None, **kwargs) -> None:
    state = instance.workflow_state
    obj = _object(state)
    with translation.override(settings.LANGUAGE_CODE):
        _send(
            [submitter_email(obj, state)],
            _("A step passed: %(title)s") % {"title": _title(obj)},
            _("“%(title)s” passed the step “%(step)s”.")
            % {"title": _title(obj), "step": instance.task.name},
            comment=instance.specific.get_comment(),
            link=status_url(obj),
            obj=obj,
        )


def on_task_rejected(sender, instance: TaskState, user=None, **kwargs) -> None:
    state = instance.workflow_state
    obj = _object(state)
    earlier = (
        state.task_states.filter(status=TaskState.STATUS_APPROVED, finished_by__isnull=False)
        .exclude(finished_by=user)
        .select_related("finished_by")
    )
    approvers = list({task_state.finished_by for task_state in earlier})
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Changes requested: %(title)s") % {"title": _title(obj)}
        message = _("Changes were requested on “%(title)s” at the step “%(step)s”.") % {
            "title": _title(obj),
            "step": instance.task.name,
        }
        comment = instance.specific.get_comment()
        _send([submitter_email(obj, state)], subject, message, comment, status_url(obj), obj)
        _send_to_reviewers(approvers, subject, message, comment, admin_url(obj), obj)


def on_workflow_approved(sender, instance: WorkflowState, user=None, **kwargs) -> None:
    obj = _object(instance)
    url = getattr(obj, "full_url", "") or ""
    with translation.override(settings.LANGUAGE_CODE):
        _send(
            [submitter_email(obj, instance)],
            _("Published: %(title)s") % {"title": _title(obj)},
            _("“%(title)s” has been approved and published.") % {"title": _title(obj)},
            link=url,
            obj=obj,
        )


def _reviewers(task, obj, state: WorkflowState) -> list:
    from .services import reviewers

    return reviewers(task.reviewers_of(obj), exclude=state.requested_by)


def _previous_comment(state: WorkflowState) -> str:
    last = (
        state.task_states.exclude(status=TaskState.STATUS_IN_PROGRESS)
        .exclude(comment="")
        .order_by("-finished_at")
        .first()
    )
    return last.specific.get_comment() if last is not None else ""
