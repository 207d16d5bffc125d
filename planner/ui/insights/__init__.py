"""The Insights page: charts of the log, and the weekly plan planned against done."""
