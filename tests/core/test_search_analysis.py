"""
The German analysis behind every search: a word is found in whatever form and
spelling it is typed, and a part of a compound finds the compound
("Beleuchtung" finds "Straßenbeleuchtung"), while words that are no compounds
keep their meaning ("Ausbau" does not answer a search for "Bau").

The analysis is pure Python on wordfreq's German word list: no database.
"""

from pathlib import Path

import pytest
import yaml

from core.search.analysis import (
    MAX_SPLIT_LENGTH,
    analyse,
    compound_parts,
    compound_tree,
    normalise,
    stem,
    words,
)

LABELLED_SPLITS = Path(__file__).with_name("compound_splits.yaml")


def terms(text: str) -> set[str]:
    """Every term the analysis gives `text`: its words' stems and their parts' stems."""
    return {term for word in analyse(text) for term in (word.stem, *word.parts)}


def finds(query: str, text: str) -> bool:
    """Whether every word of `query` has a term in common with `text`."""
    return all(stem(word) in terms(text) for word in words(query))


# --- Forms and spellings ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("Parkplatz", "Neue Parkplätze am Hafen"),
        ("Parkplätze", "Der Parkplatz ist voll"),
        ("Hochwasser", "Die Folgen des Hochwassers"),
        ("Termin", "Alle Termine im Überblick"),
        ("Termine", "Ihr Termin beim Bürgeramt"),
        ("Straße", "Strasse der Republik"),
        ("Strasse", "Straße der Republik"),
        ("Bürger", "Buerger fragen, die Stadt antwortet"),
        ("Buerger", "Bürger fragen, die Stadt antwortet"),
        ("Mobilität", "MOBILITÄT IN DER ALTSTADT"),
    ],
)
def test_a_word_is_found_in_every_form_and_spelling(query, text):
    assert finds(query, text)


def test_different_words_keep_different_stems():
    assert stem("Hafen") != stem("Hof")
    assert stem("Rat") != stem("Rad")
    assert not finds("Bau", "Ausbau der Radwege")


def test_spellings_with_and_without_umlauts_split_alike():
    assert compound_parts("Strassenbeleuchtung") == compound_parts("Straßenbeleuchtung")
    assert compound_parts("Buergerbeteiligung") == compound_parts("Bürgerbeteiligung")
    assert compound_parts("Waermeplanung") == compound_parts("Wärmeplanung")


# --- Compounds -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        # Every node of the split below the word, top-level parts first.
        ("Parkraumsensoren", ("parkraum", "sensor", "park", "raum")),
        ("Hochwasserschutz", ("hochwass", "schutz", "hoch", "wass")),
        # Snowball gives Bürger the stem of Burg; what matters is that a search
        # for "Bürger" has it too, and that the split is Bürger + Beteiligung,
        # not Burg + er + Beteiligung.
        ("Bürgerbeteiligung", (stem("Bürger"), "beteil")),
        ("Beteiligungsplattform", ("beteil", "plattform")),
        ("Straßenbeleuchtung", ("strass", "beleucht")),
        ("Parkplatz", ("park", "platz")),
        ("Breitbandausbau", ("breitband", "ausbau", "breit", "band")),
    ],
)
def test_a_compound_is_split_into_the_stems_of_its_parts(word, parts):
    assert compound_parts(word) == parts


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("Beleuchtung", "Smarte Straßenbeleuchtung in Wismar"),
        ("Straßen", "Smarte Straßenbeleuchtung in Wismar"),
        ("Strasse", "Smarte Straßenbeleuchtung in Wismar"),
        ("Sensoren", "Parkraumsensoren am Hafen"),
        ("Parkraum", "Parkraumsensoren am Hafen"),
        ("Park", "Parkraumsensoren am Hafen"),
        ("Wasser", "Hochwasserschutz an der Küste"),
        ("Plattform", "Die Beteiligungsplattform geht online"),
        ("Bürger", "Buergerbeteiligung zum Hafenumbau"),
        ("Gesetz", "Das Onlinezugangsgesetz verpflichtet die Kommunen"),
        ("Verwaltung", "Verwaltungsdigitalisierung in Rostock"),
    ],
)
def test_a_part_finds_the_compound(query, text):
    assert finds(query, text)


@pytest.mark.parametrize(
    "word",
    [
        # Names and acronyms
        "Stralsund",
        "Wismar",
        "Rostock",
        "LoRaWAN",
        "OZG",
        "PostgreSQL",
        # Simple words and derivations
        "Sensor",
        "Verwaltung",
        "Beteiligung",
        "Plattform",
        "Digitalisierung",
        # Verb particles, prepositions and suffixes are no parts
        "Ausbau",
        "Durchführung",
        "Unterlagen",
        "Weiterbildung",
        "weitergeben",
        "Wissenschaft",
        "Sicherheit",
        "kostenlos",
        # Feminine nouns and participles end in suffixes, not in words
        "Bürgerinnen",
        "Besucherinnen",
        "fehlende",
        "betreibenden",
    ],
)
def test_a_word_that_is_no_compound_keeps_its_meaning(word):
    assert compound_parts(word) == ()


# --- Hyphens, digits, acronyms ---------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("Smart-City-Projekt", ("smart", "city", "projekt")),
        ("E-Mobilität", ("mobilitat",)),
        ("5G-Netz", ("5g", "netz")),
        ("LoRaWAN-Gateway", ("lorawan", "gateway")),
        ("Hochwasser-Frühwarnung", ("hochwass", "fruhwarn", "hoch", "wass", "fruh", "warnung")),
    ],
)
def test_hyphens_split_where_the_writer_split(word, parts):
    assert compound_parts(word) == parts


def test_a_hyphenated_word_is_one_word_with_one_stem():
    assert words("Das Smart-City-Projekt der Hansestadt") == [
        "Das",
        "Smart-City-Projekt",
        "der",
        "Hansestadt",
    ]
    assert stem("E-Mobilität") == stem("EMobilität") == "emobilitat"
    assert finds("Mobilität", "E-Mobilität für alle")


# --- The labelled list -----------------------------------------------------------------


def labelled_splits() -> dict[str, list[str]]:
    return yaml.safe_load(LABELLED_SPLITS.read_text(encoding="utf-8"))


def test_the_labelled_list_covers_compounds_and_words_that_are_none():
    labelled = labelled_splits()
    compounds = [word for word, parts in labelled.items() if parts]
    assert len(labelled) >= 100
    assert len(compounds) >= 50
    assert len(labelled) - len(compounds) >= 50


def test_the_splitter_gets_nine_in_ten_labelled_words_right():
    """
    A frequency-based splitter is statistical: it keeps some frequent compounds
    whole ("Bahnhof") and splits some words that are none. The misses are listed
    in docs/search-quality.md.
    """
    labelled = labelled_splits()
    misses = {}
    for word, parts in labelled.items():
        leaves = compound_tree(word).leaves()
        if [stem(leaf) for leaf in leaves] != [stem(part) for part in parts or [word]]:
            misses[word] = leaves
    accuracy = 1 - len(misses) / len(labelled)
    assert accuracy >= 0.9, f"accuracy {accuracy:.3f}, misses: {misses}"


# --- Input that is no German word ------------------------------------------------------


def test_empty_input_has_no_words():
    assert words("") == []
    assert analyse("") == []
    assert analyse(" \n\t–,.;") == []
    assert compound_parts("") == ()
    assert stem("") == ""


def test_a_lone_surrogate_is_no_letter():
    """Undecodable bytes in pasted text become lone surrogates."""
    assert stem("Park\udcffplatz") == stem("Parkplatz")
    assert compound_parts("Park\udcffplatz") == ()
    assert [word.surface for word in analyse("Park\udcffplatz")] == ["Park", "platz"]


@pytest.mark.parametrize(
    "word",
    [
        "Przedsiębiorstwo",
        "Świnoujście",
        "Gdańsk",
        "Kommunalbestyrelsen",
        "Københavns",
        "Samhällsbyggnadsförvaltningen",
        "Rådhuspladsen",
        "Москва",
        "Πόλη",
        "東京都",
    ],
)
def test_words_of_other_languages_pass_through(word):
    [analysed] = analyse(word)
    assert analysed.surface == word
    assert analysed.stem == stem(word.upper()) != ""
    assert analysed.parts == ()


def test_numbers_are_words_and_are_not_split():
    assert [word.stem for word in analyse("2024 kamen 1.500 Sensoren")] == [
        "2024",
        "kam",
        "1",
        "500",
        "sensor",
    ]
    assert compound_parts("2024") == ()


def test_very_long_tokens_are_not_split():
    long_word = "Parkraum" * 10
    assert len(long_word) > MAX_SPLIT_LENGTH
    assert compound_parts(long_word) == ()
    chain = "-".join(["Park"] * 5_000)
    [analysed] = analyse(chain)
    assert analysed.stem == stem(normalise(chain))
    assert analysed.parts == ()


def test_a_word_at_the_length_limit_is_split():
    word = "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz"[:-6]
    assert len(word) <= MAX_SPLIT_LENGTH
    parts = compound_parts(word)
    assert {"rind", "fleisch", "etikettier", "uberwach", "aufgab", "ubertrag"} <= set(parts)
