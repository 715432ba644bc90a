"""Medications on top of the dose engine: doses of many schedules, reminders, supply. No HA."""
