//! The ledger's reports, each read from one snapshot: trial balance, general ledger, and the
//! verification of the hash chain and of the kept balances.

use super::*;

/// Opening, period and closing balances per account, debit positive. Profit and loss accounts
/// start each fiscal year at zero; what they earned in earlier years opens in the company's
/// undistributed-earnings account (`equity_unaffected`), so the opening column still balances.
pub async fn trial_balance(
    platform: &Platform,
    ctx: &Ctx,
    query: TrialBalanceQuery,
) -> ApiResult<TrialBalance> {
    let today = chrono::Utc::now().date_naive();
    let date_to = optional_date("date_to", query.date_to.as_deref())?.unwrap_or(today);
    let snapshot = platform.db.snapshot().await?;
    let db = &snapshot;
    let month = store::fiscal_year_start_month(db, ctx.company).await?;
    let date_from = match optional_date("date_from", query.date_from.as_deref())? {
        Some(date) => date,
        None => fiscal_year_start(db, ctx.company, date_to, month).await?,
    };
    if date_from > date_to {
        return Err(ApiError::invalid_field(
            "date_from",
            "must be on or before date_to",
        ));
    }
    let year_start = fiscal_year_start(db, ctx.company, date_from, month).await?;
    let day_before = date_from.pred_opt().unwrap_or(date_from);
    let before = store::balances(db, ctx.company, None, None, Some(day_before)).await?;
    let before_year = store::balances(db, ctx.company, None, None, year_start.pred_opt()).await?;
    let period = store::balances(db, ctx.company, None, Some(date_from), Some(date_to)).await?;
    let accounts = store::list_all_accounts(db, ctx.company).await?;

    let net = |rows: &[(Uuid, i64, i64)], id: Uuid| {
        rows.iter()
            .find(|row| row.0 == id)
            .map_or(0, |row| row.1 - row.2)
    };
    let earlier_earnings: i64 = accounts
        .iter()
        .filter(|account| domain::is_profit_and_loss(&account.account_type))
        .map(|account| net(&before_year, account.id))
        .sum();
    let unaffected = accounts
        .iter()
        .find(|account| account.account_type == "equity_unaffected")
        .map(|account| account.id);

    let money = |minor: i64| format_minor(minor, ctx.currency.exponent);
    let mut rows = Vec::new();
    let (mut total_opening, mut total_debit, mut total_credit, mut total_closing) =
        (0_i64, 0_i64, 0_i64, 0_i64);
    for account in accounts {
        let mut opening = net(&before, account.id);
        if domain::is_profit_and_loss(&account.account_type) && unaffected.is_some() {
            opening -= net(&before_year, account.id);
        }
        if Some(account.id) == unaffected {
            opening += earlier_earnings;
        }
        let (debit, credit) = period
            .iter()
            .find(|row| row.0 == account.id)
            .map_or((0, 0), |row| (row.1, row.2));
        if opening == 0 && debit == 0 && credit == 0 {
            continue;
        }
        let closing = opening + debit - credit;
        total_opening += opening;
        total_debit += debit;
        total_credit += credit;
        total_closing += closing;
        rows.push(TrialBalanceRow {
            account_id: account.id,
            code: account.code,
            name: account.name,
            account_type: account.account_type,
            opening_balance: money(opening),
            debit: money(debit),
            credit: money(credit),
            closing_balance: money(closing),
        });
    }
    Ok(TrialBalance {
        data: rows,
        totals: TrialBalanceTotals {
            opening_balance: money(total_opening),
            debit: money(total_debit),
            credit: money(total_credit),
            closing_balance: money(total_closing),
        },
    })
}

/// Walks the company's chain of posted entries and recomputes every hash.
pub async fn verify_chain(platform: &Platform, ctx: &Ctx) -> ApiResult<AuditVerification> {
    let snapshot = platform.db.snapshot().await?;
    let db = &snapshot;
    // The head first: entries posted while the walk runs are beyond it and not judged.
    let (head, count) = store::chain_head(db, ctx.company).await?;
    let mut previous = domain::GENESIS_HASH.to_owned();
    let mut position = 0_i64;
    loop {
        if position >= count {
            break;
        }
        let batch = store::chained_entries(
            db,
            ctx.company,
            position,
            500.min(u64::try_from(count - position).unwrap_or(500)),
        )
        .await?;
        if batch.is_empty() {
            break;
        }
        for entry in batch {
            let expected_position = position + 1;
            let recomputed = HashedEntry {
                previous_hash: &previous,
                company_id: ctx.company.0,
                entry_id: entry.id,
                journal_id: entry.journal_id,
                number: entry.number.as_deref().unwrap_or_default(),
                date: entry.date,
                lines: &entry.lines,
            }
            .hash();
            let balanced = entry.lines.iter().map(|line| line.debit_minor).sum::<i64>()
                == entry
                    .lines
                    .iter()
                    .map(|line| line.credit_minor)
                    .sum::<i64>();
            if entry.chain_position != Some(expected_position)
                || entry.hash.as_deref() != Some(recomputed.as_str())
                || !balanced
            {
                return Ok(AuditVerification {
                    valid: false,
                    entries_checked: position,
                    first_broken_entry_id: Some(entry.id),
                });
            }
            previous = recomputed;
            position = expected_position;
        }
    }
    let valid = count == position && (count == 0 || head == previous);
    Ok(AuditVerification {
        valid,
        entries_checked: position,
        first_broken_entry_id: None,
    })
}

/// Checks that the kept per-day balances equal the sums of the posted lines (for tests and
/// operators).
pub async fn balances_match_lines(platform: &Platform, ctx: &Ctx) -> ApiResult<bool> {
    let db = platform.db.connection();
    let mut kept = store::balances(db, ctx.company, None, None, None).await?;
    kept.retain(|row| row.1 != 0 || row.2 != 0);
    kept.sort_by_key(|row| row.0);
    let lines = store::balances_from_lines(db, ctx.company).await?;
    Ok(kept == lines)
}

static LEDGER_LIST: arkan_platform::list::ListSpec = arkan_platform::list::ListSpec {
    name: "accounting.general_ledger",
    sorts: &[arkan_platform::list::SortField {
        name: "date",
        column: "entry_date",
        kind: arkan_platform::list::SortKind::Date,
    }],
};

/// The posted lines of one account in date order, with the running balance after each line.
pub async fn general_ledger(
    platform: &Platform,
    ctx: &Ctx,
    query: GeneralLedgerQuery,
) -> ApiResult<GeneralLedger> {
    let account_id = optional_uuid("account_id", Some(query.account_id.as_str()))?
        .ok_or_else(|| ApiError::invalid_field("account_id", "is required"))?;
    let snapshot = platform.db.snapshot().await?;
    let db = &snapshot;
    let account = store::account_by_id(db, ctx.company, account_id)
        .await?
        .ok_or_else(|| ApiError::not_found("account"))?;
    let month = store::fiscal_year_start_month(db, ctx.company).await?;
    let today = chrono::Utc::now().date_naive();
    let date_to = optional_date("date_to", query.date_to.as_deref())?.unwrap_or(today);
    let date_from = match optional_date("date_from", query.date_from.as_deref())? {
        Some(date) => date,
        None => fiscal_year_start(db, ctx.company, date_to, month).await?,
    };
    if date_from > date_to {
        return Err(ApiError::invalid_field(
            "date_from",
            "must be on or before date_to",
        ));
    }
    let mut params = query.page;
    params.sort = Some(params.sort.unwrap_or_else(|| "date".to_owned()));
    params.order = Some(params.order.unwrap_or_else(|| "asc".to_owned()));
    let page = PageRequest::parse(
        &params,
        &LEDGER_LIST,
        &format!("{account_id}|{date_from}|{date_to}"),
    )?;

    let since = if domain::is_profit_and_loss(&account.account_type) {
        Some(fiscal_year_start(db, ctx.company, date_from, month).await?)
    } else {
        None
    };
    let opening: i64 = store::balances(
        db,
        ctx.company,
        Some(&[account_id]),
        since,
        date_from.pred_opt(),
    )
    .await?
    .iter()
    .map(|(_, debit, credit)| debit - credit)
    .sum();
    let filtered = store::ledger_lines(ctx.company, account_id, date_from, date_to);
    let (rows, total) = store::list_ledger_lines(db, &filtered, &page).await?;
    let mut running = opening;
    if let Some(first) = rows.first() {
        running += if page.descending {
            // Everything in range up to and including the first row of a newest-first page.
            store::ledger_sum_before(db, &filtered, first.date, first.id).await? + first.debit_minor
                - first.credit_minor
        } else {
            store::ledger_sum_before(db, &filtered, first.date, first.id).await?
        };
    }
    let descending = page.descending;
    let page = page.page(rows, total, |line| {
        (SortValue::Text(domain::format_date(line.date)), line.id)
    });
    let money = |minor: i64| format_minor(minor, ctx.currency.exponent);
    let mut data = Vec::with_capacity(page.data.len());
    for line in page.data {
        let net = line.debit_minor - line.credit_minor;
        let balance = if descending {
            let after = running;
            running -= net;
            after
        } else {
            running += net;
            running
        };
        data.push(LedgerLineView {
            line_id: line.id,
            entry_id: line.entry_id,
            number: line.number,
            date: domain::format_date(line.date),
            partner_id: line.partner_id,
            description: line.description,
            debit: money(line.debit_minor),
            credit: money(line.credit_minor),
            balance: money(balance),
        });
    }
    Ok(GeneralLedger {
        data,
        meta: GeneralLedgerMeta {
            total: page.meta.total,
            limit: page.meta.limit,
            cursor: page.meta.cursor,
            has_more: page.meta.has_more,
            account_id,
            date_from: domain::format_date(date_from),
            date_to: domain::format_date(date_to),
            opening_balance: money(opening),
        },
    })
}
