from decimal import Decimal

from django.db.models import Sum
from django.shortcuts import get_object_or_404
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from payroll.models import Payslip
from payroll.tax import marginal_rate


class PayslipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Payslip
        fields = ["id", "period", "gross_pay", "tax", "net_pay", "paid_on"]


class MyPayslipList(ListAPIView):
    serializer_class = PayslipSerializer

    def get_queryset(self):
        return Payslip.objects.filter(employee__user=self.request.user).order_by("-period")


class MyPayslipDetail(RetrieveAPIView):
    serializer_class = PayslipSerializer

    def get_object(self):
        return get_object_or_404(Payslip, pk=self.kwargs["pk"], employee__user=self.request.user)


@api_view(["GET"])
def year_summary(request, year: int):
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": "out of range"})
    slips = Payslip.objects.filter(employee__user=request.user, period__year=year)
    totals = slips.aggregate(gross=Sum("gross_pay"), tax=Sum("tax"), net=Sum("net_pay"))
    gross = totals["gross"] or Decimal("0")
    return Response(
        {
            "year": year,
            "payslips": slips.count(),
            **{k: str(v or Decimal("0")) for k, v in totals.items()},
            "marginal_rate": str(marginal_rate(gross, year=year, region=request.user.employee.tax_region)),
        }
    )


@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def health(request):
    return Response({"status": "ok"})
