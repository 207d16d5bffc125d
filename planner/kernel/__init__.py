"""What every part of Solace builds on: errors, limits, the clock, the database."""
