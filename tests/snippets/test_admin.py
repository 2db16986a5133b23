"""The idea box in the admin: the "Idea box" menu, filters, search, CSV export, editing."""

from django.urls import reverse

from snippets.models import Gesture


def test_menu_has_the_idea_box(admin_client):
    response = admin_client.get("/admin/")
    html = response.content.decode()
    assert '"name": "idea-box"' in html
    assert "Bo\\u00eete \\u00e0 id\\u00e9es" in html or "Boîte à idées" in html


def test_gesture_list_filters_and_search(admin_client, loaded, hidden_gestures):
    url = reverse("wagtailsnippets_snippets_gesture:list")
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Faire les courses d&#x27;un voisin" in response.content.decode()
    response = admin_client.get(url, {"live": "false"})
    html = response.content.decode()
    assert hidden_gestures[0].title in html
    assert "Faire les courses" not in html
    response = admin_client.get(url, {"kind": "collective"})
    html = response.content.decode()
    assert "Ramasser les déchets du parc" in html and "Faire les courses" not in html
    category = Gesture.objects.get(slug="creer-le-site-d-une-association").category
    response = admin_client.get(url, {"category": category.pk})
    html = response.content.decode()
    assert "Trier des dons" in html and "Ramasser les déchets" not in html
    response = admin_client.get(url, {"q": "jardin"})
    html = response.content.decode()
    assert "Entretenir le jardin partagé" in html and "Trier des dons" not in html


def test_csv_export(admin_client, loaded):
    url = reverse("wagtailsnippets_snippets_gesture:list")
    response = admin_client.get(url, {"export": "csv"})
    assert response.status_code == 200
    assert 'filename="gestes.csv"' in response["Content-Disposition"]
    content = b"".join(response.streaming_content).decode("utf-8")
    assert "Faire les courses d'un voisin" in content
    assert "Voisins âgés, Personnes isolées" in content


def test_edit_and_create_pages_open(admin_client, loaded):
    gesture = Gesture.objects.get(slug="entretenir-le-jardin-partage")
    edit = reverse("wagtailsnippets_snippets_gesture:edit", args=[gesture.pk])
    response = admin_client.get(edit)
    assert response.status_code == 200
    assert 'value="outdoors"' in response.content.decode()
    assert admin_client.get(reverse("wagtailsnippets_snippets_gesture:add")).status_code == 200
    categories = reverse("wagtailsnippets_snippets_gesturecategory:list")
    assert admin_client.get(categories).status_code == 200


def test_preview_renders_the_public_page(rf, loaded):
    gesture = Gesture.objects.get(slug="entretenir-le-jardin-partage")
    gesture.title = "Entretenir le jardin (brouillon)"
    response = gesture.serve_preview(rf.get("/"), gesture.default_preview_mode)
    html = response.render().content.decode()
    assert "<h1>Entretenir le jardin (brouillon)</h1>" in html
    assert "/je-participe/?geste=entretenir-le-jardin-partage" in html


def test_csv_export_runs_bounded_queries(admin_client, loaded):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("wagtailsnippets_snippets_gesture:list")

    def export() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(url, {"export": "csv"})
            content = b"".join(response.streaming_content).decode("utf-8")
        return len(queries), content

    before, _content = export()
    model = Gesture.objects.filter(live=True).first()
    for n in range(15):
        gesture = Gesture(
            locale=model.locale,
            title=f"Geste ajouté {n}",
            slug=f"geste-ajoute-{n}",
            summary="Un geste de plus.",
            category=model.category,
            kind=model.kind,
            live=True,
        )
        gesture.tags.add("voisinage", f"étiquette-{n}")
        gesture.save()
    after, content = export()
    assert "voisinage, étiquette-14" in content or "étiquette-14, voisinage" in content
    assert after == before
