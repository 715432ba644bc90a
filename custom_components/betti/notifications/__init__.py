"""Reaching people: pushes to phones, with tags, caps and a delivery log."""
