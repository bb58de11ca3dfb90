import json
import subprocess
import tempfile
from pathlib import Path


def render_chart(series: dict) -> bytes:
    """Hand the series to the charting tool and read back the PNG it draws."""
    with tempfile.TemporaryDirectory(prefix="chart-") as folder:
        source, image = Path(folder) / "input.json", Path(folder) / "chart.png"
        source.write_text(json.dumps(series))
        subprocess.run(["/usr/local/bin/chartgen", "--in", str(source), "--out", str(image)],
                       check=True, timeout=30)
        return image.read_bytes()
