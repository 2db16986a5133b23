"""The actions in the public API: `/api/v2/actions/`.

Only live, public actions (never drafts, nor actions in a private section), with their public
fields only: no one's registration, nothing about volunteers. Ordered by start, paginated
(`limit`, `offset`). Filters:
- `department`: INSEE code ("53"): the actions of the department and of its communes;
- `commune`: INSEE code ("53130"): the actions of the commune, or taking place in it;
- `from`, `to`: dates (YYYY-MM-DD): the actions with an occurrence between them (recurring ones
  whose series overlaps); without `from`, the actions still to come (today included);
- `kind`: one of core.vocabulary.ActionKind;
- `category`: the slug of a category of the idea box: the actions involving one of its gestures;
- `locale`: a language code; without it, the language `Accept-Language` asks for, French when
  it asks for none. In a language other than French, the French actions each in its live
  translation when it has one, in French otherwise; every action keeps the French one's
  calendar `uid` (the same as in the feeds, in every language).
A bad value answers 400 with `{"message": "..."}` in the visitor's language. A listing runs the
same number of queries for 5 or 50 actions.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import CharField, OuterRef, Q, QuerySet, Subquery, UUIDField
from django.db.models.functions import Coalesce, Substr
from django.utils.translation import gettext as _
from rest_framework import serializers
from wagtail.api import APIField
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.models import Locale

from core.api import RefusesBadParameters, requested_locale
from core.parsing import bounded_day
from core.vocabulary import ActionKind
from snippets.models import GestureCategory
from territories.models import Commune, Department

from ..models import ActionPage, CommunePage, DepartmentPage
from ..tree import COMMUNE_DEPTH, DEPARTMENT_DEPTH, PATH_STEP
from . import queries
from .payload import ExdatesField, GesturesField, UrlField


class PlaceCommuneSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


def _territory_code(model, depth: int, field: str) -> Subquery:
    """The INSEE code of the department or commune page above an action (by its path)."""
    return Subquery(
        model.objects.filter(path=Substr(OuterRef("path"), 1, depth * PATH_STEP)).values(field)[:1],
        output_field=CharField(),
    )


def _territory_paths(model, code: str) -> list[str] | None:
    """The paths of the pages (one per language) of the department or commune (`model`) of
    this INSEE code, read with the territory itself in one query; None when no territory has
    the code."""
    found = list(model.objects.filter(code=code).values_list("pages__path", flat=True))
    if not found:
        return None
    return [path for path in found if path]


def _placed_in(paths: list[str], *, over_too: bool, **place) -> QuerySet:
    """The ids of the actions of a department or commune: those below its pages (`paths`)
    and those taking place in it (`place`, a filter on the action's commune), as one subquery
    (a UNION). Each half is read through an index (the pages' path, the actions' commune):
    the database reads the territory's actions only, whatever France holds. The code of the
    page above each action, compared in an OR with the place, was evaluated for every action
    of France, for the listing and its count alike (issue 18). Without `over_too` (a window
    from today on), the actions marked over are left out of both halves, as `overlapping`
    leaves them out: the years of a territory's history are not read either."""
    below = Q()
    for path in paths:
        below |= Q(path__startswith=path)
    actions = ActionPage.objects.all() if over_too else ActionPage.objects.filter(ended=False)
    # Unordered: the pages' default order (by path) would sort each half for nothing.
    placed = actions.filter(**place).order_by().values("pk")
    if not below:
        return placed
    return actions.filter(below).order_by().values("pk").union(placed)


def parse_day(request, name: str) -> dt.date | None:
    """The date of `?name=`, None without; BadValue (a 400) when malformed or out of bounds."""
    value = request.GET.get(name)
    if value is None:
        return None
    return bounded_day(value, name)


class ActionsAPIViewSet(RefusesBadParameters, BaseAPIViewSet):
    model = ActionPage
    name = "actions"
    filter_backends: list = []
    # `meta.total_count` counted along the index on `start` (core/api.py BoundedPagination).
    count_in_listing_order = True
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(
        ["department", "commune", "from", "to", "kind", "category", "locale"]
    )
    body_fields = [
        "id",
        "title",
        "slug",
        APIField("uid", serializer=serializers.CharField(source="calendar_uid")),
        "sequence",
        "description",
        "kind",
        APIField("gestures", serializer=GesturesField()),
        "start",
        "end",
        "all_day",
        "rrule",
        APIField("exdates", serializer=ExdatesField()),
        "status",
        "cancellation_reason",
        "address",
        APIField("place_commune", serializer=PlaceCommuneSerializer()),
        "latitude",
        "longitude",
        "online",
        "online_url",
        "capacity",
        "registration_required",
        "contact_name",
        "contact_email",
        "contact_phone",
        APIField("department", serializer=serializers.CharField(source="department_code")),
        APIField("commune", serializer=serializers.CharField(source="commune_code")),
        APIField("locale", serializer=serializers.CharField(source="locale.language_code")),
        APIField("html_url", serializer=UrlField()),
        APIField("ics_url", serializer=UrlField(feed=True)),
    ]
    listing_default_fields = [
        "id",
        "type",
        "detail_url",
        "title",
        "kind",
        "gestures",
        "start",
        "end",
        "all_day",
        "rrule",
        "exdates",
        "status",
        "cancellation_reason",
        "address",
        "place_commune",
        "online",
        "department",
        "commune",
        "html_url",
        "ics_url",
    ]

    def get_queryset(self) -> QuerySet[ActionPage]:
        # Wagtail asks for it more than once per request: build (and check) it once.
        if not hasattr(self, "_queryset"):
            self._queryset = self._actions()
        return self._queryset

    def _locale(self) -> Locale:
        if not hasattr(self, "_asked_locale"):
            self._asked_locale = requested_locale(self.request) or Locale.get_default()
        return self._asked_locale

    def _in_language(self, actions: QuerySet[ActionPage]) -> QuerySet[ActionPage]:
        """The actions in the language asked for: in French, the French ones; in another, the
        French ones without a live translation in it and those translations."""
        locale = self._locale()
        if locale.language_code == settings.LANGUAGE_CODE:
            return actions.filter(locale=locale)
        translated = ActionPage.objects.live().public().filter(locale=locale)
        return actions.filter(
            Q(locale=locale)
            | Q(locale__language_code=settings.LANGUAGE_CODE)
            & ~Q(translation_key__in=translated.values("translation_key"))
        )

    def _actions(self) -> QuerySet[ActionPage]:
        request = self.request
        french_uid = ActionPage.objects.filter(
            translation_key=OuterRef("translation_key"),
            locale__language_code=settings.LANGUAGE_CODE,
        ).values("uid")[:1]
        actions = (
            self._in_language(ActionPage.objects.live().public())
            .select_related("place_commune", "locale")
            # Its gestures, cancellations (next dates) and what the apps above add to the
            # action's fields (volunteers: its registrations' counts), each in one query.
            .prefetch_related(*ActionPage.api_prefetch_related)
            .annotate(
                department_code=_territory_code(
                    DepartmentPage, DEPARTMENT_DEPTH, "department__code"
                ),
                commune_code=_territory_code(CommunePage, COMMUNE_DEPTH, "commune__code"),
                calendar_uid=Coalesce(Subquery(french_uid), "uid", output_field=UUIDField()),
            )
        )
        kind = request.GET.get("kind")
        if kind is not None:
            if kind not in ActionKind.values:
                raise BadRequestError(
                    _("Unknown kind: %(kind)s. Known kinds: %(kinds)s.")
                    % {"kind": kind[:40], "kinds": ", ".join(ActionKind.values)}
                )
            actions = actions.filter(kind=kind)
        category = request.GET.get("category")
        if category is not None:
            # Its slug is the same in every language (the French category when untranslated).
            found = GestureCategory.objects.filter(slug=category.strip()).first()
            if found is None:
                raise BadRequestError(
                    _("Unknown category of gestures: “%(slug)s”.") % {"slug": category[:40]}
                )
            actions = queries.with_gesture_category(actions, found)
        first = parse_day(request, "from") or queries.today()
        last = parse_day(request, "to")
        if last is not None and last < first:
            raise BadRequestError(_("The end date comes before the start date."))
        over_too = first < queries.today()
        department = request.GET.get("department")
        if department is not None:
            department = department.strip().upper()
            paths = _territory_paths(Department, department)
            if paths is None:
                raise BadRequestError(
                    _("No department has the code %(code)s.") % {"code": department[:10]}
                )
            actions = actions.filter(
                pk__in=_placed_in(
                    paths, over_too=over_too, place_commune__department__code=department
                )
            )
        commune = request.GET.get("commune")
        if commune is not None:
            commune = commune.strip().upper()
            paths = _territory_paths(Commune, commune)
            if paths is None:
                raise BadRequestError(
                    _("No commune has the INSEE code %(code)s.") % {"code": commune[:10]}
                )
            actions = actions.filter(
                pk__in=_placed_in(paths, over_too=over_too, place_commune__code=commune)
            )
        start = queries.paris_day_start(first)
        end = (
            queries.paris_day_start(last + dt.timedelta(days=1))
            if last is not None
            else queries.paris_day_start(dt.date(2100, 1, 1))
        )
        return queries.overlapping(actions, start, end).order_by("start", "pk")
