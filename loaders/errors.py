"""Errors the loader raises for bad input: one line for the user, exit code 2."""


class InputError(Exception):
    """The input document cannot be read; the message names the problem and the file."""
