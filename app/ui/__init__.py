"""The desktop app. The only package that may import PySide6."""
