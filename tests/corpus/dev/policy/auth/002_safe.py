from fastapi import Depends, FastAPI, HTTPException, status
from sqlalchemy.orm import Session

from .auth import User, current_user
from .db import Project, get_session

app = FastAPI()


@app.get("/projects")
def list_projects(user: User = Depends(current_user), db: Session = Depends(get_session)):
    return [{"id": p.id, "name": p.name} for p in db.query(Project).filter_by(owner_id=user.id)]


@app.delete("/projects/{project_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_project(
    project_id: int, user: User = Depends(current_user), db: Session = Depends(get_session)
) -> None:
    project = db.get(Project, project_id)
    if project is None or project.owner_id != user.id:
        raise HTTPException(status_code=404)
    db.delete(project)
    db.commit()
