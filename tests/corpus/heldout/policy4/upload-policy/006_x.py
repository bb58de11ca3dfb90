from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.files.storage import default_storage
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from marketplace.models import Listing, ListingDocument

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


class ListingDocumentUploadView(LoginRequiredMixin, View):
    template_name = "marketplace/listing_documents.html"

    def get_listing(self, request, pk):
        return get_object_or_404(Listing, pk=pk, seller=request.user)

    def get(self, request, pk):
        listing = self.get_listing(request, pk)
        documents = listing.documents.order_by("-uploaded_at")
        return render(request, self.template_name, {"listing": listing, "documents": documents})

    def post(self, request, pk):
        listing = self.get_listing(request, pk)
        upload = request.FILES.get("document")

        if upload is None:
            messages.error(request, "Choose a file to upload.")
            return redirect("listing-documents", pk=listing.pk)

        if upload.size > MAX_DOCUMENT_BYTES:
            messages.error(request, "Documents must be 5 MB or smaller.")
            return redirect("listing-documents", pk=listing.pk)

        if ".pdf" not in upload.name.lower():
            messages.error(request, "Only PDF documents can be attached to a listing.")
            return redirect("listing-documents", pk=listing.pk)

        stored_path = default_storage.save(f"listings/{listing.pk}/{upload.name}", upload)
        ListingDocument.objects.create(
            listing=listing,
            file=stored_path,
            title=upload.name[:120],
            size=upload.size,
            uploaded_by=request.user,
        )
        messages.success(request, "Document attached.")
        return redirect("listing-documents", pk=listing.pk)
