from .highlight import highlight_snippet, search_notes

__all__ = ["highlight_snippet", "search_notes"]
