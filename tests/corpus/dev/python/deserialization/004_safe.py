"""Metrics collector: agents on the network send one sample per line."""
import json
import socketserver

SAMPLES: list[dict] = []


class MetricsHandler(socketserver.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:
            if len(line) > 65536:
                break
            sample = json.loads(line)
            if isinstance(sample, dict) and "name" in sample:
                SAMPLES.append({"name": str(sample["name"]), "value": float(sample["value"])})


if __name__ == "__main__":
    with socketserver.ThreadingTCPServer(("10.0.0.5", 9125), MetricsHandler) as server:
        server.serve_forever()
