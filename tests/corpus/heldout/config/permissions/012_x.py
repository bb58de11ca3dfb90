import os
import shutil
import uuid
from pathlib import Path

from fastapi import APIRouter, Depends, File, HTTPException, UploadFile
from fastapi.responses import FileResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from .auth import get_current_user
from .db import get_db
from .models import Dataset, Project, User

router = APIRouter(prefix="/projects/{project_id}/datasets")

WORKSPACE_ROOT = Path(os.environ.get("WORKSPACE_ROOT", "/srv/ml/workspaces"))
ACCEPTED_TYPES = {"text/csv": ".csv", "application/x-parquet": ".parquet", "application/json": ".json"}


class DatasetOut(BaseModel):
    id: int
    filename: str
    size_bytes: int


def _workspace_for(project: Project) -> Path:
    workspace = WORKSPACE_ROOT / f"project-{project.id}" / "datasets"
    os.makedirs(workspace, mode=0o750, exist_ok=True)
    return workspace


@router.post("", response_model=DatasetOut, status_code=201)
def upload_dataset(
    project_id: int,
    file: UploadFile = File(...),
    user: User = Depends(get_current_user),
    db: Session = Depends(get_db),
) -> DatasetOut:
    project = db.get(Project, project_id)
    if project is None or project.owner_id != user.id:
        raise HTTPException(status_code=404, detail="project not found")

    suffix = ACCEPTED_TYPES.get(file.content_type or "")
    if suffix is None:
        raise HTTPException(status_code=415, detail="unsupported dataset type")

    workspace = _workspace_for(project)
    target = workspace / f"{uuid.uuid4().hex}{suffix}"
    with target.open("wb") as out:
        shutil.copyfileobj(file.file, out, length=1024 * 1024)

    dataset = Dataset(
        project_id=project.id,
        filename=target.name,
        original_name=(file.filename or "")[:255],
        size_bytes=target.stat().st_size,
    )
    db.add(dataset)
    db.commit()
    db.refresh(dataset)
    return DatasetOut(id=dataset.id, filename=dataset.filename, size_bytes=dataset.size_bytes)


@router.get("", response_model=list[DatasetOut])
def list_datasets(
    project_id: int,
    user: User = Depends(get_current_user),
    db: Session = Depends(get_db),
) -> list[DatasetOut]:
    project = db.get(Project, project_id)
    if project is None or project.owner_id != user.id:
        raise HTTPException(status_code=404, detail="project not found")
    return [DatasetOut(id=d.id, filename=d.filename, size_bytes=d.size_bytes) for d in project.datasets]


def _owned_dataset(db: Session, user: User, project_id: int, dataset_id: int) -> Dataset:
    dataset = db.get(Dataset, dataset_id)
    if dataset is None or dataset.project_id != project_id or dataset.project.owner_id != user.id:
        raise HTTPException(status_code=404, detail="dataset not found")
    return dataset


@router.get("/{dataset_id}/download")
def download_dataset(
    project_id: int,
    dataset_id: int,
    user: User = Depends(get_current_user),
    db: Session = Depends(get_db),
) -> FileResponse:
    dataset = _owned_dataset(db, user, project_id, dataset_id)
    path = _workspace_for(dataset.project) / dataset.filename
    if not path.is_file():
        raise HTTPException(status_code=410, detail="dataset file is gone")
    return FileResponse(path, filename=f"dataset-{dataset.id}{path.suffix}")


@router.delete("/{dataset_id}", status_code=204)
def delete_dataset(
    project_id: int,
    dataset_id: int,
    user: User = Depends(get_current_user),
    db: Session = Depends(get_db),
) -> None:
    dataset = _owned_dataset(db, user, project_id, dataset_id)
    path = _workspace_for(dataset.project) / dataset.filename
    path.unlink(missing_ok=True)
    db.delete(dataset)
    db.commit()
