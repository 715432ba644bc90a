"""Bluetooth health devices: their coordinator, scale users, and the flow that adds them."""
