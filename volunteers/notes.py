"""The referents' notes on a volunteer: written and deleted in the admin by whoever sees the
volunteer there (the admin views check the scope), kept dated and signed."""

from __future__ import annotations

from .models import ReferentNote, Volunteer


def add_note(volunteer: Volunteer, author, text: str) -> ReferentNote:
    return ReferentNote.objects.create(volunteer=volunteer, author=author, text=text.strip())


def delete_note(volunteer: Volunteer, pk: int) -> bool:
    """Deletes the volunteer's note `pk`; False when they have no such note."""
    deleted, _ = ReferentNote.objects.filter(volunteer=volunteer, pk=pk).delete()
    return bool(deleted)


def notes_of(volunteer: Volunteer):
    return volunteer.notes.select_related("author")
