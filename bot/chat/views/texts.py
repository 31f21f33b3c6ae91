"""Every Chinese (and bilingual) text the bot and its CLI show, in one place.

Templates use ``str.format`` fields; user-supplied values are escaped by the caller
(``html.escape``) before they are formatted into HTML-mode messages.
"""

from __future__ import annotations

from bot.domain import privacy

# --- command menu descriptions (setMyCommands) ---------------------------------------------
COMMANDS_RESIDENT: dict[str, str] = {
    "start": "开始 / 登记住址",
    "help": "怎么用",
    "my": "我的诉求",
}
COMMANDS_WORKER: dict[str, str] = {
    **COMMANDS_RESIDENT,
    "queue": "我的待办工单",
}
COMMANDS_ADMIN: dict[str, str] = {
    **COMMANDS_WORKER,
    "overdue": "超时工单",
    "stats": "统计",
    "broadcast": "发通知",
}

# --- resident-facing ------------------------------------------------------------------------
WELCOME = (
    "您好，{name}！这里是<b>网格通</b>，您身边网格员的小帮手。\n\n"
    "停车、晾晒、消防隐患、电子社保卡、防诈骗、垃圾卫生、设施报修、邻里纠纷、老人照护……"
    "有什么难事，直接打字告诉我，网格员会尽快帮您办。\n\n"
    "不会用？发 /help 看看例子。"
)

HELP = (
    "<b>网格通怎么用</b>\n\n"
    "直接打一句话说清楚遇到的事，比如：\n"
    "• 小区门口天天乱停车，堵着消防通道\n"
    "• 楼道里有人拉电线给电动车充电\n"
    "• 电子社保卡怎么激活？\n"
    "• 3号楼路灯坏了好几天了\n\n"
    "也可以发照片、发位置。\n"
    "/start 开始或修改住址\n"
    "/help 再看一遍这个说明\n\n"
    "紧急情况请直接拨打：火警 119，报警 110，急救 120，反诈专线 96110。"
)

UNKNOWN_COMMAND = "这个命令我不认识。直接打字说您遇到的事就行，或者发 /help 看看怎么用。"

NOT_UNDERSTOOD_YET = "收到您的消息了。想反映问题，请直接说清楚是什么事、在哪里；发 /help 看看例子。"

INTERNAL_ERROR = "抱歉，系统刚才出了点问题，您的消息没有处理成功。请稍后再发一次，或发 /help。"

# --- CLI (operators) ------------------------------------------------------------------------
NO_TOKEN = (
    "没有设置 Telegram 机器人令牌 (token)。\n"
    "  1. 在 Telegram 里找 @BotFather，发送 /newbot，按提示起名字，它会给您一串令牌，\n"
    "     形如 123456789:AAH...\n"
    "  2. 设置环境变量 GRIDBOT_TELEGRAM_TOKEN=<令牌>（或写进项目目录下的 .env 文件），\n"
    "     再运行 make run。\n"
    "\n"
    "No Telegram bot token is set.\n"
    "  1. In Telegram, talk to @BotFather, send /newbot and follow the prompts; it gives you a\n"
    "     token like 123456789:AAH...\n"
    "  2. Set the environment variable GRIDBOT_TELEGRAM_TOKEN=<token> (or put it in a .env\n"
    "     file in the project directory) and run make run again."
)

CANNOT_CONNECT = (
    "连接不上 Telegram Bot API 服务器 {url}：{error}\n"
    "请检查网络，或 GRIDBOT_TELEGRAM_API_URL 是否正确。\n"
    "Cannot reach the Telegram Bot API server at {url}: {error}\n"
    "Check the network, or the GRIDBOT_TELEGRAM_API_URL setting."
)

INVALID_TOKEN = (
    "Telegram 拒绝了这个令牌，请到 @BotFather 核对 GRIDBOT_TELEGRAM_TOKEN。\n"
    "Telegram rejected the token; check GRIDBOT_TELEGRAM_TOKEN with @BotFather."
)

OTHER_INTENT_NAME = "其他问题"
ERASED = privacy.ERASED  # what staff see where a resident's erased personal data was

STATUS_NAMES: dict[str, str] = {
    "new": "已受理",
    "assigned": "已派单",
    "accepted": "处理中",
    "resolved": "已办结",
    "closed": "已评价",
    "cancelled": "已撤销",
}

EVENT_NAMES: dict[str, str] = {
    "created": "提交诉求",
    "message": "补充说明",
    "photo": "补充照片",
    "location": "补充位置",
    "intent_changed": "更改类别",
    "cancelled": "撤销",
}

# --- registration ---------------------------------------------------------------------------
REG_WELCOME = (
    "您好，{name}！欢迎使用<b>网格通</b> 🏠\n"
    "先花半分钟登记一下您住在哪儿，网格员才能找到您。\n\n"
    "<b>第 1 步：请点选您所在的社区</b>"
)
REG_KEPT = "您刚才说的事我先记下了，登记完马上帮您提交。"
REG_COMMUNITY_AGAIN = "<b>请点选您所在的社区</b>"
REG_NO_AREAS = "您好！系统里还没有社区名单，暂时没法登记，请联系社区工作人员。"
REG_GRID = "<b>第 2 步：您在 {community} 的哪个网格？</b>\n不清楚就点“不清楚”，我们帮您安排。"
REG_ADDRESS = "<b>第 3 步：请告诉我您的住址</b>\n比如：3号楼2单元501。不想填可以点“跳过”。"
REG_PHONE = (
    "<b>最后一步：留个手机号吗？</b>\n"
    "网格员有事可以直接打给您。点下面“分享手机号”就行，不想留就点“跳过”。"
)
REG_DONE = (
    "✅ 登记好了！\n"
    "社区：{community}\n网格：{grid}\n住址：{address}\n手机：{phone}\n\n"
    "以后有什么事，直接打字告诉我，也可以发照片、发位置。"
    "比如“楼道里有人飞线充电”“电子社保卡怎么激活”。\n发 /my 查看您反映过的事。"
)
REG_WELCOME_BACK = (
    "欢迎回来，{name}！\n社区：{community}\n网格：{grid}\n住址：{address}\n\n"
    "有什么事直接打字告诉我就行。发 /my 看看您反映过的事。"
)
REG_PRESS_BUTTON = "请点上面的按钮选一下哦 👆 您说的话我已经记下了，登记完就提交。"
REG_NOT_KEPT = "请点上面的按钮选一下哦 👆 登记前发的消息太多了，这一条没能记下，登记完请再发一次。"
REG_NOT_KEPT_PHONE = "登记前发的消息太多了，这一条没能记下，登记完请再发一次。请点下面的“分享手机号”按钮，或者点“跳过”。"
REG_DROPPED = "另外有 {n} 条登记时发的消息太多没能记下，请再发一次。"
REG_ONLY_OWN_CONTACT = "只能分享您自己的手机号哦。请点下面的“分享手机号”按钮，或者点“跳过”。"
REG_CONTACT_HINT = "请点下面的“分享手机号”按钮，或者点“跳过”。"
NOT_SET = "未填写"
UNKNOWN_GRID = "不清楚"
BTN_SKIP = "跳过"
BTN_SHARE_PHONE = "📱 分享手机号"
BTN_PREV = "« 上一页"
BTN_NEXT = "下一页 »"
BTN_EDIT_ADDRESS = "修改住址"

# --- reporting ------------------------------------------------------------------------------
TICKET_OPENED = (
    "✅ 已收到，工单号 <b>#{id}</b>\n"
    "类别：{intent}\n"
    "已派给{grid}的网格员，会在 <b>{respond}</b> 内联系您。\n"
    "发 /ticket {id} 可以随时查看进度。"
)
TICKET_APPENDED = (
    "您反映的这件事已经有工单了：<b>#{id}</b>（{intent}，{status}）。\n"
    "刚才说的已经补充进去，网格员能看到，不用重复提交。"
)
CONFIRM = "我想确认一下，您说的是哪件事？点一下就行："
NOT_UNDERSTOOD = (
    "不好意思，我没太看明白 😊\n请点一下最接近的类别；都不像就点“其他问题”，网格员会联系您。"
)
EMPTY_MESSAGE = (
    "我只看到了表情或空白 😊 请用文字说说遇到了什么事，比如“3号楼路灯坏了”。或发 /help 看例子。"
)
DROPPED = "好的，这件事先不提交了。有事随时跟我说。"
INFO_FOOTER = "\n\n这些说明解决您的问题了吗？"
INFO_SOLVED = "太好了！有别的事随时找我 😊"
NEED_DESCRIPTION_PHOTO = "照片收到了 📷 请再用一句话说说是什么事，比如“楼道里堆满了纸箱”。"
NEED_DESCRIPTION_LOCATION = "位置收到了 📍 请再用一句话说说这里出了什么事。"
ATTACHED_PHOTO = "📷 照片已补充到工单 <b>#{id}</b>。"
ATTACHED_LOCATION = "📍 位置已补充到工单 <b>#{id}</b>。"
CHOOSE_NEW_CATEGORY = "请选择正确的类别："
INTENT_CHANGED = "好的，工单 <b>#{id}</b> 的类别改为：{intent}。"
NOTHING_PENDING = "这条消息已经处理过了。有新的事请直接打字告诉我。"
ALREADY_ANSWERED = "这个问题已经处理过了。发 /my 查看您的工单。"
BTN_OTHER = "其他问题"
BTN_DROP = "算了"
BTN_WRONG_CATEGORY = "不是这个类别"
BTN_SPLIT = "这是另一件事"
BTN_SOLVED = "✅ 已解决"
BTN_NEED_HUMAN = "🙋 还需要人工帮助"

# --- following up ---------------------------------------------------------------------------
MY_EMPTY = "您还没有反映过事情。遇到问题直接打字告诉我就行。"
MY_HEADER = "<b>您反映过的事</b>（最新的在前）："
MY_LINE = "#{id} {intent} · {status} · {date}"
TICKET_DETAIL = (
    "<b>工单 #{id}</b>\n"
    "类别：{intent}\n状态：{status}\n网格：{grid}\n提交时间：{created}\n"
    "内容：{text}\n{attachments}"
    "\n<b>办理记录</b>\n{history}"
)
TICKET_ATTACHMENTS = "附件：照片 {photos} 张，位置 {locations} 个\n"
HISTORY_LINE = "{time} {what}{text}"
TICKET_NOT_FOUND = "找不到这个工单。发 /my 看看您的工单。"
TICKET_USAGE = "请在命令后面写上工单号，比如：/ticket 12 。发 /my 看看您的工单。"
CANCEL_USAGE = "请在命令后面写上工单号，比如：/cancel 12 。"
CANCEL_CONFIRM = "确定要撤销工单 <b>#{id}</b>（{intent}）吗？"
CANCELLED = "工单 <b>#{id}</b> 已撤销。有事随时再找我。"
CANCEL_NOT_OPEN = "工单 <b>#{id}</b> 已经{status}，不能撤销了。"
CANCEL_KEPT = "好的，工单 <b>#{id}</b> 保留，网格员会继续办理。"
BTN_CANCEL_YES = "确定撤销"
BTN_CANCEL_NO = "不撤销"
BTN_OPEN_TICKET = "#{id} {intent}"

# --- bad input ------------------------------------------------------------------------------
NOT_REGISTERED_MEDIA = "请先发 /start 登记一下住址，再发照片或位置给我。"
VOICE_DECLINED = "不好意思，我暂时听不了语音 🙏 请打几个字，或者发张照片给我。实在不方便打字，可以拨打 12345 市民热线。"
STICKER_DECLINED = "收到您的表情啦 😊 有什么事请打字告诉我。"
FILE_DECLINED = "文件、视频我暂时看不了。请用文字说说是什么事，或者直接发照片。"
EDITED_NOTED = "修改后的内容已补充到工单 <b>#{id}</b>。"
EDITED_DECLINED = "修改过的消息我收不到哦，请把要说的事重新发一条给我。"
FORWARD_DECLINED = "转发的内容我没法处理。请用自己的话说说遇到了什么事。"
GROUP_DECLINED = "请私聊我反映问题，这样您的信息不会被群里其他人看到 🙏"


def duration(hours: float) -> str:
    """A deadline length in plain words: 30分钟, 4小时, 3天."""
    if hours < 1:
        return f"{round(hours * 60)}分钟"
    if hours >= 24 and hours % 24 == 0:
        return f"{int(hours // 24)}天"
    return f"{hours:g}小时"


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

# --- statistics -----------------------------------------------------------------------------
STATS_USAGE = "用法：/stats [天数]，例如 /stats 7（1–366 天，不写就是近 30 天）。"
STATS_ALL_AREAS = "全部辖区"
STATS_NO_GRID = "未分网格"
STATS_NONE = "—"
STATS_SEP = "、"
STATS_ITEM = "{name} {count}"
STATS_TEXT = (
    "<b>📊 工单统计：{scope}</b>\n"
    "{first} 至 {last}（近 {days} 天）\n\n"
    "工单总数：<b>{total}</b> 件\n"
    "按类别：{intents}\n"
    "按网格：{grids}\n"
    "按状态：{statuses}\n\n"
    "签收用时中位数：{accept}\n"
    "办结用时中位数：{resolve}\n"
    "限时办结率：{in_time}（已办结 {resolved} 件，按时 {resolved_in_time} 件）\n"
    "满意率：{satisfaction}（评价 {rated} 件：满意 {satisfied}、基本满意 {fairly}、不满意 {dissatisfied}）\n"
    "默认满意：{default} 件（3 天未评价，不计入满意率）\n"
    "自助解决率：{self_service}（自助答复 {info_total} 次：已解决 {solved}、转人工 {escalated}、未答复 {unanswered}）\n"
    "当前超时工单：<b>{overdue}</b> 件"
)
STATS_CAPTION = "📈 {scope} 近 {days} 天：每日工单与各网格工单数"
CHART_TITLE = "{scope} 近{days}天工单统计（{first} 至 {last}）"
CHART_DAILY = "每日新增工单（按类别）"
CHART_GRIDS = "各网格工单数"
CHART_COUNT = "工单数（件）"
CHART_NO_TICKETS = "这段时间没有工单"
REPORT_SECTIONS: dict[str, str] = {
    "summary": "概况",
    "intent": "按类别",
    "grid": "按网格",
    "status": "按状态",
    "daily": "每日工单",
}
REPORT_HEADER = ("section", "key", "name", "value")
REPORT_SUMMARY: dict[str, str] = {
    "first_day": "起始日期",
    "last_day": "截止日期",
    "days": "天数",
    "tickets": "工单总数",
    "median_accept_hours": "签收用时中位数（小时）",
    "median_resolve_hours": "办结用时中位数（小时）",
    "resolved": "已办结工单",
    "resolved_in_time": "按时办结工单",
    "in_time_share": "限时办结率",
    "satisfied": "满意",
    "fairly_satisfied": "基本满意",
    "dissatisfied": "不满意",
    "default_satisfied": "默认满意（不计入满意率）",
    "satisfaction": "满意率",
    "self_service_solved": "自助答复：已解决",
    "self_service_escalated": "自助答复：转人工",
    "self_service_unanswered": "自助答复：未答复",
    "self_service_share": "自助解决率",
    "overdue": "当前超时工单",
}


def percent(share: float | None) -> str:
    """A share as 67%, or — when there is nothing to divide."""
    return STATS_NONE if share is None else f"{share:.0%}"


def span_hours(hours: float | None) -> str:
    """A median duration: 45分钟, 3.5小时, 2.5天, or — when there is none."""
    if hours is None:
        return STATS_NONE
    if hours < 1:
        return f"{round(hours * 60)}分钟"
    if hours < 48:
        return f"{hours:.1f}".rstrip("0").rstrip(".") + "小时"
    return f"{hours / 24:.1f}".rstrip("0").rstrip(".") + "天"


# --- broadcasts -----------------------------------------------------------------------------
BC_PICK_AUDIENCE = "<b>📢 发通知</b>\n第 1 步：发给谁？"
BTN_BC_ALL = "我管辖的全部居民"
BTN_BC_COMMUNITY = "某个社区"
BTN_BC_GRID = "某个网格"
BTN_BC_BUILDING = "某栋楼"
BTN_BC_QUIT = "取消"
BC_PICK_COMMUNITY = "请选择社区："
BC_PICK_GRID = "请选择网格："
BC_ASK_BUILDING = "请输入楼栋，比如：3号楼（按居民登记的住址文字匹配）"
BC_ASK_TEXT = "第 2 步：请发送通知内容。\n可以附一张图片，文字写在图片说明里。"
BC_PHOTO_KEPT = "图片收到了 📷 请再发通知文字："
BC_ASK_ACK = "第 3 步：需要居民点“已阅”确认吗（回执）？"
BTN_ACK_YES = "需要回执"
BTN_ACK_NO = "不需要"
BC_NO_AREAS = "您没有可以发通知的社区。"
BC_QUIT = "好的，已取消，通知没有发送。"
BC_EXPIRED = "这一步已经过期了，请重新发 /broadcast。"
BC_USAGE = (
    "用法：/broadcast 范围 内容\n"
    "范围：all（我管辖的全部居民）、community:社区代码、grid:网格代码、building:社区代码:楼栋\n"
    "例如：/broadcast grid:cailing-02 明天上午9点到12点停水，请提前储水。\n"
    "也可以只发 /broadcast，按提示一步步来。"
)
BC_EMPTY_TEXT = "通知内容不能为空，请重新发送文字："
BC_TOO_LONG = "通知太长了：文字最多 {text} 字，带图片时最多 {caption} 字。请精简后重新发送："
BC_NOT_YOURS = "这个范围不在您管辖的区域内，不能发送。"
BC_UNKNOWN_AREA = "没有这个社区或网格代码：{code}"
BC_BAD_BUILDING = "楼栋请写得简短些，比如：3号楼。"
BC_AUDIENCE_ALL = "我管辖的全部居民"
BC_AUDIENCE_BUILDING = "{area} {building}"
BC_ACK_ON = "需要"
BC_ACK_OFF = "不需要"
BC_PHOTO = "\n附图片：1 张"
BC_PREVIEW = (
    "<b>📢 通知预览 #{id}</b>\n"
    "发给：{audience}\n"
    "人数：<b>{count}</b> 人（不含已屏蔽机器人的居民）\n"
    "回执：{ack}{photo}\n"
    "————————\n{text}"
)
BC_PREVIEW_EMPTY = "\n————————\n⚠️ 这个范围内没有可以接收的居民，不能发送。"
BTN_BC_SEND = "✅ 发送"
BTN_BC_CANCEL = "取消"
BTN_BC_TOGGLE_ACK = "回执：{ack}（点此切换）"
BC_PROGRESS = (
    "<b>📢 通知 #{id}</b> 发送中…\n"
    "已发送 {sent} · 失败 {failed} · 已屏蔽 {blocked} · 待发送 {pending}（共 {total} 人）"
)
BC_DONE = (
    "<b>📢 通知 #{id}</b> 发送完毕 ✅\n"
    "已发送 {sent} · 失败 {failed} · 已屏蔽 {blocked}（共 {total} 人）{acks}"
)
BC_ACKS = "\n已阅 {acked}/{sent}，发 /notice {id} 查看还没确认的居民"
BC_CANCELLED = "通知 #{id} 已取消，没有发送。"
BC_NOTHING_TO_SEND = "这个范围内现在没有可以接收的居民，通知没有发送。"
RESIDENT_NOTICE = "📢 <b>社区通知</b>\n{text}"
RESIDENT_NOTICE_ACK = "\n\n看完请点下面的“已阅”。"
BTN_ACK = "✅ 已阅"
ACK_THANKS = "谢谢，已确认收到 ✅"
ACK_ALREADY = "您已经确认过了。"
ACK_UNKNOWN = "这条通知找不到了。"
NOTICE_USAGE = "用法：/notice 通知编号，例如 /notice 12"
NOTICE_LIST_HEADER = "<b>您最近发的通知</b>（/notice 编号 查看回执）："
NOTICE_LIST_LINE = "#{id} {audience} · {count} 人 · {status}"
NOTICE_LIST_EMPTY = "您还没有发过通知。发 /broadcast 发一条。"
NOTICE_STATUS_NAMES: dict[str, str] = {"sending": "发送中", "done": "已发完"}
NOTICE_REPORT = "<b>📢 通知 #{id}</b>（{status}）\n发给：{audience}\n{progress}\n内容：{text}\n"
NOTICE_UNCONFIRMED_HEADER = "\n<b>还没确认的居民</b>（{n} 人，按网格、楼栋）："
NOTICE_ALL_CONFIRMED = "\n👍 收到通知的居民都已确认。"
NOTICE_NO_ACK = "\n（这条通知没有要求回执）"
NOTICE_GRID_LINE = "\n<b>{grid}</b>"
NOTICE_BUILDING_LINE = "  {building}：{people}"
NOTICE_PERSON = "{name}（{address}）"
NOTICE_MORE = "……还有 {n} 人未列出"
NOTICE_NO_ADDRESS = "未填住址"
NOTICE_NO_GRID = "未分网格"
NOTICE_NOT_FOUND = "找不到这个通知，或者它不在您管辖的区域。"
COMMANDS_ADMIN.update({"broadcast": "发通知", "notice": "通知回执"})
