from sellerdesk.channels import setup
from sellerdesk.channels.instagram import views

app_name = "instagram"
urlpatterns = setup.urlpatterns(views.account)
