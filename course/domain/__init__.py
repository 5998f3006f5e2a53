"""Pure domain rules and value objects: standard library only, no Flask or SQLAlchemy."""
