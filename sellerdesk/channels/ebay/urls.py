from sellerdesk.channels import setup
from sellerdesk.channels.ebay import views

app_name = "ebay"
urlpatterns = setup.urlpatterns(views.account)
