//! Error codes of projects: one constant each, listed in `ALL` for the documentation check, and
//! one constructor per code holding its status and wording.

use arkan_platform::error::ApiError;

use crate::domain::{ProjectState, SprintState};

pub const PROJECT_CLOSED: &str = "project_closed";
pub const PROJECT_CODE_TAKEN: &str = "project_code_taken";
pub const PROJECT_IN_USE: &str = "project_in_use";
pub const PROJECT_TRANSITION_NOT_ALLOWED: &str = "project_transition_not_allowed";
pub const SPRINT_ALREADY_ACTIVE: &str = "sprint_already_active";
pub const SPRINT_CLOSED: &str = "sprint_closed";
pub const SPRINT_NOT_ACTIVE: &str = "sprint_not_active";
pub const SPRINT_NOT_PLANNED: &str = "sprint_not_planned";
pub const WORK_ITEM_IN_USE: &str = "work_item_in_use";

/// Every code above, for the documentation check.
pub const ALL: &[&str] = &[
    PROJECT_CLOSED,
    PROJECT_CODE_TAKEN,
    PROJECT_IN_USE,
    PROJECT_TRANSITION_NOT_ALLOWED,
    SPRINT_ALREADY_ACTIVE,
    SPRINT_CLOSED,
    SPRINT_NOT_ACTIVE,
    SPRINT_NOT_PLANNED,
    WORK_ITEM_IN_USE,
];

/// 409 `project_closed`: a work item, sprint or time entry added to (or changed in) a project
/// that is `done` or `cancelled`.
pub fn project_closed(state: ProjectState) -> ApiError {
    ApiError::conflict(
        PROJECT_CLOSED,
        format!("The project is {state}: reopen it to change its work"),
    )
}

/// 409 `project_code_taken`: creating or renaming a project to a code another project of the
/// company has.
pub fn project_code_taken() -> ApiError {
    ApiError::conflict(
        PROJECT_CODE_TAKEN,
        "Another project of this company has this code",
    )
}

/// 409 `project_transition_not_allowed`: a PATCH of `state` the state machine does not allow
/// (`planned -> active|on_hold|cancelled`, `active -> on_hold|done|cancelled`,
/// `on_hold -> active|cancelled`, `done -> active`).
pub fn project_transition_not_allowed(from: ProjectState, to: ProjectState) -> ApiError {
    ApiError::conflict(
        PROJECT_TRANSITION_NOT_ALLOWED,
        format!("A {from} project cannot become {to}"),
    )
}

/// 409 `sprint_already_active`: starting a sprint while another sprint of the project is active.
pub fn sprint_already_active() -> ApiError {
    ApiError::conflict(
        SPRINT_ALREADY_ACTIVE,
        "Another sprint of this project is active: close it first",
    )
}

/// 409 `sprint_closed`: changing or deleting a closed sprint, or changing its history through
/// one of its items (moving it out, out of `done`, its points or estimate, deleting it).
pub fn sprint_closed() -> ApiError {
    ApiError::conflict(SPRINT_CLOSED, "A closed sprint cannot change")
}

/// 409 `sprint_not_active`: closing a sprint that is not active.
pub fn sprint_not_active(state: SprintState) -> ApiError {
    ApiError::conflict(
        SPRINT_NOT_ACTIVE,
        format!("Only an active sprint can be closed; this one is {state}"),
    )
}

/// 409 `sprint_not_planned`: starting or deleting a sprint that is not planned.
pub fn sprint_not_planned(state: SprintState) -> ApiError {
    ApiError::conflict(
        SPRINT_NOT_PLANNED,
        format!("Only a planned sprint can be started or deleted; this one is {state}"),
    )
}

/// 409 `work_item_in_use`: deleting a work item that has child items or logged time.
pub fn work_item_in_use(what: &str) -> ApiError {
    ApiError::conflict(
        WORK_ITEM_IN_USE,
        format!("The work item has {what}: move or delete them first"),
    )
}

/// 409 `project_in_use`: deleting a project that has work, time or documents.
pub fn project_in_use() -> ApiError {
    ApiError::conflict(
        PROJECT_IN_USE,
        "The project has work items, sprints, time entries or invoice or journal lines: cancel it (state: cancelled) instead",
    )
}
