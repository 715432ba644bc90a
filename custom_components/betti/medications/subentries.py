"""Each medication is a config subentry of its profile: found, added, renamed and dropped here."""

from types import MappingProxyType

from homeassistant.config_entries import ConfigEntry, ConfigSubentry
from homeassistant.core import HomeAssistant, callback

SUBENTRY_TYPE = "medication"
CONF_MEDICATION_ID = "medication_id"


def medication_subentries(entry: ConfigEntry) -> dict[str, int]:
    """Return the profile's medication subentries: subentry id to medication id."""
    return {
        subentry_id: subentry.data[CONF_MEDICATION_ID]
        for subentry_id, subentry in entry.subentries.items()
        if subentry.subentry_type == SUBENTRY_TYPE
    }


def subentry_of(entry: ConfigEntry, medication_id: int) -> str | None:
    """Return the id of a medication's subentry, if it has one."""
    return next(
        (
            sid
            for sid, mid in medication_subentries(entry).items()
            if mid == medication_id
        ),
        None,
    )


def medication_title(name: str, strength: str | None) -> str:
    """Return the subentry's title: the name with the strength, as reminders show it."""
    return f"{name} {strength}" if strength else name


@callback
def async_add_medication_subentry(
    hass: HomeAssistant, entry: ConfigEntry, medication_id: int, title: str
) -> None:
    """Give a stored medication its subentry (once)."""
    if subentry_of(entry, medication_id) is None:
        hass.config_entries.async_add_subentry(
            entry,
            ConfigSubentry(
                data=MappingProxyType({CONF_MEDICATION_ID: medication_id}),
                subentry_type=SUBENTRY_TYPE,
                title=title,
                unique_id=str(medication_id),
            ),
        )


@callback
def async_retitle_medication_subentry(
    hass: HomeAssistant, entry: ConfigEntry, medication_id: int, title: str
) -> None:
    """Follow a renamed medication (or a changed strength)."""
    if (subentry_id := subentry_of(entry, medication_id)) is not None:
        hass.config_entries.async_update_subentry(
            entry, entry.subentries[subentry_id], title=title
        )


@callback
def async_remove_medication_subentry(
    hass: HomeAssistant, entry: ConfigEntry, medication_id: int
) -> None:
    """Drop the subentry of a removed medication (its device and entities go with it)."""
    if (subentry_id := subentry_of(entry, medication_id)) is not None:
        hass.config_entries.async_remove_subentry(entry, subentry_id)
