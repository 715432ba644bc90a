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
WORDS = re.compile(r"[^\W\d_]{2,}['\u2019]?[^\W\d_]*\s+[^\W\d_]{2,}")
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
# Calls whose text arguments only go into an unshown error's message.
ERROR_TEXT_CALLS = {"require_aware"}
SQL = re.compile(
    r"[\s)]*(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|PRAGMA|WITH|BEGIN|FROM|WHERE"
    r"|JOIN|LEFT|ORDER|GROUP|AND|OR|ON|LIMIT|VALUES|SET|RETURNING|CASE|AS)\b"
)

# (module, text) pairs people never read as Betti's words, or a whole module (text None).
ALLOWED: dict[tuple[str, str | None], str] = {
    (
        "nutrition/synonyms.py",
        None,
    ): "food names the search matches; data, not sentences",
    (
        "nutrition/words.py",
        None,
    ): "food words the search spells as USDA does; data, not sentences",
    ("reports/fhir.py", None): "LOINC display names: the code system's own English",
    ("nutrition/voice.py", "ns as to form"): "a USDA name part the answer leaves out",
    ("nutrition/voice.py", " fl oz"): "a unit symbol, said as written like kg and ml",
    ("alerts/trial.py", "test answer"): "an action's name in the audit log",
    ("nutrition/barcode.py", None): "the User-Agent Open Food Facts asks for",
    ("dashboards/layouts.py", "Betti mirror"): "the theme's name in themes.yaml",
    ("dashboards/theme.py", None): "CSS values of the mirror theme",
    ("calls/guest_socket.py", None): (
        "protocol errors for a misbehaving guest client, not shown on the guest page"
    ),
    ("notifications/payload.py", "Betti alarms"): (
        "the Android notification channel's id (the phone shows its own channel name)"
    ),
    (
        "notifications/delivery.py",
        "daily cap ",
    ): "a held push's reason in the delivery log",
    ("alerts/raising.py", "phone acknowledgement"): "an action's name in the audit log",
    (
        "medications/phone_answers.py",
        "phone dose answer",
    ): "an action's name in the audit log",
    (
        "calls/websocket.py",
        "Home Assistant",
    ): "the product's name, for a user without one",
    ("dashboards/cards.py", " }}\n{% set when = "): "Jinja template code",
    ("gatt/blood_pressure.py", "Blood Pressure Measurement"): "a Bluetooth SIG name",
    ("gatt/blood_pressure.py", "Intermediate Cuff Pressure"): "a Bluetooth SIG name",
    ("gatt/thermometer.py", "Temperature Measurement"): "a Bluetooth SIG name",
    ("gatt/thermometer.py", "Intermediate Temperature"): "a Bluetooth SIG name",
}
# Markup (tags around translated texts), as far as its first tag.
MARKUP = re.compile(r"\W*<")


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _unread_parts(call: ast.Call) -> list[ast.AST]:
    """The parts of a call no person reads: logging, task names, unshown errors' texts."""
    name = _name(call)
    if isinstance(call.func, ast.Attribute) and name in LOGGING:
        return [call]
    if name in NAMING_CALLS:
        names = [k.value for k in call.keywords if k.arg == "name"]
        return [*call.args[1:], *names]
    if name in ERROR_TEXT_CALLS or (
        name.endswith(("Error", "Exception")) and name not in SHOWN_ERRORS
    ):
        return [call]
    return []


def _skipped(tree: ast.AST) -> set[int]:
    """ids of the constants no person reads (see the module's docstring)."""
    unread: list[ast.AST] = []
    error_texts: set[str] = set()  # variables holding an unshown error's message
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            unread.append(
                node.value
            )  # a docstring: of a module, class, function, field
        elif isinstance(node, ast.Dict):
            unread += [key for key in node.keys if key is not None]
        elif isinstance(node, ast.Call):
            unread += _unread_parts(node)
        elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            keys = {keyword.arg for keyword in node.exc.keywords}
            if _name(node.exc) not in SHOWN_ERRORS or "translation_key" in keys:
                unread.append(node.exc)
                error_texts.update(
                    arg.id for arg in node.exc.args if isinstance(arg, ast.Name)
                )
    unread += [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id in error_texts for t in node.targets)
    ]
    return {id(sub) for node in unread for sub in ast.walk(node)}


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
            and not MARKUP.match(node.value)
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
        found = {text for _, text in words_in_code((PACKAGE / module).read_text())}
        assert value is None or value in found, (module, value)


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
    assert list(words_in_code(planted)) == [
        (15, "Nobody is here"),
        (16, " asked for help"),
    ]


# The cards' scripts: every word they show comes from Betti (texts Betti sends, or the
# translations the picker entries ask HA's frontend for). Strings, comments skipped.
WWW = PACKAGE / "www"
JS_TOKEN = re.compile(
    r"//[^\n]*|/\*.*?\*/|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`",
    re.DOTALL,
)
# The cards' style sheets: CSS, as the constant's name says.
JS_STYLE = re.compile(r"\bconst STYLE = $")
ALLOWED_JS: dict[tuple[str, str], str] = {
    ("betti-call-core.js", '"Betti call failed"'): "a console warning for developers",
    ("betti-health-card.js", '"config_entry_id and part are required"'): (
        "a YAML configuration error naming the keys, worded as HA's own cards word theirs"
    ),
    ("betti-health-card.js", '"alert held"'): "CSS class names",
}


def words_in_script(source: str) -> Iterator[tuple[int, str]]:
    """(line, literal) of each string literal in a script that reads as words to a person."""
    for match in JS_TOKEN.finditer(source):
        literal = match.group()
        if literal.startswith(("//", "/*")) or JS_STYLE.search(source[: match.start()]):
            continue
        if WORDS.search(literal):
            yield source.count("\n", 0, match.start()) + 1, literal


def test_no_sentences_in_the_cards_scripts() -> None:
    found = [
        f"{path.name}:{line}: {literal}"
        for path in sorted(WWW.glob("*.js"))
        for line, literal in words_in_script(path.read_text())
        if (path.name, literal) not in ALLOWED_JS
    ]
    assert found == []
    for name, literal in ALLOWED_JS:  # an allowance whose text is gone goes too
        assert literal in {
            text for _, text in words_in_script((WWW / name).read_text())
        }


def test_a_planted_sentence_in_a_script_is_found() -> None:
    planted = """// A card: its words are Betti's.
const STYLE = `
  button { border: 2px solid currentColor; }
`;
window.customCards.push({ type: "betti-x", name: "Betti health", description: 'Shows the x' });
"""
    assert list(words_in_script(planted)) == [
        (5, '"Betti health"'),
        (5, "'Shows the x'"),
    ]
