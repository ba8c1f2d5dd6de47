//! Journals.

use super::*;

#[derive(Clone, Debug)]
pub struct Journal {
    pub id: Uuid,
    pub name: String,
    pub code: String,
    pub journal_type: String,
    pub default_account_id: Option<Uuid>,
    pub bank_iban: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

const JOURNAL_COLUMNS: [&str; 8] = [
    "id",
    "name",
    "code",
    "journal_type",
    "default_account_id",
    "bank_iban",
    "created_at",
    "updated_at",
];

pub(super) fn journal(row: &QueryResult) -> Result<Journal, DbErr> {
    Ok(Journal {
        id: get(row, "id")?,
        name: get(row, "name")?,
        code: get(row, "code")?,
        journal_type: get(row, "journal_type")?,
        default_account_id: get(row, "default_account_id")?,
        bank_iban: get(row, "bank_iban")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

pub async fn insert_journal(
    db: &impl ConnectionTrait,
    company: CompanyId,
    journal: &Journal,
) -> Result<(), DbErr> {
    insert(
        db,
        "journals",
        &[
            ("company_id", company.0.into()),
            ("id", journal.id.into()),
            ("name", journal.name.clone().into()),
            ("code", journal.code.clone().into()),
            ("journal_type", journal.journal_type.clone().into()),
            ("default_account_id", journal.default_account_id.into()),
            ("bank_iban", journal.bank_iban.clone().into()),
            ("created_at", journal.created_at.into()),
            ("updated_at", journal.updated_at.into()),
        ],
    )
    .await
}

pub async fn update_journal(
    db: &impl ConnectionTrait,
    company: CompanyId,
    journal: &Journal,
) -> Result<(), DbErr> {
    update(
        db,
        "journals",
        company,
        journal.id,
        &[
            ("name", journal.name.clone().into()),
            ("code", journal.code.clone().into()),
            ("default_account_id", journal.default_account_id.into()),
            ("bank_iban", journal.bank_iban.clone().into()),
            ("updated_at", journal.updated_at.into()),
        ],
    )
    .await
    .map(|_| ())
}

pub fn journals(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(JOURNAL_COLUMNS.map(|column| ("journals", column)))
        .from("journals")
        .and_where(Expr::col(("journals", "company_id")).eq(company.0))
        .to_owned()
}

pub async fn list_journals(
    db: &impl ConnectionTrait,
    company: CompanyId,
    page: &PageRequest,
) -> Result<(Vec<Journal>, i64), DbErr> {
    let filtered = journals(company);
    fetch_page(db, &filtered, page, ("journals", "id"), journal).await
}

pub async fn journal_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<Journal>, DbErr> {
    let mut select = journals(company);
    select.and_where(Expr::col(("journals", "id")).eq(id));
    db.query_one(&select)
        .await?
        .as_ref()
        .map(journal)
        .transpose()
}

pub async fn journal_by_code(
    db: &impl ConnectionTrait,
    company: CompanyId,
    code: &str,
) -> Result<Option<Journal>, DbErr> {
    let mut select = journals(company);
    select.and_where(Expr::col(("journals", "code")).eq(code));
    db.query_one(&select)
        .await?
        .as_ref()
        .map(journal)
        .transpose()
}

/// The company's first journal of a type, by code (the general journal the year-end close
/// posts to unless told otherwise).
pub async fn first_journal_of_type(
    db: &impl ConnectionTrait,
    company: CompanyId,
    journal_type: &str,
) -> Result<Option<Journal>, DbErr> {
    let mut select = journals(company);
    select
        .and_where(Expr::col(("journals", "journal_type")).eq(journal_type))
        .order_by(("journals", "code"), Order::Asc)
        .limit(1);
    db.query_one(&select)
        .await?
        .as_ref()
        .map(journal)
        .transpose()
}
