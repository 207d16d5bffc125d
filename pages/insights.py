from planner import ui
from planner.ui import insights, resources, schedule

ui.start_page("Insights", intro="What your log shows so far: how your stress moves, what a "
              "session changes, and how massage days compare with compression-sock days.")
insights.page(resources.store())
schedule.adherence(resources.store().schedule)
