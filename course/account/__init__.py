"""The person's own profile: name, language, e-mail notification preferences and links to the other account pages."""
