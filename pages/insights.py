from planner import ui
from planner.ui.insights import adherence
from planner.ui.insights import page as insights
from planner.ui.kit import resources

ui.start_page("Insights", intro="What your log shows so far: how your stress moves, what a "
              "session changes, and how massage days compare with compression-sock days.")
store = resources.store()
insights.page(store.frames, store.sample, empty=store.is_empty(), reports=store.reports,
              watch_values=store.measures.count() > 0)
adherence.adherence(store.schedule)
