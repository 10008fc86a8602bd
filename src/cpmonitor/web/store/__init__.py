"""Census data in the database: one model per canonical table, and the service over them."""
