"""The mirror and family dashboards: their configuration, command and provisioning."""
