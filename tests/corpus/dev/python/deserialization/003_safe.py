import io

import numpy as np
from fastapi import FastAPI, HTTPException, UploadFile

app = FastAPI()
MAX_BYTES = 20 * 1024 * 1024


@app.post("/embeddings/stats")
async def embedding_stats(file: UploadFile) -> dict[str, float | list[int]]:
    data = await file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise HTTPException(status_code=413, detail="file too large")
    array = np.load(io.BytesIO(data), allow_pickle=False)
    return {
        "shape": list(array.shape),
        "mean": float(array.mean()),
        "std": float(array.std()),
    }
