"""Tests for the dose engine."""
