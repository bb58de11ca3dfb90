import re
from dataclasses import dataclass

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views import View

from builds.models import BuildLogLine, Project

MAX_QUERY_LENGTH = 200
MAX_LINES_SCANNED = 50_000
MAX_HITS = 500


@dataclass(frozen=True)
class LogQuery:
    text: str
    regex: bool = False
    case_sensitive: bool = False

    @classmethod
    def from_request(cls, params) -> "LogQuery":
        return cls(
            text=params.get("q", ""),
            regex=params.get("mode") == "regex",
            case_sensitive=params.get("case") == "1",
        )

    def is_reasonable(self) -> bool:
        if not self.text or len(self.text) > MAX_QUERY_LENGTH:
            return False
        try:
            self.compiled()
        except re.error:
            return False
        return True

    def compiled(self) -> re.Pattern[str]:
        flags = 0 if self.case_sensitive else re.IGNORECASE
        source = self.text if self.regex else re.escape(self.text)
        return re.compile(source, flags)


class BuildLogSearchView(LoginRequiredMixin, View):
    """Full-text search over a project's recent build logs (used by the log viewer's search box)."""

    def get(self, request, project_slug: str):
        project = get_object_or_404(Project, slug=project_slug, members=request.user)
        query = LogQuery.from_request(request.GET)
        if not query.is_reasonable():
            return HttpResponseBadRequest("invalid search query")

        pattern = query.compiled()
        lines = (
            BuildLogLine.objects.filter(build__project=project)
            .order_by("-build__started_at", "line_no")
            .values_list("build_id", "line_no", "text")[:MAX_LINES_SCANNED]
        )

        hits = []
        for build_id, line_no, text in lines.iterator(chunk_size=2000):
            if (m := pattern.search(text)) is not None:
                hits.append({"build": build_id, "line": line_no, "text": text, "span": m.span()})
                if len(hits) >= MAX_HITS:
                    break

        return JsonResponse({"query": query.text, "hits": hits, "truncated": len(hits) >= MAX_HITS})
