"""The organisation administrator's pages."""
