from sellerdesk.channels import setup
from sellerdesk.channels.messenger import views

app_name = "messenger"
urlpatterns = setup.urlpatterns(views.account)
