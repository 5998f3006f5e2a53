"""Quizzes in the browser: start, answer with autosave, check, summary, submit and review."""
