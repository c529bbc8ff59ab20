"""The articlediff error family.

Library code raises these typed errors; only ``cli.py`` turns them into a
one-line message and an exit code (2 for bad input), so a Python caller can
catch exactly what went wrong and a shell user never sees a traceback.
"""


class ArticlediffError(Exception):
    """Base class of every error articlediff raises on purpose."""

    exit_code = 2


class InputError(ArticlediffError):
    """The input cannot be read as an article (missing, binary, empty, too big...)."""


class OutputError(ArticlediffError):
    """The result cannot be written where the user asked."""


class UsageError(ArticlediffError):
    """Arguments that are valid one by one but do not make sense together."""
