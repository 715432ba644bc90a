"""Home Assistant custom integrations (only Betti lives here)."""
