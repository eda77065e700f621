from django.urls import path

from sellerdesk.web import (
    views,
    views_amazon,
    views_channels,
    views_conversation,
    views_customers,
    views_inbox,
    views_marketplaces,
    views_problems,
    views_triage,
)

app_name = "web"

urlpatterns = [
    path("", views_inbox.inbox, name="inbox"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("language/", views.set_language, name="set_language"),
    path("conversations/<int:pk>/", views_conversation.conversation, name="conversation"),
    path("conversations/<int:pk>/reply/", views_conversation.reply, name="reply"),
    path("conversations/<int:pk>/note/", views_conversation.note, name="note"),
    path("conversations/<int:pk>/assign/", views_conversation.assign, name="assign"),
    path("conversations/<int:pk>/resolve/", views_conversation.resolve, name="resolve"),
    path("conversations/<int:pk>/no-response/", views_conversation.no_response_needed, name="no_response_needed"),
    path("conversations/<int:pk>/reopen/", views_conversation.reopen, name="reopen"),
    path("conversations/<int:pk>/snooze/", views_conversation.snooze, name="snooze"),
    path("conversations/<int:pk>/triage/", views_triage.correct, name="correct_triage"),
    path("conversations/<int:pk>/amazon/refresh-order/", views_amazon.refresh_order, name="amazon_refresh_order"),
    path("conversations/<int:pk>/amazon/request-review/", views_amazon.request_review, name="amazon_request_review"),
    path("customers/<int:pk>/", views_customers.customer, name="customer"),
    path("customers/<int:pk>/merge/", views_customers.merge, name="customer_merge"),
    path("customers/merges/<int:pk>/undo/", views_customers.unmerge, name="customer_unmerge"),
    path("attachments/<int:pk>/", views_conversation.attachment, name="attachment"),
    path("problems/", views_problems.problems, name="problems"),
    path("problems/deliveries/<int:pk>/", views_problems.raw_delivery, name="raw_delivery"),
    path("problems/deliveries/<int:pk>/process/", views_problems.redeliver, name="redeliver"),
    path("channels/", views_channels.channels, name="channels"),
    path("channels/email/new/", views_channels.email_account, name="email_account_new"),
    path("channels/email/<int:pk>/", views_channels.email_account, name="email_account"),
    path("channels/<str:kind>/new/", views_marketplaces.marketplace_account, name="marketplace_account_new"),
    path("channels/<str:kind>/<int:pk>/", views_marketplaces.marketplace_account, name="marketplace_account"),
    path("orders/import/", views_marketplaces.orders_import, name="orders_import"),
    path("channels/<int:pk>/test/", views_channels.test_connection, name="test_connection"),
    path("channels/<int:pk>/poll/", views_channels.poll, name="poll"),
]
