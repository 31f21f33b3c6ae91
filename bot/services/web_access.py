"""Sign-in to the web console without passwords: a single-use link from ``/web``, then a session.

Only SHA-256 hashes of the link and cookie tokens are stored. Every session is checked
against the staff table on each request (a revoked worker is signed out at once).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import policy
from bot.services.errors import Forbidden, NotFound
from bot.services.scope import actor
from bot.services.views import Clock
from storage.uow import unit_of_work

LINK_LIFETIME = timedelta(minutes=10)
SESSION_LIFETIME = timedelta(hours=12)


@dataclass(frozen=True)
class WebLogin:
    """A new session: the cookie's raw token and the form's CSRF token."""

    token: str
    csrf: str


@dataclass(frozen=True)
class WebUser:
    """The staff member behind a live session, as the domain's policy sees them."""

    actor: policy.Actor
    csrf: str


def digest(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


class WebAccess:
    """Issue links, turn a link into a session, look sessions up, sign out."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        admin_ids: frozenset[int],
        clock: Clock,
        console_url: str,
    ) -> None:
        self._console_url = console_url.rstrip("/")
        self._sessions = sessions
        self._admin_ids = admin_ids
        self._clock = clock

    async def issue_link(self, telegram_id: int) -> str:
        """A new single-use sign-in URL for an active staff member (Forbidden otherwise)."""
        token = secrets.token_urlsafe(32)
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            await actor(repos, telegram_id, self._admin_ids)
            await repos.web.purge(now)
            repos.web.add_sign_in(digest(token), telegram_id, now + LINK_LIFETIME)
        return f"{self._console_url}/signin?token={token}"

    async def sign_in(self, link_token: str) -> WebLogin:
        """Use a link once and open a session (NotFound: unknown, used or expired link)."""
        now = self._clock()
        login = WebLogin(secrets.token_urlsafe(32), secrets.token_urlsafe(32))
        async with unit_of_work(self._sessions) as repos:
            telegram_id = await repos.web.claim_sign_in(digest(link_token), now)
            if telegram_id is None:
                raise NotFound("sign-in link")
            await actor(repos, telegram_id, self._admin_ids)
            expires = now + SESSION_LIFETIME
            repos.web.add_session(digest(login.token), telegram_id, login.csrf, expires)
        return login

    async def user(self, session_token: str) -> WebUser | None:
        """The staff member of a live session, or None (unknown, expired, no longer staff)."""
        if not session_token:
            return None
        async with unit_of_work(self._sessions) as repos:
            found = await repos.web.live_session(digest(session_token), self._clock())
            if found is None:
                return None
            try:
                me = await actor(repos, found.telegram_id, self._admin_ids)
            except Forbidden:
                return None
            return WebUser(me.domain(), found.csrf)

    async def sign_out(self, session_token: str) -> None:
        """End this session."""
        async with unit_of_work(self._sessions) as repos:
            await repos.web.end_session(digest(session_token))
