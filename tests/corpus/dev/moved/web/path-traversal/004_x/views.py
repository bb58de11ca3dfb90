import logging

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views import View

from .models import Project
from .storage import archive_attachment, remove_attachment

logger = logging.getLogger(__name__)


class AttachmentDeleteView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug):
        project = get_object_or_404(Project, slug=slug, members=request.user)
        name = request.POST.get("name", "")
        if not name:
            return HttpResponseBadRequest("missing attachment name")

        keep_copy = request.POST.get("archive") == "1"
        if keep_copy:
            archived = archive_attachment(project.slug, name)
            logger.info("archived %s to %s", name, archived)

        remove_attachment(project.slug, name)
        logger.info("user %s removed attachment %s from %s", request.user.pk, name, project.slug)
        return JsonResponse({"deleted": name})
