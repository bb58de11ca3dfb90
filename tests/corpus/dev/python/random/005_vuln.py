import random
import secrets
import string

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
CODE_ALPHABET = string.ascii_uppercase + string.digits
ONBOARDING_TIPS = [
    "Invite your team from the settings page.",
    "Connect a calendar to see deadlines.",
    "Use keyboard shortcuts: press ? to list them.",
]


class Invite(BaseModel):
    code: str
    tips: list[str]


@app.post("/invites", response_model=Invite)
def create_invite() -> Invite:
    code = "".join(random.choices(CODE_ALPHABET, k=12))
    tips = ONBOARDING_TIPS[:]
    random.shuffle(tips)
    return Invite(code=code, tips=tips)
