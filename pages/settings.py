from planner import ui
from planner.backup import ui as backup_ui
from planner.journal import sample_ui
from planner.settings import ui as settings
from planner.ui import account, resources

ui.start_page("Settings")
store = resources.store()
settings.health_profile_form(store.settings)
settings.sound_form(store.settings)
sample_ui.sample_section(store.sample, resources.catalog())
settings.storage_info(store.db.kind, signed_in=account.signed_in() is not None)
backup_ui.your_data(store)
