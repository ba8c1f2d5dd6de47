//! Instants are stored as microseconds since the Unix epoch in a BIGINT column: the same type,
//! precision and ordering on SQLite and PostgreSQL (see docs/adr/0003).

use chrono::{DateTime, SecondsFormat, Utc};

/// Microseconds since the epoch for an instant.
pub fn to_micros(instant: DateTime<Utc>) -> i64 {
    instant.timestamp_micros()
}

/// The instant for a stored microsecond value.
pub fn from_micros(micros: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(micros).unwrap_or_default()
}

/// RFC 3339 in UTC with microseconds, as every `createdAt` / `updatedAt` is written.
pub fn rfc3339(micros: i64) -> String {
    from_micros(micros).to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// The current instant in stored form.
pub fn now_micros() -> i64 {
    to_micros(Utc::now())
}

/// Whole seconds covering `micros` (rounded up), for `Retry-After` and reset times.
pub fn seconds_ceil(micros: i64) -> i64 {
    let seconds = micros / 1_000_000;
    if micros % 1_000_000 > 0 {
        seconds + 1
    } else {
        seconds
    }
}
