"""网格通 gridbot: the Telegram side (handlers, composition root) and the domain services."""

import os

# Opt in to python-telegram-bot's future behaviour: durations (RetryAfter.retry_after, …)
# are datetime.timedelta. Without it PTB 22 warns on every access.
os.environ.setdefault("PTB_TIMEDELTA", "1")
