//! Journal entries and their lines, and the posted lines of an account (general ledger).

use super::*;

#[derive(Clone, Debug)]
pub struct Entry {
    pub id: Uuid,
    pub journal_id: Uuid,
    pub date: NaiveDate,
    pub reference: Option<String>,
    pub memo: Option<String>,
    pub number: Option<String>,
    pub state: DocumentState,
    pub total_debit_minor: i64,
    pub total_credit_minor: i64,
    pub reversed_entry_id: Option<Uuid>,
    pub reversal_of_id: Option<Uuid>,
    pub posted_at: Option<i64>,
    pub hash: Option<String>,
    pub chain_position: Option<i64>,
    /// A year-end closing entry, or the reversal that reopened a year.
    pub closing: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub lines: Vec<Line>,
    /// The taxes of the entry as its poster computed them; empty: derived from the lines
    /// carrying a tax when it is posted. Not stored with the entry (see `tax_details_of`).
    pub tax_details: Vec<TaxDetail>,
}

impl Entry {
    /// A new draft of these lines, totals derived from them.
    pub fn draft(
        journal_id: Uuid,
        date: NaiveDate,
        reference: Option<String>,
        memo: Option<String>,
        lines: Vec<Line>,
        now: i64,
    ) -> Entry {
        Entry {
            id: Uuid::now_v7(),
            journal_id,
            date,
            reference,
            memo,
            number: None,
            state: DocumentState::Draft,
            total_debit_minor: lines.iter().map(|line| line.debit_minor).sum(),
            total_credit_minor: lines.iter().map(|line| line.credit_minor).sum(),
            reversed_entry_id: None,
            reversal_of_id: None,
            posted_at: None,
            hash: None,
            chain_position: None,
            closing: false,
            created_at: now,
            updated_at: now,
            lines,
            tax_details: Vec::new(),
        }
    }
}

const ENTRY_COLUMNS: [&str; 17] = [
    "id",
    "journal_id",
    "entry_date",
    "reference",
    "memo",
    "number",
    "state",
    "total_debit_minor",
    "total_credit_minor",
    "reversed_entry_id",
    "reversal_of_id",
    "posted_at",
    "hash",
    "chain_position",
    "closing",
    "created_at",
    "updated_at",
];

fn entry(row: &QueryResult) -> Result<Entry, DbErr> {
    Ok(Entry {
        id: get(row, "id")?,
        journal_id: get(row, "journal_id")?,
        date: get(row, "entry_date")?,
        reference: get(row, "reference")?,
        memo: get(row, "memo")?,
        number: get(row, "number")?,
        state: get_code(row, "state", DocumentState::parse)?,
        total_debit_minor: get(row, "total_debit_minor")?,
        total_credit_minor: get(row, "total_credit_minor")?,
        reversed_entry_id: get(row, "reversed_entry_id")?,
        reversal_of_id: get(row, "reversal_of_id")?,
        posted_at: get(row, "posted_at")?,
        hash: get(row, "hash")?,
        chain_position: get(row, "chain_position")?,
        closing: get(row, "closing")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
        lines: Vec::new(),
        tax_details: Vec::new(),
    })
}

fn entry_pairs(entry: &Entry) -> Vec<(&'static str, Value)> {
    vec![
        ("journal_id", entry.journal_id.into()),
        ("entry_date", entry.date.into()),
        ("reference", entry.reference.clone().into()),
        ("memo", entry.memo.clone().into()),
        ("number", entry.number.clone().into()),
        ("state", entry.state.as_str().into()),
        ("total_debit_minor", entry.total_debit_minor.into()),
        ("total_credit_minor", entry.total_credit_minor.into()),
        ("reversed_entry_id", entry.reversed_entry_id.into()),
        ("reversal_of_id", entry.reversal_of_id.into()),
        ("posted_at", entry.posted_at.into()),
        ("hash", entry.hash.clone().into()),
        ("chain_position", entry.chain_position.into()),
        ("updated_at", entry.updated_at.into()),
    ]
}

/// Inserts an entry with its lines.
pub async fn insert_entry(
    db: &impl ConnectionTrait,
    company: CompanyId,
    entry: &Entry,
) -> Result<(), DbErr> {
    insert_entries(db, company, std::slice::from_ref(entry)).await
}

/// Inserts entries with their lines, many rows per statement.
pub async fn insert_entries(
    db: &impl ConnectionTrait,
    company: CompanyId,
    entries: &[Entry],
) -> Result<(), DbErr> {
    run_all(db, entry_inserts(company, entries)).await
}

/// The statements that insert entries, then their lines, many rows per statement.
fn entry_inserts(company: CompanyId, entries: &[Entry]) -> Vec<InsertStatement> {
    let mut statements = Vec::new();
    for chunk in entries.chunks(rows_per_statement(ENTRY_COLUMNS.len() + 1)) {
        let mut statement = Query::insert()
            .into_table("journal_entries")
            .columns(["company_id"].into_iter().chain(ENTRY_COLUMNS))
            .to_owned();
        for entry in chunk {
            statement.values_panic([
                company.0.into(),
                entry.id.into(),
                entry.journal_id.into(),
                entry.date.into(),
                entry.reference.clone().into(),
                entry.memo.clone().into(),
                entry.number.clone().into(),
                entry.state.as_str().into(),
                entry.total_debit_minor.into(),
                entry.total_credit_minor.into(),
                entry.reversed_entry_id.into(),
                entry.reversal_of_id.into(),
                entry.posted_at.into(),
                entry.hash.clone().into(),
                entry.chain_position.into(),
                entry.closing.into(),
                entry.created_at.into(),
                entry.updated_at.into(),
            ]);
        }
        statements.push(statement);
    }
    statements.extend(line_inserts(company, entries));
    statements
}

/// Inserts the lines of entries, many rows per statement.
fn line_inserts(company: CompanyId, entries: &[Entry]) -> Vec<InsertStatement> {
    let lines: Vec<(&Entry, usize, &Line)> = entries
        .iter()
        .flat_map(|entry| {
            entry
                .lines
                .iter()
                .enumerate()
                .map(move |(number, line)| (entry, number, line))
        })
        .collect();
    let mut statements = Vec::new();
    for chunk in lines.chunks(rows_per_statement(15)) {
        let mut statement = Query::insert()
            .into_table("journal_lines")
            .columns([
                "company_id",
                "id",
                "entry_id",
                "line_no",
                "account_id",
                "partner_id",
                "description",
                "debit_minor",
                "credit_minor",
                "currency",
                "amount_currency_minor",
                "project_id",
                "tax_id",
                "entry_date",
                "posted",
            ])
            .to_owned();
        for (entry, number, line) in chunk {
            statement.values_panic([
                company.0.into(),
                line.id.into(),
                entry.id.into(),
                i32::try_from(*number).unwrap_or(i32::MAX).into(),
                line.account_id.into(),
                line.partner_id.into(),
                line.description.clone().into(),
                line.debit_minor.into(),
                line.credit_minor.into(),
                line.currency.clone().into(),
                line.amount_currency_minor.into(),
                line.project_id.into(),
                line.tax_id.into(),
                entry.date.into(),
                (entry.state == DocumentState::Posted).into(),
            ]);
        }
        statements.push(statement);
    }
    statements
}

/// Saves a draft (and with `replace_lines` its lines), only if it is still the draft that was
/// read (`updated_at == read_version`). Returns whether it did.
pub async fn update_draft(
    db: &impl ConnectionTrait,
    company: CompanyId,
    entry: &Entry,
    read_version: i64,
    replace_lines: bool,
) -> Result<bool, DbErr> {
    let statement = Query::update()
        .table("journal_entries")
        .values(
            entry_pairs(entry)
                .into_iter()
                .map(|(column, value)| (column, value.into())),
        )
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(entry.id))
        .and_where(Expr::col("state").eq(DocumentState::Draft.as_str()))
        .and_where(Expr::col("updated_at").eq(read_version))
        .to_owned();
    if db.execute(&statement).await?.rows_affected() != 1 {
        return Ok(false);
    }
    if replace_lines {
        let delete = Query::delete()
            .from_table("journal_lines")
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("entry_id").eq(entry.id))
            .to_owned();
        db.execute(&delete).await?;
        run_all(db, line_inserts(company, std::slice::from_ref(entry))).await?;
    }
    Ok(true)
}

/// Deletes a draft (its lines go with it), only if it is still the draft that was read.
pub async fn delete_draft(
    db: &impl ConnectionTrait,
    company: CompanyId,
    entry: Uuid,
    read_version: i64,
) -> Result<bool, DbErr> {
    let statement = Query::delete()
        .from_table("journal_entries")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(entry))
        .and_where(Expr::col("state").eq(DocumentState::Draft.as_str()))
        .and_where(Expr::col("updated_at").eq(read_version))
        .to_owned();
    Ok(db.execute(&statement).await?.rows_affected() == 1)
}

/// Records that `original` is reversed by `reversal`, only if it is posted and not reversed yet
/// (the row lock makes a second, concurrent reversal find it taken). Returns whether it did.
pub async fn link_reversal(
    db: &impl ConnectionTrait,
    company: CompanyId,
    original: Uuid,
    reversal: Uuid,
    now: i64,
) -> Result<bool, DbErr> {
    let statement = Query::update()
        .table("journal_entries")
        .values([
            ("reversed_entry_id", reversal.into()),
            ("updated_at", now.into()),
        ])
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(original))
        .and_where(Expr::col("state").eq(DocumentState::Posted.as_str()))
        .and_where(Expr::col("reversed_entry_id").is_null())
        .to_owned();
    Ok(db.execute(&statement).await?.rows_affected() == 1)
}

/// Whether a journal has entries (its code is then part of their numbers).
pub async fn journal_has_entries(
    db: &impl ConnectionTrait,
    company: CompanyId,
    journal: Uuid,
) -> Result<bool, DbErr> {
    let select = Query::select()
        .column("id")
        .from("journal_entries")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("journal_id").eq(journal))
        .and_where(Expr::col("number").is_not_null())
        .limit(1)
        .to_owned();
    Ok(db.query_one(&select).await?.is_some())
}

/// Whether the company has an entry in `state` dated from `from` to `to`.
pub async fn has_entry_between(
    db: &impl ConnectionTrait,
    company: CompanyId,
    state: DocumentState,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<bool, DbErr> {
    let select = Query::select()
        .column("id")
        .from("journal_entries")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("state").eq(state.as_str()))
        .and_where(Expr::col("entry_date").gte(from))
        .and_where(Expr::col("entry_date").lte(to))
        .limit(1)
        .to_owned();
    Ok(db.query_one(&select).await?.is_some())
}

/// Filters of the entry list.
#[derive(Default)]
pub struct EntryFilter<'a> {
    pub state: Option<DocumentState>,
    pub journal_id: Option<Uuid>,
    pub account_id: Option<Uuid>,
    pub partner_id: Option<Uuid>,
    pub date_from: Option<NaiveDate>,
    pub date_to: Option<NaiveDate>,
    pub q: Option<&'a str>,
}

pub fn entries(company: CompanyId, filter: &EntryFilter) -> SelectStatement {
    let mut select = Query::select()
        .columns(ENTRY_COLUMNS.map(|column| ("journal_entries", column)))
        .from("journal_entries")
        .and_where(Expr::col(("journal_entries", "company_id")).eq(company.0))
        .to_owned();
    if let Some(state) = filter.state {
        select.and_where(Expr::col(("journal_entries", "state")).eq(state.as_str()));
    }
    if let Some(journal) = filter.journal_id {
        select.and_where(Expr::col(("journal_entries", "journal_id")).eq(journal));
    }
    if let Some(from) = filter.date_from {
        select.and_where(Expr::col(("journal_entries", "entry_date")).gte(from));
    }
    if let Some(to) = filter.date_to {
        select.and_where(Expr::col(("journal_entries", "entry_date")).lte(to));
    }
    if let Some(q) = filter.q {
        select.cond_where(
            Cond::any()
                .add(Func::lower(Expr::col(("journal_entries", "number"))).like(like_pattern(q)))
                .add(
                    Func::lower(Expr::col(("journal_entries", "reference"))).like(like_pattern(q)),
                ),
        );
    }
    for (column, value) in [
        ("account_id", filter.account_id),
        ("partner_id", filter.partner_id),
    ] {
        if let Some(value) = value {
            let lines = Query::select()
                .expr(Expr::val(1))
                .from("journal_lines")
                .and_where(
                    Expr::col(("journal_lines", "company_id"))
                        .equals(("journal_entries", "company_id")),
                )
                .and_where(
                    Expr::col(("journal_lines", "entry_id")).equals(("journal_entries", "id")),
                )
                .and_where(Expr::col(("journal_lines", column)).eq(value))
                .to_owned();
            select.and_where(Expr::exists(lines));
        }
    }
    select
}

pub async fn list_entries(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &EntryFilter<'_>,
    page: &PageRequest,
) -> Result<(Vec<Entry>, i64), DbErr> {
    let filtered = entries(company, filter);
    let (mut list, total) =
        fetch_page(db, &filtered, page, ("journal_entries", "id"), entry).await?;
    attach_lines(db, company, &mut list).await?;
    Ok((list, total))
}

async fn attach_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    entries: &mut [Entry],
) -> Result<(), DbErr> {
    if entries.is_empty() {
        return Ok(());
    }
    let select = Query::select()
        .columns([
            "id",
            "entry_id",
            "account_id",
            "partner_id",
            "description",
            "debit_minor",
            "credit_minor",
            "currency",
            "amount_currency_minor",
            "project_id",
            "tax_id",
        ])
        .from("journal_lines")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("entry_id").is_in(entries.iter().map(|entry| entry.id)))
        .order_by("line_no", Order::Asc)
        .to_owned();
    for row in db.query_all(&select).await? {
        let entry_id: Uuid = get(&row, "entry_id")?;
        let line = Line {
            id: get(&row, "id")?,
            account_id: get(&row, "account_id")?,
            partner_id: get(&row, "partner_id")?,
            description: get(&row, "description")?,
            debit_minor: get(&row, "debit_minor")?,
            credit_minor: get(&row, "credit_minor")?,
            currency: get(&row, "currency")?,
            amount_currency_minor: get(&row, "amount_currency_minor")?,
            project_id: get(&row, "project_id")?,
            tax_id: get(&row, "tax_id")?,
        };
        if let Some(entry) = entries.iter_mut().find(|entry| entry.id == entry_id) {
            entry.lines.push(line);
        }
    }
    Ok(())
}

pub async fn entry_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<Entry>, DbErr> {
    let mut select = entries(company, &EntryFilter::default());
    select.and_where(Expr::col(("journal_entries", "id")).eq(id));
    let Some(row) = db.query_one(&select).await? else {
        return Ok(None);
    };
    let mut found = [entry(&row)?];
    attach_lines(db, company, &mut found).await?;
    let [found] = found;
    Ok(Some(found))
}

/// Posted entries in chain order, from `after_position` on, at most `limit`.
pub async fn chained_entries(
    db: &impl ConnectionTrait,
    company: CompanyId,
    after_position: i64,
    limit: u64,
) -> Result<Vec<Entry>, DbErr> {
    let mut select = entries(company, &EntryFilter::default());
    select
        .and_where(Expr::col(("journal_entries", "chain_position")).gt(after_position))
        .order_by(("journal_entries", "chain_position"), Order::Asc)
        .limit(limit);
    let rows = db.query_all(&select).await?;
    let mut list: Vec<Entry> = rows.iter().map(entry).collect::<Result<_, _>>()?;
    attach_lines(db, company, &mut list).await?;
    Ok(list)
}

/// Moves a draft to posted, only if it is still the version that was checked
/// (`updated_at == checked_version`). Returns whether it did. (The lock date is checked under
/// the chain row, [`set_chain_hash`].)
pub async fn mark_posted(
    db: &impl ConnectionTrait,
    company: CompanyId,
    entry: &Entry,
    checked_version: i64,
) -> Result<bool, DbErr> {
    let statement = Query::update()
        .table("journal_entries")
        .values([
            ("state", entry.state.as_str().into()),
            ("posted_at", entry.posted_at.into()),
            ("total_debit_minor", entry.total_debit_minor.into()),
            ("total_credit_minor", entry.total_credit_minor.into()),
            ("updated_at", entry.updated_at.into()),
        ])
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(entry.id))
        .and_where(Expr::col("state").eq(DocumentState::Draft.as_str()))
        .and_where(Expr::col("updated_at").eq(checked_version))
        .to_owned();
    Ok(db.execute(&statement).await?.rows_affected() == 1)
}

pub async fn mark_lines_posted(
    db: &impl ConnectionTrait,
    company: CompanyId,
    entry: &Entry,
) -> Result<(), DbErr> {
    let statement = Query::update()
        .table("journal_lines")
        .values([("posted", true.into()), ("entry_date", entry.date.into())])
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("entry_id").eq(entry.id))
        .to_owned();
    db.execute(&statement).await.map(|_| ())
}

/// The statement that writes a posted entry's number, hash and chain position.
pub fn seal_statement(company: CompanyId, entry: &Entry) -> UpdateStatement {
    update_statement(
        "journal_entries",
        company,
        entry.id,
        &[
            ("number", entry.number.clone().into()),
            ("hash", entry.hash.clone().into()),
            ("chain_position", entry.chain_position.into()),
        ],
    )
}

/// One posted line of an account, with its entry's number.
pub struct LedgerLine {
    pub id: Uuid,
    pub entry_id: Uuid,
    pub number: Option<String>,
    pub date: NaiveDate,
    pub partner_id: Option<Uuid>,
    pub description: Option<String>,
    pub debit_minor: i64,
    pub credit_minor: i64,
}

pub fn ledger_lines(
    company: CompanyId,
    account: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> SelectStatement {
    Query::select()
        .column(("journal_lines", "id"))
        .column(("journal_lines", "entry_id"))
        .column(("journal_entries", "number"))
        .column(("journal_lines", "entry_date"))
        .column(("journal_lines", "partner_id"))
        .column(("journal_lines", "description"))
        .column(("journal_lines", "debit_minor"))
        .column(("journal_lines", "credit_minor"))
        .from("journal_lines")
        .inner_join(
            "journal_entries",
            Expr::col(("journal_entries", "company_id"))
                .equals(("journal_lines", "company_id"))
                .and(Expr::col(("journal_entries", "id")).equals(("journal_lines", "entry_id"))),
        )
        .and_where(Expr::col(("journal_lines", "company_id")).eq(company.0))
        .and_where(Expr::col(("journal_lines", "account_id")).eq(account))
        .and_where(Expr::col(("journal_lines", "posted")).eq(true))
        .and_where(Expr::col(("journal_lines", "entry_date")).gte(from))
        .and_where(Expr::col(("journal_lines", "entry_date")).lte(to))
        .to_owned()
}

pub async fn list_ledger_lines(
    db: &impl ConnectionTrait,
    filtered: &SelectStatement,
    page: &PageRequest,
) -> Result<(Vec<LedgerLine>, i64), DbErr> {
    fetch_page(db, filtered, page, ("journal_lines", "id"), |row| {
        Ok(LedgerLine {
            id: get(row, "id")?,
            entry_id: get(row, "entry_id")?,
            number: get(row, "number")?,
            date: get(row, "entry_date")?,
            partner_id: get(row, "partner_id")?,
            description: get(row, "description")?,
            debit_minor: get(row, "debit_minor")?,
            credit_minor: get(row, "credit_minor")?,
        })
    })
    .await
}

/// Debit minus credit of the lines of `filtered` that sort before `(date, id)`.
pub async fn ledger_sum_before(
    db: &impl ConnectionTrait,
    filtered: &SelectStatement,
    date: NaiveDate,
    id: Uuid,
) -> Result<i64, DbErr> {
    let mut select = filtered.clone();
    select
        .clear_selects()
        .expr_as(
            Expr::cust(
                "CAST(SUM(journal_lines.debit_minor - journal_lines.credit_minor) AS BIGINT)",
            ),
            Alias::new("net"),
        )
        .cond_where(
            Cond::any()
                .add(Expr::col(("journal_lines", "entry_date")).lt(date))
                .add(
                    Cond::all()
                        .add(Expr::col(("journal_lines", "entry_date")).eq(date))
                        .add(Expr::col(("journal_lines", "id")).lt(id)),
                ),
        );
    match db.query_one(&select).await? {
        Some(row) => Ok(get::<Option<i64>>(&row, "net")?.unwrap_or(0)),
        None => Ok(0),
    }
}
