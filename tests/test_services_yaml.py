"""Every Betti action's form (services.yaml + translations) matches what the action accepts.

Developer tools and the automation editor build their forms from services.yaml and the
translations; the action itself validates with its schema. A field in one and not the other is a
form that cannot be filled in, or an input nobody can find.
"""

from collections.abc import Callable
import json
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.selector import Selector
from homeassistant.helpers.service import async_get_all_descriptions
from homeassistant.helpers.translation import async_get_translations
from homeassistant.util.yaml import load_yaml_dict
import probatio
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import voluptuous as vol

from custom_components.betti.const import DOMAIN

SERVICES_YAML = Path(__file__).parent.parent / "custom_components/betti/services.yaml"

REQUIRED_MARKERS = (probatio.Required, vol.Required)
MARKERS = (probatio.Marker, vol.Marker)
# Which selectors can offer a value each validator accepts.
SELECTORS_FOR: dict[Callable[..., Any], set[str]] = {
    # Text, or a picker of things named by text (a profile's config entry, an entity).
    cv.string: {"text", "select", "config_entry", "entity", "device", "area"},
    cv.boolean: {"boolean"},
    cv.datetime: {"datetime"},
    cv.date: {"date"},
    cv.time_period: {"duration"},
    cv.positive_int: {"number"},
}


def _fields(schema: Any) -> dict[str, tuple[bool, Any]]:
    """Field name -> (required, validator), for probatio and voluptuous schemas alike."""
    if isinstance(schema, (probatio.All, vol.All)):
        return {k: v for part in schema.validators for k, v in _fields(part).items()}
    if isinstance(schema, (probatio.Schema, vol.Schema)):
        return _fields(schema.schema)
    if not isinstance(schema, dict):
        return {}  # a check across fields, such as ExactlyOne
    return {
        str(key.schema if isinstance(key, MARKERS) else key): (
            isinstance(key, REQUIRED_MARKERS),
            validator,
        )
        for key, validator in schema.items()
        if not isinstance(key, (probatio.Remove, vol.Remove))
    }


def _selectors_for(validator: Any) -> set[str] | None:  # noqa: PLR0911 - one per kind
    """The selectors that fit a validator, or None when any may (a free-form check)."""
    if isinstance(validator, Selector):
        return {validator.selector_type}
    if isinstance(validator, (probatio.Coerce, vol.Coerce)):
        return {"number"} if validator.type in (int, float) else None
    if isinstance(validator, (probatio.Range, vol.Range)):
        return {"number"}
    if isinstance(validator, (probatio.In, vol.In)):
        return {"select"}
    if validator is object:
        return {"object"}
    if isinstance(validator, (probatio.All, vol.All)):
        fits = [_selectors_for(part) for part in validator.validators]
        return next((fit for fit in fits if fit is not None), None)
    if isinstance(validator, (probatio.Any, vol.Any)):
        fits = [_selectors_for(part) or set() for part in validator.validators]
        return set().union(*fits) or None
    return next(
        (fit for check, fit in SELECTORS_FOR.items() if check is validator), None
    )


def _yaml_fields(description: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """services.yaml fields of one action, with the fields of its sections."""
    fields: dict[str, dict[str, Any]] = {}
    for name, field in description.get("fields", {}).items():
        if "fields" in field:  # a collapsible section
            fields.update(field["fields"])
        else:
            fields[name] = field
    return fields


@pytest.fixture
async def actions(
    hass: HomeAssistant, loaded_alice: MockConfigEntry
) -> dict[str, dict[str, tuple[bool, Any]]]:
    """Each registered Betti action with the fields its schema accepts."""
    return {
        name: _fields(service.schema)
        for name, service in hass.services.async_services_for_domain(DOMAIN).items()
    }


async def test_services_yaml_lists_exactly_the_actions(
    actions: dict[str, dict[str, tuple[bool, Any]]],
) -> None:
    assert sorted(load_yaml_dict(str(SERVICES_YAML))) == sorted(actions)


async def test_each_form_has_the_schemas_fields_and_required_flags(
    hass: HomeAssistant, actions: dict[str, dict[str, tuple[bool, Any]]]
) -> None:
    descriptions = (await async_get_all_descriptions(hass))[DOMAIN]
    forms = {
        action: {
            name: bool(field.get("required"))
            for name, field in _yaml_fields(descriptions.get(action, {})).items()
        }
        for action in actions
    }
    assert forms == {
        action: {name: required for name, (required, _) in fields.items()}
        for action, fields in actions.items()
    }


async def test_each_fields_selector_offers_what_the_schema_accepts(
    hass: HomeAssistant, actions: dict[str, dict[str, tuple[bool, Any]]]
) -> None:
    descriptions = (await async_get_all_descriptions(hass))[DOMAIN]
    wrong: dict[str, str] = {}
    for action, fields in actions.items():
        yaml_fields = _yaml_fields(descriptions.get(action, {}))
        for name, (_, validator) in fields.items():
            selector = yaml_fields.get(name, {}).get("selector") or {}
            if len(selector) != 1:
                wrong[f"{action}.{name}"] = "no selector"
                continue
            [(kind, options)] = selector.items()
            fits = _selectors_for(validator)
            if fits is not None and kind not in fits:
                wrong[f"{action}.{name}"] = f"{kind} selector, schema takes {fits}"
            if isinstance(validator, (probatio.In, vol.In)):
                offered = sorted(
                    option["value"] if isinstance(option, dict) else option
                    for option in options.get("options", [])
                )
                if offered != sorted(validator.container):
                    wrong[f"{action}.{name}"] = f"offers {offered}"
    assert wrong == {}


async def test_each_action_and_field_is_named_and_described(
    hass: HomeAssistant, actions: dict[str, dict[str, tuple[bool, Any]]]
) -> None:
    translations = await async_get_translations(hass, "en", "services", [DOMAIN])
    prefix = f"component.{DOMAIN}.services"
    missing = [
        key
        for action, fields in actions.items()
        for key in (
            f"{prefix}.{action}.name",
            f"{prefix}.{action}.description",
            *(
                f"{prefix}.{action}.fields.{field}.{part}"
                for field in fields
                for part in ("name", "description")
            ),
        )
        if not translations.get(key)
    ]
    assert missing == []


def test_translations_describe_no_field_that_does_not_exist() -> None:
    """Stale translations would hide a field renamed in the schema but not here."""
    services = json.loads(
        (SERVICES_YAML.parent / "translations/en.json").read_text(encoding="utf-8")
    )["services"]
    described = load_yaml_dict(str(SERVICES_YAML))
    assert sorted(services) == sorted(described)
    for action, texts in services.items():
        assert sorted(texts.get("fields", {})) == sorted(
            _yaml_fields(described[action] or {})
        ), action
