from planner import ui
from planner.ui import catalog as library
from planner.ui import resources

ui.start_page("Library", "Technique library", "Every technique Solace can put in a routine: "
              "what it is for, how to do it, how long it takes and what to watch out for. "
              "Build routines from them on the **Plan** page.")
catalog, profile = resources.catalog(), resources.profile()
techniques_tab, points_tab = library.tabs()
if techniques_tab.open:
    with techniques_tab:
        library.techniques(catalog, profile)  # filters, then the cards that pass them
if points_tab.open:
    with points_tab:
        library.pressure_point_guide(catalog)
