"""The read side: queues, ticket views, statistics and notice reports (no writes)."""
