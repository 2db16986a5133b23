"""factory_boy factories of the page tree, for tests and the demo: department, commune, news and
standard pages, each created under the right parent (the national home by default)."""

import datetime

import factory
import wagtail_factories
from wagtail.images import get_image_model
from wagtail.models import Collection

from territories.factories import CommuneFactory, DepartmentFactory
from territories.models import Department

from .models import (
    CommunePage,
    DepartmentPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)


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
