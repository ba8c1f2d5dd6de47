//! Identity: sign-in, tokens, users, companies and members.

mod auth;
mod hardening;
