"""Certificates: PDF rendering and verifiable credentials."""
