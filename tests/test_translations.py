"""Every language Betti ships says everything English says, with the same placeholders.

A key missing from nl.json shows the English text to a Dutch household; a placeholder that differs
is worse: HA drops the whole translated string for English (helpers/translation.py
``_validate_placeholders``), or ``str.format`` fails on a push.
"""

import json
from pathlib import Path
import re
import string
from typing import Any

import pytest

TRANSLATIONS = Path(__file__).parent.parent / "custom_components/betti/translations"
SHIPPED = ("nl", "de")


def _flat(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[prefix + key] = value
    return out


def _placeholders(text: str) -> set[str]:
    """The placeholders as HA reads them (``string.Formatter``, as its translation cache does)."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def translation_gaps(english: dict[str, Any], other: dict[str, Any]) -> list[str]:
    """Every way ``other`` falls short of ``english``: keys either side lacks, placeholders, blanks."""
    en, tr = _flat(english), _flat(other)
    gaps = [f"missing {key}" for key in sorted(en.keys() - tr.keys())]
    gaps += [f"not in en.json: {key}" for key in sorted(tr.keys() - en.keys())]
    for key in sorted(en.keys() & tr.keys()):
        if not isinstance(tr[key], str) or not tr[key].strip():
            gaps.append(f"empty {key}")
        elif _placeholders(tr[key]) != _placeholders(en[key]):
            gaps.append(
                f"placeholders of {key}: {sorted(_placeholders(tr[key]))}"
                f" instead of {sorted(_placeholders(en[key]))}"
            )
    return gaps


def _load(language: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((TRANSLATIONS / f"{language}.json").read_text())
    return loaded


def test_every_language_file_is_shipped_and_checked() -> None:
    """A new language file is checked too: it must be listed in SHIPPED."""
    on_disk = {path.stem for path in TRANSLATIONS.glob("*.json")}
    assert on_disk == {"en", *SHIPPED}


@pytest.mark.parametrize("language", SHIPPED)
def test_language_says_everything_english_says(language: str) -> None:
    """Same keys as en.json, none blank, the same placeholders in each."""
    assert translation_gaps(_load("en"), _load(language)) == []


def test_gaps_are_found() -> None:
    """The check itself: a missing key, an extra key, a changed placeholder and a blank."""
    english = {"a": {"b": "Hello {name}", "c": "Bye", "d": "Ok"}}
    planted = {"a": {"b": "Hallo {naam}", "d": " ", "e": "Extra"}}
    assert translation_gaps(english, planted) == [
        "missing a.c",
        "not in en.json: a.e",
        "placeholders of a.b: ['naam'] instead of ['name']",
        "empty a.d",
    ]


# Settings screens speak HA's "je"/"du"; what the person at the mirror, the family and the carer read
# or hear (errors, pushes, cards, Assist answers) says "u"/"Sie", as to an older relative.
SETTINGS = (
    "config.",
    "options.",
    "config_subentries.",
    "services.",
    "issues.",
    "selector.",
)
PERSON_FACING_SELECTOR = "selector.report_text."  # the report and its pushes
INFORMAL = {
    "nl": re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE),
    "de": re.compile(
        r"\b(du|dich|dir|dein\w*)\b"
        r"|(^|[.:;?!] )(Sag|Gib|Füge|Öffne|Versuch|Prüf|Wähle|Drück|Miss|Melde dich|Tippe)\b",
        re.IGNORECASE,
    ),
}


@pytest.mark.parametrize("language", SHIPPED)
def test_the_person_is_spoken_to_politely(language: str) -> None:
    texts = _flat(json.loads((TRANSLATIONS / f"{language}.json").read_text()))
    informal = {
        key: text
        for key, text in texts.items()
        if (key.startswith(PERSON_FACING_SELECTOR) or not key.startswith(SETTINGS))
        and INFORMAL[language].search(text)
    }
    assert informal == {}
