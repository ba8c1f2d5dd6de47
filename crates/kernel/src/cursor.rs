//! The opaque list cursor: where the previous page ended, and which list (and which sort and
//! filters) it belongs to, so a cursor from another list or another filter is refused.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The value of the sort key on the last row of a page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SortValue {
    Integer(i64),
    Text(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    /// A fingerprint of the list, sort, order and filters the cursor was issued for.
    #[serde(rename = "k")]
    pub list_key: String,
    #[serde(rename = "v")]
    pub last_value: SortValue,
    #[serde(rename = "i")]
    pub last_id: Uuid,
}

impl Cursor {
    pub fn encode(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        URL_SAFE_NO_PAD.encode(json)
    }

    /// `None` for anything that is not a cursor this system wrote.
    pub fn decode(text: &str) -> Option<Cursor> {
        let bytes = URL_SAFE_NO_PAD.decode(text).ok()?;
        serde_json::from_slice(&bytes).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_garbage() {
        let cursor = Cursor {
            list_key: "crm.clients|name|asc|".into(),
            last_value: SortValue::Text("Al \"Quoted\" Trading".into()),
            last_id: Uuid::now_v7(),
        };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        assert_eq!(Cursor::decode("not-a-cursor!!"), None);
        assert_eq!(Cursor::decode("eyJ4IjoxfQ"), None);
    }
}
