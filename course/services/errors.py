"""The one exception services raise for a request they refuse, with a code the UI can word."""


class ServiceError(Exception):
    """A refused request: ``code`` names the rule broken, ``field`` the input it concerns."""

    def __init__(self, code: str, field: str | None = None, **params: object):
        super().__init__(code)
        self.code = code
        self.field = field
        self.params = params
