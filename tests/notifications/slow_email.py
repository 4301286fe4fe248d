"""A file e-mail backend that takes its time (``OCOP_TEST_EMAIL_DELAY`` seconds per send), so a
test can kill a worker in the middle of a run. It waits *before* writing: a worker killed while
waiting has sent nothing for that delivery."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("OCOP_TEST_EMAIL_DELAY", "0")))
        return super().send_messages(email_messages)
