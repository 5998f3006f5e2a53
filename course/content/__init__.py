"""Reads content/ into the domain catalogue: front matter, Markdown, validation. No Flask."""
