from planner import ui
from planner.ui.kit import resources
from planner.ui.library import points, techniques

ui.start_page("Library", "Technique library", "Every technique Solace can put in a routine: "
              "what it is for, how to do it, how long it takes and what to watch out for. "
              "Build routines from them on the **Plan** page.")
catalog, profile = resources.catalog(), resources.profile()
techniques_tab, points_tab = techniques.tabs()
if techniques_tab.open:
    with techniques_tab:
        techniques.filters_and_cards(catalog, profile)
if points_tab.open:
    with points_tab:
        points.pressure_point_guide(catalog)
