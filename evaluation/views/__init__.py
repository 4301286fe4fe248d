"""Staff views of evaluation: rounds (organisers), scoring (council members), decisions and criteria."""
