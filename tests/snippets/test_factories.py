"""Each factory of the idea box builds a live French gesture in a category."""

from tests.factories.snippets import GestureCategoryFactory, GestureFactory


def test_gesture_factory_builds_a_live_gesture_in_a_category(db):
    gesture = GestureFactory()
    assert gesture.live and gesture.locale.language_code == "fr"
    assert gesture.category.locale == gesture.locale
    assert gesture.slug == gesture.title.lower().replace(" ", "-")


def test_category_factory_builds_categories_in_order(db):
    first, second = GestureCategoryFactory(), GestureCategoryFactory()
    assert first.order < second.order and first.slug != second.slug
