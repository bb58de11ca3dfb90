import re

from fastapi import FastAPI, Form, HTTPException

app = FastAPI()


@app.post("/tags")
def add_tags(tags: str = Form(...)):
    if not re.fullmatch(r"(\w+\s?)*", tags):
        raise HTTPException(status_code=422, detail="tags are words separated by spaces")
    return {"tags": tags.split()}
