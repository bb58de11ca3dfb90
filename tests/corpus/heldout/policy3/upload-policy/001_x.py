import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import HttpResponseBadRequest, HttpResponseNotFound, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

log = logging.getLogger(__name__)

ALLOWED_EXTENSIONS = frozenset({"png", "jpg", "jpeg", "webp"})
MAX_PHOTO_BYTES = 5 * 1024 * 1024


class Album(models.Model):
    title = models.CharField(max_length=120)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="albums")

    class Meta:
        app_label = "gallery"


class Photo(models.Model):
    album = models.ForeignKey(Album, on_delete=models.CASCADE, related_name="photos")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    stored_name = models.CharField(max_length=64, unique=True)
    original_name = models.CharField(max_length=255)
    byte_size = models.PositiveIntegerField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "gallery"


def _extension(filename: str) -> str:
    return Path(filename).suffix.lower().lstrip(".")


@login_required
@require_POST
def upload_photo(request, album_id: int):
    album = get_object_or_404(Album, pk=album_id)
    if not album.members.filter(pk=request.user.pk).exists():
        return HttpResponseNotFound()

    upload = request.FILES.get("photo")
    if upload is None:
        return HttpResponseBadRequest("photo is required")

    ext = _extension(upload.name)
    if ext not in ALLOWED_EXTENSIONS:
        return HttpResponseBadRequest("only PNG, JPEG and WebP images are accepted")
    if upload.size > MAX_PHOTO_BYTES:
        return HttpResponseBadRequest("photos may be at most 5 MiB")

    stored_name = f"{uuid.uuid4().hex}.{ext}"
    target_dir = Path(settings.GALLERY_MEDIA_ROOT) / str(album.pk)
    target_dir.mkdir(parents=True, exist_ok=True)

    written = 0
    with open(target_dir / stored_name, "xb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
            written += len(chunk)

    photo = Photo.objects.create(
        album=album,
        uploaded_by=request.user,
        stored_name=stored_name,
        original_name=upload.name[:255],
        byte_size=written,
    )
    log.info("photo %s added to album %s by user %s", photo.pk, album.pk, request.user.pk)
    return JsonResponse({"id": photo.pk, "size": written}, status=201)
