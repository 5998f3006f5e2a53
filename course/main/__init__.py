"""Service endpoints that are not part of any product area: health checks."""
