"""factory_boy factories of the good practices library: a library under the national home, a
practice in it, a document to attach (a small invented PDF)."""

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from practices.models import PracticeAttachment, PracticeLibraryPage, PracticePage, Topic
from tests.factories.pages import national_home


class PracticeLibraryPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PracticeLibraryPage

    parent = factory.LazyFunction(national_home)
    title = "Bonnes pratiques"
    slug = "bonnes-pratiques"
    intro = "Ce qui marche ailleurs, à reprendre chez vous."


class PracticePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PracticePage

    parent = factory.SubFactory(PracticeLibraryPageFactory)
    title = factory.Sequence(lambda n: f"Pratique {n}")
    topic = Topic.ACTIONS
    intro = "Une idée simple qui a fait ses preuves."


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_document_model()

    title = factory.Sequence(lambda n: f"Fiche {n}")
    file = factory.LazyFunction(
        lambda: ContentFile(b"%PDF-1.4\n% fiche pratique\n%%EOF\n", name="fiche.pdf")
    )


class PracticeAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeAttachment

    page = factory.SubFactory(PracticePageFactory)
    document = factory.SubFactory(DocumentFactory)
