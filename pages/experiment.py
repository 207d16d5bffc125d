from planner import ui
from planner.ui.experiment import page as experiment
from planner.ui.kit import resources

ui.start_page("Experiment", intro="Do massage days or compression-sock days help you more? A "
              "fair test: Solace plans the days by chance, you follow the plan and check in each "
              "evening, and the results compare like with like.")
store = resources.store()
experiment.page(store.experiments, store.frames, resources.catalog(), resources.profile(),
                store.settings.preferences().checkin_reminder, store.measures)
