#![doc = include_str!("../README.md")]

mod api;
mod domain;
pub mod errors;
mod http;
mod migrations;
mod service;
mod store;
pub mod views;

use arkan_kernel::{CompanyId, ProjectId};
use arkan_platform::Platform;
use arkan_platform::schema::SchemaMigration;
use arkan_platform::state::BoxFuture;
use sea_orm::{DatabaseTransaction, DbErr};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The tables this module owns; no other module's SQL may name them.
pub const TABLES: &[&str] = &[
    "projects",
    "project_members",
    "work_item_counters",
    "work_items",
    "sprints",
    "time_entries",
];

/// The changes this module announces (room `projects`).
pub mod events {
    use arkan_platform::events::EventKind;

    pub const PROJECT_CREATED: EventKind = EventKind::new("projects", "project.created");
    pub const PROJECT_UPDATED: EventKind = EventKind::new("projects", "project.updated");
    pub const PROJECT_DELETED: EventKind = EventKind::new("projects", "project.deleted");
    pub const WORK_ITEM_CREATED: EventKind = EventKind::new("projects", "work_item.created");
    pub const WORK_ITEM_UPDATED: EventKind = EventKind::new("projects", "work_item.updated");
    pub const WORK_ITEM_DELETED: EventKind = EventKind::new("projects", "work_item.deleted");
    pub const SPRINT_CREATED: EventKind = EventKind::new("projects", "sprint.created");
    pub const SPRINT_UPDATED: EventKind = EventKind::new("projects", "sprint.updated");
    pub const SPRINT_DELETED: EventKind = EventKind::new("projects", "sprint.deleted");
    pub const SPRINT_STARTED: EventKind = EventKind::new("projects", "sprint.started");
    pub const SPRINT_CLOSED: EventKind = EventKind::new("projects", "sprint.closed");
    pub const TIME_ENTRY_CREATED: EventKind = EventKind::new("projects", "time_entry.created");
    pub const TIME_ENTRY_UPDATED: EventKind = EventKind::new("projects", "time_entry.updated");
    pub const TIME_ENTRY_DELETED: EventKind = EventKind::new("projects", "time_entry.deleted");

    pub const ALL: &[EventKind] = &[
        PROJECT_CREATED,
        PROJECT_UPDATED,
        PROJECT_DELETED,
        WORK_ITEM_CREATED,
        WORK_ITEM_UPDATED,
        WORK_ITEM_DELETED,
        SPRINT_CREATED,
        SPRINT_UPDATED,
        SPRINT_DELETED,
        SPRINT_STARTED,
        SPRINT_CLOSED,
        TIME_ENTRY_CREATED,
        TIME_ENTRY_UPDATED,
        TIME_ENTRY_DELETED,
    ];
}

/// The module's migrations (m09xx).
pub fn migrations() -> Vec<SchemaMigration> {
    migrations::migrations()
}

/// The `Platform::projects` hook: which of `ids` are projects of the company. Invoicing and the
/// ledger check the project ids of their lines with it (they must not depend on this crate).
pub fn projects_known<'a>(
    transaction: &'a DatabaseTransaction,
    company: CompanyId,
    ids: &'a [ProjectId],
) -> BoxFuture<'a, Result<Vec<ProjectId>, DbErr>> {
    Box::pin(store::existing_projects(transaction, company, ids))
}

/// The names of those of `ids` that are projects of the company (for reports by project).
pub async fn project_names(
    db: &impl sea_orm::ConnectionTrait,
    company: CompanyId,
    ids: &[ProjectId],
) -> Result<std::collections::HashMap<ProjectId, String>, DbErr> {
    Ok(store::project_names(db, company, ids)
        .await?
        .into_iter()
        .collect())
}

/// The module's tenant endpoints (mounted behind the tenant gate).
pub fn routes() -> OpenApiRouter<Platform> {
    OpenApiRouter::new()
        .routes(routes!(http::list_projects, http::create_project))
        .routes(routes!(
            http::get_project,
            http::update_project,
            http::delete_project
        ))
        .routes(routes!(http::get_profitability))
        .routes(routes!(http::list_work_items, http::create_work_item))
        .routes(routes!(
            http::get_work_item,
            http::update_work_item,
            http::delete_work_item
        ))
        .routes(routes!(http::list_sprints, http::create_sprint))
        .routes(routes!(
            http::get_sprint,
            http::update_sprint,
            http::delete_sprint
        ))
        .routes(routes!(http::start_sprint))
        .routes(routes!(http::close_sprint))
        .routes(routes!(http::get_burndown))
        .routes(routes!(http::list_time_entries, http::create_time_entry))
        .routes(routes!(
            http::get_time_entry,
            http::update_time_entry,
            http::delete_time_entry
        ))
}
