//! The rows every posting shares: the number sequences and the hash chain.

use super::*;
use sea_orm::sea_query::ValueTuple;

/// What a posting takes of the rows every posting shares before it seals its entries: the
/// hash of the chain's last entry, the position of its own first entry, and the first number
/// each of its sequences gives it.
pub struct Links {
    pub previous_hash: String,
    pub first_position: i64,
    pub firsts: Vec<i64>,
}

/// Takes the next `count` links of the company's hash chain, runs `kept` (the additions to kept
/// sums a posting makes: see [`fold`]), then takes the next numbers of journals in fiscal
/// years, `(journal, fiscal year, how many)` each (distinct): [`Links`], the first numbers in
/// the order of `sequences`. The chain row is taken first, before any other row every posting
/// shares, so two postings never wait on each other in opposite orders; it and the sequence
/// rows stay locked until the posting transaction ends, so postings of a company join the
/// chain one at a time and never share or skip a number.
///
/// On PostgreSQL all of it is one statement (unless `kept` binds too many values): the chain
/// and the numbers are the first parts of its `WITH`, the numbers reading the chain's row so
/// that the chain is taken before them, and the kept sums run after both. Elsewhere the
/// chain, the kept sums and the numbers run one after the other, as one text on SQLite
/// ([`batch`]).
pub async fn take_links(
    db: &impl ConnectionTrait,
    company: CompanyId,
    count: i64,
    kept: Vec<InsertStatement>,
    sequences: &[(Uuid, Uuid, i64)],
) -> Result<Links, DbErr> {
    let parts: Vec<SubQueryStatement> = kept.into_iter().map(SubQueryStatement::from).collect();
    let (chain, rows) = if fits_one_statement(db, &parts) {
        let mut with = WithClause::new();
        with.cte(named("chain", advance_chain(company, count)));
        with.cte(named(
            "numbers",
            next_numbers(company, sequences, Some("chain")),
        ));
        for (index, part) in parts.into_iter().enumerate() {
            with.cte(named(&format!("part{index}"), part));
        }
        let select = Query::select()
            .columns([
                (Alias::new("numbers"), Alias::new("journal_id")),
                (Alias::new("numbers"), Alias::new("fiscal_year_id")),
                (Alias::new("numbers"), Alias::new("next_number")),
                (Alias::new("chain"), Alias::new("last_hash")),
                (Alias::new("chain"), Alias::new("entries")),
            ])
            .from(Alias::new("numbers"))
            .from(Alias::new("chain"))
            .to_owned();
        let rows = db.query_all(&with.query(select)).await?;
        (chain_of(rows.first())?, rows)
    } else {
        // One after the other, the chain first (in one hand-over on SQLite): the chain's row
        // comes back first, then the numbers' (the kept sums return none).
        let backend = db.get_database_backend();
        let mut statements = vec![backend.build(&advance_chain(company, count))];
        statements.extend(parts.iter().map(|part| built(backend, part)));
        statements.push(backend.build(&next_numbers(company, sequences, None)));
        let rows = batch(db, statements).await?;
        (chain_of(rows.first())?, rows.into_iter().skip(1).collect())
    };
    let firsts = sequences
        .iter()
        .map(|(journal, year, count)| {
            for row in &rows {
                if get::<Uuid>(row, "journal_id")? == *journal
                    && get::<Uuid>(row, "fiscal_year_id")? == *year
                {
                    return Ok(get::<i64>(row, "next_number")? - count);
                }
            }
            Err(DbErr::Custom("a sequence returned no row".into()))
        })
        .collect::<Result<Vec<i64>, DbErr>>()?;
    let (previous_hash, last) = chain;
    Ok(Links {
        previous_hash,
        first_position: last - count + 1,
        firsts,
    })
}

/// The chain's `last_hash` and `entries` from the row that moved it.
fn chain_of(row: Option<&QueryResult>) -> Result<(String, i64), DbErr> {
    let row = row.ok_or_else(|| DbErr::Custom("the ledger chain returned no row".into()))?;
    Ok((get(row, "last_hash")?, get(row, "entries")?))
}

/// Moves the company's chain head `count` entries on (creating it at the genesis hash if the
/// company has none yet), returning its `last_hash` and new `entries`.
fn advance_chain(company: CompanyId, count: i64) -> InsertStatement {
    Query::insert()
        .into_table("ledger_chain")
        .columns(["company_id", "last_hash", "entries"])
        .values_panic([
            company.0.into(),
            crate::domain::GENESIS_HASH.into(),
            count.into(),
        ])
        .on_conflict(
            OnConflict::column("company_id")
                .value("entries", Expr::col(("ledger_chain", "entries")).add(count))
                .to_owned(),
        )
        .returning(Query::returning().columns(["last_hash", "entries"]))
        .to_owned()
}

/// Takes `sequences`' numbers, returning each sequence's `next_number` after them. With
/// `after`, the rows are read joined to that part of the same statement's `WITH` (one row),
/// which PostgreSQL then runs first.
fn next_numbers(
    company: CompanyId,
    sequences: &[(Uuid, Uuid, i64)],
    after: Option<&str>,
) -> InsertStatement {
    let rows = sequences.iter().map(|(journal, year, count)| {
        [
            company.0.into(),
            (*journal).into(),
            (*year).into(),
            (count + 1).into(),
        ]
    });
    let mut upsert = Query::insert();
    upsert.into_table("entry_sequences").columns([
        "company_id",
        "journal_id",
        "fiscal_year_id",
        "next_number",
    ]);
    match after {
        Some(after) => {
            let values = rows.map(|row: [sea_orm::Value; 4]| ValueTuple::Many(row.to_vec()));
            let mut select = Query::select();
            select
                .from_values(values, Alias::new("v"))
                .from(Alias::new(after));
            for n in 1..=4 {
                select.expr(Expr::col((
                    Alias::new("v"),
                    Alias::new(format!("column{n}")),
                )));
            }
            upsert
                .select_from(select)
                .unwrap_or_else(|_| unreachable!("as many columns as values"));
        }
        None => {
            for row in rows {
                upsert.values_panic(row.map(Expr::from));
            }
        }
    }
    upsert
        .on_conflict(
            OnConflict::columns(["company_id", "journal_id", "fiscal_year_id"])
                .value(
                    "next_number",
                    Expr::col(("entry_sequences", "next_number"))
                        .add(Expr::col((Alias::new("excluded"), "next_number")))
                        .sub(1),
                )
                .to_owned(),
        )
        .returning(Query::returning().columns(["journal_id", "fiscal_year_id", "next_number"]))
        .to_owned()
}

/// Creates the company's chain head (at company set-up; again harmlessly if it exists).
pub async fn start_chain(db: &impl ConnectionTrait, company: CompanyId) -> Result<(), DbErr> {
    let insert = Query::insert()
        .into_table("ledger_chain")
        .columns(["company_id", "last_hash", "entries"])
        .values_panic([
            company.0.into(),
            crate::domain::GENESIS_HASH.into(),
            0_i64.into(),
        ])
        .on_conflict(OnConflict::column("company_id").do_nothing().to_owned())
        .to_owned();
    db.execute(&insert).await.map(|_| ())
}

/// Runs `rows` (what a posting writes once its entries are numbered and hashed: see [`fold`])
/// and `riders` (the posting transaction's outbox rows, where `rows` fold), then moves the
/// chain head to `hash` and returns the company's lock date, read by this last
/// statement: it runs while the posting holds the chain row, so its read is fresh (PostgreSQL
/// takes a new snapshot per statement) and sees any lock date committed before the row was
/// taken; a change of the lock date takes the row too ([`hold_chain`]), so none can land in
/// between.
pub async fn set_chain_hash(
    db: &impl ConnectionTrait,
    company: CompanyId,
    hash: &str,
    rows: Vec<SubQueryStatement>,
    riders: OutboxRiders,
) -> Result<Option<NaiveDate>, DbErr> {
    let lock_date = Query::select()
        .column(("accounting_settings", "lock_date"))
        .from("accounting_settings")
        .and_where(Expr::col(("accounting_settings", "company_id")).eq(company.0))
        .to_owned();
    let update = Query::update()
        .table("ledger_chain")
        .value("last_hash", hash)
        .and_where(Expr::col("company_id").eq(company.0))
        .returning(Query::returning().expr(Expr::SubQuery(None, Box::new(lock_date.into()))))
        .to_owned();
    // The update's row comes after the rows' (none) where they do not fold.
    match fold(db, rows, riders, update).await?.first() {
        // The only returned column (an unnamed subquery).
        Some(row) => row.try_get_by_index(0),
        None => Err(DbErr::Custom("the ledger chain row is missing".into())),
    }
}

/// Takes the company's chain row for the rest of the transaction that changes the lock date,
/// so that the change and the postings of the company come one after the other: a posting in
/// flight commits first, and one that takes the chain row after it reads the new date (see
/// [`set_chain_hash`]).
pub async fn hold_chain(db: &impl ConnectionTrait, company: CompanyId) -> Result<(), DbErr> {
    let touch = Query::update()
        .table("ledger_chain")
        .value("entries", Expr::col("entries"))
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    db.execute(&touch).await.map(|_| ())
}

/// The chain head as it stands (for verification).
pub async fn chain_head(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<(String, i64), DbErr> {
    let select = Query::select()
        .columns(["last_hash", "entries"])
        .from("ledger_chain")
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    Ok(match db.query_one(&select).await? {
        Some(row) => (get(&row, "last_hash")?, get(&row, "entries")?),
        None => (crate::domain::GENESIS_HASH.to_owned(), 0),
    })
}

/// What checking new entries reads before they are written: accounts, journals and the fiscal
/// years touching a span of dates.
#[derive(Default)]
pub struct PostingFacts {
    pub accounts: Vec<Account>,
    pub journals: Vec<Journal>,
    pub years: Vec<FiscalYear>,
}

/// The company's accounts `account_ids`, journals `journal_ids` and fiscal years touching
/// `dates` (first and last, inclusive), read together ([`read_together`]: one hand-over on
/// SQLite); an empty part is not read.
pub async fn posting_facts(
    db: &impl ConnectionTrait,
    company: CompanyId,
    account_ids: &[Uuid],
    journal_ids: &[Uuid],
    dates: Option<(NaiveDate, NaiveDate)>,
) -> Result<PostingFacts, DbErr> {
    let mut selects = Vec::with_capacity(3);
    if !account_ids.is_empty() {
        let mut select = accounts(company, None, None, None);
        select.and_where(Expr::col(("accounts", "id")).is_in(account_ids.iter().copied()));
        selects.push(select);
    }
    if !journal_ids.is_empty() {
        let mut select = journals(company);
        select.and_where(Expr::col(("journals", "id")).is_in(journal_ids.iter().copied()));
        selects.push(select);
    }
    if let Some((first, last)) = dates {
        let mut select = fiscal_years(company);
        select
            .and_where(Expr::col(("fiscal_years", "date_from")).lte(last))
            .and_where(Expr::col(("fiscal_years", "date_to")).gte(first));
        selects.push(select);
    }
    let mut parts = read_together(db, selects).await?.into_iter();
    let mut facts = PostingFacts::default();
    if !account_ids.is_empty() {
        let rows = parts.next().unwrap_or_default();
        facts.accounts = rows.iter().map(account).collect::<Result<_, _>>()?;
    }
    if !journal_ids.is_empty() {
        let rows = parts.next().unwrap_or_default();
        facts.journals = rows.iter().map(journal).collect::<Result<_, _>>()?;
    }
    if dates.is_some() {
        let rows = parts.next().unwrap_or_default();
        facts.years = rows.iter().map(fiscal_year).collect::<Result<_, _>>()?;
    }
    Ok(facts)
}
