//! What the projects module may ask of invoicing: whether documents name a project.

use arkan_kernel::{CompanyId, ProjectId};
use sea_orm::{ConnectionTrait, DbErr};

/// Whether any line of an invoice, bill or credit note of the company (any state) names
/// `project`: such a project cannot be deleted.
pub async fn names_project(
    db: &impl ConnectionTrait,
    company: CompanyId,
    project: ProjectId,
) -> Result<bool, DbErr> {
    crate::store::invoices::lines_name_project(db, company, project.0).await
}
