"""What erasure leaves behind."""

ERASED = "[已删除]"
"""The marker stored where a resident's erased personal data was; staff see it as it is
(stored data, so it lives here rather than with the display texts, which re-export it)."""
