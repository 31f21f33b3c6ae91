"""Texts the open API (Open311) shows integrations: status notes and service descriptions."""

from __future__ import annotations

from bot.chat.views.texts.residents import OTHER_INTENT_NAME

API_OTHER_SERVICE_NAME = OTHER_INTENT_NAME
API_STATUS_NOTES: dict[str, str] = {
    "new": "已受理，正在派单。",
    "assigned": "已派给网格员，等待签收。",
    "accepted": "网格员已签收，正在处理。",
    "resolved": "已办结，等待回访评价。",
    "closed": "已办结并完成回访。",
    "cancelled": "已撤销。",
}
API_SERVICE_DESCRIPTION = "{name}：由所在网格的网格员受理并限时办结。"
API_SERVICE_REPORT_GROUP = "诉求办理"
API_SERVICE_INFO_GROUP = "政策咨询"
