from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from . import conf
from .models import Account, ContractDocument
from .storage import save_contract


@login_required
@permission_required("crm.add_contractdocument", raise_exception=True)
@require_POST
def upload_contract(request: HttpRequest, account_id: int) -> JsonResponse:
    account = get_object_or_404(Account, pk=account_id, owner_team__members=request.user)

    upload = request.FILES.get("contract")
    if upload is None:
        return JsonResponse({"error": "missing file"}, status=400)
    if upload.size > conf.MAX_CONTRACT_BYTES:
        return JsonResponse({"error": "file too large"}, status=413)
    if (suffix := conf.ALLOWED_CONTENT_TYPES.get(upload.content_type)) is None:
        return JsonResponse({"error": "PDF or TIFF only"}, status=415)

    path, digest = save_contract(account.pk, upload, suffix)
    doc = ContractDocument.objects.create(
        account=account,
        uploaded_by=request.user,
        stored_path=str(path),
        sha256=digest,
        original_name=upload.name[:200],
    )
    return JsonResponse({"id": doc.pk, "sha256": digest}, status=201)
