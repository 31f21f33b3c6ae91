"""Texts of 我也遇到 (+1), 并单 (/merge) and the households count."""

from __future__ import annotations

from bot.chat.views.texts.residents import (
    COMMANDS_ADMIN,
    COMMANDS_WORKER,
    EVENT_NAMES,
    STATUS_NAMES,
)

STATUS_NAMES.update({"merged": "已并单"})
EVENT_NAMES.update({"merged": "并单", "metoo": "我也遇到", "follower_rated": "邻居评价"})
COMMANDS_WORKER.update({"merge": "并单（重复工单合并）"})
COMMANDS_ADMIN.update({"merge": "并单（重复工单合并）"})

# --- residents: the offer, and what followers are told ---------------------------------------
METOO_OFFER = (
    "这件事邻居已经反映了（工单 <b>#{id}</b>，{status}）。\n"
    "点「我也遇到」，办好了一起通知您；您刚才说的话和照片也会一并交给网格员。\n"
    "如果不是同一件事，点「这是另一件事」，我单独为您提交。"
)
METOO_OFFER_MANY = "\n目前已有 {households} 户反映了这件事。"
BTN_METOO = "🙋 我也遇到"
BTN_METOO_OTHER = "这是另一件事"
METOO_JOINED = (
    "👍 好的，已记下您也遇到了这件事（工单 <b>#{id}</b>，现在共 {households} 户）。\n"
    "网格员接单、办好了，都会通知您。"
)
METOO_ALREADY = "您已经关注了工单 <b>#{id}</b>，办好了会通知您。"
METOO_GONE = "这个提醒已经过期了。有事直接打字告诉我就行。"
FOLLOWER_TAKEN = "👤 网格员{name}已接手您关注的工单 <b>#{id}</b>（{intent}），会尽快处理。"
FOLLOWER_RESOLVED = (
    "✅ 您关注的工单 <b>#{id}</b>（{intent}）已办结。\n处理结果：{text}\n\n"
    "问题在您那边解决了吗？点一下告诉我们："
)
FOLLOWER_RATED = "谢谢您的评价！有事随时找我。"
FOLLOWER_RATED_UNSOLVED = "谢谢告诉我们，网格员会看到您的反馈。还有问题可以直接打字告诉我。"
FOLLOWER_RATE_GONE = "这个工单已经评价过了，谢谢您！"
RESIDENT_MERGED = (
    "🔗 您的工单 <b>#{id}</b> 和邻居反映的工单 <b>#{into}</b> 是同一件事，"
    "已合并到 <b>#{into}</b> 一起办理。您说的情况网格员都看得到，办好了会通知您。"
)
FOLLOWER_MERGED = (
    "🔗 您关注的工单 <b>#{id}</b> 已合并到工单 <b>#{into}</b> 一起办理，办好了会通知您。"
)

# --- staff: households and /merge ------------------------------------------------------------
HOUSEHOLDS = "👥 {households} 户"
QUEUE_HOUSEHOLDS = " · 👥{households}户"
DETAIL_HOUSEHOLDS = "反映户数：{households} 户（含我也遇到、并单）\n"
WORKER_METOO = (
    "👥 工单 <b>#{id}</b>（{intent}）又有居民反映同样的问题，现在共 <b>{households}</b> 户。"
)
WORKER_FOLLOWER_UNSOLVED = (
    "⚠️ 工单 <b>#{id}</b>（{intent}）：一户一起反映的邻居说问题在他那边还没解决，请再看一下。"
)
WORKER_METOO_SAID = "\n居民说：{text}"
MERGE_USAGE = (
    "用法：/merge 重复工单号 保留工单号\n例如 <code>/merge 15 12</code>：#15 并入 #12，"
    "#15 的居民改为关注 #12，并收到通知。"
)
MERGE_DONE = (
    "🔗 已并单：#{ticket} 并入 #{into}，{moved} 位居民改为关注 #{into}，"
    "#{into} 现在共 {households} 户。"
)
MERGE_NOT_OPEN = "工单 #{id} 已经结束（{status}），不能并单。"
MERGE_SAME = "两个工单号相同，不用并单。"
