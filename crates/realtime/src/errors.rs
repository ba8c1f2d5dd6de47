//! Error codes of the WebSocket: the one HTTP error of `GET /ws`, and the `code` of the `error`
//! events a socket is sent for a mistake (the socket stays open).

use arkan_platform::error::ApiError;

/// HTTP 400: `GET /ws` without the WebSocket upgrade headers.
pub const WEBSOCKET_UPGRADE_REQUIRED: &str = "websocket_upgrade_required";
/// On the socket: an `event` the server does not know, or a message that is not an envelope.
pub const UNKNOWN_EVENT: &str = "unknown_event";
/// On the socket: a `moduleKey` that is not a module.
pub const UNKNOWN_MODULE: &str = "unknown_module";
/// On the socket: a module the caller's role may not read (`hr`).
pub const MODULE_FORBIDDEN: &str = "module_forbidden";
/// On the socket: `set_state` with a state other than online, away or busy.
pub const INVALID_STATE: &str = "invalid_state";
/// On the socket: `dm:typing` without a conversation of the caller's.
pub const INVALID_CONVERSATION: &str = "invalid_conversation";

/// Every code above, for the documentation check.
pub const ALL: &[&str] = &[
    WEBSOCKET_UPGRADE_REQUIRED,
    UNKNOWN_EVENT,
    UNKNOWN_MODULE,
    MODULE_FORBIDDEN,
    INVALID_STATE,
    INVALID_CONVERSATION,
];

/// 400 `websocket_upgrade_required`, with what was missing.
pub fn websocket_upgrade_required(detail: &str) -> ApiError {
    ApiError::bad_request(
        WEBSOCKET_UPGRADE_REQUIRED,
        format!("GET /ws opens a WebSocket: {detail}"),
    )
}
