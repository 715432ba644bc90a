"""Tests for the standalone Bluetooth SIG health characteristic decoders."""
