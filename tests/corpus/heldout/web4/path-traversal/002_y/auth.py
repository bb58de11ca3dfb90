from __future__ import annotations

from dataclasses import dataclass

from fastapi import Depends, HTTPException, status
from fastapi.security import OAuth2PasswordBearer

from .models import Agent, Team
from .tokens import decode_access_token

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/auth/token")


@dataclass
class CurrentAgent:
    agent: Agent
    team: Team


async def require_agent(token: str = Depends(oauth2_scheme)) -> CurrentAgent:
    claims = decode_access_token(token)
    if claims is None:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="invalid token")
    agent = await Agent.get_or_none(id=claims["sub"], active=True).prefetch_related("team")
    if agent is None:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="unknown agent")
    return CurrentAgent(agent=agent, team=agent.team)
