"""The mentor's file ("Teczka mentora") at /portfolio/: mentees, entries, tasks; the trainer's assessment."""
