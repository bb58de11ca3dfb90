import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.files.storage import FileSystemStorage
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views import View

from records.models import LabResult, Patient

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
ACCEPTED_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg")

lab_storage = FileSystemStorage(location=settings.PRIVATE_LAB_RESULTS_ROOT)


def is_acceptable_document(upload) -> bool:
    """Reject empty files and anything over the portal limit."""
    return 0 < upload.size <= MAX_UPLOAD_BYTES


class LabResultUploadView(LoginRequiredMixin, UserPassesTestMixin, View):
    http_method_names = ["post"]

    def test_func(self):
        return self.request.user.is_staff

    def post(self, request, patient_id: int):
        patient = get_object_or_404(Patient, pk=patient_id)
        upload = request.FILES.get("result")
        if upload is None:
            return HttpResponseBadRequest("missing file")
        if not is_acceptable_document(upload):
            return HttpResponseBadRequest("file rejected")

        suffix = PurePosixPath(upload.name).suffix.lower()
        stored_name = lab_storage.save(f"{patient.pk}/{uuid.uuid4().hex}{suffix}", upload)

        result = LabResult.objects.create(
            patient=patient,
            uploaded_by=request.user,
            stored_name=stored_name,
            original_name=upload.name[:200],
            size=upload.size,
            kind=request.POST.get("kind", "other")[:40],
        )
        return JsonResponse({"id": result.pk, "stored": True}, status=201)
