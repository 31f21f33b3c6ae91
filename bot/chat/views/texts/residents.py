"""Texts residents read: menus, registration, reporting, following up, bad input (and the CLI's)."""

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
    "/help 再看一遍这个说明\n"
    "/wish 许一个微心愿（比如想请人帮忙换个灯泡），志愿者会来帮您\n"
    "/wishes 看看我的微心愿\n\n"
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


TICKET_LIMITED = (
    "您这一小时内新提交的问题比较多，这条先补充到您最近的工单 <b>#{id}</b>（{intent}，{status}）里，"
    "网格员能看到，不会丢。\n如果是另一件事，请过一会儿再单独提交，或直接联系网格员。"
)
REG_EMERGENCY_KEPT = (
    "这条紧急情况已经记下，选好网格就立即转给网格员。请按上面的提示继续，只要一两步。"
)
REG_EMERGENCY_FILED = "登记还差一两步，请按上面的提示继续。"
# --- Odd input (issue 11) ---------------------------------------------------------------------
BUTTON_STALE = "这个按钮已经失效了，请重新发一次命令或消息。"
GROUP_ANSWERED_PRIVATELY = (
    "您在群里叫了我。请在这里私聊反映问题，这样您的信息不会被群里其他人看到 🙏"
)
