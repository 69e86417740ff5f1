"""graphhunt: find coordinated account rings."""
