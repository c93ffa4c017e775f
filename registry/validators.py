"""Validators for the official facts a city or project carries."""

from functools import cache

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from .choices import FederalState

municipality_key_format = RegexValidator(
    r"^\d{8}$",
    _("Der Amtliche Gemeindeschlüssel hat genau 8 Ziffern, z. B. 01003000 für Lübeck."),
    code="municipality_key_format",
)


def validate_municipality_key(value):
    """
    The 8-digit Amtlicher Gemeindeschlüssel: 2 digits state, 1 government region,
    2 district, 3 municipality. The state part must name one of the 16 states.
    """
    municipality_key_format(value)
    if value[:2] not in FederalState.values:
        raise ValidationError(
            _(
                "„%(value)s“ ist kein gültiger Gemeindeschlüssel: Die ersten beiden Ziffern "
                "(%(state)s) bezeichnen kein Bundesland (01 bis 16)."
            ),
            code="municipality_key_state",
            params={"value": value, "state": value[:2]},
        )


@cache
def _spdx_licensing():
    # license-expression ships the SPDX licence list, so validation needs no network.
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()


def normalise_spdx_expression(value):
    """Return the canonical spelling of an SPDX expression, or raise ValidationError."""
    licensing = _spdx_licensing()
    try:
        info = licensing.validate(value.strip(), strict=True)
    except Exception:  # the parser raises on some malformed expressions instead of reporting
        info = None
    if info is None or info.errors or info.invalid_symbols:
        unknown = ", ".join(sorted(str(s) for s in info.invalid_symbols)) if info else ""
        if unknown:
            message = _(
                "Unbekannte SPDX-Lizenz: %(unknown)s. Bitte eine Kennung aus der "
                "SPDX-Lizenzliste verwenden, z. B. „EUPL-1.2“, „MIT“ oder "
                "„AGPL-3.0-or-later“."
            )
        else:
            message = _(
                "„%(value)s“ ist kein gültiger SPDX-Ausdruck. Beispiel: „Apache-2.0 OR MIT“."
            )
        raise ValidationError(message, code="spdx", params={"unknown": unknown, "value": value})
    return info.normalized_expression


def validate_spdx_expression(value):
    if value:
        normalise_spdx_expression(value)
