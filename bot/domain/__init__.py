"""The domain: pure Python, no I/O — the ticket lifecycle, who may do what, conversation state."""
