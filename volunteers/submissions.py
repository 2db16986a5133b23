"""What a post of the volunteers' public forms does, from the site's page or from the API
(core/submissions.py): the honeypot, the rate limits, then the service. The views answer its
outcome, each in its own form."""

from __future__ import annotations

from core.ratelimit import which_limit
from core.submissions import Outcome, outcome_of_limit

from . import services, space
from .forms import LinkRequestForm, RegistrationLinkForm, SignUpForm

RATE_LIMIT = 10  # e-mailing forms sent by one client per window (refused forms don't count)
RATE_WINDOW = 60 * 60
TARGET_LIMIT = 3  # e-mails to one typed address per window, whoever asks


def rate_limited(address: str, key: str, email: str = "") -> str:
    """Counts a valid form of the client at `address` to `key`, and one for the typed `email`
    (core/ratelimit.py): CLIENT past RATE_LIMIT within RATE_WINDOW (answered `too_many`), TARGET
    past TARGET_LIMIT for the address (answered as a success, nothing sent: the form reveals
    nothing), else "". Called once a form is valid: a refused form is never counted."""
    return which_limit(
        f"volunteers:{key}",
        address,
        limit=RATE_LIMIT,
        window=RATE_WINDOW,
        target=email,
        target_limit=TARGET_LIMIT,
    )


def submit_sign_up(
    form: SignUpForm, address: str, *, then_action_id: int | None = None, front_end: str = ""
) -> Outcome:
    """A sign-up form posted by the client at `address`: DONE once its confirmation link is
    sent (or as if: a robot, an address past its limit), INVALID, or TOO_MANY. `front_end`: the
    front end on another site it was sent from, whose pages the e-mailed links then open."""
    if form.caught_robot():  # answered as a success, nothing kept (core/honeypot.py)
        return Outcome.DONE
    if not form.is_valid():
        return Outcome.INVALID
    # Only a sign-up that would send an e-mail is counted: a resident who corrects their form
    # three times is never taken for a flood.
    data = form.cleaned_data
    if limited := outcome_of_limit(rate_limited(address, "sign-up", data["email"])):
        return limited
    services.sign_up(
        services.SignUp(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            phone=data["phone"],
            commune=data["commune"],
            gestures=list(data["gestures"]),
            kinds=data["kinds"],
            availability=data["availability"],
            skills=data["skills"],
            heard_from=data["heard_from"],
            contact_consent=data["contact_consent"],
            language=data.get("language") or "",
            then_action_id=then_action_id,
            front_end=front_end,
        )
    )
    return Outcome.DONE


def submit_registration_link_request(form: RegistrationLinkForm, address: str, action) -> Outcome:
    """An e-mail typed to register for `action`: DONE once its magic link is sent to a confirmed
    volunteer (or as if: anyone else, an address past its limit; the answer says the same),
    INVALID, or TOO_MANY. Only a valid form is counted."""
    if not form.is_valid():
        return Outcome.INVALID
    email = form.cleaned_data["email"]
    if limited := outcome_of_limit(rate_limited(address, "registration-link", email)):
        return limited
    services.request_registration_link(email, action)
    return Outcome.DONE


def submit_space_link_request(form: LinkRequestForm, address: str) -> Outcome:
    """An e-mail typed to open the volunteer space: DONE once the job that sends its link is
    queued (or as if: a robot, an address past its limit; the answer says the same whoever
    owns the address), INVALID, or TOO_MANY. Only a valid form is counted."""
    if form.caught_robot():  # answered as a success, nothing sent (core/honeypot.py)
        return Outcome.DONE
    if not form.is_valid():
        return Outcome.INVALID
    email = form.cleaned_data["email"]
    if limited := outcome_of_limit(rate_limited(address, "space-link", email)):
        return limited
    space.request_space_link(email)
    return Outcome.DONE
