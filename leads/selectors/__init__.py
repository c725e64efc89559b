"""Read models: what staff pages show, each aggregated by the database."""
