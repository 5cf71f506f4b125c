"""Errors a user can act on. Their messages are Portuguese and shown as they are."""


class DatabaseError(Exception):
    """The database cannot be used; str(error) is a clear message for the user."""


class ConcurrentChange(DatabaseError):
    def __init__(self) -> None:
        super().__init__("Um ou mais títulos foram alterados por outro usuário")


class NotFound(DatabaseError):
    pass
