"""Serving the bot: long polling, the webhook (ASGI, uvicorn) and its Prometheus metrics."""
