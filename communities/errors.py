class DomainError(Exception):
    """A service refused an operation. The message is translated and shown to the user as it is."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def add_to_form(self, form) -> None:
        """Show the refusal on the form: on its field when the form has one, else above the form."""
        form.add_error(self.field if self.field in form.fields else None, self.message)
