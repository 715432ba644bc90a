"""The household's time zone, importable without importing Betti (the benches time that)."""

from zoneinfo import ZoneInfo

TZ = ZoneInfo("Europe/Berlin")
