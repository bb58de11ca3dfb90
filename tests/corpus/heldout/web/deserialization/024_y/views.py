from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .datasets import DATASETS, run_report
from .state import StateError, dump_state, restore_state


class DraftSerializer(serializers.Serializer):
    state = serializers.CharField(max_length=64_000)


class ReportPreviewView(APIView):
    permission_classes = [IsAuthenticated]

    def post(self, request):
        ser = DraftSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            draft = restore_state(ser.validated_data["state"])
        except StateError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)

        if (dataset := DATASETS.get(draft.dataset)) is None or not dataset.visible_to(request.user):
            return Response({"detail": "unknown dataset"}, status=status.HTTP_404_NOT_FOUND)

        draft.limit = max(1, min(draft.limit, 5000))
        rows = run_report(dataset, draft, user=request.user)
        return Response({"rows": rows, "state": dump_state(draft)})
