from django.db.models import Sum
from django.urls import include, path
from rest_framework import mixins, serializers, viewsets
from rest_framework.authentication import TokenAuthentication
from rest_framework.decorators import action, api_view, authentication_classes, permission_classes
from rest_framework.permissions import SAFE_METHODS, AllowAny, BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from payroll.models import Payslip

PAYROLL_GROUP = "payroll"


class IsPayrollClerk(BasePermission):
    message = "Only members of the payroll group may use this endpoint."

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        user = request.user
        return bool(
            user and user.is_authenticated and user.groups.filter(name=PAYROLL_GROUP).exists()
        )


class PayslipSerializer(serializers.ModelSerializer):
    employee_name = serializers.CharField(source="employee.full_name", read_only=True)

    class Meta:
        model = Payslip
        fields = ["id", "employee", "employee_name", "period", "gross_pay", "tax", "net_pay", "paid_on"]
        read_only_fields = ["id", "employee_name"]


class PayslipAdminViewSet(viewsets.ModelViewSet):
    """Payroll clerks: every payslip of every employee."""

    serializer_class = PayslipSerializer
    authentication_classes = [TokenAuthentication]
    permission_classes = [IsPayrollClerk]

    def get_queryset(self):
        qs = Payslip.objects.select_related("employee").order_by("-period", "employee__full_name")
        if period := self.request.query_params.get("period"):
            qs = qs.filter(period=period)
        return qs

    @action(detail=False, methods=["get"])
    def totals(self, request):
        period = request.query_params.get("period")
        qs = self.get_queryset() if period else self.get_queryset().none()
        agg = qs.aggregate(gross=Sum("gross_pay"), tax=Sum("tax"), net=Sum("net_pay"))
        return Response({"period": period, **agg})


class MyPayslipViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Employees: their own payslips only."""

    serializer_class = PayslipSerializer
    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return Payslip.objects.filter(employee__user=self.request.user).order_by("-period")


@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def health(request):
    return Response({"status": "ok"})


router = DefaultRouter()
router.register("admin/payslips", PayslipAdminViewSet, basename="admin-payslip")
router.register("me/payslips", MyPayslipViewSet, basename="my-payslip")

urlpatterns = [
    path("api/health/", health),
    path("api/", include(router.urls)),
]
