from sellerdesk.channels import setup
from sellerdesk.channels.shopify import views

app_name = "shopify"
urlpatterns = setup.urlpatterns(views.account)
