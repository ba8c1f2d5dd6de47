//! domain of sales' settings.
