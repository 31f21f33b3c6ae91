"""Every Chinese (and bilingual) text the bot and its CLI show, in one place.

Templates use ``str.format`` fields; user-supplied values are escaped by the caller
(``html.escape``) before they are formatted into HTML-mode messages.
"""

from __future__ import annotations

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
