"""Texts admins read: statistics, broadcasts and notices."""

from __future__ import annotations

from bot.chat.views.texts import staff as _staff  # noqa: F401  (its commands come first)
from bot.chat.views.texts.residents import COMMANDS_ADMIN

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
    "visits": "走访覆盖",
    "visitors": "按走访人",
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
STATS_DELIVERY = "通知送达：失败 <b>{failed}</b> 条，超过 {minutes} 分钟未送达 <b>{delayed}</b> 条"

# issue 11: authority
MANAGE_OUT_OF_SCOPE = "不能为 {id} 授权或取消授权：此人或这个区域不在您负责的辖区内。"
MANAGE_PINNED = "{id} 是配置文件（GRIDBOT_ADMIN_IDS）指定的管理员，不能在聊天里授权或取消授权。"
