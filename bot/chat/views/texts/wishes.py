"""微心愿: wishes, helpers, and the notifications about them."""

from __future__ import annotations

from bot.chat.views.texts.residents import COMMANDS_ADMIN, COMMANDS_RESIDENT, COMMANDS_WORKER

_WISH_COMMANDS = {"wish": "许微心愿", "wishes": "微心愿"}
for _menu in (COMMANDS_RESIDENT, COMMANDS_WORKER, COMMANDS_ADMIN):
    _menu.update(_WISH_COMMANDS)
COMMANDS_WORKER.update({"helper": "登记微心愿志愿者"})
COMMANDS_ADMIN.update({"helper": "登记微心愿志愿者"})

WISH_USAGE = (
    "🎁 微心愿：把一个小心愿告诉社区，志愿者会来帮您实现。\n"
    "用法：/wish 心愿内容，例如 /wish 想请人帮忙换个灯泡\n"
    "查看：/wishes"
)
WISH_USAGE_STAFF = (
    "为住户登记微心愿：/wish 住户编号 心愿内容，例如 /wish 12 想要一副老花镜\n"
    "登记志愿者：/helper 网格代码 Telegram编号 [姓名]\n"
    "查看本网格的微心愿：/wishes"
)
WISH_SAVED = "🎁 您的微心愿 #{id} 已登记。志愿者认领、实现后会告诉您。"
WISH_SAVED_STAFF = "🎁 已为住户 #{household} 登记微心愿 #{id}。实现后会提醒您转告这户人家。"
WISH_NOT_REGISTERED = "请先发 /start 登记住址，再许微心愿。"
WISHES_HEADER = "<b>🎁 微心愿</b>"
WISHES_EMPTY = "现在没有微心愿。许一个：/wish 心愿内容"
WISH_LINE = "\n#{id}（{status}）{where}{text}"
WISH_WHERE = "{where}："
WISH_STATUS = {"open": "待认领", "claimed": "已认领", "fulfilled": "已实现"}
BUTTON_CLAIM = "🙋 认领 #{id}"
BUTTON_FULFIL = "✅ 已实现 #{id}"
WISH_CLAIMED_DONE = (
    "🙋 您认领了微心愿 #{id}，谢谢您！网格员会和您联系；实现后点「✅ 已实现 #{id}」。"
)
WISH_FULFILLED_DONE = "✅ 微心愿 #{id} 已标记为实现，会告诉心愿人。谢谢！"
WISH_TAKEN = "这个微心愿已经有人认领，或者已经实现了。"
WISH_NOT_FOUND = "找不到这个微心愿。"
WISH_NOT_HELPER = "只有登记过的志愿者才能认领，请联系网格员登记。"
HELPER_USAGE = (
    "用法：/helper 网格代码 Telegram编号 [姓名]，例如 /helper cailing-02 123456789 张志愿\n"
    "删除志愿者：/helper 删除 网格代码 Telegram编号，例如 /helper 删除 cailing-02 123456789"
)
HELPER_REMOVE_WORDS = ("删除", "remove")
HELPER_REMOVED = "已把 {helper} 从{grid}的微心愿志愿者中删除。TA 认领过的心愿状态不变。"
HELPER_NOT_THERE = "{grid}没有登记这位志愿者（{helper}）。"
HELPER_ADDED = "🙋 已登记 {name} 为{grid}的微心愿志愿者，请告诉 TA 发 /wishes 认领心愿。"

WISH_CLAIMED_NOTE = "🎁 {grid}的微心愿 #{id} 已有志愿者认领，发 /wishes 查看。"
WISH_FULFILLED_NOTE = "🎁 您的微心愿 #{id} 已经实现啦！谢谢志愿者的爱心。"
WISH_TELL_NOTE = (
    "🎁 住户 #{household} 的微心愿 #{id} 已经实现。这户没有 Telegram，请打电话或上门告诉他们。"
)
