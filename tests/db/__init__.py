"""Tests for the household database, without Home Assistant."""
