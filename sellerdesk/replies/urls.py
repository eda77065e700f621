from django.urls import path

from sellerdesk.replies import views, views_approvals, views_panel, views_templates, views_translation

app_name = "replies"

urlpatterns = [
    path("compliance/", views.compliance_rules, name="compliance_rules"),
    path("templates/", views_templates.template_list, name="template_list"),
    path("templates/new/", views_templates.template_edit, name="template_new"),
    path("templates/<int:pk>/", views_templates.template_edit, name="template_edit"),
    path("templates/<int:pk>/reviewed/", views_templates.template_reviewed, name="template_reviewed"),
    path("conversations/<int:pk>/panel/", views_panel.panel, name="panel"),
    path("conversations/<int:pk>/insert/<int:template_pk>/", views_panel.insert, name="insert"),
    path("conversations/<int:pk>/approval/", views_panel.request_approval, name="request_approval"),
    path("conversations/<int:pk>/translate/", views_translation.translate_draft, name="translate_draft"),
    path("conversations/<int:pk>/draft/", views_translation.llm_draft, name="llm_draft"),
    path("messages/<int:pk>/translation/", views_translation.message_translation, name="message_translation"),
    path("glossary/", views_translation.glossary, name="glossary"),
    path("approvals/", views_approvals.queue, name="approvals"),
    path("approvals/<int:pk>/approve/", views_approvals.decide, {"decision": "approve"}, name="approve"),
    path("approvals/<int:pk>/reject/", views_approvals.decide, {"decision": "reject"}, name="reject"),
]
