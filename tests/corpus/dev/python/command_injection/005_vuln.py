import subprocess

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

ALLOWED_REPORTS = {"monthly-sales", "inventory", "returns"}


@login_required
def download_report_bundle(request, report):
    archive = f"/srv/exports/{report}.tar.gz"
    subprocess.run(
        "tar -czf " + archive + " -C /srv/reports " + report,
        shell=True,
        check=True,
    )
    return FileResponse(open(archive, "rb"), as_attachment=True)
