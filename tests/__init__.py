"""Tests for the Betti integration."""
