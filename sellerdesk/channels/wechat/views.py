"""WeChat set-up page: the shared page with its form."""

from sellerdesk.channels.setup import account_view
from sellerdesk.channels.wechat.forms import WeChatAccountForm

account = account_view(WeChatAccountForm)
