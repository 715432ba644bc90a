"""Two-party video calls: rooms and tokens (no HA imports) and the HA side that serves them."""
