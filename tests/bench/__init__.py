"""Tests of the benches' own tools."""
