//! Projects (shapes-modules §3): projects, work items, sprints, time entries, profitability,
//! and the project ids invoice and journal lines carry.

mod foreign_keys;
mod money;
mod profitability;
mod rules;
mod sprints;
