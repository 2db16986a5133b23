"""factory_boy factories of the idea box, for tests: categories and gestures, in French and
live unless told otherwise."""

import factory
from django.utils.text import slugify
from wagtail.models import Locale

from core.vocabulary import ActionKind
from snippets.models import Gesture, GestureCategory


class GestureCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GestureCategory

    locale = factory.LazyFunction(Locale.get_default)
    name = factory.Sequence(lambda n: f"Catégorie {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    order = factory.Sequence(lambda n: n)


class GestureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gesture

    locale = factory.LazyFunction(Locale.get_default)
    title = factory.Sequence(lambda n: f"Geste solidaire {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = factory.LazyAttribute(lambda o: f"{o.title}, en une heure.")
    category = factory.SubFactory(GestureCategoryFactory, locale=factory.SelfAttribute("..locale"))
    kind = ActionKind.NEIGHBOURLY
    live = True
