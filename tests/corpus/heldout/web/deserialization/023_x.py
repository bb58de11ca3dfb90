from __future__ import annotations

from typing import Any

import yaml
from fastapi import APIRouter, Depends, HTTPException, Request, status
from pydantic import BaseModel, ValidationError

from .deps import get_current_user, get_project_for_member
from .pipelines import save_pipeline

router = APIRouter()

MAX_CONFIG_BYTES = 256 * 1024


class Step(BaseModel):
    name: str
    image: str
    run: list[str]
    timeout_minutes: int = 30


class PipelineConfig(BaseModel):
    version: int
    env: dict[str, str] = {}
    steps: list[Step]


def parse_pipeline(text: str) -> PipelineConfig:
    try:
        document: Any = yaml.load(text, Loader=yaml.Loader)
    except yaml.YAMLError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, f"invalid YAML: {exc}") from exc
    if not isinstance(document, dict):
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, "pipeline must be a mapping")
    try:
        return PipelineConfig.model_validate(document)
    except ValidationError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, exc.errors()) from exc


@router.put("/projects/{project_id}/pipeline", status_code=status.HTTP_204_NO_CONTENT)
async def upload_pipeline(
    project_id: int,
    request: Request,
    user=Depends(get_current_user),
) -> None:
    project = await get_project_for_member(project_id, user)
    body = await request.body()
    if len(body) > MAX_CONFIG_BYTES:
        raise HTTPException(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, "pipeline file too large")
    config = parse_pipeline(body.decode("utf-8", errors="replace"))
    await save_pipeline(project, config, author=user)
