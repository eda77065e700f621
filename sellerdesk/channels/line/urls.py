from sellerdesk.channels import setup
from sellerdesk.channels.line import views

app_name = "line"
urlpatterns = setup.urlpatterns(views.account)
