//! Roles within a company, plans of a company, and who may write what.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::error::codes;

/// A member's role in one company. It says nothing about any other company.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    Admin,
    Accountant,
    Sales,
    Purchasing,
    Inventory,
    Hr,
    Viewer,
}

/// The areas of the ERP a role may write to. Every role reads everything in its company.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    /// Company settings and members.
    Company,
    /// Clients, vendors and contacts.
    Partners,
    Accounting,
    Sales,
    Purchasing,
    Inventory,
    Hr,
    /// Projects, their work items, sprints and time entries: every role but viewer.
    Projects,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Owner,
        Role::Admin,
        Role::Accountant,
        Role::Sales,
        Role::Purchasing,
        Role::Inventory,
        Role::Hr,
        Role::Viewer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Accountant => "accountant",
            Role::Sales => "sales",
            Role::Purchasing => "purchasing",
            Role::Inventory => "inventory",
            Role::Hr => "hr",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == text)
    }

    /// The write table. Owner and admin write everything; viewer writes nothing.
    pub fn may_write(self, area: Area) -> bool {
        match self {
            Role::Owner | Role::Admin => true,
            Role::Viewer => false,
            _ if area == Area::Projects => true,
            Role::Accountant => matches!(area, Area::Accounting | Area::Partners),
            Role::Sales => matches!(area, Area::Sales | Area::Partners),
            Role::Purchasing => matches!(area, Area::Purchasing | Area::Partners),
            Role::Inventory => matches!(area, Area::Inventory),
            Role::Hr => matches!(area, Area::Hr),
        }
    }

    /// 403 unless this role may write to `area`.
    pub fn require_write(self, area: Area) -> Result<(), ApiError> {
        if self.may_write(area) {
            Ok(())
        } else {
            Err(ApiError::forbidden(
                codes::ROLE_NOT_ALLOWED,
                format!("The {} role may not change this", self.as_str()),
            ))
        }
    }
}

/// A company's subscription plan, which sets its API rate limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Plan {
    Free,
    Starter,
    Professional,
    Business,
    Enterprise,
}

impl Plan {
    pub const ALL: [Plan; 5] = [
        Plan::Free,
        Plan::Starter,
        Plan::Professional,
        Plan::Business,
        Plan::Enterprise,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Plan::Free => "free",
            Plan::Starter => "starter",
            Plan::Professional => "professional",
            Plan::Business => "business",
            Plan::Enterprise => "enterprise",
        }
    }

    pub fn parse(text: &str) -> Option<Plan> {
        Plan::ALL.into_iter().find(|plan| plan.as_str() == text)
    }

    /// Requests per minute and burst, from the specification's plan table.
    pub fn quota(self) -> Quota {
        let (per_minute, burst) = match self {
            Plan::Free => (60, 10),
            Plan::Starter => (120, 20),
            Plan::Professional => (300, 50),
            Plan::Business => (600, 100),
            Plan::Enterprise => (1200, 200),
        };
        Quota { per_minute, burst }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quota {
    pub per_minute: u32,
    pub burst: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viewer_reads_but_never_writes() {
        for area in [
            Area::Company,
            Area::Partners,
            Area::Accounting,
            Area::Sales,
            Area::Purchasing,
            Area::Inventory,
            Area::Hr,
            Area::Projects,
        ] {
            assert!(!Role::Viewer.may_write(area));
            assert!(Role::Owner.may_write(area));
            assert!(Role::Admin.may_write(area));
        }
        assert!(Role::Sales.may_write(Area::Partners));
        assert!(!Role::Hr.may_write(Area::Partners));
        assert!(!Role::Accountant.may_write(Area::Company));
        for role in Role::ALL {
            assert_eq!(role.may_write(Area::Projects), role != Role::Viewer);
        }
    }

    #[test]
    fn plan_table_matches_the_specification() {
        assert_eq!(
            Plan::Free.quota(),
            Quota {
                per_minute: 60,
                burst: 10
            }
        );
        assert_eq!(
            Plan::Enterprise.quota(),
            Quota {
                per_minute: 1200,
                burst: 200
            }
        );
        assert_eq!(Plan::parse("business"), Some(Plan::Business));
        assert_eq!(Plan::parse("gold"), None);
    }
}
