"""Live delivery: what each audience is sent, and how (snapshots, broadcast, revisions)."""
