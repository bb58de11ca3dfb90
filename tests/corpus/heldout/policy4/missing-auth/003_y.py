from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from events.models import Event, Registration
from events.notifications import notify_cancellation
from events.ics import render_ics


class EventSerializer(serializers.ModelSerializer):
    venue_name = serializers.CharField(source="venue.name", read_only=True)

    class Meta:
        model = Event
        fields = ["id", "title", "starts_at", "ends_at", "venue", "venue_name", "capacity", "status"]
        read_only_fields = ["status"]


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)
    refund = serializers.BooleanField(default=True)


class EventViewSet(viewsets.ModelViewSet):
    """Staff manage events; the published programme is readable by anyone."""

    serializer_class = EventSerializer
    permission_classes = [permissions.IsAdminUser]

    def get_queryset(self):
        qs = Event.objects.select_related("venue").order_by("starts_at")
        if self.request.user.is_staff:
            return qs
        return qs.filter(status=Event.Status.PUBLISHED)

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [permissions.AllowAny()]
        return super().get_permissions()

    @action(detail=True, methods=["get"], permission_classes=[permissions.AllowAny])
    def calendar(self, request, pk=None):
        event = self.get_object()
        body = render_ics(event)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
        return response

    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAdminUser])
    def cancel(self, request, pk=None):
        event = self.get_object()
        payload = CancelSerializer(data=request.data)
        payload.is_valid(raise_exception=True)

        if event.status == Event.Status.CANCELLED:
            return Response({"detail": "already cancelled"}, status=status.HTTP_409_CONFLICT)

        with transaction.atomic():
            event.status = Event.Status.CANCELLED
            event.cancelled_at = timezone.now()
            event.cancel_reason = payload.validated_data["reason"]
            event.save(update_fields=["status", "cancelled_at", "cancel_reason"])
            registrations = list(
                Registration.objects.select_for_update().filter(event=event, cancelled=False)
            )
            Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(cancelled=True)

        notify_cancellation(event, registrations, refund=payload.validated_data["refund"])
        return Response({"id": event.pk, "status": event.status, "registrations": len(registrations)})
