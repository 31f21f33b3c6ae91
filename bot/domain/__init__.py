"""The domain: pure Python rules and state, free of I/O, Telegram and the database."""
