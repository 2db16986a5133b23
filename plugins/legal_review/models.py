"""A task type of a department's own: its legal service reviews the department's items.

A `ReviewTask` (workflows.models) gives everything else: the approve / request changes
actions for the reviewers only (never the submitter), the item locked for the others, the
admin's dashboard, and the e-mails of each transition (real time or daily digest)."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflows.models import ReviewTask
from workflows.services import department_of, has_active_reviewers


class LegalReviewTask(ReviewTask):
    """The chosen group (the legal service) reviews the items of one department; the items of
    other departments skip this step, so that one shared workflow can hold it."""

    department = models.ForeignKey(
        "territories.Department",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
        help_text=_("Only this department's items go through this step."),
    )
    reviewers = models.ForeignKey(
        Group,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewers"),
        help_text=_("The members of this group (the legal service) review the items."),
    )

    admin_form_fields = ReviewTask.admin_form_fields + ["department", "reviewers"]

    class Meta:
        verbose_name = _("legal service review")
        verbose_name_plural = _("legal service reviews")

    @classmethod
    def get_description(cls):
        return _("The legal service of a department reviews that department's items.")

    def reviewers_of(self, obj) -> models.QuerySet[Group]:
        return Group.objects.filter(pk=self.reviewers_id)

    def applies_to(self, obj) -> bool:
        """Another department's item (or nobody to review it) skips this step."""
        department = department_of(obj)
        if department is None or department.pk != self.department_id:
            return False
        return has_active_reviewers(self.reviewers_of(obj))
