"""EMAIL_BACKEND and its EMAIL_* variables give a mailer that sends, for each backend."""

from django.core import mail
from django.core.exceptions import ImproperlyConfigured

import pytest

from config.settings.base import mailers_from_environment
from smtp_sink import free_port, smtp_server


def send_through(settings, environ) -> None:
    settings.MAILERS = mailers_from_environment(environ)
    mail.send_mail("Testbetreff", "Testnachricht", "von@example.org", ["an@example.org"])


def test_smtp_gets_host_port_and_timeout(settings):
    port = free_port()
    with smtp_server(port) as inbox:
        send_through(
            settings, {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port), "EMAIL_TIMEOUT": "5"}
        )
    [(recipients, message)] = inbox.messages()
    assert recipients == ["an@example.org"]
    assert message["Subject"] == "Testbetreff"


def test_console_backend_prints_the_mail(settings, capsys):
    send_through(settings, {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"})
    assert "Subject: Testbetreff" in capsys.readouterr().out


def test_file_backend_writes_into_email_file_path(settings, tmp_path):
    folder = tmp_path / "mail"
    send_through(
        settings,
        {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(folder),
        },
    )
    [written] = folder.iterdir()
    assert b"Subject: Testbetreff" in written.read_bytes()


def test_file_backend_without_a_folder_is_refused_at_start():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_FILE_PATH"):
        mailers_from_environment(
            {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend"}
        )


def test_locmem_backend_keeps_the_mail(settings, mailoutbox):
    send_through(settings, {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"})
    assert [message.subject for message in mailoutbox] == ["Testbetreff"]
