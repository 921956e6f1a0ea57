"""claimgraph: which claim rests on which quote, from which source, by whom, fetched when."""
