"""Who may write the help centre's questions: the national team (moderators) and the
administrators; the snippet permission policy of Question, registered by wagtail_hooks.py."""

from wagtail.permission_policies import ModelPermissionPolicy

from onboarding.roles import may_publish_directly


class QuestionPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return may_publish_directly(user)

    def user_has_any_permission(self, user, actions):
        return may_publish_directly(user)
