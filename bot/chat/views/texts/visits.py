"""进百家门: households, today's door-knock list, the visit checklist, coverage."""

from __future__ import annotations

from bot.chat.views.texts.residents import COMMANDS_ADMIN, COMMANDS_WORKER

COMMANDS_WORKER.update(
    {
        "visits": "今日走访",
        "household": "登记/查看住户",
        "new": "代居民反映问题",
        "rate": "代记评价",
    }
)
COMMANDS_ADMIN.update(
    {
        "visits": "今日走访",
        "household": "登记/查看住户",
        "new": "代居民反映问题",
        "rate": "代记评价",
    }
)

HOUSEHOLD_USAGE = (
    "登记一户：/household 网格代码 地址 姓名 [电话]\n"
    "例如 /household cailing-02 3号楼1单元202 周奶奶 13800000000\n"
    "查看一户：/household 12\n"
    "记备注：/household 12 备注 腿脚不便，耳背，敲门要大声"
)
HOUSEHOLD_UNKNOWN_GRID = "没有代码为 {code} 的网格。网格代码可以问社区管理员。"
HOUSEHOLD_NOT_FOUND = "找不到这一户，或者它不在您负责的网格。"
HOUSEHOLD_NO_CONSENT = "请先点「☑ 本人同意登记」，征得本人同意后再标记关爱类别。"
HOUSEHOLD_ADDED = "🏠 已登记住户 #{id}。请征得本人同意后标记关爱类别："
HOUSEHOLD_CARD = (
    "<b>🏠 住户 #{id}</b>（{grid}）\n"
    "{address} · {name}\n"
    "电话：{phone}\n"
    "关爱类别：{tags}\n"
    "本人同意登记：{consent}\n"
    "下次走访：{next_due}\n"
    "上次走访：{last}\n"
    "备注：{notes}"
)
HOUSEHOLD_NONE = "—"
HOUSEHOLD_CONSENT_YES = "已同意"
HOUSEHOLD_CONSENT_NO = "未确认（不能标记关爱类别）"
HOUSEHOLD_NEVER = "还没有走访过"
TAG_SEP = "、"
BUTTON_CONSENT = "☑ 本人同意登记"
BUTTON_CONSENT_WITHDRAW = "撤回同意（清除关爱类别）"
BUTTON_TAG_ON = "✅ {tag}"
BUTTON_TAG_OFF = "{tag}"
BUTTON_VISITED = "✅ 已走访"
BUTTON_ABSENT = "🚪 不在家"
BUTTON_DOOR = "✅ {address}"
BUTTON_DETAIL = "🏠 户情"

VISITS_HEADER = "<b>🚪 今日走访</b>（{date}）\n共 {total} 户：超期 {overdue} 户、今日到期 {due} 户"
VISITS_OVERDUE = "\n\n<b>⚠️ 超期未走访</b>"
VISITS_DUE = "\n\n<b>📅 今日到期</b>"
VISITS_BUILDING = "\n<b>{building}</b>"
VISITS_DOOR = "\n  {address} {name}{tags}"
VISITS_DOOR_TAGS = "（{tags}）"
VISITS_NOTICES = "\n\n<b>📢 通知未阅，请上门告知</b>"
VISITS_NOTICE_HEAD = "\n通知 #{id}："
VISITS_NOTICE_DOOR = "\n  {address} {name}"
VISITS_EMPTY = "今天没有要走访的住户。👍\n登记住户：/household 网格代码 地址 姓名 [电话]"
VISITS_BUTTONS_NOTE = "\n\n点「✅ 地址」开始走访（每户一张检查单），点「🚪 不在家」明天再来。"
VISITS_MORE = "\n（按钮只列出前 {shown} 户，走访完再发 /visits 看其余的）"
VISIT_NO_ADDRESS = "（未登记住址）"

CHECK_NAMES = ("燃气", "电线/飞线充电", "消防通道", "反诈提醒", "身体状况", "其他需求")
"""The checklist's items, in the order of ``bot.domain.visits.Check``."""
VISIT_FINDINGS = (
    "走访发现：燃气有隐患",
    "走访发现：电线老化或飞线充电",
    "走访发现：消防通道堵塞",
    "走访发现：需要反诈提醒（疑似接到诈骗电话等）",
    "走访发现：身体状况需要关注",
    "走访发现：有其他需求",
)
"""The text of the ticket a finding opens, in the order of ``Check``."""
VISIT_CHECKLIST = (
    "<b>📝 走访检查：{address} {name}</b>\n"
    "逐项看一看：点一下在「正常」和「有问题」之间切换，都看完点「完成走访」。\n"
    "有问题的项会各开一张工单，由您负责跟进。"
)
BUTTON_CHECK_OK = "✅ {name}：正常"
BUTTON_CHECK_PROBLEM = "❗ {name}：有问题"
BUTTON_FINISH = "📋 完成走访"
VISIT_RECORDED = "✅ 已记录走访：{address}（{time}）\n下次走访：{next_due}"
VISIT_ALL_OK = "\n检查各项正常。"
VISIT_FINDINGS_HEAD = (
    "\n发现的问题已开成工单，由您负责（/note 编号 补充情况，办好后 /resolve 编号 结果）："
)
VISIT_FINDING = "\n  #{id} {name}"
VISIT_ABSENT_RECORDED = "🚪 已记录：{address} 不在家（{time}），明天再来。\n下次走访：{next_due}"
VISIT_REPEATED = "\n（这次走访刚才已经记录过了，没有重复记录。）"

COVERAGE_HEADER = "<b>🚪 走访覆盖</b>（近 {days} 天）"
COVERAGE_GRID = (
    "\n{grid}：住户 {households}，今日到期 {due}，超期 <b>{overdue}</b>，从未走访 {never}，"
    "已走访 {visited} 次，不在家 {absent} 次"
)
COVERAGE_WORKERS = "\n按走访人："
COVERAGE_WORKER = "{name} 已走访 {visited} 次、不在家 {absent} 次"
COVERAGE_NONE = "\n还没有登记住户。"

VISIT_OVERDUE = (
    "⚠️ <b>走访督办</b>：{grid} 有 {count} 户独居老人超期未走访（住户 {ids}），"
    "请督促网格员尽快上门看看。"
)
VISIT_OVERDUE_BUTTON = "🏠 住户 #{id}"
REPORT_COVERAGE: dict[str, str] = {
    "households": "住户",
    "due": "今日到期",
    "overdue": "超期",
    "never": "从未走访",
    "visited": "已走访次数",
    "absent": "不在家次数",
}
"""``gridbot report``: the labels of the visit-coverage rows."""

NEW_USAGE = (
    "代居民反映问题（对方没有 Telegram）：发 /new 一步步来，\n"
    "或者一句话：/new 住户编号 对方说的话，例如 /new 12 楼道里有人飞线充电\n"
    "还没登记的住户：发 /new 后点「➕ 新地址」。"
)
NEW_OPENED = (
    "✅ 已代 {name}（住户 #{household}）开工单 #{id}，类别：{intent}，由您负责办理。\n"
    "📞 这户没有 Telegram：办理进展和结果请您打电话或上门告诉 TA{phone}。\n"
    "补充情况：/note {id} …；办好后：/resolve {id} 结果；"
    "再联系 TA 时问问满不满意：/rate {id} 满意"
)
NEW_PHONE = "（{phone}）"
RATE_USAGE = (
    "代居民记录评价（只用于代开的工单，办结后）：/rate 工单号 满意|基本满意|不满意|没解决\n"
    "例如 /rate 31 满意（单独统计，不计入满意率）"
)
RATE_WORDS = {"满意": "s", "基本满意": "b", "不满意": "d", "没解决": "u", "问题没解决": "u"}
RATING_WORDS_SHOWN = {"satisfied": "满意", "fairly_satisfied": "基本满意", "dissatisfied": "不满意"}
RATE_RECORDED = "✅ 已代居民记下对工单 #{id} 的评价：{word}（单独统计，不计入满意率）。"
RATE_REOPENED = "🔁 已记下「问题没解决」，工单 #{id} 重新打开，继续由您办理。"
RATE_NOT_STAND_IN = "工单 #{id} 的居民自己用 Telegram 评价，不能代记。"
RATE_NOT_WAITING = "工单 #{id} 现在不在等待评价（办结后才能记评价）。"
COVERAGE_RATED = "\n代记评价（网格员代居民记录，不计入满意率）：{ratings}"
REPORT_RATED = "代记评价"

# --- updates on a ticket opened on a household's behalf, for the staff who tell the person ---
FOR_HOUSEHOLD_HEAD = (
    "📞 <b>请转告住户</b>：住户 #{household} {name}{phone}没有 Telegram，"
    "工单 #{id} 的新进展请打电话或上门告诉 TA：\n\n"
)
FOR_HOUSEHOLD_PHONE = "（电话 {phone}）"
FOR_HOUSEHOLD_RATE = "\n\n对方评价后，发 /rate {id} 满意（或 基本满意、不满意、没解决）代为记下。"
HOUSEHOLD_CLOSED = (
    "📞 住户 #{household} {name}{phone}的工单 #{id}（{intent}）已结案，没有记下对方的评价。"
    "有空请告诉 TA 一声。"
)

# --- a photo of a visit's finding, sent by replying to this prompt ---
PROMPT_FINDING_PHOTO = "📷 现场照片"
FINDING_PHOTO_ASK = (
    PROMPT_FINDING_PHOTO + " · 工单 #{id}（{name}）\n"
    "有照片的话，回复这条消息发过来，会附在工单上；没有就不用管。"
)
FINDING_PHOTO_KEPT = "📷 照片已附在工单 #{id} 上。"
FINDING_PHOTO_REFUSED = "工单 #{id} 不是代住户开的，或者不在您负责的网格，照片没有附上。"
FINDING_PHOTO_ONLY = "这里只收照片。工单 #{id} 要补充文字，请发 /note {id} 补充的情况。"

# --- the coverage chart of /stats ---
COVERAGE_CHART_TITLE = "{scope} 近{days}天走访覆盖"
COVERAGE_CHART_AXIS = "户数 / 次数"
COVERAGE_CHART_SERIES = {
    "households": "登记住户",
    "overdue": "超期未走访",
    "never": "从未走访",
    "visited": "期内已走访（次）",
    "absent": "期内不在家（次）",
}
COVERAGE_CHART_CAPTION = "🚪 {scope} 近 {days} 天各网格走访覆盖"
