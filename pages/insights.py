from planner import ui
from planner.insights import ui as insights
from planner.schedule import ui as schedule_ui
from planner.ui import resources

ui.start_page("Insights", intro="What your log shows so far: how your stress moves, what a "
              "session changes, and how massage days compare with compression-sock days.")
insights.page(resources.store())
schedule_ui.adherence(resources.store().schedule)
