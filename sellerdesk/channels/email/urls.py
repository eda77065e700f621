from sellerdesk.channels import setup
from sellerdesk.channels.email import views

app_name = "email"
urlpatterns = setup.urlpatterns(views.account)
