from __future__ import annotations

import falcon

from . import repository


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
        body = req.get_media()
        if not isinstance(body, dict) or not str(body.get("name", "")).strip():
            raise falcon.HTTPBadRequest(title="name is required")

        body["name"] = body["name"].strip()[:120]
        with self._session_factory() as session:
            try:
                project = repository.create_project(session, owner_id, body)
            except repository.QuotaExceeded:
                raise falcon.HTTPForbidden(title="project limit reached")
            except TypeError:
                raise falcon.HTTPBadRequest(title="unknown field")
            resp.media = project.to_json()
        resp.status = falcon.HTTP_201
        resp.location = f"/v1/projects/{project.id}"


def create_app(session_factory, auth_middleware) -> falcon.App:
    app = falcon.App(middleware=[auth_middleware])
    app.add_route("/v1/projects", ProjectCollection(session_factory))
    return app
