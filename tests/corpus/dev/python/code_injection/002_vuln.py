from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

app = FastAPI()


def notify_slack(event: dict) -> str:
    return f"notified slack about {event.get('type')}"


def close_ticket(event: dict) -> str:
    return f"closed ticket {event.get('ticket_id')}"


HOOKS = {"notify_slack": notify_slack, "close_ticket": close_ticket}


class HookCall(BaseModel):
    hook: str
    event: dict


@app.post("/hooks/run")
def run_hook(call: HookCall) -> dict:
    scope = {"event": call.event, **HOOKS}
    exec(f"result = {call.hook}(event)", scope)
    return {"result": scope.get("result")}
