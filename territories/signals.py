"""Signals of the territories.

`imported` is sent when an import of the reference data (services.import_territories) changed
rows. The import writes in bulk, so Django's `post_save` and `post_delete` are never sent for
its rows: the apps above that keep something derived from the territories (a commune's name in
the pages' chrome, in a kit) listen to this one instead. Sent inside the import's transaction,
with `report` (services.ImportReport)."""

from django.dispatch import Signal

imported = Signal()
