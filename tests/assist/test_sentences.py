"""Every language has every sentence and every answer Assist may give."""

import json
from pathlib import Path
import re
import string

import pytest
import yaml

PACKAGE = Path(__file__).parents[2] / "custom_components" / "betti"
LANGUAGES = ("en", "nl", "de")
FOLDERS = sorted(path.parent for path in PACKAGE.glob("*/sentences/en.yaml"))


def _answers(language: str) -> dict[str, str]:
    strings = json.loads((PACKAGE / "translations" / f"{language}.json").read_text())
    return {
        key: value["message"]
        for key, value in strings["exceptions"].items()
        if key.startswith("voice_")
    }


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda path: path.parent.name)
def test_every_language_has_every_intent(folder: Path) -> None:
    intents = {
        language: yaml.safe_load((folder / f"{language}.yaml").read_text())["intents"]
        for language in LANGUAGES
    }
    assert intents["nl"].keys() == intents["en"].keys() == intents["de"].keys()
    assert all(templates for each in intents.values() for templates in each.values())


@pytest.mark.parametrize("language", ["nl", "de"])
def test_every_answer_is_translated_with_the_same_placeholders(language: str) -> None:
    english, other = _answers("en"), _answers(language)
    assert other.keys() == english.keys()
    assert {
        key
        for key, text in english.items()
        if _placeholders(text) != _placeholders(other[key])
    } == set()


def test_every_answer_the_code_names_exists() -> None:
    named = {
        f"voice_{key}"
        for path in PACKAGE.rglob("*.py")
        for key in re.findall(
            r'async_(?:say|refusal)\(\s*said,\s*"(\w+)"', path.read_text()
        )
    }
    assert len(named) >= 40  # the regular expression still finds them
    assert named - _answers("en").keys() == set()
