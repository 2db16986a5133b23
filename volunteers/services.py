"""The rules of the volunteers: signing up with a double opt-in, the pools (a commune that
joined gets its volunteers, the others wait), who may see whom, and registrations to actions
with a capacity and a waiting list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django_q.tasks import async_task
from wagtail.models import Page

from core import api_cache
from core import email as core_email
from core.addresses import absolute_url, link_language, page_url_in, url_on_site
from core.outbox import key_of
from onboarding.roles import is_engaged
from pages import purge
from pages.agenda.feeds import source_of
from pages.agenda.queries import action_context, location_of
from pages.models import ActionPage, CommunePage
from pages.themes import email_theme
from territories.models import Commune

from . import access, tokens
from .gestures import choose_gestures
from .hours import figures_changed
from .models import Registration, Volunteer, join_codes
from .sites import front_end_link, page_for_links

UNCONFIRMED_KEPT_FOR = timedelta(days=30)
Status = Registration.Status


# --- E-mails ----------------------------------------------------------------------------


def unsubscribe_url(volunteer: Volunteer, *, language: str | None = None) -> str:
    """E-mailed links are in the volunteer's language (`language`: a page's, on a page)."""
    return absolute_url(
        "volunteers:unsubscribe",
        on=page_for_links(volunteer),
        language=language or volunteer.language,
        token=tokens.make(tokens.UNSUBSCRIBE, {"v": volunteer.pk}),
    )


def stop_emails_url(volunteer: Volunteer) -> str:
    """The address of the List-Unsubscribe header: it stops e-mails, nothing else."""
    token = tokens.make(
        tokens.STOP_EMAILS, {"v": volunteer.pk, "h": tokens.address_mark(volunteer.email)}
    )
    return absolute_url(
        "volunteers:stop_emails",
        on=page_for_links(volunteer),
        language=volunteer.language,
        token=token,
    )


def stop_emails(volunteer: Volunteer) -> None:
    """No more reminders, follow-ups or news (the commune that joined): what a mail client's
    "unsubscribe" means. Their sign-up and registrations stay; the answers to what they ask
    (links) and the news of their places (a place freed for them) are still sent."""
    if volunteer.emails_stopped_at is None:
        volunteer.emails_stopped_at = timezone.now()
        volunteer.save(update_fields=["emails_stopped_at"])


def resume_emails(volunteer: Volunteer) -> None:
    if volunteer.emails_stopped_at is not None:
        volunteer.emails_stopped_at = None
        volunteer.save(update_fields=["emails_stopped_at"])


# The e-mails that carry a link to the volunteer's space (valid 48 hours).
SPACE_LINKED = {
    "registered",
    "waiting_list",
    "promoted",
    "reminder",
    "hours",
    "commune_joined",
    "schedule_change",
}


def send_email(
    template: str,
    to: str,
    context: dict,
    *,
    cancel_url: str,
    attachments: list[tuple[str, str, str]] | None = None,
    key: str | None = None,
) -> None:
    """One of the volunteers' e-mails (templates/volunteers/emails/), in the colours of the
    commune it is about, with its cancellation link in the body, and the link to the
    volunteer's space when it carries one. Its List-Unsubscribe header stops e-mails
    (`stop_emails_url`): it never cancels a registration nor erases a sign-up. `key`: what it
    is about, sent once (core.email.send_email); it is written in the caller's transaction."""
    volunteer = context.get("volunteer")
    commune = context.get("commune") or getattr(volunteer, "commune", None)
    confirmed = volunteer is not None and volunteer.is_confirmed and volunteer.erased_at is None
    if confirmed and template in SPACE_LINKED:
        from .space import space_url

        context = {**context, "space_url": space_url(volunteer)}
    core_email.send_email(
        f"volunteers/emails/{template}",
        to,
        context,
        theme=email_theme(commune, context.get("department_id")),
        cancel_url=cancel_url,
        # An unconfirmed sign-up's header keeps its cancel link (the sign-up's deletion).
        unsubscribe_url=stop_emails_url(volunteer) if confirmed else "",
        attachments=attachments,
        key=key,
        # In the language they chose (French unless they chose another).
        language=getattr(volunteer, "language", None),
    )


# --- Signing up -------------------------------------------------------------------------


@dataclass
class SignUp:
    first_name: str
    last_name: str
    email: str
    phone: str
    commune: Commune
    gestures: list
    kinds: list[str]
    availability: list[str]
    skills: str
    heard_from: str
    contact_consent: bool
    # The language of their e-mails ("" or unknown: the language of the page they signed up on).
    language: str = ""
    # The action the person came from (its page's "register" link), if any: once confirmed,
    # the confirmation page leads back to it, where the device now registers in one click.
    then_action_id: int | None = None
    # The front end on another site the form was sent from (volunteers/sites.py), if any.
    front_end: str = ""


def language_of(code: str) -> str:
    """A language of the site: the one chosen, else the page's, else the default."""
    known = dict(settings.LANGUAGES)
    for candidate in (code, translation.get_language() or "", settings.LANGUAGE_CODE):
        if candidate in known:
            return candidate
    return settings.LANGUAGE_CODE


def normalise_email(email: str) -> str:
    return email.strip().lower()


@transaction.atomic  # the sign-up and its e-mail (the outbox) are saved together or not at all
def sign_up(data: SignUp) -> Volunteer:
    """Records an unconfirmed sign-up and e-mails its confirmation link. An address already
    known creates nothing: its owner gets the link again (unconfirmed) or a reminder that they
    are signed up (confirmed); the person filling the form is told the same either way.
    The same new address sent several times at once (a double click) makes one volunteer: the
    request that creates it sends its link, those that lose the race find it and send nothing."""
    email = normalise_email(data.email)
    existing = Volunteer.objects.filter(email=email).first()
    if existing is not None:
        if existing.is_confirmed:
            send_email(
                "already_signed_up",
                existing.email,
                {"volunteer": existing},
                cancel_url=unsubscribe_url(existing),
            )
        else:
            if data.front_end != existing.front_end:  # their links open where they now are
                existing.front_end = data.front_end
                existing.save(update_fields=["front_end"])
            send_confirmation(existing, then_action_id=data.then_action_id)
        return existing
    try:
        with transaction.atomic():
            volunteer = Volunteer.objects.create(
                first_name=data.first_name.strip(),
                last_name=data.last_name.strip(),
                email=email,
                phone=data.phone,
                commune=data.commune,
                kinds=join_codes(data.kinds),
                availability=join_codes(data.availability),
                skills=data.skills.strip(),
                heard_from=data.heard_from.strip(),
                charter_accepted_at=timezone.now(),
                contact_consent=data.contact_consent,
                language=language_of(data.language),
                front_end=data.front_end,
            )
            if data.gestures:
                choose_gestures(volunteer, data.gestures)
    except IntegrityError:
        # The address's unique constraint: another request created it a moment ago, and sends
        # its link. (Anything else raises again below.)
        winner = Volunteer.objects.filter(email=email).first()
        if winner is None:
            raise
        return winner
    send_confirmation(volunteer, then_action_id=data.then_action_id)
    return volunteer


def send_confirmation(volunteer: Volunteer, *, then_action_id: int | None = None) -> None:
    value = {"v": volunteer.pk, "h": tokens.address_mark(volunteer.email)}
    if then_action_id is not None:
        value["a"] = then_action_id
    token = tokens.make(tokens.CONFIRM, value)
    confirm_url = front_end_link(volunteer, "confirm", token) or absolute_url(
        "volunteers:confirm",
        on=page_for_links(volunteer),
        language=volunteer.language,
        token=token,
    )
    send_email(
        "confirm",
        volunteer.email,
        {"volunteer": volunteer, "confirm_url": confirm_url},
        cancel_url=unsubscribe_url(volunteer),
    )


def action_to_register_for(action_id) -> ActionPage | None:
    """The live action, open to registration, that a sign-up came from (a number from the
    query string or a link: anything else is none)."""
    try:
        pk = int(action_id)
    except (TypeError, ValueError):
        return None
    if not 0 < pk < 2**31:
        return None
    return ActionPage.objects.live().public().filter(pk=pk, registration_required=True).first()


def commune_sign_up_url(action: ActionPage, request: HttpRequest | None = None) -> str:
    """The sign-up form of the action's commune (else the national one), which leads back to
    the action once the sign-up is confirmed; on the site `request` is on when it answers
    there (a territory's own address), as a path."""
    commune_page = CommunePage.objects.ancestor_of(action).live().first()
    commune_url = url_on_site(commune_page, request) if commune_page is not None else ""
    base = f"{commune_url}je-participe/" if commune_url else reverse("volunteers:sign_up")
    return f"{base}?action={action.pk}"


def volunteer_from_token(purpose: str, token: str) -> Volunteer:
    """The volunteer a link was made for; raises tokens.InvalidLink (or ExpiredLink)."""
    value = tokens.read(purpose, token)
    volunteer = Volunteer.objects.select_related("commune").filter(pk=value.get("v")).first()
    if volunteer is not None and volunteer.erased_at is not None:
        raise tokens.ErasedLink
    if volunteer is None or not matches_address(value, volunteer):
        raise tokens.InvalidLink
    return volunteer


def matches_address(value: dict, volunteer: Volunteer) -> bool:
    """A link made for another address (the volunteer changed it since) opens nothing. Links
    sent before the address was hashed carry it as "e"; they stay valid until they expire."""
    if "h" in value and value["h"] != tokens.address_mark(volunteer.email):
        return False
    return "e" not in value or value["e"] == volunteer.email


@transaction.atomic  # the confirmation, the hand-over and the referents' e-mails together
def confirm(volunteer: Volunteer) -> Volunteer:
    """The link was clicked: the sign-up counts. An engaged commune's referents are told at
    once; elsewhere the volunteer waits until the commune joins. Clicking twice, or ten times
    at once, changes nothing more: the one request whose conditional update confirms the row
    hands the volunteer over; the others find it confirmed."""
    now = timezone.now()
    with transaction.atomic():
        confirmed = Volunteer.objects.filter(
            pk=volunteer.pk, confirmed_at__isnull=True, erased_at__isnull=True
        ).update(confirmed_at=now)
        if confirmed:
            api_cache.changed()  # the figures count them (an update sends no signal)
            volunteer.confirmed_at = now
            figures_changed()  # an update() sends no post_save
            if is_engaged(volunteer.commune):
                hand_over([volunteer], volunteer.commune, tell_volunteers=False)
    if not confirmed:
        volunteer.refresh_from_db(fields=["confirmed_at", "handed_over_at"])
    return volunteer


def purge_unconfirmed(now=None) -> int:
    """Deletes the sign-ups never confirmed within 30 days; returns how many."""
    limit = (now or timezone.now()) - UNCONFIRMED_KEPT_FOR
    _deleted, by_model = Volunteer.objects.filter(
        confirmed_at__isnull=True, created_at__lt=limit
    ).delete()
    return by_model.get("volunteers.Volunteer", 0)


def unsubscribe(volunteer: Volunteer) -> None:
    """The volunteer leaves: their places go to the next on each waiting list, then their
    personal data is erased (the anonymous row stays for the figures, see space.erase)."""
    from .space import erase

    erase(volunteer)


# --- Pools ------------------------------------------------------------------------------


def hand_over(volunteers: list[Volunteer], commune: Commune, *, tell_volunteers: bool) -> int:
    """The volunteers now belong to the commune's referents, who are told (now, or in their
    daily digest: see notifications.py). Only those not handed over yet count: their rows are
    locked, so that two hand-overs at once (a confirmation and the commune joining) tell the
    referents of each volunteer once. Returns how many were handed over."""
    if not volunteers:
        return 0
    from .notifications import tell_referents

    now = timezone.now()
    with transaction.atomic():
        taken = set(
            Volunteer.objects.select_for_update()
            .filter(pk__in=[v.pk for v in volunteers], handed_over_at__isnull=True)
            .values_list("pk", flat=True)
        )
        if not taken:
            return 0
        Volunteer.objects.filter(pk__in=taken).update(handed_over_at=now)
        volunteers = [volunteer for volunteer in volunteers if volunteer.pk in taken]
        for volunteer in volunteers:
            volunteer.handed_over_at = now
        tell_referents(
            commune,
            len(volunteers),
            key=key_of("handover", "-".join(str(v.pk) for v in volunteers), commune.pk),
        )
    if tell_volunteers:
        for volunteer in volunteers:
            if volunteer.emails_stopped_at is not None:
                continue
            send_email(
                "commune_joined",
                volunteer.email,
                {"volunteer": volunteer, "commune": commune},
                cancel_url=unsubscribe_url(volunteer),
                key=key_of("commune_joined", volunteer.pk, commune.pk),
            )
    return len(volunteers)


def hand_over_waiting_volunteers(commune: Commune) -> int:
    """Called when a commune is engaged: its waiting volunteers are handed to its referents
    and told that their commune has joined. Returns how many were waiting."""
    waiting = list(Volunteer.objects.waiting().filter(commune=commune))
    return hand_over(waiting, commune, tell_volunteers=True)


def waiting_counts() -> QuerySet[Commune]:
    """The communes where confirmed volunteers wait, with `waiting` (their number), most
    first: the list to prospect. Counts only, never who."""
    return (
        Commune.objects.filter(
            volunteers__confirmed_at__isnull=False,
            volunteers__handed_over_at__isnull=True,
            volunteers__erased_at__isnull=True,
        )
        .annotate(waiting=Count("volunteers"))
        .select_related("department")
        .order_by("-waiting", "name")
    )


# --- Who sees whom ----------------------------------------------------------------------
# The rules and their table are in access.py; these names stay for the callers.


def visible_volunteers(user) -> QuerySet[Volunteer]:
    """The volunteers `user` lists, exports and annotates (access.listed_volunteers)."""
    return access.listed_volunteers(user)


def may_see_volunteers(user) -> bool:
    """Whether `user` lists volunteers one by one (their referents only)."""
    return access.may(user, access.LIST)


def may_prospect(user) -> bool:
    return access.may_prospect(user)


# --- Registrations ----------------------------------------------------------------------


def calendar_links(volunteer: Volunteer) -> dict[str, str]:
    """For the e-mails: the page of their own calendar (subscribe, new address)."""
    from .calendar import renew_url

    return {"calendar_url": renew_url(volunteer)}


class RegistrationError(Exception):
    pass


def holder_of(action):
    """The action whose places a registration holds: the French one, whichever language its
    page was read in. A translation is the same action (its dates, capacity and calendar UID
    are the French one's): registered on its English page, a volunteer takes one of the French
    action's places, is counted against its capacity and reminded of the event the public
    feeds hold. The action itself when it is French (no query once its locale is read) or has
    no live French version."""
    french = source_of(action)  # the French page a feed in another language holds
    return action if french.pk == action.pk else french.specific


def in_language_of(action, language: str | None):
    """The page of `action` a volunteer reads in `language` (their e-mails, a page of theirs),
    whichever page of it they came from (an English action page asked for a French volunteer's
    link): its live translation, else its French version (`holder_of`, itself when French)."""
    if link_language(language) == settings.LANGUAGE_CODE:
        return holder_of(action)
    translated = (
        ActionPage.objects.live()
        .filter(translation_key=action.translation_key, locale__language_code=language)
        .first()
    )
    return translated or holder_of(action)


@transaction.atomic  # the registration and its e-mail together
def register(volunteer: Volunteer, action) -> Registration:
    """Registers a confirmed volunteer for an action (its French version: `holder_of`): a place
    while there is one, else the waiting list. The action's row is locked for the count
    (PostgreSQL); on SQLite the IMMEDIATE transaction already lets one writer in at a time.
    Registering again changes nothing; after a cancellation it asks again, at the end of the
    line."""
    if not volunteer.is_confirmed:
        raise RegistrationError("unconfirmed")
    action = holder_of(action)
    with transaction.atomic():
        locked = Page.objects.select_for_update().filter(pk=action.pk).first()
        if locked is None:
            raise RegistrationError("gone")
        registration = (
            Registration.objects.select_for_update()
            .filter(volunteer=volunteer, action_id=action.pk)
            .first()
        )
        if registration is not None and registration.status != Status.CANCELLED:
            return registration
        status = Status.REGISTERED if _has_place(action) else Status.WAITING
        if registration is None:
            registration = Registration.objects.create(
                volunteer=volunteer,
                action_id=action.pk,
                status=status,
                requested_at=timezone.now(),
            )
        else:
            registration.status = status
            registration.requested_at = timezone.now()
            registration.save(update_fields=["status", "requested_at", "updated_at"])
        purge.purge_page_on_commit(locked)  # its places left, kept by the proxy's cache
    send_email(
        "registered" if status == Status.REGISTERED else "waiting_list",
        volunteer.email,
        {
            "volunteer": volunteer,
            **where_and_link(action, volunteer.language),
            **calendar_links(volunteer),
        },
        cancel_url=cancel_url(registration),
        key=key_of("registered", registration.pk, status, registration.requested_at.isoformat()),
    )
    return registration


def where_and_link(action, language: str | None = None) -> dict:
    """What an e-mail about a place in an action says besides its date: the action (its title),
    where, and its page, in `language`, the volunteer's, where the action is translated."""
    read = in_language_of(action, language)
    return {
        "action": read,
        "location": location_of(read),
        "action_url": page_url_in(read, language),
    }


def _has_place(action) -> bool:
    left = places_left(action)
    return left is None or left > 0


def places_left(action) -> int | None:
    """The places still free (None: no limit). The action's `capacity` is its number of
    places, not what is left of them: a full action has 0 left, whatever its capacity."""
    if action.capacity is None:
        return None
    taken = Registration.objects.filter(action_id=action.pk, status=Status.REGISTERED).count()
    return max(action.capacity - taken, 0)


def registration_open(action, now=None) -> bool:
    """Registering is possible: the action asks for it, is not cancelled (nor, for a single
    action, its one date), and is not over (a repeated action is never over here: it has more
    dates)."""
    now = now or timezone.now()
    if not action.registration_required or action.status == "cancelled":
        return False
    if action.cancelled_once:
        return False
    return bool(action.rrule) or action.end >= now


@dataclass(frozen=True)
class RegistrationState:
    """What an action's page says of its places, and of the visitor's registration when their
    device recognises them (volunteers/devices.py)."""

    capacity: int | None
    places_left: int | None
    open: bool
    recognised: bool
    registration: Registration | None  # theirs, not cancelled

    @property
    def full(self) -> bool:
        return self.places_left == 0


def registration_state(action, volunteer: Volunteer | None) -> RegistrationState:
    """Two queries at most (three on a translation's page: its French action, `holder_of`):
    the places taken, and the recognised volunteer's registration."""
    action = holder_of(action)
    registration = None
    if volunteer is not None:
        registration = (
            Registration.objects.filter(volunteer=volunteer, action_id=action.pk)
            .exclude(status=Status.CANCELLED)
            .first()
        )
    return RegistrationState(
        capacity=action.capacity,
        places_left=places_left(action),
        open=registration_open(action),
        recognised=volunteer is not None,
        registration=registration,
    )


def registration_summary(registration: Registration, action, request=None) -> dict:
    """The success page of a registration: the action's dates, place and calendar links (the
    action page's own, pages/agenda/queries.action_context), the cancel link and the space."""
    from .space import space_url  # space.py imports this module

    language = translation.get_language()  # the page's, not the volunteer's

    def on_this_site(url: str) -> str:  # e-mails need the absolute address, a page its path
        return urlsplit(url).path

    return {
        **action_context(action, request),
        "location": location_of(action),
        "cancel_url": on_this_site(cancel_url(registration, language=language)),
        "space_url": on_this_site(space_url(registration.volunteer, language=language)),
    }


def cancel_token(registration: Registration) -> str:
    """What the cancel link carries; the API takes it too (views/api.py)."""
    return tokens.make(tokens.CANCEL, {"r": registration.pk})


def cancel_url(registration: Registration, *, language: str | None = None) -> str:
    return absolute_url(
        "volunteers:cancel",
        on=registration.action,
        language=language or registration.volunteer.language,
        token=cancel_token(registration),
    )


def registration_from_token(token: str) -> Registration:
    value = tokens.read(tokens.CANCEL, token)
    registration = (
        Registration.objects.select_related("volunteer", "action").filter(pk=value.get("r")).first()
    )
    if registration is None:
        raise tokens.InvalidLink
    if registration.volunteer.erased_at is not None:
        raise tokens.ErasedLink
    return registration


@transaction.atomic  # the cancellation, the promotion and its e-mail together
def cancel_registration(registration: Registration) -> Registration | None:
    """Cancels a registration; a freed place goes to the first on the waiting list, who is
    told. Returns the promoted registration, if any."""
    promoted = None
    with transaction.atomic():
        action = Page.objects.select_for_update().get(pk=registration.action_id).specific
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Status.CANCELLED:
            return None
        had_place = registration.status == Status.REGISTERED
        registration.status = Status.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
        purge.purge_page_on_commit(action)  # a place freed
        if had_place and _has_place(action):
            promoted = (
                Registration.objects.select_for_update()
                .select_related("volunteer")
                .filter(action_id=action.pk, status=Status.WAITING)
                .order_by("requested_at", "pk")
                .first()
            )
            if promoted is not None:
                promoted.status = Status.REGISTERED
                promoted.save(update_fields=["status", "updated_at"])
    if promoted is not None:
        send_email(
            "promoted",
            promoted.volunteer.email,
            {
                "volunteer": promoted.volunteer,
                **where_and_link(action, promoted.volunteer.language),
                **calendar_links(promoted.volunteer),
            },
            cancel_url=cancel_url(promoted),
            key=key_of("promoted", promoted.pk, promoted.requested_at.isoformat()),
        )
    return promoted


def registration_link(volunteer: Volunteer, action) -> str:
    """The magic link that registers `volunteer` for `action` in one step."""
    token = tokens.make(
        tokens.REGISTER,
        {"v": volunteer.pk, "a": action.pk, "h": tokens.address_mark(volunteer.email)},
    )
    return front_end_link(volunteer, "register", token) or absolute_url(
        "volunteers:register", on=action, language=volunteer.language, token=token
    )


# The job that answers a request for a registration link (see request_registration_link).
REGISTRATION_LINK_JOB = "volunteers.jobs.send_registration_link"


def request_registration_link(email: str, action) -> None:
    """Someone asked to register for `action` with `email`: the same job is queued whatever
    the address (a volunteer's, an unconfirmed sign-up's, an unknown one) and the request looks
    nothing up, so that its time and queries tell no one whether the address is signed up (the
    job decides, send_registration_link). Its result is not kept (`save=False`): the typed
    address stays in the queue only until a worker takes the job."""
    async_task(REGISTRATION_LINK_JOB, normalise_email(email), action.pk, group="email", save=False)


def send_registration_link(email: str, action) -> None:
    """The job: a confirmed volunteer gets a magic link to register for `action`; anyone else
    gets nothing (no e-mail to an address that never gave itself to the platform). The page
    that asked says the same either way."""
    volunteer = Volunteer.objects.confirmed().filter(email=normalise_email(email)).first()
    if volunteer is None:
        return
    send_email(
        "registration_link",
        volunteer.email,
        {
            "volunteer": volunteer,
            # In their language, not that of the page they asked from.
            "action": in_language_of(action, volunteer.language),
            "link": registration_link(volunteer, action),
        },
        cancel_url=unsubscribe_url(volunteer),
    )
