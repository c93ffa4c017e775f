"""Synonyms the alliance maintains (the snippet follows; until then, none)."""


def synonym_expansions(*, stems: tuple[str, ...]) -> list[tuple[str, ...]]:
    return []
