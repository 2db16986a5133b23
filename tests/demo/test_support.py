"""The demo's help centre: questions for each audience, tickets in every state routed to
Laval's referents, to Mayenne's and to the national team; loading it again changes nothing."""

from demo import support
from support.models import Audience, Question, Ticket


def test_questions_for_each_audience_and_tickets_in_every_state(demo, client):
    assert support.load() == 0
    assert Question.objects.count() == len(support.QUESTIONS)
    assert set(Question.objects.values_list("audience", flat=True)) == set(Audience.values)
    assert set(Ticket.objects.values_list("status", flat=True)) == set(Ticket.Status.values)
    laval = Ticket.objects.get(subject="Action de samedi complète")
    assert laval.routed_commune.code == "53130"
    assert Ticket.objects.filter(routed_commune=None, routed_department=None).exists()
    answered = Ticket.objects.exclude(first_response_at=None)
    assert all(ticket.first_response_at > ticket.created_at for ticket in answered)
    assert all(ticket.email.endswith("exemple.invalid") for ticket in Ticket.objects.all())
    page = client.get("/aide/").content.decode()
    assert "Comment devenir bénévole" in page and 'id="role-du-referent"' in page
