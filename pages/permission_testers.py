"""Who may publish initiatives: the moderators and administrators; the editors of communes
and departments submit them to moderation (in the admin, the translation editor, bulk actions:
they all ask the page's permission tester). Beside the models, which return these testers."""

from wagtail.models import Page, PagePermissionTester

from onboarding.roles import may_publish_directly


class InitiativePermissionTester(PagePermissionTester):
    """Returned by `InitiativePage.permissions_for_user`."""

    def _may_publish(self) -> bool:
        if not hasattr(self, "_may_publish_cache"):
            self._may_publish_cache = may_publish_directly(self.user)
        return self._may_publish_cache

    def can_publish(self):
        return super().can_publish() and self._may_publish()

    def can_publish_subpage(self):
        # Creating an initiative and publishing it in one go.
        return super().can_publish_subpage() and self._may_publish()

    def can_unschedule(self):
        return self.can_publish()


class InitiativeIndexPermissionTester(InitiativePermissionTester):
    """Returned by `InitiativeIndexPage.permissions_for_user`: the index itself is a plain page
    of the territory; what is created under it is an initiative."""

    def can_publish(self):
        return PagePermissionTester.can_publish(self)

    def can_submit_for_moderation(self):
        # The index answers has_workflow for its new children; itself follows the tree.
        return (
            not self.page_locked()
            and Page.has_workflow.fget(self.page)
            and not self.page.workflow_in_progress
        )


def may_publish_unattended(revision) -> bool:
    """Whether a revision may be published without a publishing user (scheduled, synchronised
    translations, the end of a workflow run by a job): only if its author may publish."""
    author = revision.user
    return author is None or may_publish_directly(author)
