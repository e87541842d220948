"""Reading figures and lists in SQL: the item list's filters, the home page's
queues, the league table and satisfaction rates."""
