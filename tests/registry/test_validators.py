"""The validators behind the official facts: municipality key and SPDX licence."""

from django.core.exceptions import ValidationError

import pytest

from registry.validators import (
    normalise_spdx_expression,
    validate_municipality_key,
    validate_spdx_expression,
)


@pytest.mark.parametrize("key", ["01003000", "13003000", "13074087", "16055000"])
def test_valid_municipality_keys_pass(key):
    validate_municipality_key(key)


@pytest.mark.parametrize(
    ("key", "code", "message_part"),
    [
        ("0100300", "municipality_key_format", "genau 8 Ziffern"),
        ("010030001", "municipality_key_format", "genau 8 Ziffern"),
        ("01OO3000", "municipality_key_format", "genau 8 Ziffern"),
        ("01 03000", "municipality_key_format", "genau 8 Ziffern"),
        ("99003000", "municipality_key_state", "(99) bezeichnen kein Bundesland"),
        ("00003000", "municipality_key_state", "(00) bezeichnen kein Bundesland"),
        ("17003000", "municipality_key_state", "(17) bezeichnen kein Bundesland"),
    ],
)
def test_invalid_municipality_keys_are_refused_with_a_german_message(key, code, message_part):
    with pytest.raises(ValidationError) as caught:
        validate_municipality_key(key)
    assert caught.value.code == code
    assert message_part in " ".join(caught.value.messages)


@pytest.mark.parametrize(
    ("value", "normalised"),
    [
        ("EUPL-1.2", "EUPL-1.2"),
        ("mit", "MIT"),
        ("apache-2.0 or mit", "Apache-2.0 OR MIT"),
        ("  AGPL-3.0-or-later  ", "AGPL-3.0-or-later"),
        ("gpl-3.0+", "GPL-3.0-or-later"),
    ],
)
def test_spdx_expressions_are_normalised(value, normalised):
    assert normalise_spdx_expression(value) == normalised
    validate_spdx_expression(value)


def test_an_unknown_licence_is_named_in_the_message():
    with pytest.raises(ValidationError) as caught:
        normalise_spdx_expression("FOO-1.0 OR MIT")
    message = " ".join(caught.value.messages)
    # Only the unknown part is named, not the valid MIT beside it.
    assert "Unbekannte SPDX-Lizenz: FOO-1.0. Bitte" in message


@pytest.mark.parametrize("value", ["MIT AND", "MIT OR ("])
def test_a_malformed_expression_is_refused(value):
    with pytest.raises(ValidationError) as caught:
        validate_spdx_expression(value)
    assert "kein gültiger SPDX-Ausdruck" in " ".join(caught.value.messages)


def test_an_empty_licence_is_allowed():
    validate_spdx_expression("")
