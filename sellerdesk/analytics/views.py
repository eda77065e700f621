from django.shortcuts import render

from sellerdesk.web.access import agent_view


@agent_view
def dashboard(request):
    return render(request, "analytics/dashboard.html", {})
