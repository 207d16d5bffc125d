"""The Plan page: the routine builder, presets and saved routines, the weekly plan."""
