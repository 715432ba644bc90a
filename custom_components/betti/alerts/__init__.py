"""Alerts: raising and acknowledging them, the escalation plan, emergency contacts, mood."""
