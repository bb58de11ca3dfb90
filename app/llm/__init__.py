"""Engine boundary: Engine protocol, engine host process, model catalog, download/import/verify."""
