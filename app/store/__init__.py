"""SQLite storage through sqlite-utils: migrations, repositories, search."""
