"""/chat/...: the widget's script and its endpoints (endpoints.py), public, called from the store."""

from django.urls import path

from sellerdesk.channels.webchat import endpoints

app_name = "chat"
urlpatterns = [
    path("widget.js", endpoints.widget_js, name="widget_js"),
    path("<int:account_id>/config", endpoints.config, name="config"),
    path("<int:account_id>/visitor", endpoints.start, name="start"),
    path("<int:account_id>/identify", endpoints.identify, name="identify"),
    path("<int:account_id>/messages", endpoints.messages, name="messages"),
    path("<int:account_id>/stream", endpoints.stream, name="stream"),
    path("<int:account_id>/files/<int:attachment_id>", endpoints.attachment, name="file"),
]
