"""The only code that writes to the database and commits: one function per verb."""
