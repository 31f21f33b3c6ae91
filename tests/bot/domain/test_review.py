"""核查 before 结案, 延期 and 申诉: the state machine's issue-14 transitions and refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain import events as ev
from bot.domain import review as r
from bot.domain import review_events as rv
from bot.domain import tickets as t
from bot.domain.errors import (
    AlreadyOwned,
    AlreadyPending,
    Forbidden,
    InvalidInput,
    NotFound,
    NothingPending,
    NotOpen,
    OwnWork,
)
from bot.domain.policy import Actor
from tests.bot.domain.test_tickets import (
    ADMIN,
    FAR,
    GLOBAL,
    GRID_B,
    LI,
    NOW,
    RESIDENT,
    ZHANG,
    run,
    taken_by,
    to,
)

CHECKED = r.Check(needed=True, has_evidence=True)
NO_PHOTO = r.Check(needed=True, has_evidence=False)
LATER = NOW + timedelta(hours=1)


def verifying(doer: Actor = ZHANG) -> t.TicketState:
    """A ticket of a 核查 category its owner submitted with a photo."""
    state = taken_by(doer)
    return run(state, r.resolve(state, doer, "已清理楼道", NOW, CHECKED))


def closed_dissatisfied() -> t.TicketState:
    state = taken_by(ZHANG)
    state = run(state, t.resolve(state, ZHANG, "已处理", NOW))
    return run(state, t.rate(state, RESIDENT, "d", LATER))


# --- 核查 before 结案 ---------------------------------------------------------------------------
def test_resolve_without_check_is_the_plain_resolve() -> None:
    state = taken_by(ZHANG)
    assert r.resolve(state, ZHANG, "好了", NOW, r.Check()) == t.resolve(state, ZHANG, "好了", NOW)


def test_resolve_without_a_photo_keeps_the_text_and_changes_nothing() -> None:
    state = taken_by(ZHANG)
    events = r.resolve(state, ZHANG, "已清理", NOW, NO_PHOTO)
    assert events == [rv.EvidenceWanted(1, NOW, ZHANG.staff_id, "已清理")]
    assert run(state, events) == state


def test_resolve_with_a_photo_waits_for_the_check_and_records_the_doer() -> None:
    after = verifying()
    assert after.status is t.Status.VERIFYING and after.resolver_id == ZHANG.staff_id
    assert not after.is_open


def test_first_answer_by_resolving_still_makes_the_owner() -> None:
    state = t.TicketState(1, RESIDENT, t.Status.ASSIGNED, 1)
    events = r.resolve(state, LI, "已清理", NOW, CHECKED)
    assert [type(e) for e in events] == [ev.Taken, rv.VerifyRequested]


@pytest.mark.parametrize("checker", [LI, ADMIN, GLOBAL])
def test_someone_else_checks_passed(checker: Actor) -> None:
    events = r.check(verifying(), checker, True, None, LATER)
    assert events == [rv.Verified(1, LATER, rv.STAFF, checker.staff_id)]
    assert run(verifying(), events).status is t.Status.RESOLVED


def test_a_failed_check_sends_it_back_to_the_owner_with_the_reason() -> None:
    events = r.check(verifying(), LI, False, " 楼道还有纸箱 ", LATER)
    assert events == [rv.VerifyFailed(1, LATER, rv.STAFF, LI.staff_id, "楼道还有纸箱")]
    after = run(verifying(), events)
    assert after.status is t.Status.ACCEPTED and after.owner_id == ZHANG.staff_id


def test_the_doer_may_not_check_their_own_work_even_as_admin() -> None:
    with pytest.raises(OwnWork):
        r.check(verifying(), ZHANG, True, None, LATER)
    with pytest.raises(OwnWork):
        r.check(verifying(ADMIN), ADMIN, True, None, LATER)


def test_a_failed_check_needs_a_reason_and_outsiders_see_nothing() -> None:
    with pytest.raises(InvalidInput):
        r.check(verifying(), LI, False, "  ", LATER)
    with pytest.raises(NotFound):
        r.check(verifying(), FAR, True, None, LATER)


def test_only_a_ticket_waiting_for_the_check_can_be_checked() -> None:
    with pytest.raises(NotOpen):
        r.check(taken_by(ZHANG), LI, True, None, LATER)


def test_the_residents_rating_is_the_check() -> None:
    state = verifying()
    events = t.rate(state, RESIDENT, "s", LATER)
    assert events == [rv.Verified(1, LATER, rv.RESIDENT), ev.Rated(1, LATER, "satisfied")]
    assert run(state, events).status is t.Status.CLOSED


def test_not_solved_while_checking_is_a_failed_check() -> None:
    state = verifying()
    events = t.rate(state, RESIDENT, "u", LATER)
    assert events == [rv.VerifyFailed(1, LATER, rv.RESIDENT)]
    assert run(state, events).status is t.Status.ACCEPTED


def test_a_waiting_ticket_is_neither_closed_by_default_nor_resolved_again() -> None:
    assert t.auto_close(verifying(), LATER) == []
    with pytest.raises(NotOpen):
        r.resolve(verifying(), ZHANG, "again", LATER, CHECKED)


def test_evidence_by_the_owner_or_an_admin_only() -> None:
    state = taken_by(ZHANG)
    assert r.add_evidence(state, ZHANG, NOW) == [rv.EvidenceAdded(1, NOW, ZHANG.staff_id)]
    assert r.add_evidence(state, ADMIN, NOW) == [rv.EvidenceAdded(1, NOW, ADMIN.staff_id)]
    with pytest.raises(AlreadyOwned):
        r.add_evidence(state, LI, NOW)
    with pytest.raises(NotOpen):
        r.add_evidence(verifying(), ZHANG, NOW)


# --- 延期 -------------------------------------------------------------------------------------
def test_the_owner_asks_for_an_extension_from_the_deadline() -> None:
    due = NOW + timedelta(hours=24)
    events = r.request_extension(taken_by(ZHANG), ZHANG, 48, "等配件", NOW, due)
    assert events == [
        rv.ExtensionRequested(1, NOW, ZHANG.staff_id, 48, due + timedelta(hours=48), "等配件")
    ]
    after = run(taken_by(ZHANG), events)
    assert after.extension_hours == 48 and after.extension_until == due + timedelta(hours=48)


def test_one_pending_extension_at_a_time_and_only_by_the_owner() -> None:
    state = taken_by(ZHANG)
    pending = run(state, r.request_extension(state, ZHANG, 12, "等配件", NOW, None))
    with pytest.raises(AlreadyPending):
        r.request_extension(pending, ZHANG, 12, "再等等", NOW, None)
    with pytest.raises(AlreadyOwned):
        r.request_extension(state, LI, 12, "我来", NOW, None)
    with pytest.raises(Forbidden):
        r.request_extension(
            t.TicketState(1, RESIDENT, t.Status.ASSIGNED, 1), ZHANG, 12, "x", NOW, None
        )
    for hours, reason in ((0, "x"), (r.MAX_EXTENSION_HOURS + 1, "x"), (12, " ")):
        with pytest.raises(InvalidInput):
            r.request_extension(state, ZHANG, hours, reason, NOW, None)


def test_an_admin_over_the_grid_approves_or_refuses() -> None:
    state = taken_by(ZHANG)
    pending = run(state, r.request_extension(state, ZHANG, 12, "等配件", NOW, None))
    approved = r.decide_extension(pending, ADMIN, True, LATER)
    until = NOW + timedelta(hours=12)
    assert approved == [rv.ExtensionApproved(1, LATER, ADMIN.staff_id, 12, until)]
    assert run(pending, approved).extension_until is None
    assert r.decide_extension(pending, GLOBAL, False, LATER) == [
        rv.ExtensionRefused(1, LATER, GLOBAL.staff_id)
    ]
    with pytest.raises(Forbidden):
        r.decide_extension(pending, LI, True, LATER)  # a worker
    with pytest.raises(NothingPending):
        r.decide_extension(state, ADMIN, True, LATER)


def test_an_admin_does_not_approve_their_own_request() -> None:
    state = taken_by(ADMIN)
    pending = run(state, r.request_extension(state, ADMIN, 12, "等配件", NOW, None))
    with pytest.raises(OwnWork):
        r.decide_extension(pending, ADMIN, True, LATER)


# --- 申诉 -------------------------------------------------------------------------------------
def test_the_owner_appeals_a_dissatisfied_rating_once() -> None:
    state = closed_dissatisfied()
    events = r.appeal(state, ZHANG, "居民不满意的是物业收费", LATER)
    assert events == [rv.RatingAppealed(1, LATER, ZHANG.staff_id, "居民不满意的是物业收费")]
    appealed = run(state, events)
    assert appealed.appeal == r.APPEAL_PENDING
    with pytest.raises(AlreadyPending):
        r.appeal(appealed, ZHANG, "再申诉", LATER)
    with pytest.raises(AlreadyOwned):
        r.appeal(state, LI, "我也申诉", LATER)


def test_only_a_real_dissatisfied_rating_may_be_appealed() -> None:
    state = taken_by(ZHANG)
    resolved = run(state, t.resolve(state, ZHANG, "已处理", NOW))
    satisfied = run(resolved, t.rate(resolved, RESIDENT, "s", LATER))
    default = run(resolved, t.auto_close(resolved, LATER))
    for ticket in (state, resolved, satisfied, default):
        with pytest.raises(Forbidden):
            r.appeal(ticket, ZHANG, "理由", LATER)


def test_an_admin_removes_or_upholds_the_appealed_rating() -> None:
    appealed = run(closed_dissatisfied(), r.appeal(closed_dissatisfied(), ZHANG, "理由", LATER))
    removed = r.decide_appeal(appealed, ADMIN, True, LATER)
    assert removed == [rv.RatingRemoved(1, LATER, ADMIN.staff_id)]
    after = run(appealed, removed)
    assert after.appeal == r.APPEAL_REMOVED and after.rating is None
    upheld = run(appealed, r.decide_appeal(appealed, GLOBAL, False, LATER))
    assert upheld.appeal == r.APPEAL_UPHELD and upheld.rating == "dissatisfied"
    with pytest.raises(NothingPending):
        r.decide_appeal(upheld, ADMIN, True, LATER)
    with pytest.raises(Forbidden):
        r.decide_appeal(appealed, LI, True, LATER)


@pytest.mark.parametrize("how", ["resolve", "transfer", "cancel"])
def test_a_pending_extension_lapses_when_the_work_is_handed_in_moved_or_withdrawn(how: str) -> None:
    state = taken_by(ZHANG)
    pending = run(state, r.request_extension(state, ZHANG, 12, "等配件", NOW, None))
    if how == "resolve":
        events = t.resolve(pending, ZHANG, "好了", LATER)
    elif how == "transfer":
        events = t.transfer(pending, ZHANG, to(GRID_B), None, LATER)
    else:
        events = t.cancel(pending, RESIDENT, LATER)
    after = run(pending, events)
    assert after.extension_until is None and after.extension_hours is None
    with pytest.raises(NothingPending):
        r.decide_extension(after, ADMIN, True, LATER)
