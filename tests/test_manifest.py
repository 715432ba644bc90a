"""The files HACS and HA read before any code runs."""

import json
from pathlib import Path

from awesomeversion import AwesomeVersion
from homeassistant.const import __version__ as ha_version
import yaml

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "custom_components" / "betti"
MANIFEST = json.loads((PACKAGE / "manifest.json").read_text())
# HA's Integration Quality Scale, all tiers (script/hassfest/quality_scale.py in HA core).
IQS_RULES = {
    "action-setup",
    "appropriate-polling",
    "brands",
    "common-modules",
    "config-flow-test-coverage",
    "config-flow",
    "dependency-transparency",
    "docs-actions",
    "docs-conditions",
    "docs-high-level-description",
    "docs-installation-instructions",
    "docs-removal-instructions",
    "docs-triggers",
    "entity-event-setup",
    "entity-unique-id",
    "has-entity-name",
    "runtime-data",
    "test-before-configure",
    "test-before-setup",
    "unique-config-entry",
    "action-exceptions",
    "config-entry-unloading",
    "docs-configuration-parameters",
    "docs-installation-parameters",
    "entity-unavailable",
    "integration-owner",
    "log-when-unavailable",
    "parallel-updates",
    "reauthentication-flow",
    "test-coverage",
    "devices",
    "diagnostics",
    "discovery",
    "discovery-update-info",
    "docs-data-update",
    "docs-examples",
    "docs-known-limitations",
    "docs-supported-devices",
    "docs-supported-functions",
    "docs-troubleshooting",
    "docs-use-cases",
    "dynamic-devices",
    "entity-category",
    "entity-device-class",
    "entity-disabled-by-default",
    "entity-translations",
    "exception-translations",
    "icon-translations",
    "reconfiguration-flow",
    "repair-issues",
    "stale-devices",
    "async-dependency",
    "inject-websession",
    "strict-typing",
}


def test_manifest_has_what_hacs_and_hassfest_require() -> None:
    keys = list(MANIFEST)
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:]), "hassfest orders the rest alphabetically"
    assert MANIFEST["domain"] == "betti" == PACKAGE.name
    for required in (
        "documentation",
        "issue_tracker",
        "codeowners",
        "version",
        "iot_class",
    ):
        assert MANIFEST[required]
    assert AwesomeVersion(MANIFEST["version"]).valid
    assert MANIFEST["config_flow"] is True


def test_hacs_json_asks_for_the_ha_we_test_against() -> None:
    hacs = json.loads((ROOT / "hacs.json").read_text())
    assert hacs["name"] == "Betti"
    assert hacs["homeassistant"] == ha_version


def test_brand_icon_is_a_square_png() -> None:
    data = (PACKAGE / "brand" / "icon.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20]), int.from_bytes(data[20:24])
    assert width == height == 256


def test_quality_scale_names_every_rule_once() -> None:
    rules = yaml.safe_load((PACKAGE / "quality_scale.yaml").read_text())["rules"]
    assert set(rules) == IQS_RULES
    for rule, status in rules.items():
        state = status if isinstance(status, str) else status["status"]
        assert state in {"done", "todo", "exempt"}, rule
        if state == "exempt":
            assert status["comment"], rule
