from planner import ui
from planner.ui import account, backup, resources, settings
from planner.ui.journal import sample

ui.start_page("Settings")
store = resources.store()
settings.health_profile_form(store.settings)
settings.sound_form(store.settings)
sample.sample_section(store.sample, resources.catalog())
settings.storage_info(store.db.kind, signed_in=account.signed_in() is not None)
backup.your_data(store)
