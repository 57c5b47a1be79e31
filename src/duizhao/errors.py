"""Errors the user caused, with a message in Chinese. The CLI prints them in one line and exits 2."""


class InputError(Exception):
    """Bad input: a missing, unreadable, unsupported, oversized or hostile file, or bad options."""

    def __init__(self, path: str | None, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}：{reason}" if path else reason)
