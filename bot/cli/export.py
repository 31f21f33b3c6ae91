"""The rows of ``gridbot report`` (kept in ``bot.chat.views.report``, shared with the console)."""

from bot.chat.views.report import rows, write_csv, write_xlsx

__all__ = ["rows", "write_csv", "write_xlsx"]
