//! The webhook rules: what a valid subscription is (its URL's form, its event patterns), which
//! events a pattern matches, the delivery states and the retry schedule. Pure: no SQL, no HTTP.

use arkan_platform::error::Validation;
use arkan_platform::events::EventKind;
use reqwest::Url;

pub use arkan_kernel::{DeliveryId, WebhookId};

arkan_kernel::codes! {
    /// Where a delivery stands.
    pub enum DeliveryState {
        /// Not yet answered with a 2xx; an attempt is due at `next_attempt_at`.
        Pending = "pending",
        /// A 2xx answered one of its attempts.
        Delivered = "delivered",
        /// Every attempt failed (or the webhook was switched off before it went).
        Failed = "failed",
    }
}

/// Seconds before each retry: after the first failed attempt 1 minute, ..., after the seventh
/// 24 hours. Eight attempts in all.
pub const RETRY_SECONDS: [i64; 7] = [60, 300, 1_800, 7_200, 21_600, 43_200, 86_400];

/// The microseconds to wait after failed attempt `attempt` (from 1) before the next one; None
/// when it was the last.
pub fn retry_delay_micros(attempt: i32) -> Option<i64> {
    let index = usize::try_from(attempt).ok()?.checked_sub(1)?;
    RETRY_SECONDS.get(index).map(|seconds| seconds * 1_000_000)
}

const MAX_URL_LENGTH: usize = 2_048;
const MAX_EVENTS: usize = 100;
const MAX_DESCRIPTION_LENGTH: usize = 1_000;

/// Checks a target URL's form: http or https, a host, no user name or password, no fragment.
/// Returns it normalised. Whether its addresses may be reached is [`crate::target`]'s to say.
pub fn parse_url(text: &str) -> Result<Url, &'static str> {
    if text.len() > MAX_URL_LENGTH {
        return Err("must be at most 2048 characters");
    }
    if text.trim() != text || text.chars().any(char::is_whitespace) {
        return Err("must be a URL without spaces");
    }
    let url = Url::parse(text).map_err(|_| "must be an absolute http or https URL")?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("must be an http or https URL");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not carry a user name or password");
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("must name a host");
    }
    if url.fragment().is_some() {
        return Err("must not have a fragment (#...)");
    }
    Ok(url)
}

/// Checks the event patterns of a subscription against the kinds the modules declare, recording
/// each bad one under `events[i]`: an event name (`invoice.posted`), every event of a resource
/// (`invoice.*`) or everything (`*`). Returns them without repeats, in the order given.
pub fn check_events(
    validation: &mut Validation,
    patterns: &[String],
    kinds: &[EventKind],
) -> Vec<String> {
    if patterns.is_empty() {
        validation.add("events", "must name at least one event");
    }
    if patterns.len() > MAX_EVENTS {
        validation.add("events", "must name at most 100 events");
    }
    let mut kept: Vec<String> = Vec::new();
    for (index, pattern) in patterns.iter().enumerate() {
        match check_pattern(pattern, kinds) {
            Ok(()) => {
                if !kept.contains(pattern) {
                    kept.push(pattern.clone());
                }
            }
            Err(message) => validation.add(format!("events[{index}]"), message),
        }
    }
    kept
}

fn check_pattern(pattern: &str, kinds: &[EventKind]) -> Result<(), String> {
    if pattern == "*" {
        return Ok(());
    }
    let word = |text: &str| {
        !text.is_empty()
            && text
                .bytes()
                .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'_')
    };
    let shaped = match pattern.split_once('.') {
        Some((resource, "*")) => word(resource),
        Some((resource, verb)) => word(resource) && word(verb),
        None => false,
    };
    if !shaped {
        return Err(
            "must be an event name (invoice.posted), a resource's events (invoice.*) or *".into(),
        );
    }
    let known = kinds.iter().any(|kind| matches(pattern, kind.name));
    if known {
        Ok(())
    } else {
        Err(format!("{pattern} names no event this server sends"))
    }
}

/// Whether one pattern matches the event `name`.
pub fn matches(pattern: &str, name: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    match pattern.strip_suffix(".*") {
        Some(resource) => name
            .strip_prefix(resource)
            .is_some_and(|rest| rest.starts_with('.')),
        None => pattern == name,
    }
}

/// Whether any of a webhook's patterns matches the event `name`.
pub fn subscribed(patterns: &[String], name: &str) -> bool {
    patterns.iter().any(|pattern| matches(pattern, name))
}

/// A description: trimmed, None when empty; recorded as too long past 1000 characters.
pub fn description(validation: &mut Validation, text: Option<String>) -> Option<String> {
    let text = arkan_platform::fields::clean(text);
    if text
        .as_ref()
        .is_some_and(|text| text.chars().count() > MAX_DESCRIPTION_LENGTH)
    {
        validation.add("description", "must be at most 1000 characters");
    }
    text
}

/// A new webhook's secret: 32 random bytes, hex.
pub fn new_secret() -> String {
    let mut bytes = [0_u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
    hex::encode(bytes)
}

/// The resource an event is about: its name before the dot (`invoice` of `invoice.posted`).
pub fn resource_of(name: &str) -> &str {
    name.split_once('.').map_or(name, |(resource, _)| resource)
}

/// Whether the event says its resource is gone (its payload then carries no data).
pub fn is_deletion(name: &str) -> bool {
    name.ends_with(".deleted")
}

#[cfg(test)]
mod tests {
    use super::*;

    const KINDS: &[EventKind] = &[
        EventKind::new("crm", "client.created"),
        EventKind::new("crm", "client.updated"),
        EventKind::new("accounting", "invoice.posted"),
    ];

    #[test]
    fn patterns_match_names_resources_or_everything() {
        assert!(matches("*", "invoice.posted"));
        assert!(matches("invoice.*", "invoice.posted"));
        assert!(!matches("invoice.*", "invoices.posted"));
        assert!(!matches("invoice.*", "client.created"));
        assert!(matches("invoice.posted", "invoice.posted"));
        assert!(!matches("invoice.posted", "invoice.paid"));
    }

    #[test]
    fn only_known_events_and_good_patterns_are_taken() {
        let mut validation = Validation::new();
        let kept = check_events(
            &mut validation,
            &[
                "client.*".into(),
                "invoice.posted".into(),
                "client.*".into(),
                "*".into(),
            ],
            KINDS,
        );
        assert!(validation.is_empty());
        assert_eq!(kept, vec!["client.*", "invoice.posted", "*"]);
        for bad in [
            "",
            "client",
            "client.",
            ".created",
            "client.**",
            "*.created",
            "Client.created",
            "client.deleted",
            "vendor.*",
            "client.*.x",
            "client.created ",
        ] {
            let mut validation = Validation::new();
            check_events(&mut validation, &[bad.to_owned()], KINDS);
            assert!(!validation.is_empty(), "{bad:?} is refused");
        }
        let mut validation = Validation::new();
        check_events(&mut validation, &[], KINDS);
        assert!(!validation.is_empty());
    }

    #[test]
    fn urls_are_http_with_a_host_and_no_credentials() {
        assert!(parse_url("https://hooks.example.com/arkan?x=1").is_ok());
        assert!(parse_url("http://203.0.113.9:8080/").is_ok());
        for bad in [
            "ftp://example.com/",
            "https://user:pass@example.com/",
            "https://user@example.com/",
            "example.com/hook",
            "https://example.com/#part",
            " https://example.com/",
            "https://exa mple.com/",
            "file:///etc/passwd",
        ] {
            assert!(parse_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn retries_back_off_to_a_day_then_stop() {
        assert_eq!(retry_delay_micros(1), Some(60_000_000));
        assert_eq!(retry_delay_micros(7), Some(86_400_000_000));
        assert_eq!(retry_delay_micros(8), None);
        assert_eq!(retry_delay_micros(0), None);
    }

    #[test]
    fn secrets_are_32_random_bytes_in_hex() {
        let secret = new_secret();
        assert_eq!(secret.len(), 64);
        assert!(secret.bytes().all(|byte| byte.is_ascii_hexdigit()));
        assert_ne!(secret, new_secret());
    }
}
