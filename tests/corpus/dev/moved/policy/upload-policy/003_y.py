import os
import uuid

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.text import get_valid_filename
from django.views import View

from wiki.models import Page, PageImage

ALLOWED_IMAGE_TYPES = {"png", "jpg", "jpeg", "gif", "webp"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024


class ImageUploadForm(forms.Form):
    image = forms.FileField()
    alt_text = forms.CharField(max_length=200, required=False)


def image_kind(filename: str) -> str:
    """Return the image type named by the file name, e.g. 'png'."""
    _, ext = os.path.splitext(filename)
    return ext.lstrip(".").lower()


class PageImageUploadView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug: str):
        page = get_object_or_404(Page, slug=slug, archived=False)
        form = ImageUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return JsonResponse({"errors": form.errors}, status=400)

        upload = form.cleaned_data["image"]
        if upload.size > MAX_IMAGE_BYTES:
            return JsonResponse({"error": "images are limited to 5 MiB"}, status=413)

        name = get_valid_filename(os.path.basename(upload.name))
        kind = image_kind(name)
        if kind not in ALLOWED_IMAGE_TYPES:
            return JsonResponse(
                {"error": f"allowed types: {", ".join(sorted(ALLOWED_IMAGE_TYPES))}"}, status=415
            )

        stored = default_storage.save(f"wiki/{page.pk}/{uuid.uuid4().hex}.{kind}", upload)
        image = PageImage.objects.create(
            page=page,
            file=stored,
            alt_text=form.cleaned_data["alt_text"],
            uploaded_by=request.user,
        )
        return JsonResponse({"id": image.pk, "url": default_storage.url(stored)}, status=201)
