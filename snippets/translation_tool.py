"""The translation tool's snippet API (wagtail-localize's /admin/localize/api/snippets/), read by
its editor's choosers: its listing and detail keep the gestures awaiting moderation (a public
suggestion, a draft) for those who may moderate them, as the public idea box does for everyone
else (issue 14). wagtail-localize lists every row of a snippet to any admin user; these views
take its place (registered first, snippets/wagtail_hooks.py)."""

from __future__ import annotations

from wagtail_localize.views import snippets_api

from onboarding.roles import may_publish_directly

from .models import Gesture


class ModeratedSnippetViewSet(snippets_api.SnippetViewSet):
    def get_queryset(self):
        queryset = super().get_queryset()
        if issubclass(queryset.model, Gesture) and not may_publish_directly(self.request.user):
            return queryset.filter(live=True)
        return queryset


listing = ModeratedSnippetViewSet.as_view({"get": "list"})
detail = ModeratedSnippetViewSet.as_view({"get": "retrieve"})
