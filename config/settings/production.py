"""Production: everything from base, plus a mandatory secret key and HTTPS."""

import os

from .base import *  # noqa: F403
from .base import SECRET_KEY, require_secret_key

SECRET_KEY = require_secret_key(SECRET_KEY)
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
# On a host name below a city's domain (wissensnetz.stadt.de) both only
# concern names below that host: includeSubDomains covers them, and the
# preload list accepts only registrable domains, so `preload` does nothing
# until a domain's owner submits it. On a domain of its own with HTTP-only
# subdomains, set both to false (README: Umgebungsvariablen).
SECURE_HSTS_INCLUDE_SUBDOMAINS = (
    os.environ.get("SECURE_HSTS_INCLUDE_SUBDOMAINS", "true").lower() == "true"
)
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "true").lower() == "true"
