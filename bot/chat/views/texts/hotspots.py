"""Texts of hotspots (热点: 多人同诉, 一人多诉, 同址复发) in /hotspots and ``gridbot report``."""

from __future__ import annotations

from bot.chat.views.texts.admin import REPORT_SECTIONS
from bot.chat.views.texts.residents import COMMANDS_ADMIN

COMMANDS_ADMIN.update({"hotspots": "热点问题（多人同诉、一人多诉、同址复发）"})

HOTSPOT_KINDS: dict[str, str] = {"crowd": "多人同诉", "repeat": "一人多诉", "recur": "同址复发"}
HOTSPOTS_HEADER = (
    "🔥 <b>热点问题</b>（近 {days} 天；多人同诉 ≥ {households} 户，一人多诉 ≥ {repeats} 次，"
    "同址复发：办结后 60 天内再报或被退回）"
)
HOTSPOTS_EMPTY = "👍 近 {days} 天您管辖的网格没有热点问题。"
HOTSPOTS_SECTION = "\n<b>{kind}</b>"
HOTSPOT_LINE = "{n}. {intent} · {place} · {count}\n   工单：{tickets}"
HOTSPOT_COUNT: dict[str, str] = {
    "crowd": "{households} 户",
    "repeat": "同一居民 {tickets} 次",
    "recur": "{tickets} 单，{households} 户",
}
HOTSPOTS_NEW_HEADER = (
    "🔔 <b>新发现的热点问题</b>（近 {days} 天；多人同诉 ≥ {households} 户，一人多诉 ≥ {repeats} 次，"
    "同址复发：办结后 60 天内再报或被退回）"
)
HOTSPOTS_NEW_FOOTER = (
    "\n发 /ticket 工单号 查看详情，发 /hotspots 看全部热点；可点下面的按钮列入每月一题。"
)
HOTSPOTS_NEW_GONE = "这条热点提醒已过时，请发 /hotspots 查看现在的热点。"
HOTSPOT_GROWN = "\n   ⬆️ 又扩大了：已达到门槛的两倍，再次提醒"
HOTSPOT_MORE = "（另有 {more} 单）"
HOTSPOTS_FOOTER = "\n发 /ticket 工单号 查看详情。"
REPORT_SECTIONS.update({"hotspots": "热点"})
