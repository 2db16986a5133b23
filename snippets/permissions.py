"""Who may publish gestures: the snippet permission policy of Gesture, registered by
snippets/wagtail_hooks.py, beside the model it guards."""

from wagtail.permission_policies import ModelPermissionPolicy

from onboarding.roles import may_publish_directly


class GesturePermissionPolicy(ModelPermissionPolicy):
    """The snippet permission policy of gestures (GestureViewSet.permission_policy): publishing
    needs the model's "publish" permission *and* to be a moderator or an administrator."""

    def user_has_permission(self, user, action):
        if action == "publish" and not may_publish_directly(user):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)
