from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerNetworkKind(models.TextChoices):
    """Where a partner network's projects come from (discovery.models.PartnerNetwork)."""

    # Another installation of this software, read through its API (discovery.harvest).
    INSTALLATION = "installation", _("Installation dieser Software")
    # publiccode.yml files, as Developers Italia and openCode crawl them
    # (discovery.publiccode_harvest).
    PUBLICCODE_CATALOGUE = "publiccode", _("Katalog von publiccode.yml-Dateien")
