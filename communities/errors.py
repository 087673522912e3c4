class DomainError(Exception):
    """A service refused an operation. The message is translated and shown to the user as it is."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
