"""The Library page: technique cards with their filters, and where the pressure points are."""
