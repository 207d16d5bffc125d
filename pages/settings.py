from planner import ui
from planner.ui.kit import account, resources
from planner.ui.log import sample
from planner.ui.settings import backup, forms, watch

ui.start_page("Settings")
store = resources.store()
forms.health_profile_form(store.settings)
forms.sound_form(store.settings)
forms.reminder_form(store.settings)
sample.sample_section(store.sample, resources.catalog())
forms.storage_info(store.db.kind, signed_in=account.signed_in() is not None)
watch.watch_data(store.measures)
backup.your_data(store.backup, resources.catalog())
