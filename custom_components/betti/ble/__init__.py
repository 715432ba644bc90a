"""Talking to standard Bluetooth health devices: sessions and readings, free of Home Assistant."""
