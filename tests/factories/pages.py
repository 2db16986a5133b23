"""factory_boy factories of the page tree, for tests: department, commune, news and standard
pages, agendas and their actions, initiatives; each created under the right parent (the
national home, or its agenda or initiatives page, by default)."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Collection

from core.vocabulary import ActionKind
from pages.models import (
    ActionIndexPage,
    ActionPage,
    ActionStatus,
    CommunePage,
    DepartmentPage,
    HomePage,
    InitiativeIndexPage,
    InitiativePage,
    MonthlyPosition,
    NewsIndexPage,
    NewsPage,
    RecurrenceFrequency,
    StandardPage,
)
from territories.models import Department
from tests.factories.territories import CommuneFactory, DepartmentFactory


def national_home() -> HomePage:
    """The French national home page, created by the pages' data migration."""
    return HomePage.objects.get(locale__language_code="fr")


def department_page_for(department: Department) -> DepartmentPage:
    """The French page of `department`, created when it doesn't exist yet."""
    page = DepartmentPage.objects.filter(department=department, locale__language_code="fr").first()
    return page or DepartmentPageFactory(department=department)


class ImageFactory(factory.django.DjangoModelFactory):
    """An image in the root collection (wagtail-factories' own makes a new root each time)."""

    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"Image {n}")
    file = factory.django.ImageField(width=120, height=80, color="#1f4e79")
    collection = factory.LazyFunction(Collection.get_first_root_node)


class DepartmentPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = DepartmentPage

    parent = factory.LazyFunction(national_home)
    department = factory.SubFactory(DepartmentFactory)
    title = factory.LazyAttribute(lambda o: o.department.name)
    slug = factory.LazyAttribute(lambda o: o.department.slug)
    intro = "Le Département vous invite à donner une heure par mois près de chez vous."


class CommunePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CommunePage

    commune = factory.SubFactory(CommuneFactory)
    parent = factory.LazyAttribute(lambda o: department_page_for(o.commune.department))
    title = factory.LazyAttribute(lambda o: o.commune.name)
    slug = factory.LazyAttribute(lambda o: o.commune.slug)
    intro = "La commune participe à l'Heure Civique."


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    parent = factory.LazyFunction(national_home)
    title = "Actualités"
    slug = "actualites"


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsPage

    parent = factory.SubFactory(NewsIndexPageFactory)
    title = factory.Sequence(lambda n: f"Nouvelle {n}")
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    intro = "Une heure donnée, des liens créés."


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    parent = factory.LazyFunction(national_home)
    title = factory.Sequence(lambda n: f"Page {n}")
    intro = "Une page d'information."


class ActionIndexPageFactory(wagtail_factories.PageFactory):
    """The agenda ("actions" page) of `parent`, the national home by default: the existing one
    when there is one (a territory has a single agenda)."""

    class Meta:
        model = ActionIndexPage
        django_get_or_create = ["parent", "slug"]

    parent = factory.LazyFunction(national_home)
    title = "Agenda des actions"
    slug = "actions"


def next_week_at_ten() -> datetime.datetime:
    """10:00 in Paris, a week from today: an action still to come."""
    day = timezone.localdate() + datetime.timedelta(days=7)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


class ActionPageFactory(wagtail_factories.PageFactory):
    """A live collective action of two hours next week, once, without a limit of places; in the
    national agenda unless given a `parent` (an agenda). Traits: `weekly` and `monthly` repeat
    it (eight weeks; the same weekday of the next six months), `cancelled` cancels it with a
    reason, `full` gives it two places, both taken."""

    class Meta:
        model = ActionPage
        skip_postgeneration_save = True  # the `full` trait's registrations don't change the page

    class Params:
        weekly = factory.Trait(recurrence_frequency=RecurrenceFrequency.WEEKLY, recurrence_count=8)
        monthly = factory.Trait(
            recurrence_frequency=RecurrenceFrequency.MONTHLY,
            recurrence_monthly_position=MonthlyPosition.FIRST,
            recurrence_count=6,
        )
        cancelled = factory.Trait(
            status=ActionStatus.CANCELLED,
            cancellation_reason="La salle n'est plus disponible ce jour-là.",
        )
        full = factory.Trait(
            capacity=2,
            registration_required=True,
            places_taken=factory.RelatedFactoryList(
                "tests.factories.volunteers.RegistrationFactory",
                factory_related_name="action",
                size=2,
            ),
        )

    parent = factory.SubFactory(ActionIndexPageFactory)
    title = factory.Sequence(lambda n: f"Action solidaire {n}")
    description = "Une heure pour ranger ensemble le local de l'épicerie solidaire."
    kind = ActionKind.COLLECTIVE
    start = factory.LazyFunction(next_week_at_ten)
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=2))
    address = "Place de la Mairie"


class InitiativeIndexPageFactory(wagtail_factories.PageFactory):
    """The "initiatives" page of `parent`, the national home by default (the existing one when
    there is one)."""

    class Meta:
        model = InitiativeIndexPage
        django_get_or_create = ["parent", "slug"]

    parent = factory.LazyFunction(national_home)
    title = "Initiatives"
    slug = "initiatives"


class InitiativePageFactory(wagtail_factories.PageFactory):
    """A live initiative told by an invented association, in the national initiatives page
    unless given a `parent` (an initiatives page)."""

    class Meta:
        model = InitiativePage

    parent = factory.SubFactory(InitiativeIndexPageFactory)
    title = factory.Sequence(lambda n: f"Initiative de voisins {n}")
    summary = "Chaque samedi, des voisins portent les courses de ceux qui ne peuvent plus sortir."
    kind = ActionKind.NEIGHBOURLY
    tips = "Commencer petit, avec une affiche chez le boulanger."
    people_helped = 25
    hours_given = 120
    volunteers = 8
    contact_name = "Association Voisins d'ici"
    submitted_by_name = "Camille Exemple"
    submitted_by_email = "camille.exemple@exemple.invalid"
