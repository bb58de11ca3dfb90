"""Workspace switching and report listing for the analytics dashboard (Tornado)."""
from __future__ import annotations

import json
import os

import tornado.web
from tornado.ioloop import IOLoop

from dashboard.db import get_pool  # asyncpg pool


class BaseHandler(tornado.web.RequestHandler):
    def get_current_user(self) -> int | None:
        raw = self.get_signed_cookie("uid", max_age_days=7)
        return int(raw) if raw else None

    @property
    def active_workspace(self) -> int | None:
        raw = self.get_signed_cookie("ws", max_age_days=7)
        return int(raw) if raw else None

    def write_json(self, payload, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(payload, default=str))


class SwitchWorkspaceHandler(BaseHandler):
    @tornado.web.authenticated
    async def post(self) -> None:
        try:
            workspace_id = int(self.get_body_argument("workspace_id"))
        except (tornado.web.MissingArgumentError, ValueError):
            raise tornado.web.HTTPError(400)

        pool = await get_pool()
        is_member = await pool.fetchval(
            "SELECT 1 FROM workspace_members WHERE workspace_id = $1 AND user_id = $2",
            workspace_id,
            self.current_user,
        )
        if not is_member:
            raise tornado.web.HTTPError(403)

        self.set_signed_cookie("ws", str(workspace_id), httponly=True, secure=True, samesite="Lax")
        self.write_json({"active_workspace": workspace_id})


class ReportListHandler(BaseHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        workspace_id = self.active_workspace
        if workspace_id is None:
            raise tornado.web.HTTPError(409, reason="no workspace selected")

        pool = await get_pool()
        rows = await pool.fetch(
            "SELECT id, title, created_at FROM reports WHERE workspace_id = $1 ORDER BY created_at DESC",
            workspace_id,
        )
        self.write_json([dict(r) for r in rows])


class ReportDownloadHandler(BaseHandler):
    @tornado.web.authenticated
    async def get(self, report_id: str) -> None:
        pool = await get_pool()
        row = await pool.fetchrow(
            "SELECT title, body FROM reports WHERE id = $1 AND workspace_id = $2",
            int(report_id),
            self.active_workspace,
        )
        if row is None:
            raise tornado.web.HTTPError(404)
        self.set_header("Content-Type", "text/csv")
        self.set_header("Content-Disposition", 'attachment; filename="report.csv"')
        self.finish(row["body"])


def make_app() -> tornado.web.Application:
    return tornado.web.Application(
        [
            (r"/workspace/switch", SwitchWorkspaceHandler),
            (r"/reports", ReportListHandler),
            (r"/reports/(\d+)/download", ReportDownloadHandler),
        ],
        cookie_secret=os.environ["DASHBOARD_COOKIE_SECRET"],
        login_url="/login",
        xsrf_cookies=True,
    )


if __name__ == "__main__":
    make_app().listen(int(os.environ.get("PORT", "8888")))
    IOLoop.current().start()
