"""Tests for Betti's actions."""
