"""The layout rules of ARCHITECTURE.md, checked on the imports each module makes (read with ast)."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "custom_components" / "betti"
SHELF = ("gatt", "ble", "db")
FEATURES = (
    "household",
    "notifications",
    "assist",
    "alerts",
    "vitals",
    "devices",
    "medications",
    "nutrition",
    "appointments",
    "calls",
    "dashboards",
    "reports",
)
# Shared by every feature: the household, reaching people, and being spoken to.
COMMON_FEATURES = ("household", "notifications", "assist")
# Modules with no Home Assistant in them: each feature's model and rules. The shelf may use them.
PURE = (
    "alerts",
    "alerts.contact_list",
    "alerts.escalation",
    "appointments",
    "appointments.book",
    "appointments.occurrence",
    "appointments.reminders",
    "appointments.window",
    "calls.const",
    "calls.rooms",
    "calls.tokens",
    "devices",
    "household",
    "medications",
    "medications.codec",
    "medications.doses",
    "medications.schedule",
    "medications.schedule.adherence",
    "medications.schedule.model",
    "medications.schedule.occurrences",
    "medications.schedule.prn",
    "medications.schedule.state",
    "notifications",
    "nutrition",
    "nutrition.activity",
    "nutrition.catalog",
    "nutrition.goals",
    "nutrition.search",
    "nutrition.synonyms",
    "nutrition.voice",
    "nutrition.words",
    "reports.charts",
    "reports.csv_export",
    "reports.document",
    "reports.fhir",
    "reports.model",
    "reports.pdf",
    "vitals",
    "vitals.hourly",
    "vitals.routing",
    "vitals.thresholds",
)
# What a feature offers the others besides its pure modules: one door each.
DOORS = {
    "alerts.raising",  # raise and acknowledge an alert
    "vitals.intake",  # file a reading
    "vitals.units",  # show a value in the unit its person prefers
    "alerts.coordinator",  # the profile's alerts, which the report button is shown beside
}
# Besides HA's common modules and the platforms, what gathers entities from every feature: the
# health card shows a private profile's values through the same sensor descriptions.
GATHERERS = {"dashboards.health"}
PLATFORMS = (
    "sensor",
    "binary_sensor",
    "button",
    "calendar",
    "event",
    "todo",
)


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str) -> set[str]:
    """Betti modules ``name`` imports (TYPE_CHECKING ones too) and outside top packages."""
    path = MODULES[name]
    here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    if name == "":
        here = []
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {"!" + alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level:
            found.add("!" + (node.module or "").split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            base = here[: len(here) - (node.level - 1)]
            target = [*base, *(node.module.split(".") if node.module else [])]
            for alias in node.names:
                module = ".".join([*target, alias.name])
                found.add(module if module in MODULES else ".".join(target))
    return found


GRAPH = {name: _imports(name) for name in MODULES}


def _top(name: str) -> str:
    return name.split(".", maxsplit=1)[0]


@pytest.mark.parametrize(
    "name", sorted([*PURE, *(m for m in MODULES if _top(m) in SHELF)])
)
def test_the_shelf_and_pure_modules_use_no_home_assistant_and_nothing_above(
    name: str,
) -> None:
    allowed = set(PURE) | {m for m in MODULES if _top(m) in SHELF}
    imports = GRAPH[name]
    assert "!homeassistant" not in imports
    assert {m for m in imports if not m.startswith("!")} <= allowed


def test_features_meet_through_their_pure_modules_and_doors() -> None:
    crossing = set()
    for name, imports in GRAPH.items():
        own = _top(name)
        if own not in FEATURES or name in GATHERERS:
            continue  # HA's common modules and the platforms gather from every feature
        for target in imports:
            other = _top(target)
            if (
                other in FEATURES
                and other != own
                and other not in COMMON_FEATURES
                and target not in PURE
                and target not in DOORS
            ):
                crossing.add(f"{name} -> {target}")
    assert not crossing


def test_no_module_imports_a_platform() -> None:
    assert not {
        name
        for name, imports in GRAPH.items()
        if name != "" and imports & set(PLATFORMS)
    }


def _largest_circle(graph: dict[str, set[str]]) -> list[str]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = [[]]

    def visit(name: str) -> None:  # Tarjan's strongly connected components
        index[name] = low[name] = len(index)
        stack.append(name)
        for target in graph[name]:
            if target not in graph:
                continue
            if target not in index:
                visit(target)
                low[name] = min(low[name], low[target])
            elif target in stack:
                low[name] = min(low[name], index[target])
        if low[name] == index[name]:
            circle = []
            while (member := stack.pop()) != name:
                circle.append(member)
            circles.append([name, *circle])

    for name in graph:
        if name not in index:
            visit(name)
    return sorted(max(circles, key=len))


def test_no_import_circle_apart_from_the_one_through_models() -> None:
    without_models = {
        name: imports - {"models"}
        for name, imports in GRAPH.items()
        if name != "models"
    }
    assert len(_largest_circle(without_models)) <= 2, _largest_circle(without_models)


@pytest.mark.xfail(
    strict=True,
    reason="BettiData names every runtime object's type, and those objects still take the "
    "whole entry (BettiConfigEntry) instead of what they use: rule 4 is not done yet",
)
def test_no_import_circle_of_more_than_two_modules() -> None:
    assert len(_largest_circle(GRAPH)) <= 2, _largest_circle(GRAPH)
