"""No sentence a person reads is written in Betti's code: it comes from the translation files.

Every string literal of two or more words in custom_components/betti is flagged, except where no
person reads it: docstrings, logging calls, dict keys, task names, SQL, the messages of errors
that never reach a person (only Home Assistant's errors do, and Betti's carry a translation key),
and the short, reasoned ALLOWED list below. A new English sentence for the mirror, a push or a
card fails here until it moves to translations/en.json (and nl.json, de.json).
"""

import ast
from collections.abc import Iterator
from pathlib import Path
import re

PACKAGE = Path(__file__).parent.parent / "custom_components/betti"
# Two words of letters (any alphabet), as in a sentence or a label.
WORDS = re.compile(r"[^\W\d_]{2,}[’']?[^\W\d_]*\s+[^\W\d_]{2,}")
LOGGING = {"debug", "info", "warning", "error", "exception", "critical", "log"}
# Home Assistant shows these errors' messages to people (the rest never leave Betti).
SHOWN_ERRORS = {
    "HomeAssistantError",
    "ServiceValidationError",
    "ConfigEntryError",
    "ConfigEntryNotReady",
    "ConfigEntryAuthFailed",
    "PlatformNotReady",
    "Unauthorized",
}
# Calls whose text argument names a thing for developers: tasks, timers, threads.
NAMING_CALLS = {
    "async_create_background_task",
    "async_create_task",
    "create_task",
    "async_track_time_interval",
}
SQL = re.compile(
    r"\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|PRAGMA|WITH|BEGIN|FROM|WHERE"
    r"|JOIN|LEFT|ORDER|GROUP|AND|OR|ON|LIMIT|VALUES|SET)\b"
)

# (module, text) pairs people never read as Betti's words, or a whole module (text None).
ALLOWED: dict[tuple[str, str | None], str] = {
    ("nutrition/synonyms.py", None): "food names the search matches; data, not sentences",
    ("nutrition/search.py", None): "food names the search ranks; data, not sentences",
    ("reports/fhir.py", None): "LOINC display names: the code system's own English",
    ("nutrition/voice.py", None): (
        "Assist sentence templates (English recognisers), moved to sentence files by"
        " the Assist work of issue 19"
    ),
    ("nutrition/assist.py", None): (
        "Assist answers, moved to translations by the Assist work of issue 19 (its owner)"
    ),
    ("nutrition/barcode.py", None): "the User-Agent Open Food Facts asks for",
    ("dashboards/layouts.py", "Betti mirror"): "the theme's name in themes.yaml",
    ("dashboards/theme.py", None): "CSS values of the mirror theme",
    ("calls/guest_socket.py", None): (
        "protocol errors for a misbehaving guest client, not shown on the guest page"
    ),
    ("calls/guest_page.py", None): "HTML markup around translated texts",
    ("notifications/delivery.py", "Betti alarms"): (
        "the Android notification channel's id (the phone shows its own channel name)"
    ),
}


def _skipped(tree: ast.AST) -> set[int]:
    """ids of the constants no person reads (see the module's docstring)."""
    skip: set[int] = set()

    def skip_all(node: ast.AST | None) -> None:
        if node is not None:
            skip.update(id(sub) for sub in ast.walk(node))

    error_texts: set[str] = set()  # variables holding an unshown error's message
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skip.add(id(node.value))  # a docstring, of a module, class, function or field
        if isinstance(node, ast.Dict):
            for key in node.keys:
                skip_all(key)
        if isinstance(node, ast.Call):
            name = (
                node.func.attr
                if isinstance(node.func, ast.Attribute)
                else getattr(node.func, "id", "")
            )
            if isinstance(node.func, ast.Attribute) and name in LOGGING:
                skip_all(node)
            if name in NAMING_CALLS:
                for arg in node.args[1:]:
                    skip_all(arg)
                for keyword in node.keywords:
                    if keyword.arg == "name":
                        skip_all(keyword.value)
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            func = node.exc.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            keys = {keyword.arg for keyword in node.exc.keywords}
            if name not in SHOWN_ERRORS or "translation_key" in keys:
                skip_all(node.exc)
                error_texts.update(a.id for a in node.exc.args if isinstance(a, ast.Name))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id in error_texts
            for target in node.targets
        ):
            skip_all(node.value)
    return skip


def words_in_code(source: str) -> Iterator[tuple[int, str]]:
    """(line, text) of each string literal in ``source`` that reads as words to a person."""
    tree = ast.parse(source)
    skip = _skipped(tree)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skip
            and WORDS.search(node.value)
            and not SQL.match(node.value)
        ):
            yield node.lineno, node.value


def test_no_sentences_in_code() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        if (module, None) in ALLOWED:
            continue
        found += [
            f"{module}:{line}: {value!r}"
            for line, value in words_in_code(path.read_text())
            if (module, value) not in ALLOWED
        ]
    assert found == []


def test_allowed_entries_still_exist() -> None:
    """An allowance whose module or text is gone is removed, not left to excuse new words."""
    for module, value in ALLOWED:
        source = (PACKAGE / module).read_text()
        assert value is None or value in source, (module, value)


def test_a_planted_sentence_is_found() -> None:
    planted = '''
"""A module."""
import logging
_LOGGER = logging.getLogger(__name__)


def push(name):
    """Say something."""
    _LOGGER.debug("Pushing to %s now", name)
    if not name:
        raise ServiceValidationError(translation_domain="betti", translation_key="no_name")
    if name == "?":
        raise ValueError("not a real name")
    if name == "!":
        raise HomeAssistantError("Nobody is here")
    return {"Needs attention": f"{name} asked for help", "title": "Betti"}
'''
    assert list(words_in_code(planted)) == [(15, "Nobody is here"), (16, " asked for help")]
