from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """
    The demo content: data files and the loader behind `manage.py
    load_demo_content`. It sits on top of every other app and nothing imports it.
    """

    name = "demo"
    verbose_name = _("Demo-Inhalte")
