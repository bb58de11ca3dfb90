"""Tiny classroom quiz server (stdlib only) served behind the lab reverse proxy."""
import json
import random
import secrets
import string
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

QUESTION_BANK = json.load(open("questions.json", encoding="utf-8"))
AVATAR_COLOURS = ("teal", "orange", "violet", "lime", "coral", "sky")
_lock = threading.Lock()


@dataclass
class Room:
    code: str
    host_key: str
    questions: list[dict]
    players: dict[str, dict] = field(default_factory=dict)
    started: bool = False


ROOMS: dict[str, Room] = {}


def shuffled_question(q: dict) -> dict:
    # show the answer choices in a different order each round
    choices = list(q["choices"])
    random.shuffle(choices)
    return {**q, "choices": choices}


def create_room(topic: str, count: int) -> Room:
    pool = [q for q in QUESTION_BANK if q["topic"] == topic]
    questions = [shuffled_question(q) for q in random.sample(pool, k=min(count, len(pool)))]
    code = "".join(secrets.choice(string.ascii_uppercase) for _ in range(6))
    host_key = secrets.token_hex(16)
    room = Room(code=code, host_key=host_key, questions=questions)
    with _lock:
        ROOMS[code] = room
    return room


class QuizHandler(BaseHTTPRequestHandler):
    def _send(self, status: int, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> dict:
        length = min(int(self.headers.get("Content-Length") or 0), 16_384)
        return json.loads(self.rfile.read(length) or b"{}")

    def do_POST(self) -> None:
        data = self._body()
        match self.path:
            case "/rooms":
                room = create_room(str(data.get("topic", "")), int(data.get("count", 10)))
                self.log_message("room %s created", f"{room.code} ({len(room.questions)} q, topic {data.get("topic")!r})")
                self._send(201, {"code": room.code, "host_key": room.host_key})
            case "/rooms/start":
                room = ROOMS.get(str(data.get("code", "")))
                if room is None or not secrets.compare_digest(room.host_key, str(data.get("host_key", ""))):
                    self._send(403, {"error": "not the host"})
                    return
                room.started = True
                self._send(200, {"started": True, "questions": len(room.questions)})
            case "/rooms/join":
                room = ROOMS.get(str(data.get("code", "")))
                nickname = str(data.get("nickname", ""))[:24]
                if room is None or room.started or not nickname:
                    self._send(400, {"error": "cannot join"})
                    return
                with _lock:
                    room.players.setdefault(nickname, {"score": 0, "colour": random.choice(AVATAR_COLOURS)})
                self._send(200, {"joined": room.code, "colour": room.players[nickname]["colour"]})
            case _:
                self._send(404, {"error": "not found"})


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", 8088), QuizHandler).serve_forever()
