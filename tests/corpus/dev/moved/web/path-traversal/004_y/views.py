import logging

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views import View

from .models import Attachment, Project
from .storage import archive_attachment, remove_attachment

logger = logging.getLogger(__name__)


class AttachmentDeleteView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug):
        project = get_object_or_404(Project, slug=slug, members=request.user)
        try:
            attachment_id = int(request.POST.get("id", ""))
        except ValueError:
            return HttpResponseBadRequest("missing attachment id")

        attachment = get_object_or_404(Attachment, pk=attachment_id, project=project)

        keep_copy = request.POST.get("archive") == "1"
        if keep_copy:
            archived = archive_attachment(project.slug, attachment.stored_name)
            logger.info("archived %s to %s", attachment.pk, archived)

        remove_attachment(project.slug, attachment.stored_name)
        attachment.delete()
        logger.info("user %s removed attachment %s from %s", request.user.pk, attachment_id, project.slug)
        return JsonResponse({"deleted": attachment.original_name})
