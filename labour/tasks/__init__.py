"""Background tasks as rows: what was asked, by whom, how far it got, and who holds it (the lease)."""
