import os

from databases import Database

database = Database(os.environ["LEDGER_DATABASE_URL"], min_size=2, max_size=10)
