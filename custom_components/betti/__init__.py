"""Betti: a household health hub for Home Assistant."""
