"""The rows of ``gridbot report`` (kept in ``bot.chat.views.report``, shared with the console)."""

from bot.chat.views.report import Extras, rate_rows, rows, write_csv, write_xlsx

__all__ = ["Extras", "rate_rows", "rows", "write_csv", "write_xlsx"]
