from planner import ui
from planner.ui.experiment.today import today_banner
from planner.ui.kit import localtime, resources
from planner.ui.run import page as run
from planner.ui.run import upcoming

ui.start_page("Run", "Run a routine")
store, catalog, profile = resources.store(), resources.catalog(), resources.profile()
today_banner(store.experiments, localtime.today(), catalog, profile)
upcoming.whats_next(store.schedule, store.runs, store.routines, catalog)
run.page(store.runs, store.routines, store.settings, catalog, profile)
