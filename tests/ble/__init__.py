"""Tests for the Bluetooth session and reading conversion, without Home Assistant."""
