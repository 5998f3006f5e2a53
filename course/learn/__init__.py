"""The learner's side: landing page, units, lessons, glossary, templates and the dashboard."""
