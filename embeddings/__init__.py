"""Encoder loading and the vector index (see the retrieval issue)."""
