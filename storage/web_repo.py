"""Sign-in links and sessions of the web console; callers pass hashes, never raw tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.web import WebSession, WebSignIn


class WebRepo:
    """The ``web_sign_ins`` and ``web_sessions`` tables."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add_sign_in(self, token_hash: str, telegram_id: int, expires_at: datetime) -> None:
        """Store a new single-use link."""
        self.session.add(
            WebSignIn(token_hash=token_hash, telegram_id=telegram_id, expires_at=expires_at)
        )

    async def claim_sign_in(self, token_hash: str, now: datetime) -> int | None:
        """Use a link once: its Telegram id, or None when unknown, used or expired."""
        stmt = select(WebSignIn).where(WebSignIn.token_hash == token_hash).with_for_update()
        link = (await self.session.scalars(stmt)).first()
        if link is None or link.used_at is not None or link.expires_at <= now:
            return None
        link.used_at = now
        return link.telegram_id

    def add_session(
        self, token_hash: str, telegram_id: int, csrf: str, expires_at: datetime
    ) -> None:
        """Store a new browser session."""
        self.session.add(
            WebSession(
                token_hash=token_hash, telegram_id=telegram_id, csrf=csrf, expires_at=expires_at
            )
        )

    async def live_session(self, token_hash: str, now: datetime) -> WebSession | None:
        """The session of this cookie, unless unknown or expired."""
        found = await self.session.get(WebSession, token_hash)
        return found if found is not None and found.expires_at > now else None

    async def end_session(self, token_hash: str) -> None:
        """Sign out: forget the session."""
        await self.session.execute(delete(WebSession).where(WebSession.token_hash == token_hash))

    async def purge(self, now: datetime) -> None:
        """Forget expired links and sessions."""
        await self.session.execute(delete(WebSignIn).where(WebSignIn.expires_at <= now))
        await self.session.execute(delete(WebSession).where(WebSession.expires_at <= now))
