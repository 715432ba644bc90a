"""Write the develop HA's HTTP settings where HA 2026.10 keeps them, already confirmed.

HA keeps HTTP settings in .storage/http as a confirmed ("stable") and a "pending" config. An
`http:` block in configuration.yaml is migrated as pending: every page asks to confirm it, and
unconfirmed after 5 minutes HA reverts it and restarts. A stable config is simply used.

Usage: python scripts/develop_http.py CONFIG_DIR PORT
"""

import json
from pathlib import Path
import sys
from typing import Any

from homeassistant.components.http.config import (
    HTTP_STORAGE_SCHEMA,
    STORAGE_KEY,
    STORAGE_MINOR_VERSION,
    STORAGE_VERSION,
)
from homeassistant.util import dt as dt_util


def http_store(port: int) -> dict[str, Any]:
    """Return .storage/http for a HA on 127.0.0.1:port with nothing left to confirm."""
    # HA's own schema fills in its defaults, so the stored config is what HA itself would write.
    stable = HTTP_STORAGE_SCHEMA({"server_host": "127.0.0.1", "server_port": port})
    return {
        "version": STORAGE_VERSION,
        "minor_version": STORAGE_MINOR_VERSION,
        "key": STORAGE_KEY,
        "data": {
            "stable": {
                **stable,
                "created_at": dt_util.utcnow().isoformat(),
                "error": None,
                "error_message": None,
            },
            "pending": None,
            # Nothing in YAML to migrate: the store is the only source.
            "yaml_migration_done": True,
        },
    }


if __name__ == "__main__":
    storage = Path(sys.argv[1]) / ".storage"
    storage.mkdir(parents=True, exist_ok=True)
    (storage / STORAGE_KEY).write_text(
        json.dumps(http_store(int(sys.argv[2])), indent=2), encoding="utf-8"
    )
