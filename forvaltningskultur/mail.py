"""Mail for local runs: the console backend without the mail's contents.

Mails carry registrants' own links (which open their page) and their needs; a server
log is read by more people than should see those. This backend prints only that a
mail went, with its subject (the event's title). To read whole mails locally, set
EMAIL_URL=filemail:///a/private/folder.
"""

from django.core.mail.backends.console import EmailBackend as ConsoleBackend


class RedactedConsoleBackend(ConsoleBackend):
    def write_message(self, message):
        recipients = len(message.recipients())
        self.stream.write(
            f"Mejl skickat: ”{message.subject}” till {recipients} mottagare "
            "(innehållet och adressen skrivs inte i loggen).\n"
        )
