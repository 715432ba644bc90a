"""Tests for the vital-sign rules, without Home Assistant."""
