"""Texts of 核查 before 结案, 延期 and 申诉 (issue 14), for staff and residents."""

from __future__ import annotations

from bot.chat.views.texts.residents import (
    COMMANDS_ADMIN,
    COMMANDS_WORKER,
    EVENT_NAMES,
    STATUS_NAMES,
)

STATUS_NAMES["verifying"] = "待核查"
EVENT_NAMES.update(
    {
        "evidence_wanted": "办结待补照片",
        "evidence": "上传办结照片",
        "verify_requested": "提交办结，待核查",
        "verified": "核查通过",
        "verify_failed": "核查不通过，返工",
        "extension_requested": "申请延期",
        "extension_approved": "同意延期",
        "extension_refused": "不同意延期",
        "rating_appealed": "申诉评价",
        "rating_upheld": "维持评价",
        "rating_removed": "撤销评价",
        "verify_reminded": "核查催办",
        "verify_escalated": "核查督办",
    }
)
COMMANDS_WORKER.update({"extend": "申请延期", "appeal": "申诉不满意评价", "verify": "核查办结"})
COMMANDS_ADMIN.update({"extend": "申请延期", "appeal": "申诉不满意评价", "verify": "核查办结"})

# --- prompts answered by replying to them (the first line names the prompt and the ticket) --
PROMPT_EVIDENCE = "📷 办结照片"
PROMPT_VERIFY_REASON = "✍️ 核查不通过"
PROMPT_APPEAL_REASON = "✍️ 申诉理由"
PROMPT_HEAD = "{prompt} · 工单 #{id}\n"
EVIDENCE_PROMPT = (
    PROMPT_HEAD + "这类工单办结前要核查：请拍一张现场照片作为凭证。\n"
    "👉 直接<b>回复这条消息</b>发照片，发完就替您提交办结（结果：{text}）。"
)
EVIDENCE_PROMPT_NO_DRAFT = PROMPT_HEAD + "请<b>回复这条消息</b>发一张现场照片，作为办结凭证。"
VERIFY_REASON_PROMPT = (
    PROMPT_HEAD + "请<b>回复这条消息</b>写明哪里还没办好，会转给负责的网格员返工。"
)
APPEAL_REASON_PROMPT = (
    PROMPT_HEAD + "请<b>回复这条消息</b>写明申诉理由（每个评价只能申诉一次），管理员会审核。"
)

# --- answers to staff ------------------------------------------------------------------------
EVIDENCE_KEPT = "📷 照片已作为工单 <b>#{id}</b> 的办结凭证保存。办结时发 /resolve {id} 办理结果。"
VERIFY_SUBMITTED = (
    "✅ 工单 <b>#{id}</b> 已提交办结，等待核查：居民确认已解决，或由其他网格员、管理员核查。"
)
VERIFY_PASSED_DONE = "✅ 工单 <b>#{id}</b> 核查通过，已请居民评价。"
VERIFY_FAILED_DONE = "↩️ 工单 <b>#{id}</b> 核查不通过，已退回负责的网格员返工。"
VERIFY_OWN_WORK = "工单 <b>#{id}</b> 是您办结的，需要由其他网格员或管理员核查。"
VERIFY_NOT_WAITING = "工单 <b>#{id}</b> 现在不在待核查状态。"
VERIFY_CARD_SHORT = "🔍 工单 <b>#{id}</b> 核查结果是？（办结的人不能核查自己的工作）"
USAGE_VERIFY = "用法：/verify 工单号  或  /verify 工单号 通过  或  /verify 工单号 不通过 原因"
VERIFY_PASS_WORDS = ("通过", "ok", "pass")
VERIFY_FAIL_WORDS = ("不通过", "fail", "no")
USAGE_EXTEND = "用法：/extend 工单号 时长 原因，时长如 2d（2天）或 36h（36小时）"
EXTEND_ASKED = "⏳ 已为工单 <b>#{id}</b> 申请延期 {hours} 到 {until}，等管理员审批。"
EXTEND_ASKED_WORKING = (
    "⏳ 已为工单 <b>#{id}</b> 申请延期 {length}，到 {until}，等管理员审批。\n"
    "这类工单按工作时计算：共 {hours} 个工作小时（1天 = 1个工作日 = {day} 个工作小时，"
    "夜间、周末和节假日不计）。"
)


def extension_length(amount: int, days: bool) -> str:
    """What an extension in 工作时 asked for: 2个工作日, or 36个工作小时."""
    return f"{amount}个工作日" if days else f"{amount}个工作小时"


EXTEND_PENDING = "工单 <b>#{id}</b> 已有一个延期申请在等审批，请等管理员处理后再申请。"
EXTEND_NOT_OWNER = "只有工单 <b>#{id}</b> 的负责人（签收的网格员）可以申请延期。"
EXTEND_APPROVED_DONE = "✅ 已同意工单 <b>#{id}</b> 延期，新的办结时限：{until}。"
EXTEND_REFUSED_DONE = "已不同意工单 <b>#{id}</b> 的延期申请，原时限不变。"
NOTHING_WAITING = "工单 <b>#{id}</b> 没有待处理的申请（可能已经处理过了）。"
DECIDE_OWN = "这是您自己的申请，需要由其他管理员审批。"
ONLY_ADMINS = "只有负责这个网格的管理员可以审批。"
USAGE_APPEAL = "用法：/appeal 工单号 申诉理由（只能对“不满意”评价申诉一次）"
APPEAL_SENT = "📨 工单 <b>#{id}</b> 的申诉已提交，管理员审核后会告诉您结果。"
APPEAL_ONCE = "工单 <b>#{id}</b> 的评价已经申诉过了，每个评价只能申诉一次。"
APPEAL_NOT_ALLOWED = "工单 <b>#{id}</b> 不能申诉：只有负责人可以对居民的“不满意”评价申诉。"
APPEAL_REMOVED_DONE = "已撤销工单 <b>#{id}</b> 的不满意评价，不再计入满意率。已记入审计日志。"
APPEAL_UPHELD_DONE = "已维持工单 <b>#{id}</b> 的评价。已记入审计日志。"
DURATION_HOURS = "{n}小时"
DURATION_DAYS = "{n}天"

# --- notifications (outbox) ----------------------------------------------------------------
NOTICE_VERIFY = (
    "🔍 <b>待核查</b>：工单 #{id}（{intent}）\n网格员{name}已提交办结：{text}\n{photos}"
    "请到现场或看照片核查（办结的人不能核查自己的工作）。"
)
NOTICE_VERIFY_PHOTOS = "现场照片 {n} 张（见下）。\n"
NOTICE_VERIFY_REMINDER = (
    "⏰ <b>核查催办</b>：工单 #{id}（{intent}）已等核查 {hours} 小时了，"
    "请尽快到现场或看照片核查（办结的人不能核查自己的工作）。"
)
NOTICE_VERIFY_ESCALATION = (
    "🔔 <b>核查督办</b>：工单 #{id}（{intent} · {grid}）已等核查 {hours} 小时，"
    "还没有人核查，请过问或亲自核查。"
)
NOTICE_VERIFIED: dict[str, str] = {
    "resident": "✅ 工单 <b>#{id}</b>：居民确认问题已解决，核查通过。",
    "staff": "✅ 工单 <b>#{id}</b> 核查通过。",
}
NOTICE_VERIFY_FAILED: dict[str, str] = {
    "resident": "↩️ 工单 <b>#{id}</b> 返工：居民反馈问题没解决，请继续办理。",
    "staff": "↩️ 工单 <b>#{id}</b> 返工：{name}核查不通过。\n原因：{reason}\n请继续办理，办好后再发 /resolve。",
}
RESIDENT_REWORK = (
    "🔧 您的工单 <b>#{id}</b> 经核查还没有完全办好，已请网格员继续处理，办好后再告诉您。"
)
NOTICE_EXTENSION = (
    "⏳ <b>延期申请</b>：工单 #{id}（{intent} · {grid}）\n网格员{name}申请延期 {hours}，"
    "办结时限改到 {until}。\n原因：{reason}"
)
DURATION_WORKING_HOURS = "{n}个工作小时"
NOTICE_EXTENSION_APPROVED = "✅ 工单 <b>#{id}</b> 的延期申请已同意，新的办结时限：{until}。"
NOTICE_EXTENSION_REFUSED = "❌ 工单 <b>#{id}</b> 的延期申请没有被同意，请按原时限办结。"
RESIDENT_EXTENDED = (
    "🕒 您的工单 <b>#{id}</b> 需要多一点时间办理，预计 {until} 前办好。给您添麻烦了，网格员会抓紧。"
)
NOTICE_RATED_DISSATISFIED = (
    "😟 工单 <b>#{id}</b>（{intent}）居民评价：不满意。\n"
    "请回访了解原因。如果评价有误，可以申诉一次：点下面的按钮，或发 /appeal {id} 理由。"
)
NOTICE_APPEAL = (
    "⚖️ <b>评价申诉</b>：工单 #{id}（{intent} · {grid}）\n居民评价：不满意\n"
    "网格员{name}申诉理由：{reason}"
)
NOTICE_APPEAL_DECIDED: dict[bool, str] = {
    True: "✅ 工单 <b>#{id}</b> 的申诉成立：不满意评价已撤销，不计入满意率。",
    False: "工单 <b>#{id}</b> 的申诉没有成立：评价维持不变。",
}
BTN_VERIFY_OK = "✅ 核查通过"
BTN_VERIFY_NO = "↩️ 核查不通过"
BTN_EXTEND_YES = "✅ 同意延期"
BTN_EXTEND_NO = "❌ 不同意"
BTN_APPEAL = "⚖️ 申诉"
BTN_APPEAL_UPHOLD = "维持评价"
BTN_APPEAL_REMOVE = "撤销评价"
