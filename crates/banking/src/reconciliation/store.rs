//! SQL of bank statements. Every statement carries the caller's company.

use arkan_kernel::{CompanyId, JournalId, PartnerId, StatementId, StatementLineId};
use arkan_platform::list::{PageRequest, count, fetch_page};
use arkan_platform::sql::{get, get_code};
use chrono::NaiveDate;
use sea_orm::sea_query::{
    Asterisk, Expr, ExprTrait, Func, LockType, Order, Query, SelectStatement, SimpleExpr,
};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use uuid::Uuid;

use super::domain::{LineState, StatementFormat, StatementState};

#[derive(Clone, Debug)]
pub struct Statement {
    pub id: Uuid,
    pub journal_id: Uuid,
    pub name: String,
    pub reference: Option<String>,
    pub date_from: NaiveDate,
    pub date_to: NaiveDate,
    pub currency: String,
    pub format: StatementFormat,
    pub opening_minor: i64,
    pub closing_minor: i64,
    pub fingerprint: String,
    pub line_count: i32,
    pub matched_count: i32,
    pub state: StatementState,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Clone, Debug)]
pub struct StatementLine {
    pub id: Uuid,
    pub statement_id: Uuid,
    pub sequence: i32,
    pub date: NaiveDate,
    pub value_date: Option<NaiveDate>,
    pub amount_minor: i64,
    pub description: String,
    pub reference: Option<String>,
    pub partner_name: Option<String>,
    pub iban: Option<String>,
    pub partner_id: Option<Uuid>,
    pub state: LineState,
    pub matched_minor: i64,
}

/// What a list keeps.
#[derive(Clone, Debug, Default)]
pub struct StatementFilter {
    pub journal_id: Option<Uuid>,
    pub state: Option<StatementState>,
}

const STATEMENT_COLUMNS: [&str; 16] = [
    "id",
    "journal_id",
    "name",
    "reference",
    "date_from",
    "date_to",
    "currency",
    "format",
    "opening_minor",
    "closing_minor",
    "fingerprint",
    "line_count",
    "matched_count",
    "state",
    "created_at",
    "updated_at",
];

const LINE_COLUMNS: [&str; 13] = [
    "id",
    "statement_id",
    "sequence",
    "date",
    "value_date",
    "amount_minor",
    "description",
    "reference",
    "partner_name",
    "iban",
    "partner_id",
    "state",
    "matched_minor",
];

/// Lines written by one statement: 15 bound values each, far inside SQLite's limit.
const LINES_PER_INSERT: usize = 1000;

fn statements(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(STATEMENT_COLUMNS.map(|column| ("bank_statements", column)))
        .from("bank_statements")
        .and_where(Expr::col(("bank_statements", "company_id")).eq(company.0))
        .to_owned()
}

fn lines(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(LINE_COLUMNS)
        .from("bank_statement_lines")
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned()
}

fn statement(row: &QueryResult) -> Result<Statement, DbErr> {
    Ok(Statement {
        id: get(row, "id")?,
        journal_id: get(row, "journal_id")?,
        name: get(row, "name")?,
        reference: get(row, "reference")?,
        date_from: get(row, "date_from")?,
        date_to: get(row, "date_to")?,
        currency: get(row, "currency")?,
        format: get_code(row, "format", StatementFormat::parse)?,
        opening_minor: get(row, "opening_minor")?,
        closing_minor: get(row, "closing_minor")?,
        fingerprint: get(row, "fingerprint")?,
        line_count: get(row, "line_count")?,
        matched_count: get(row, "matched_count")?,
        state: get_code(row, "state", StatementState::parse)?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn line(row: &QueryResult) -> Result<StatementLine, DbErr> {
    Ok(StatementLine {
        id: get(row, "id")?,
        statement_id: get(row, "statement_id")?,
        sequence: get(row, "sequence")?,
        date: get(row, "date")?,
        value_date: get(row, "value_date")?,
        amount_minor: get(row, "amount_minor")?,
        description: get(row, "description")?,
        reference: get(row, "reference")?,
        partner_name: get(row, "partner_name")?,
        iban: get(row, "iban")?,
        partner_id: get(row, "partner_id")?,
        state: get_code(row, "state", LineState::parse)?,
        matched_minor: get(row, "matched_minor")?,
    })
}

pub async fn insert_statement(
    db: &impl ConnectionTrait,
    company: CompanyId,
    statement: &Statement,
) -> Result<(), DbErr> {
    let insert = Query::insert()
        .into_table("bank_statements")
        .columns(["company_id"].into_iter().chain(STATEMENT_COLUMNS))
        .values_panic([
            company.0.into(),
            statement.id.into(),
            statement.journal_id.into(),
            statement.name.clone().into(),
            statement.reference.clone().into(),
            statement.date_from.into(),
            statement.date_to.into(),
            statement.currency.clone().into(),
            statement.format.as_str().into(),
            statement.opening_minor.into(),
            statement.closing_minor.into(),
            statement.fingerprint.clone().into(),
            statement.line_count.into(),
            statement.matched_count.into(),
            statement.state.as_str().into(),
            statement.created_at.into(),
            statement.updated_at.into(),
        ])
        .to_owned();
    db.execute(&insert).await.map(|_| ())
}

/// Writes a statement's lines, many rows per statement.
pub async fn insert_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    lines: &[StatementLine],
) -> Result<(), DbErr> {
    for chunk in lines.chunks(LINES_PER_INSERT) {
        let mut insert = Query::insert()
            .into_table("bank_statement_lines")
            .columns(["company_id"].into_iter().chain(LINE_COLUMNS))
            .to_owned();
        for line in chunk {
            insert.values_panic([
                company.0.into(),
                line.id.into(),
                line.statement_id.into(),
                line.sequence.into(),
                line.date.into(),
                line.value_date.into(),
                line.amount_minor.into(),
                line.description.clone().into(),
                line.reference.clone().into(),
                line.partner_name.clone().into(),
                line.iban.clone().into(),
                line.partner_id.into(),
                line.state.as_str().into(),
                line.matched_minor.into(),
            ]);
        }
        db.execute(&insert).await?;
    }
    Ok(())
}

pub async fn list_statements(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &StatementFilter,
    page: &PageRequest,
) -> Result<(Vec<Statement>, i64), DbErr> {
    let mut select = statements(company);
    if let Some(journal) = filter.journal_id {
        select.and_where(Expr::col(("bank_statements", "journal_id")).eq(journal));
    }
    if let Some(state) = filter.state {
        select.and_where(Expr::col(("bank_statements", "state")).eq(state.as_str()));
    }
    fetch_page(db, &select, page, ("bank_statements", "id"), statement).await
}

pub async fn statement_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: StatementId,
) -> Result<Option<Statement>, DbErr> {
    let mut select = statements(company);
    select.and_where(Expr::col(("bank_statements", "id")).eq(id.0));
    db.query_one(&select)
        .await?
        .as_ref()
        .map(statement)
        .transpose()
}

/// The journal's statement imported before with this bank reference or this fingerprint.
pub async fn same_statement(
    db: &impl ConnectionTrait,
    company: CompanyId,
    journal: JournalId,
    reference: Option<&str>,
    fingerprint: &str,
) -> Result<Option<Statement>, DbErr> {
    let mut select = statements(company);
    let same = Expr::col(("bank_statements", "fingerprint")).eq(fingerprint);
    let same = match reference {
        Some(reference) => same.or(Expr::col(("bank_statements", "reference")).eq(reference)),
        None => same,
    };
    select
        .and_where(Expr::col(("bank_statements", "journal_id")).eq(journal.0))
        .and_where(same)
        .limit(1);
    db.query_one(&select)
        .await?
        .as_ref()
        .map(statement)
        .transpose()
}

/// The closing balance of the journal's latest statement (by its last day).
pub async fn last_closing(
    db: &impl ConnectionTrait,
    company: CompanyId,
    journal: JournalId,
) -> Result<Option<i64>, DbErr> {
    let select = Query::select()
        .column("closing_minor")
        .from("bank_statements")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("journal_id").eq(journal.0))
        .order_by("date_to", Order::Desc)
        .order_by("created_at", Order::Desc)
        .limit(1)
        .to_owned();
    db.query_one(&select)
        .await?
        .map(|row| get(&row, "closing_minor"))
        .transpose()
}

/// The lines of a statement, in statement order.
pub async fn statement_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    statement: StatementId,
) -> Result<Vec<StatementLine>, DbErr> {
    let select = lines(company)
        .and_where(Expr::col("statement_id").eq(statement.0))
        .order_by("sequence", Order::Asc)
        .to_owned();
    db.query_all(&select).await?.iter().map(line).collect()
}

/// The partners whose bank details carry one of `ibans` (normalised, without spaces).
pub async fn partners_by_iban(
    db: &impl ConnectionTrait,
    company: CompanyId,
    ibans: &[String],
) -> Result<Vec<(String, PartnerId)>, DbErr> {
    if ibans.is_empty() {
        return Ok(Vec::new());
    }
    let select = Query::select()
        .columns(["iban", "partner_id"])
        .from("partner_bank_details")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("iban").is_in(ibans.iter().cloned()))
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| Ok((get(row, "iban")?, PartnerId(get(row, "partner_id")?))))
        .collect()
}

/// A line's match: a payment, or an account the match (or the write-off) booked an entry to.
#[derive(Clone, Debug)]
pub struct LineMatch {
    pub id: Uuid,
    pub line_id: Uuid,
    pub payment_id: Option<Uuid>,
    pub journal_line_id: Option<Uuid>,
    /// The document `payment_id` was made for.
    pub invoice_id: Option<Uuid>,
    pub account_id: Option<Uuid>,
    /// Signed like the line.
    pub amount_minor: i64,
    pub journal_entry_id: Option<Uuid>,
    /// The rest of the line booked to an account (`writeOffEntryId`), not one of `matches`.
    pub write_off: bool,
    /// Its entry was posted by the match, so un-matching takes it back.
    pub booked: bool,
    pub created_at: i64,
}

const MATCH_COLUMNS: [&str; 11] = [
    "id",
    "line_id",
    "payment_id",
    "journal_line_id",
    "invoice_id",
    "account_id",
    "amount_minor",
    "journal_entry_id",
    "write_off",
    "booked",
    "created_at",
];

fn line_match(row: &QueryResult) -> Result<LineMatch, DbErr> {
    Ok(LineMatch {
        id: get(row, "id")?,
        line_id: get(row, "line_id")?,
        payment_id: get(row, "payment_id")?,
        journal_line_id: get(row, "journal_line_id")?,
        invoice_id: get(row, "invoice_id")?,
        account_id: get(row, "account_id")?,
        amount_minor: get(row, "amount_minor")?,
        journal_entry_id: get(row, "journal_entry_id")?,
        write_off: get(row, "write_off")?,
        booked: get(row, "booked")?,
        created_at: get(row, "created_at")?,
    })
}

/// The company's statement line `id`; `lock` reads it `FOR UPDATE` (the first read of every
/// match, so two matches of one line run one after the other on PostgreSQL as on SQLite).
pub async fn line_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: StatementLineId,
    lock: bool,
) -> Result<Option<StatementLine>, DbErr> {
    let mut select = lines(company)
        .and_where(Expr::col("id").eq(id.0))
        .to_owned();
    if lock {
        select.lock(LockType::Update);
    }
    db.query_one(&select).await?.as_ref().map(line).transpose()
}

pub async fn set_line_match(
    db: &impl ConnectionTrait,
    company: CompanyId,
    line: Uuid,
    state: LineState,
    matched_minor: i64,
) -> Result<(), DbErr> {
    let update = Query::update()
        .table("bank_statement_lines")
        .values([
            ("state", state.as_str().into()),
            ("matched_minor", matched_minor.into()),
        ])
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(line))
        .to_owned();
    db.execute(&update).await.map(|_| ())
}

/// Counts the statement's matched lines again; it is `reconciled` when all are.
pub async fn refresh_statement(
    db: &impl ConnectionTrait,
    company: CompanyId,
    statement: StatementId,
    now: i64,
) -> Result<(), DbErr> {
    let counted = |state: Option<LineState>| {
        let mut select = Query::select()
            .expr(Func::count(Expr::col(Asterisk)))
            .from("bank_statement_lines")
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("statement_id").eq(statement.0))
            .to_owned();
        if let Some(state) = state {
            select.and_where(Expr::col("state").eq(state.as_str()));
        }
        select
    };
    let matched = count(db, &counted(Some(LineState::Matched))).await?;
    let all = count(db, &counted(None)).await?;
    let state = StatementState::of(matched, all);
    let update = Query::update()
        .table("bank_statements")
        .values([
            ("matched_count", matched.into()),
            ("state", state.as_str().into()),
            ("updated_at", now.into()),
        ])
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(statement.0))
        .to_owned();
    db.execute(&update).await.map(|_| ())
}

pub async fn insert_matches(
    db: &impl ConnectionTrait,
    company: CompanyId,
    matches: &[LineMatch],
) -> Result<(), DbErr> {
    if matches.is_empty() {
        return Ok(());
    }
    let mut insert = Query::insert()
        .into_table("bank_statement_matches")
        .columns(["company_id"].into_iter().chain(MATCH_COLUMNS))
        .to_owned();
    for found in matches {
        insert.values_panic([
            company.0.into(),
            found.id.into(),
            found.line_id.into(),
            found.payment_id.into(),
            found.journal_line_id.into(),
            found.invoice_id.into(),
            found.account_id.into(),
            found.amount_minor.into(),
            found.journal_entry_id.into(),
            found.write_off.into(),
            found.booked.into(),
            found.created_at.into(),
        ]);
    }
    db.execute(&insert).await.map(|_| ())
}

fn matches_where(company: CompanyId, lines: SimpleExpr) -> SelectStatement {
    Query::select()
        .columns(MATCH_COLUMNS)
        .from("bank_statement_matches")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(lines)
        .order_by("created_at", Order::Asc)
        .order_by("id", Order::Asc)
        .to_owned()
}

/// The matches of these lines, oldest first.
pub async fn matches_of_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    lines: &[Uuid],
) -> Result<Vec<LineMatch>, DbErr> {
    let select = matches_where(company, Expr::col("line_id").is_in(lines.iter().copied()));
    db.query_all(&select)
        .await?
        .iter()
        .map(line_match)
        .collect()
}

/// The matches of every line of a statement, oldest first.
pub async fn matches_of_statement(
    db: &impl ConnectionTrait,
    company: CompanyId,
    statement: StatementId,
) -> Result<Vec<LineMatch>, DbErr> {
    matches_of_statements(db, company, Expr::col("statement_id").eq(statement.0)).await
}

/// The matches of the lines of the statements `statements` selects, oldest first.
async fn matches_of_statements(
    db: &impl ConnectionTrait,
    company: CompanyId,
    statements: SimpleExpr,
) -> Result<Vec<LineMatch>, DbErr> {
    let lines = Query::select()
        .column("id")
        .from("bank_statement_lines")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(statements)
        .to_owned();
    let select = matches_where(company, Expr::col("line_id").in_subquery(lines));
    db.query_all(&select)
        .await?
        .iter()
        .map(line_match)
        .collect()
}

pub async fn delete_matches(
    db: &impl ConnectionTrait,
    company: CompanyId,
    line: Uuid,
) -> Result<(), DbErr> {
    let delete = Query::delete()
        .from_table("bank_statement_matches")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("line_id").eq(line))
        .to_owned();
    db.execute(&delete).await.map(|_| ())
}

/// Whether a statement line is matched to a payment or posted line of this entry already.
pub async fn entry_matched(
    db: &impl ConnectionTrait,
    company: CompanyId,
    entry: Uuid,
) -> Result<bool, DbErr> {
    let select = Query::select()
        .expr(Func::count(Expr::col(Asterisk)))
        .from("bank_statement_matches")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("journal_entry_id").eq(entry))
        .to_owned();
    Ok(count(db, &select).await? > 0)
}

/// The journal's statement that started last on or before `day`.
pub async fn statement_at(
    db: &impl ConnectionTrait,
    company: CompanyId,
    journal: JournalId,
    day: NaiveDate,
) -> Result<Option<Statement>, DbErr> {
    let mut select = statements(company);
    select
        .and_where(Expr::col(("bank_statements", "journal_id")).eq(journal.0))
        .and_where(Expr::col(("bank_statements", "date_from")).lte(day))
        .order_by(("bank_statements", "date_from"), Order::Desc)
        .order_by(("bank_statements", "created_at"), Order::Desc)
        .limit(1);
    db.query_one(&select)
        .await?
        .as_ref()
        .map(statement)
        .transpose()
}

/// The ids of the journal's statements.
fn statements_of(company: CompanyId, journal: JournalId) -> SelectStatement {
    Query::select()
        .column("id")
        .from("bank_statements")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("journal_id").eq(journal.0))
        .to_owned()
}

/// The lines of the journal's statements dated on or before `day` that are not wholly matched,
/// by date.
pub async fn open_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    journal: JournalId,
    day: NaiveDate,
) -> Result<Vec<StatementLine>, DbErr> {
    let select = lines(company)
        .and_where(Expr::col("statement_id").in_subquery(statements_of(company, journal)))
        .and_where(Expr::col("state").ne(LineState::Matched.as_str()))
        .and_where(Expr::col("date").lte(day))
        .order_by("date", Order::Asc)
        .order_by("id", Order::Asc)
        .to_owned();
    db.query_all(&select).await?.iter().map(line).collect()
}

/// The matches of the journal's statement lines.
pub async fn matches_of_journal(
    db: &impl ConnectionTrait,
    company: CompanyId,
    journal: JournalId,
) -> Result<Vec<LineMatch>, DbErr> {
    let statements = Expr::col("statement_id").in_subquery(statements_of(company, journal));
    matches_of_statements(db, company, statements).await
}
