"""Texts of 每月一题 (the month's agenda item for the residents' council, 议事会)."""

from __future__ import annotations

from bot.chat.views.texts.residents import COMMANDS_ADMIN

COMMANDS_ADMIN.update({"agenda": "每月一题（议事会）"})

AGENDA_STAGES: dict[str, str] = {
    "raised": "已列入",
    "invited": "已邀请居民",
    "announced": "已公布结果",
}
BTN_AGENDA_RAISE = "📌 第 {n} 条列入每月一题"
BTN_AGENDA_INVITE = "📨 邀请相关居民"
BTN_AGENDA_SHOW = "📄 #{id} 详情"
AGENDA_ITEM = (
    "📌 <b>每月一题 #{id}</b>（{month}）· {stage}\n"
    "{kind}：{intent} · {place}\n工单：{tickets}\n"
    "邀请 {invited} 人 · 报名参加 {joining} 人 · 建议 {suggestions} 条"
)
AGENDA_SUGGESTION = "• {name}：{text}"
AGENDA_SUGGESTIONS_HEADER = "\n<b>居民建议</b>"
AGENDA_OUTCOME_LINE = "\n<b>结果</b>：{outcome}"
AGENDA_NEXT = {
    "raised": "\n点「邀请相关居民」，给这些工单的居民（含我也遇到的邻居）发邀请。",
    "invited": "\n议事会商量好后，发 <code>/agenda {id} 结果内容</code> 把结果告诉受邀居民。",
    "announced": "",
}
AGENDA_LIST_HEADER = "📌 <b>每月一题</b>（最近的在前）"
AGENDA_LIST_LINE = "#{id} {month} · {intent} · {place} · {stage} · 邀请 {invited} · 参加 {joining} · 建议 {suggestions}"
AGENDA_LIST_FOOTER = "\n发 /agenda 编号 查看详情和居民建议。"
AGENDA_EMPTY = "还没有每月一题。发 /hotspots，在热点问题下点「列入每月一题」。"
AGENDA_USAGE = "用法：/agenda 查看列表；/agenda 3 查看详情；/agenda 3 结果内容 公布结果。"
AGENDA_NOT_FOUND = "找不到这个每月一题，或者它不在您管辖的区域。"
AGENDA_WRONG_STAGE = "每月一题 #{id} 现在是「{stage}」，这一步做不了。"
AGENDA_NOBODY = "这些工单的居民都联系不上（已注销或屏蔽了机器人），没有可邀请的人。"
AGENDA_INVITED = (
    "📨 已给 {count} 位居民发出邀请（每月一题 #{id}）。他们的报名和建议发 /agenda {id} 查看。"
)
AGENDA_ANNOUNCED = "📢 已把结果发给 {count} 位受邀居民（每月一题 #{id}）。"
AGENDA_HOTSPOT_GONE = "这个热点已经变化了，请重新发 /hotspots 再选。"

# --- residents ----------------------------------------------------------------------------------
AGENDA_INVITE = (
    "📣 <b>社区议事会 · 每月一题</b>\n"
    "您反映过的「{intent}」（{place}）不止一次、不止一家遇到。社区把它列为本月重点，"
    "准备请大家一起商量怎么从根上解决。\n\n欢迎您来参加议事会，或者直接说说您的建议。"
)
BTN_AGENDA_JOIN = "🙋 我要参加"
BTN_AGENDA_IDEA = "💡 我有建议"
AGENDA_JOINED = "👍 好的，已为您报名。议事会的时间地点，网格员会再通知您。"
AGENDA_ASK_IDEA = "💡 请直接发一条文字告诉我您的建议，我会原样转给社区议事会。"
AGENDA_IDEA_KEPT = "🙏 谢谢您的建议，已经转给社区议事会了。结果出来会告诉您。"
AGENDA_CLOSED = "这次议事已经结束了，谢谢您的关心！有事随时直接告诉我。"
AGENDA_OUTCOME = (
    "📢 <b>每月一题 · 结果</b>\n关于「{intent}」（{place}）：\n{outcome}\n\n谢谢您的参与和建议！"
)
