"""Pure domain: threat model, prompts, review pipeline, findings. No Qt, no SQL."""
