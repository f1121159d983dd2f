"""Rule family fork (being written)."""
