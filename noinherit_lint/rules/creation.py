"""Rule family creation (being written)."""
