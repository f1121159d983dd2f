"""Rule family spawn (being written)."""
