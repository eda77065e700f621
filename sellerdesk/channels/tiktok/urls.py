from sellerdesk.channels import setup
from sellerdesk.channels.tiktok import views

app_name = "tiktok"
urlpatterns = setup.urlpatterns(views.account)
