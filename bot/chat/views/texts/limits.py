"""Texts of issue 14's time limits and rates: 工作时, 待居民补充, the rates in /stats and report."""

from __future__ import annotations

from bot.chat.views.texts.residents import COMMANDS_ADMIN, COMMANDS_WORKER, EVENT_NAMES


def working_duration(hours: float) -> str:
    """A limit counted in working hours: 4个工作小时 (nights, weekends, holidays not counted)."""
    if hours < 1:
        return f"{round(hours * 60)}个工作分钟"
    return f"{hours:g}个工作小时"


# --- 待居民补充 (the clock paused while the ticket waits for the resident) -------------------
USAGE_ASK = (
    "用法：/ask 工单号 要问居民的话\n"
    "问题发给居民，工单标记为「待居民补充」，时限暂停，居民回复后自动恢复计时。"
)
ASK_SENT = (
    "已发给居民（工单 <b>#{id}</b>），工单标记为「待居民补充」：时限暂停，居民回复后恢复计时。"
)
WAIT_BUTTON = "⏸ 标记待居民补充"
WAIT_MARKED = "⏸ 工单 #{id} 已标记「待居民补充」，时限暂停，居民回复后恢复。"
WAIT_ALREADY = "工单 #{id} 已经在等居民补充了。"
QUEUE_WAITING = "⏸ 待居民补充（时限暂停）"
DETAIL_WAITING = " · {waiting}"
EVENT_NAMES.update(
    {
        "waiting_resident": "待居民补充（时限暂停）",
        "resident_answered": "居民已补充（恢复计时）",
        "pause_ended": "时限暂停结束（未等到居民补充，时限按暂停时长顺延）",
    }
)


def _insert_after(menu: dict[str, str], after: str, command: str, text: str) -> None:
    """Add a command to a menu right after another one (the menus keep this order)."""
    items = list(menu.items())
    at = next((i + 1 for i, (name, _) in enumerate(items) if name == after), len(items))
    items.insert(at, (command, text))
    menu.clear()
    menu.update(items)


ASK_COMMAND = "问居民（待居民补充，时限暂停）"
_insert_after(COMMANDS_WORKER, "reply", "ask", ASK_COMMAND)
_insert_after(COMMANDS_ADMIN, "reply", "ask", ASK_COMMAND)

# --- the rates (/stats and gridbot report) -------------------------------------------------
RATE_NAMES: dict[str, str] = {
    "response": "响应率",
    "on_time": "按期结案率",
    "rework": "返工率",
    "extension": "延期率",
    "satisfaction": "满意率",
    "participation": "参评率",
    "composite": "综合得分",
}
RATES_HEADER = "\n<b>📏 考核指标</b>（权重 响应 {w_response:g} / 解决 {w_on_time:g} / 满意 {w_satisfaction:g}）"
RATES_TOTAL = (
    "<b>{name}</b>：响应率 {response}（{responded}/{respond_due}）· "
    "按期结案率 {on_time}（{in_time}/{resolve_base}）· 返工率 {rework}（{reworked}/{handled}）· "
    "延期率 {extension}（{extended}/{tickets}）· 满意率 {satisfaction}（{satisfied}/{rated}）· "
    "参评率 {participation}（{rated}/{closed}）· 综合 {composite}"
)
RATES_LINE = (
    "{name}：响应 {response} · 按期 {on_time} · 返工 {rework} · 延期 {extension} · "
    "满意 {satisfaction} · 参评 {participation} · 综合 {composite}"
)
RATES_BY_GRID = "<b>按网格</b>"
RATES_BY_WORKER = "<b>按网格员</b>（按当前负责人）"
RATES_ALL = "合计"
RATES_NO_WORKERS = "（还没有签收的工单）"
RATES_UNKNOWN_WORKER = "网格员 {id}"
RATES_CAPTION = "📏 {scope} 近 {days} 天：各网格考核指标"
RATES_CHART_TITLE = "{scope} 近{days}天各网格考核指标（{first} 至 {last}）"
RATES_CHART_AXIS = "比率（%）"
RATES_CHART_NONE = "这段时间没有可计算的指标"
REPORT_RATE_SECTIONS: dict[str, str] = {
    "rates_total": "考核指标",
    "rates_grid": "按网格指标",
    "rates_worker": "按网格员指标",
}
REPORT_RATE_KEYS: dict[str, str] = {
    **RATE_NAMES,
    "tickets": "工单数（不含撤销）",
    "respond_due": "应响应",
    "responded_in_time": "按时响应",
    "resolve_due": "应结案",
    "extended": "应结案中获批延期",
    "extensions": "获批延期",
    "resolved_in_time": "按期结案",
    "handled": "已办结过",
    "reworked": "返工",
    "rated": "有效评价",
    "satisfied": "满意+基本满意",
    "closed": "已评价或默认满意",
}


def rate_percent(share: float | None) -> str:
    """A rate to one decimal: 98.5%, or — when it cannot be computed."""
    return "—" if share is None else f"{share * 100:.1f}%"


def score(value: float | None) -> str:
    """The composite as a score out of 100: 87.3, or —."""
    return "—" if value is None else f"{value * 100:.1f}"
