"""/channels/webchat/new/ and /channels/webchat/<account id>/: the chat's set-up page."""

from sellerdesk.channels import setup
from sellerdesk.channels.webchat import views

app_name = "webchat"
urlpatterns = setup.urlpatterns(views.setup)
