"""What every part of the window shares: settings, actions, dialogs, fonts, colours, background work.

Imports nothing else of the app."""
