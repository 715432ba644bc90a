"""services.yaml describes exactly the fields each action's schema takes, required alike."""

from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.util.yaml import load_yaml_dict
import probatio
from pytest_homeassistant_custom_component.common import MockConfigEntry

import custom_components.betti


def _schema_fields(schema: Any) -> dict[str, bool]:
    inner = getattr(schema, "schema", None)
    if isinstance(inner, probatio.All):
        inner = inner.validators[0]
    if isinstance(inner, probatio.Schema):
        inner = inner.schema
    return {str(key.schema): isinstance(key, probatio.Required) for key in inner or {}}


async def test_services_yaml_matches_the_schemas(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> None:
    path = Path(custom_components.betti.__file__).parent / "services.yaml"
    described = load_yaml_dict(str(path))
    services = hass.services.async_services_for_domain("betti")
    assert set(described) == set(services)
    for name, service in services.items():
        fields = (described[name] or {}).get("fields") or {}
        assert {
            field: bool(spec.get("required")) for field, spec in fields.items()
        } == _schema_fields(service.schema), name
