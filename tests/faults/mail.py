"""The mail server of the fault-injection tests, for a worker in another process: Django's file
backend (one file per connection, i.e. per message sent), a little slow as SMTP is, so that a
worker is killed while messages are in flight."""

import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        time.sleep(0.02)
        return super().send_messages(email_messages)
