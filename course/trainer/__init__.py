"""The trainer's workspace (scoped to the trainer's organisation)."""
