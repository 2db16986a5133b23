"""Public URLs of the pages app, placed before Wagtail's page URLs."""

urlpatterns = []
