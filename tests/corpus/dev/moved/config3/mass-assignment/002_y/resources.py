from __future__ import annotations

import falcon

from . import repository
from .repository import ProjectDraft

VISIBILITIES = ("private", "internal", "public")


def _draft_from_body(body: object) -> ProjectDraft:
    if not isinstance(body, dict):
        raise falcon.HTTPBadRequest(title="expected an object")
    name = str(body.get("name", "")).strip()
    if not name:
        raise falcon.HTTPBadRequest(title="name is required")
    visibility = body.get("visibility", "private")
    if visibility not in VISIBILITIES:
        raise falcon.HTTPBadRequest(title="invalid visibility")
    return ProjectDraft(
        name=name[:120],
        description=str(body.get("description", ""))[:2000],
        visibility=visibility,
    )


class ProjectCollection:
    """/v1/projects"""

    def __init__(self, session_factory):
        self._session_factory = session_factory

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        owner_id = req.context.account_id
        with self._session_factory() as session:
            resp.media = [p.to_json() for p in repository.list_projects(session, owner_id)]

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        owner_id = req.context.account_id
        draft = _draft_from_body(req.get_media())
        with self._session_factory() as session:
            try:
                project = repository.create_project(session, owner_id, draft)
            except repository.QuotaExceeded:
                raise falcon.HTTPForbidden(title="project limit reached")
            resp.media = project.to_json()
        resp.status = falcon.HTTP_201
        resp.location = f"/v1/projects/{project.id}"


def create_app(session_factory, auth_middleware) -> falcon.App:
    app = falcon.App(middleware=[auth_middleware])
    app.add_route("/v1/projects", ProjectCollection(session_factory))
    return app
