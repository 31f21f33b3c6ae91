"""Every Chinese (and bilingual) text the bot and its CLI show, in one place: this package.

Templates use ``str.format`` fields; user-supplied values are escaped by the caller
(``html.escape``) before they are formatted into HTML-mode messages. Callers use
``from bot.chat.views import texts`` and ``texts.NAME``; the modules split them by reader.
"""

from bot.chat.views.texts.admin import *  # noqa: F403
from bot.chat.views.texts.agenda import *  # noqa: F403
from bot.chat.views.texts.api import *  # noqa: F403
from bot.chat.views.texts.hotspots import *  # noqa: F403
from bot.chat.views.texts.limits import *  # noqa: F403
from bot.chat.views.texts.metoo import *  # noqa: F403
from bot.chat.views.texts.on_behalf import *  # noqa: F403
from bot.chat.views.texts.residents import *  # noqa: F403
from bot.chat.views.texts.review import *  # noqa: F403
from bot.chat.views.texts.staff import *  # noqa: F403
from bot.chat.views.texts.visits import *  # noqa: F403
from bot.chat.views.texts.web import *  # noqa: F403
from bot.chat.views.texts.wishes import *  # noqa: F403
