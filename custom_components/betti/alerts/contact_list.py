"""Emergency contacts: checking a list before it is saved (no HA imports)."""

from collections.abc import Mapping
from dataclasses import dataclass
import re
from typing import Any

MAX_CONTACTS = 10
MAX_NAME = 60
MAX_RELATION = 40
_PHONE = re.compile(r"\+?[0-9][0-9 ()./-]{2,24}")
_NOTIFY_TARGET = re.compile(r"notify\.[a-z0-9_]+")
FIELDS = ("name", "relation", "phone", "notify_target")
MAX_TEXT = 255
_UNSTORABLE = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")


class ContactError(ValueError):
    """A contact list that cannot be saved; ``reason`` keys a translated message."""

    def __init__(self, reason: str, position: int = 0) -> None:
        """Keep the reason and the (1-based) position of the contact it concerns."""
        super().__init__(f"{reason} (contact {position})")
        self.reason = reason
        self.position = position


@dataclass(frozen=True, slots=True)
class Contact:
    """Someone to call when the person needs help, in priority order."""

    name: str
    relation: str
    phone: str
    notify_target: str

    def as_dict(self) -> dict[str, str]:
        """Return the contact as stored in the profile's options."""
        return {field: getattr(self, field) for field in FIELDS}


def valid_phone(number: str) -> bool:
    """Whether a phone number looks like one (digits, an optional +, spacing)."""
    return bool(_PHONE.fullmatch(number))


def tel_uri(number: str) -> str:
    """Return a ``tel:`` link for a number as people write it.

    "+44 (0)20 7946 0999": the (0) is dialled only from inside the country, so it goes.
    """
    if number.startswith("+"):
        number = number.replace("(0)", "")
    return "tel:" + re.sub(r"[^0-9+]", "", number)


def _text(raw: Mapping[str, Any], field: str) -> str:
    value = raw.get(field) or ""
    # Options are saved as UTF-8 JSON: a lone surrogate would fail every later save.
    if not isinstance(value, str) or len(value) > MAX_TEXT or _UNSTORABLE.search(value):
        raise TypeError(field)
    return value.strip()


def parse_contacts(raw: Any) -> list[Contact]:
    """Check a list of contact mappings; return them cleaned, or raise ContactError."""
    if not isinstance(raw, list):
        raise ContactError("contacts_not_a_list")
    if len(raw) > MAX_CONTACTS:
        raise ContactError("too_many_contacts", len(raw))
    contacts: list[Contact] = []
    for position, item in enumerate(raw, start=1):
        if not isinstance(item, Mapping) or set(item) - set(FIELDS):
            raise ContactError("contact_malformed", position)
        try:
            name, relation, phone, target = (_text(item, field) for field in FIELDS)
        except TypeError as err:
            raise ContactError("contact_malformed", position) from err
        if not name or len(name) > MAX_NAME or len(relation) > MAX_RELATION:
            raise ContactError("contact_name_invalid", position)
        if phone and not valid_phone(phone):
            raise ContactError("contact_phone_invalid", position)
        if target and not _NOTIFY_TARGET.fullmatch(target):
            raise ContactError("contact_target_invalid", position)
        if not phone and not target:
            raise ContactError("contact_unreachable", position)
        contacts.append(Contact(name, relation, phone, target))
    return contacts
