"""Turn the text typed into the flag editor into a JSON-compatible value."""

import json

ALLOWED_TYPES = (bool, int, float, str, list, dict, type(None))


class CoercionError(ValueError):
    pass


def _check(value, depth=0):
    if depth > 5:
        raise CoercionError("value is nested too deeply")
    if isinstance(value, (list, tuple)):
        return [_check(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {str(k): _check(v, depth + 1) for k, v in value.items()}
    if not isinstance(value, ALLOWED_TYPES):
        raise CoercionError(f"unsupported type {type(value).__name__}")
    return value


def coerce_flag_value(text: str):
    text = text.strip()
    if not text:
        return None
    # accept both JSON ("true", "null") and Python literal spellings ("True", "None")
    try:
        return _check(json.loads(text))
    except json.JSONDecodeError:
        pass
    try:
        return _check(eval(text, {"__builtins__": {"True": True, "False": False, "None": None}}))
    except (ValueError, SyntaxError, NameError, TypeError):
        # bare words are treated as plain strings
        return text
