"""The volunteers' public forms as JSON endpoints of the API, for a front end on another site:
the same forms and submissions as the site's pages (volunteers/submissions.py), answered in
JSON (core/submissions.py). Nothing of what was sent is echoed back."""

from django.http import JsonResponse
from django.utils.translation import gettext as _

from core.clients import client_address
from core.submissions import answer, write_endpoint
from pages.models import ActionPage
from pages.tree import public_only

from .. import submissions
from ..forms import LinkRequestForm, RegistrationLinkForm, SignUpForm


@write_endpoint
def sign_up(request, data, files):
    """POST /api/v2/sign-up/: 202 once the confirmation link is on its way (nothing is public
    before the volunteer clicks it), 400 with the errors of each field, 429 past the limit."""
    form = SignUpForm(data)  # the live gestures may be chosen, by id
    outcome = submissions.submit_sign_up(form, client_address(request))
    return answer(
        outcome,
        form,
        _(
            "If this address can receive our e-mails, a message is on its way. Open the link it "
            "contains within 7 days to confirm your sign-up."
        ),
    )


@write_endpoint
def registration_link(request, data, files, pk: int):
    """POST /api/v2/actions/<id>/registration-link/: the e-mail of a confirmed volunteer gets
    the magic link that registers them (on the site's page, where the device is then
    recognised); anyone else gets nothing, and the answer is the same either way: 202."""
    action = (
        public_only(ActionPage.objects.live()).filter(pk=pk, registration_required=True).first()
    )
    if action is None:
        return JsonResponse({"message": _("No action takes registrations here.")}, status=404)
    form = RegistrationLinkForm(data)
    outcome = submissions.submit_registration_link_request(form, client_address(request), action)
    return answer(
        outcome,
        form,
        _("If this address belongs to a confirmed volunteer, a registration link is on its way."),
    )


@write_endpoint
def space_link(request, data, files):
    """POST /api/v2/space-link/: the link to the volunteer space is e-mailed to a confirmed
    volunteer (an unconfirmed one gets their confirmation link again, anyone else nothing); the
    answer is the same for anyone: 202. The space itself stays on the site's pages."""
    form = LinkRequestForm(data)
    outcome = submissions.submit_space_link_request(form, client_address(request))
    return answer(
        outcome,
        form,
        _(
            "If this address belongs to a volunteer, a message is on its way with the link to "
            "your space. The link is valid for 48 hours."
        ),
    )
