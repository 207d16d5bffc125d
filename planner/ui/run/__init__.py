"""The Run page: choosing a routine, following it with the countdown, rating it."""
