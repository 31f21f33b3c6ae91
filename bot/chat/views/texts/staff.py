"""Texts staff read: notifications from the outbox, workers' commands."""

from __future__ import annotations

from bot.chat.views.texts.residents import COMMANDS_ADMIN, COMMANDS_WORKER, EVENT_NAMES

# --- notifications (outbox) -----------------------------------------------------------------
PRIORITY_NAMES: dict[int, str] = {1: "一般", 2: "较急", 3: "紧急"}
NOTICE_DISPATCH = (
    "{flag}<b>新工单 #{id}</b>【{priority}】\n"
    "类别：{intent}\n网格：{grid}\n居民：{name}\n住址：{address}\n"
    "内容：{text}\n{attachments}"
    "请在 {respond_by} 前接单响应。"
)
NOTICE_NO_WORKER = "（{grid}暂无网格员，请社区安排）\n"
NOTICE_URGENT_FLAG = "🚨 "
NOTICE_ATTACHMENTS = "附件：照片 {photos} 张，位置 {locations} 个（见下）\n"
RESIDENT_DISPATCHED = "📋 您的工单 <b>#{id}</b> 已派给{grid}的网格员，请留意消息。"
RESIDENT_TAKEN = "👤 网格员{name}已接单（工单 <b>#{id}</b>），会尽快和您联系。"
RESIDENT_REPLY = (
    "💬 网格员{name}回复（工单 <b>#{id}</b>）：\n{text}\n\n要答复的话，直接回复这条消息就行。"
)
RESIDENT_TRANSFERRED = "🔁 您的工单 <b>#{id}</b> 已转给{grid}办理，新的网格员会联系您。"
RESIDENT_RESOLVED = (
    "✅ 您的工单 <b>#{id}</b> 已办结。\n处理结果：{text}\n\n您满意吗？点一下告诉我们："
)
RESIDENT_REOPENED = "好的，已通知网格员继续办理工单 <b>#{id}</b>。"
RESIDENT_RATED = "谢谢您的评价！工单 <b>#{id}</b> 已结束。有事随时找我。"
WORKER_RELAY = "💬 居民{name}（工单 <b>#{id}</b>）：\n{text}"
WORKER_RELAY_MEDIA = "📎 居民{name}给工单 <b>#{id}</b> 补充了{what}。"
WORKER_REOPENED = "⚠️ 工单 <b>#{id}</b>：居民反馈问题没解决，已重新打开，请继续办理。"
WORKER_TRANSFERRED_IN = "🔁 工单 #{id} 从{from_grid}转来，原因：{reason}\n"
REMINDER = "⏰ 催办：工单 <b>#{id}</b>（{intent}）还有 {left} 就到{what}时限了，请抓紧。"
ESCALATION_HEADER = "🔔 <b>督办</b>：以下工单已超过时限，请过问："
ESCALATION_LINE = "#{id} {intent} · {grid} · {status} · 超时 {over}{owner}"
RATING_NAMES: dict[str, str] = {
    "s": "满意",
    "b": "基本满意",
    "d": "不满意",
    "u": "问题没解决",
}
RATING_DEFAULT = "默认满意"
RATING_LABELS: dict[str, str] = {
    "satisfied": "满意",
    "fairly_satisfied": "基本满意",
    "dissatisfied": "不满意",
}
WHAT_NAMES: dict[str, str] = {"respond": "响应", "resolve": "办结"}
RELAY_WHAT: dict[str, str] = {"photo": "照片", "location": "位置"}
NOTIFICATION_GONE = "（工单 #{id} 的这条通知已无法显示：相关内容已删除。）"
WHAT_RESPOND = "响应"
WHAT_RESOLVE = "办结"
BTN_TAKE = "✋ 接单"
BTN_TRANSFER = "🔁 转派"
BTN_DETAIL = "📄 详情"

# --- staff commands -------------------------------------------------------------------------
QUEUE_EMPTY = "👍 您负责的网格暂时没有待办工单。"
QUEUE_HEADER = "<b>待办工单</b>（紧急、超时的在前）："
QUEUE_LINE = "{flag}#{id} {intent} · {grid} · {status} · {left}"
TIME_LEFT = "剩 {left}"
TIME_OVER = "⚠️ 超时 {over}"
TAKEN = "✅ 已签收工单 <b>#{id}</b>。居民已收到通知。\n/reply {id} 内容 — 回复居民\n/resolve {id} 结果 — 办结"
TAKEN_BY_OTHER = "工单 <b>#{id}</b> 已由网格员{name}签收了。"
ALREADY_YOURS = "工单 <b>#{id}</b> 本来就是您在办。"
REPLY_SENT = "已发给居民（工单 <b>#{id}</b>）。"
NOTE_SAVED = "内部备注已记录（工单 <b>#{id}</b>），居民看不到。"
RESOLVED = "✅ 工单 <b>#{id}</b> 已办结，已请居民评价。"
TRANSFERRED = "🔁 工单 <b>#{id}</b> 已转派到{grid}。"
TRANSFER_PICK = "把工单 <b>#{id}</b> 转给哪个网格？也可以发 /transfer {id} 网格代码 原因"
NOT_IN_SCOPE = "这个工单不在您负责的网格，或者工单不存在。"
NOT_OPEN = "工单 <b>#{id}</b> 现在是“{status}”状态，不能这样操作。"
NOT_OWNER = "工单 <b>#{id}</b> 由网格员{name}负责，请先 /take 签收或联系对方。"
UNKNOWN_GRID_CODE = "没有这个网格代码：{code}"
USAGE_TAKE = "用法：/take 工单号"
USAGE_REPLY = "用法：/reply 工单号 回复内容"
USAGE_NOTE = "用法：/note 工单号 备注内容"
USAGE_RESOLVE = "用法：/resolve 工单号 办理结果"
USAGE_TRANSFER = "用法：/transfer 工单号 网格代码 [原因]"
USAGE_GRANT = "用法：/grant Telegram号 worker 网格代码  或  /grant Telegram号 admin 社区代码"
USAGE_REVOKE = "用法：/revoke Telegram号"
GRANTED = "已授权 {id} 为{role}，负责：{areas}。"
REVOKED = "已取消 {id} 的工作人员身份。"
REVOKE_UNKNOWN = "{id} 不是工作人员。"
ROLE_NAMES: dict[str, str] = {"worker": "网格员", "admin": "管理员"}
OVERDUE_EMPTY = "👍 没有超时工单。"
OVERDUE_HEADER = "<b>超时工单</b>："
STAFF_TICKET = (
    "<b>工单 #{id}</b>【{priority}】{status}\n"
    "类别：{intent}\n网格：{grid}\n负责人：{owner}\n"
    "居民：{name}  电话：{phone}\n住址：{address}\n"
    "提交：{created}  响应时限：{respond_by}  办结时限：{due_by}\n"
    "内容：{text}\n{attachments}\n<b>全部记录</b>\n{history}"
)
STAFF_HISTORY_LINE = "{time} {who} {what}{text}"
NO_OWNER = "（未签收）"
EVENT_NAMES.update(
    {
        "dispatched": "派单",
        "accepted": "签收",
        "reply": "回复",
        "note": "内部备注",
        "resolved": "办结",
        "transferred": "转派",
        "reopened": "重新打开",
        "rated": "评价",
        "reminded": "催办",
        "escalated": "督办",
        "closed": "结束",
    }
)
ACTOR_NAMES: dict[str, str] = {"resident": "居民", "staff": "网格员", "system": "系统"}
COMMANDS_WORKER.update(
    {"take": "签收工单", "reply": "回复居民", "note": "内部备注", "resolve": "办结",
     "transfer": "转派", "ticket": "工单详情"}
)  # fmt: skip
COMMANDS_ADMIN.update(
    {**COMMANDS_WORKER, "grant": "授权工作人员", "revoke": "取消授权", "overdue": "超时工单"}
)

# issue 11: authority and withdrawals
WORKER_CANCELLED = "居民已撤回工单 <b>#{id}</b>（{intent}），无需再处理了。"
TRANSFER_OUT_OF_SCOPE = (
    "不能转派到 {code}：网格员只能转派到本社区的其他网格，管理员只能转派到自己负责的辖区。"
)
TRANSFER_SAME_GRID = "工单 <b>#{id}</b> 已经在这个网格了，不用转派。"
GRANTED_YOU: dict[str, str] = {
    "worker": (
        "您已被授权为<b>网格员</b>，负责：{areas}。\n\n"
        "现在您可以：\n"
        "· 收到这些网格的新工单，点「接单」或发 /take 编号 签收\n"
        "· /reply 编号 内容：回复居民；/note 编号 内容：写内部备注\n"
        "· /resolve 编号 处理结果：办结工单\n"
        "· /transfer 编号 网格代码：转派到本社区的其他网格\n"
        "· /ask 编号 问题：向居民问清情况，等居民补充期间时限暂停\n"
        "· /verify 编号：核查其他网格员办结的工单（不能核查自己的）\n"
        "· /extend 编号 2d 原因：申请延期，由管理员审批\n"
        "· /appeal 编号 原因：对居民的“不满意”评价申诉一次\n"
        "· /queue：查看待办工单\n"
        "签收后的工单由您负责到底（首问负责）。"
    ),
    "admin": (
        "您已被授权为<b>管理员</b>，负责：{areas}。\n\n"
        "现在您可以：\n"
        "· 查看和处理辖区内的所有工单（/queue、/overdue、/ticket 编号）\n"
        "· 收到辖区超时工单的督办提醒，审批延期申请和评价申诉\n"
        "· /stats：查看辖区统计；/broadcast：给辖区居民发通知\n"
        "· /grant、/revoke：管理辖区内的网格员和管理员"
    ),
}
WORKER_RELAY_MORE = "\n（之后居民又补充了 {more} 条文字、照片或位置，发送 /ticket {id} 查看全部。）"
REMINDER_HEADER = "⏰ <b>催办</b>：以下工单快到时限了，请抓紧："
REMINDER_LINE = "#{id} {intent} · 还有 {left} 到{what}时限"
