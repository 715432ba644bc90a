"""The household: its one database, each member's profile, and who may act for whom."""
