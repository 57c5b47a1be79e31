from django.urls import path

from duizhao.web.audit import views

urlpatterns = [path("", views.audit_log, name="audit_log")]
