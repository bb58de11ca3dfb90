"""Whole-word search over a team's saved snippets."""
import re
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query
from pydantic import BaseModel

from .auth import Member, current_member
from .snippets import SnippetRepo, get_repo

app = FastAPI()

MAX_TERM = 120
MAX_RESULTS = 50


class Hit(BaseModel):
    snippet_id: int
    title: str
    line_no: int
    line: str


def normalise_term(raw: str) -> str:
    term = " ".join(raw.split())
    if not term:
        raise HTTPException(400, "empty search term")
    if len(term) > MAX_TERM:
        raise HTTPException(400, f"search term longer than {MAX_TERM} characters")
    return term


def word_matcher(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){term}(?!\w)", re.IGNORECASE)


@app.get("/snippets/search", response_model=list[Hit])
def search_snippets(
    q: Annotated[str, Query(min_length=1)],
    member: Member = Depends(current_member),
    repo: SnippetRepo = Depends(get_repo),
) -> list[Hit]:
    matcher = word_matcher(normalise_term(q))
    hits: list[Hit] = []
    for snippet in repo.for_team(member.team_id):
        for line_no, line in enumerate(snippet.body.splitlines(), start=1):
            if matcher.search(line):
                hits.append(Hit(snippet_id=snippet.id, title=snippet.title, line_no=line_no, line=line[:300]))
                if len(hits) >= MAX_RESULTS:
                    return hits
    return hits
