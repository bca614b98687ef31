"""Graph stores: one protocol (`base.GraphStore`), implementations registered by name."""
