import os

import psycopg
from flask_login import UserMixin

DSN = os.environ["HELPDESK_DSN"]


class Agent(UserMixin):
    def __init__(self, user_id: int, team_id: int, is_customer: bool):
        self.id = user_id
        self.team_id = team_id
        self.is_customer = is_customer


def load_user(user_id: str) -> Agent | None:
    with psycopg.connect(DSN) as conn:
        row = conn.execute(
            "SELECT id, team_id, is_customer FROM users WHERE id = %s AND active", (int(user_id),)
        ).fetchone()
    return Agent(*row) if row else None


def can_access_ticket(user: Agent, ticket_id: int) -> bool:
    with psycopg.connect(DSN) as conn:
        row = conn.execute(
            "SELECT requester_id, team_id FROM tickets WHERE id = %s", (ticket_id,)
        ).fetchone()
    if row is None:
        return False
    requester_id, team_id = row
    if user.is_customer:
        return requester_id == user.id
    return team_id == user.team_id
