"""The one error of the printing package that a user can act on."""


class PrintError(Exception):
    """Printing or saving failed; str(error) is a clear Portuguese message for the user.

    Nothing is lost when it is raised: the document can be printed or saved again.
    """
