from planner import ui
from planner.experiments import ui as experiment
from planner.runs import ui as run
from planner.schedule import ui as schedule_ui
from planner.ui import localtime, resources

ui.start_page("Run", "Run a routine")
store = resources.store()
experiment.today_banner(store.experiments, localtime.today())
schedule_ui.whats_next(store, resources.catalog())
run.page(store, resources.catalog(), resources.profile())
