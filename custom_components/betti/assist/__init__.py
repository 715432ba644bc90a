"""Assist: Betti's spoken sentences, shared by every feature (see ``registry``)."""
