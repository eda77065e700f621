from sellerdesk.channels import setup
from sellerdesk.channels.wechat import views

app_name = "wechat"
urlpatterns = setup.urlpatterns(views.account)
