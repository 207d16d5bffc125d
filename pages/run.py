from planner import ui
from planner.ui import localtime, resources, schedule
from planner.ui.experiment_today import today_banner
from planner.ui.runs import page as run

ui.start_page("Run", "Run a routine")
store = resources.store()
today_banner(store.experiments, localtime.today(), resources.catalog(),
             resources.profile())
schedule.whats_next(store, resources.catalog())
run.page(store, resources.catalog(), resources.profile())
