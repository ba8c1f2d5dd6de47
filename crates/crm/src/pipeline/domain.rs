//! The pipeline's rules, pure: states and kinds, probabilities, weighted revenue, what a
//! stage move or a close does to a deal, and how lead and partner names are compared.

use arkan_kernel::codes;
use arkan_kernel::parse_minor;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::api::Address;

codes! {
    /// Where a lead is. `converted` is reached only through the convert action.
    pub enum LeadState { New = "new", Qualified = "qualified", Converted = "converted", Lost = "lost" }
}

codes! {
    /// Where a lead came from (and, carried over, a deal).
    pub enum Source {
        Website = "website", Referral = "referral", Email = "email", Phone = "phone",
        Social = "social", Event = "event", Partner = "partner", Other = "other",
    }
}

codes! {
    /// A stage's type, which is the state of the deals in it.
    pub enum StageType { Open = "open", Won = "won", Lost = "lost" }
}

codes! {
    /// What converting a lead does about the client.
    pub enum ClientAction { Auto = "auto", Link = "link", Create = "create", None = "none" }
}

codes! {
    pub enum ActivityType { Call = "call", Meeting = "meeting", Email = "email", Task = "task" }
}

/// 100% in hundredths of a percent: probabilities are stored 0 to 10000.
pub const HUNDRED_PERCENT: i32 = 10_000;

/// The largest expected revenue of a lead or deal in minor units: its product with a
/// probability (at most 10000) stays far inside an i64.
pub const MAX_REVENUE_MINOR: i64 = 100_000_000_000_000;

/// A percent from 0 to 100 with up to 2 decimals, in hundredths.
pub fn parse_probability(text: &str) -> Result<i32, &'static str> {
    match parse_minor(text, 2) {
        Ok(value) if (0..=i64::from(HUNDRED_PERCENT)).contains(&value) => {
            i32::try_from(value).map_err(|_| "must be a percent from 0 to 100")
        }
        Ok(_) => Err("must be a percent from 0 to 100"),
        Err(_) => Err("must be a percent from 0 to 100 with at most 2 decimals"),
    }
}

/// Hundredths of a percent as a trimmed decimal ("25", "12.5").
pub fn format_percent(hundredths: i64) -> String {
    let text = arkan_kernel::format_minor(hundredths, 2);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

/// `a / b` rounded half away from zero (b > 0).
pub fn divide_rounded(a: i128, b: i128) -> i128 {
    let quotient = a / b;
    let remainder = a % b;
    if remainder.abs() * 2 >= b {
        quotient + a.signum()
    } else {
        quotient
    }
}

/// Expected revenue × probability, rounded half away from zero to the minor unit.
pub fn weighted_revenue(expected_minor: i64, probability: i32) -> i64 {
    let weighted = divide_rounded(
        i128::from(expected_minor) * i128::from(probability),
        i128::from(HUNDRED_PERCENT),
    );
    i64::try_from(weighted).unwrap_or(i64::MAX)
}

/// `part / whole` as a percent rounded half away from zero to 2 decimals and trimmed; None
/// when `whole` is 0.
pub fn percent_of(part: i64, whole: i64) -> Option<String> {
    if whole == 0 {
        return None;
    }
    let hundredths = divide_rounded(i128::from(part) * 10_000, i128::from(whole));
    Some(format_percent(i64::try_from(hundredths).unwrap_or(0)))
}

/// Microseconds as days with 2 decimals, rounded half away from zero and trimmed.
pub fn average_days(total_micros: i64, count: i64) -> Option<String> {
    if count == 0 {
        return None;
    }
    let micros_per_day: i128 = 86_400_000_000;
    let hundredths = divide_rounded(
        i128::from(total_micros) * 100,
        micros_per_day * i128::from(count),
    );
    Some(format_percent(i64::try_from(hundredths).unwrap_or(0)))
}

/// Legal-form words left out when names are compared.
const LEGAL_SUFFIXES: &[&str] = &[
    "llc",
    "fze",
    "fzco",
    "fzc",
    "fz",
    "ltd",
    "limited",
    "inc",
    "co",
    "plc",
    "pjsc",
    "psc",
    "est",
    "establishment",
    "gmbh",
    "sa",
    "bv",
    "llp",
    "dmcc",
    "wll",
    "spc",
    "opc",
    "corp",
];

/// A name as duplicates are compared: lower case, punctuation removed (`L.L.C.` becomes
/// `llc`), legal-form words dropped, spaces collapsed. "Al Noor Trading L.L.C." and
/// "al-noor trading" are the same, "AL NOOR TRADING FZE" too.
pub fn normalised_name(name: &str) -> String {
    let lowered = name.to_lowercase();
    let mut words: Vec<String> = Vec::new();
    for raw in lowered.split(|c: char| c.is_whitespace() || c == '-' || c == '/' || c == ',') {
        let word: String = raw.chars().filter(|c| c.is_alphanumeric()).collect();
        if !word.is_empty() {
            words.push(word);
        }
    }
    while words.len() > 1
        && words
            .last()
            .is_some_and(|word| LEGAL_SUFFIXES.contains(&word.as_str()))
    {
        words.pop();
    }
    words.join(" ")
}

/// A phone number as duplicates are compared: its digits.
pub fn phone_digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

#[derive(Debug, Clone)]
pub struct Stage {
    pub id: Uuid,
    pub name: String,
    pub sequence: i32,
    pub probability: i32,
    pub kind: StageType,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone)]
pub struct Lead {
    pub id: Uuid,
    pub name: String,
    pub contact_name: Option<String>,
    pub company_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub trn: Option<String>,
    pub address: Address,
    pub source: Option<Source>,
    pub owner_id: Option<Uuid>,
    pub expected_revenue_minor: Option<i64>,
    pub currency: String,
    pub probability: Option<i32>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    pub partner_id: Option<Uuid>,
    pub state: LeadState,
    pub lost_reason: Option<String>,
    pub deal_id: Option<Uuid>,
    pub converted_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone)]
pub struct Deal {
    pub id: Uuid,
    pub name: String,
    pub partner_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub stage_id: Uuid,
    pub state: StageType,
    pub owner_id: Option<Uuid>,
    pub expected_revenue_minor: i64,
    pub currency: String,
    pub probability: i32,
    pub weighted_revenue_minor: i64,
    pub expected_close_date: Option<NaiveDate>,
    pub source: Option<Source>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    pub lost_reason: Option<String>,
    pub lead_id: Option<Uuid>,
    pub closed_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Deal {
    pub fn is_closed(&self) -> bool {
        self.state != StageType::Open
    }

    /// Puts the deal in `stage`: its state is the stage's type, a won or lost stage closes it
    /// (now), an open one leaves it open. `probability` None takes the stage's; a won or lost
    /// stage always sets its own (100, 0), so a closed deal weighs what it is.
    pub fn enter(&mut self, stage: &Stage, probability: Option<i32>, now: i64) {
        self.stage_id = stage.id;
        self.state = stage.kind;
        self.probability = match stage.kind {
            StageType::Open => probability.unwrap_or(stage.probability),
            StageType::Won | StageType::Lost => stage.probability,
        };
        self.closed_at = match stage.kind {
            StageType::Open => None,
            StageType::Won | StageType::Lost => Some(now),
        };
        if stage.kind != StageType::Lost {
            self.lost_reason = None;
        }
        self.reweigh();
    }

    pub fn reweigh(&mut self) {
        self.weighted_revenue_minor =
            weighted_revenue(self.expected_revenue_minor, self.probability);
    }
}

#[derive(Debug, Clone)]
pub struct Activity {
    pub id: Uuid,
    pub kind: ActivityType,
    pub summary: String,
    pub due_date: Option<NaiveDate>,
    pub assignee_id: Option<Uuid>,
    pub notes: Option<String>,
    pub done: bool,
    pub done_at: Option<i64>,
    pub lead_id: Option<Uuid>,
    pub deal_id: Option<Uuid>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Activity {
    /// Marks the activity done or not: `doneAt` is set when it turns done, cleared when it
    /// turns back.
    pub fn set_done(&mut self, done: bool, now: i64) {
        if done && !self.done {
            self.done_at = Some(now);
        }
        if !done {
            self.done_at = None;
        }
        self.done = done;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_without_case_punctuation_or_legal_form() {
        assert_eq!(normalised_name("Al Noor Trading L.L.C."), "al noor trading");
        assert_eq!(
            normalised_name("  AL-NOOR   trading, FZE"),
            "al noor trading"
        );
        assert_eq!(normalised_name("Gulf Co. Ltd"), "gulf");
        assert_eq!(normalised_name("LLC"), "llc");
    }

    #[test]
    fn weighted_revenue_rounds_half_away_from_zero() {
        assert_eq!(weighted_revenue(1_001, 5_000), 501);
        assert_eq!(weighted_revenue(1_003, 2_500), 251);
        assert_eq!(weighted_revenue(1_002, 2_500), 251);
        assert_eq!(weighted_revenue(1_001, 2_500), 250);
    }

    #[test]
    fn percents_are_trimmed_and_null_without_a_base() {
        assert_eq!(percent_of(2, 3), Some("66.67".to_owned()));
        assert_eq!(percent_of(3, 4), Some("75".to_owned()));
        assert_eq!(percent_of(0, 0), None);
        assert_eq!(format_percent(1_250), "12.5");
        assert_eq!(parse_probability("12.5"), Ok(1_250));
        assert!(parse_probability("100.01").is_err());
    }
}
