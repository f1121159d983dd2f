"""Rule family inheritable (being written)."""
