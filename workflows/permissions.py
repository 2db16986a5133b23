"""Who may publish initiatives: the moderators and administrators; the editors of communes
and departments submit them to moderation (in the admin, the translation editor, bulk actions:
they all ask the page's permission tester)."""

from wagtail.models import Page, PagePermissionTester
from wagtail.permission_policies import ModelPermissionPolicy

from .services import may_publish_directly


class InitiativePermissionTester(PagePermissionTester):
    """Returned by `permissions_for_user` of InitiativePage and InitiativeIndexPage."""

    def _may_publish(self) -> bool:
        if not hasattr(self, "_may_publish_cache"):
            self._may_publish_cache = may_publish_directly(self.user)
        return self._may_publish_cache

    def can_publish(self):
        from pages.models import InitiativeIndexPage

        if isinstance(self.page, InitiativeIndexPage):
            # The index itself is a plain page of the territory.
            return super().can_publish()
        return super().can_publish() and self._may_publish()

    def can_publish_subpage(self):
        # Creating an initiative and publishing it in one go.
        return super().can_publish_subpage() and self._may_publish()

    def can_submit_for_moderation(self):
        from pages.models import InitiativeIndexPage

        if isinstance(self.page, InitiativeIndexPage):
            # The index answers has_workflow for its new children; itself follows the tree.
            return (
                not self.page_locked()
                and Page.has_workflow.fget(self.page)
                and not self.page.workflow_in_progress
            )
        return super().can_submit_for_moderation()

    def can_unschedule(self):
        return self.can_publish()


class GesturePermissionPolicy(ModelPermissionPolicy):
    """The snippet permission policy of gestures (GestureViewSet.permission_policy): publishing
    needs the model's "publish" permission *and* to be a moderator or an administrator."""

    def user_has_permission(self, user, action):
        if action == "publish" and not may_publish_directly(user):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)
