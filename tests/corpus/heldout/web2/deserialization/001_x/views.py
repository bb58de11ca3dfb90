from rest_framework import permissions, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Project
from .pipeline_format import PipelineError, parse_pipeline

MAX_DEFINITION_BYTES = 256 * 1024


class StepSerializer(serializers.Serializer):
    name = serializers.CharField()
    run = serializers.CharField()
    timeout_minutes = serializers.IntegerField()


class PipelinePreviewSerializer(serializers.Serializer):
    name = serializers.CharField()
    runner = serializers.CharField()
    steps = StepSerializer(many=True)
    env = serializers.DictField(child=serializers.CharField())


class PipelineUploadView(APIView):
    """Validate an uploaded pipeline file and show what would run."""

    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser]

    def post(self, request, project_id: int):
        project = Project.objects.filter(pk=project_id, members=request.user).first()
        if project is None:
            return Response({"detail": "not found"}, status=status.HTTP_404_NOT_FOUND)

        upload = request.FILES.get("definition")
        if upload is None:
            return Response({"detail": "definition file is required"}, status=status.HTTP_400_BAD_REQUEST)
        if upload.size > MAX_DEFINITION_BYTES:
            return Response({"detail": "file too large"}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)

        try:
            text = upload.read().decode("utf-8")
            pipeline = parse_pipeline(text)
        except UnicodeDecodeError:
            return Response({"detail": "file must be UTF-8"}, status=status.HTTP_400_BAD_REQUEST)
        except PipelineError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_422_UNPROCESSABLE_ENTITY)

        project.pending_definition = text
        project.save(update_fields=["pending_definition"])
        return Response(PipelinePreviewSerializer(pipeline).data)
