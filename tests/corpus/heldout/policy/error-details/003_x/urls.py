from django.urls import path

from . import views

urlpatterns = [
    path("api/health/", views.health),
    path("api/me/payslips/", views.MyPayslipList.as_view()),
    path("api/me/payslips/<int:pk>/", views.MyPayslipDetail.as_view()),
    path("api/me/summary/<int:year>/", views.year_summary),
]
