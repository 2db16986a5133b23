"""manage.py reset_otp <username>: removes a user's second factor (a lost phone); they enrol
again at their next log-in if their role requires it."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.two_factor import reset


class Command(BaseCommand):
    help = "Remove a user's two-factor devices (authenticator and recovery codes)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        removed = reset(user)
        self.stdout.write(f"{removed} device(s) removed for {username}.")
