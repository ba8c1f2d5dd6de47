//! Use cases of bank statements: import (read, check, store in one transaction), list, read.

use std::collections::HashMap;

use arkan_kernel::cursor::SortValue;
use arkan_kernel::iban::Iban;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{JournalId, StatementId, format_minor, parse_minor};
use arkan_ledger::books;
use arkan_platform::error::{ApiError, ApiResult, Validation, is_unique_violation};
use arkan_platform::extract::DecimalText;
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::{Ctx, Platform};
use chrono::NaiveDate;
use uuid::Uuid;

use super::api::*;
use super::domain::{self, LineState, StatementFormat, StatementState, Unbalanced};
use super::formats::{self, CsvLayout, Malformed, ParsedLine, ParsedStatement};
use super::store::{self, LineMatch, Statement, StatementFilter, StatementLine};
use crate::{errors, events};

const DATE_TO: SortField = SortField {
    name: "dateTo",
    column: "date_to",
    kind: SortKind::Date,
};

static STATEMENT_LIST: ListSpec = ListSpec {
    name: "banking.statements",
    sorts: &[CREATED_AT, DATE_TO],
};

/// At most this many movements in one statement.
const MAX_LINES: usize = 50_000;

pub(super) fn money(ctx: &Ctx, minor: i64) -> String {
    format_minor(minor, ctx.currency.exponent)
}

/// A line with its matches (`matches` may hold other lines' too).
pub(super) fn line_view(
    ctx: &Ctx,
    line: StatementLine,
    matches: &[LineMatch],
) -> StatementLineView {
    let of_line = || matches.iter().filter(|found| found.line_id == line.id);
    let write_off_entry_id = of_line()
        .find(|found| found.write_off)
        .and_then(|found| found.journal_entry_id);
    let match_views = of_line()
        .filter(|found| !found.write_off)
        .map(|found| MatchView {
            payment_id: found.payment_id,
            journal_line_id: found.journal_line_id,
            invoice_id: found.invoice_id,
            account_id: found.account_id,
            amount: money(ctx, found.amount_minor),
            journal_entry_id: found.journal_entry_id,
        })
        .collect();
    StatementLineView {
        id: line.id,
        statement_id: line.statement_id,
        sequence: line.sequence,
        date: line.date.to_string(),
        value_date: line.value_date.map(|date| date.to_string()),
        amount: money(ctx, line.amount_minor),
        description: line.description,
        reference: line.reference,
        partner_name: line.partner_name,
        iban: line.iban,
        partner_id: line.partner_id,
        state: line.state.as_str().to_owned(),
        matched_amount: money(ctx, line.matched_minor),
        matches: match_views,
        write_off_entry_id,
    }
}

fn view(
    ctx: &Ctx,
    statement: Statement,
    lines: Option<Vec<StatementLine>>,
    matches: &[LineMatch],
) -> StatementView {
    StatementView {
        id: statement.id,
        journal_id: statement.journal_id,
        name: statement.name,
        reference: statement.reference,
        date_from: statement.date_from.to_string(),
        date_to: statement.date_to.to_string(),
        currency: statement.currency,
        format: statement.format.as_str().to_owned(),
        opening_balance: money(ctx, statement.opening_minor),
        closing_balance: money(ctx, statement.closing_minor),
        line_count: i64::from(statement.line_count),
        matched_count: i64::from(statement.matched_count),
        state: statement.state.as_str().to_owned(),
        created_at: rfc3339(statement.created_at),
        updated_at: rfc3339(statement.updated_at),
        lines: lines.map(|lines| {
            lines
                .into_iter()
                .map(|line| line_view(ctx, line, matches))
                .collect()
        }),
    }
}

fn malformed(error: Malformed) -> ApiError {
    errors::statement_malformed(error.line, &error.message)
}

fn unbalanced(ctx: &Ctx, problem: Unbalanced) -> ApiError {
    match problem {
        Unbalanced::Total {
            opening,
            movements,
            closing,
        } => {
            let difference = money(ctx, closing - opening - movements);
            errors::statement_unbalanced(
                format!(
                    "Opening balance {} plus the movements {} is {}, not the closing balance {} (difference {difference})",
                    money(ctx, opening),
                    money(ctx, movements),
                    money(ctx, opening + movements),
                    money(ctx, closing),
                ),
                difference,
            )
        }
        Unbalanced::Running {
            line,
            expected,
            given,
        } => {
            let difference = money(ctx, given - expected);
            errors::statement_unbalanced(
                format!(
                    "Line {line}: the running balance {} should be {} (difference {difference})",
                    money(ctx, given),
                    money(ctx, expected),
                ),
                difference,
            )
        }
    }
}

/// One character of a CSV option, or the default.
fn one_char(
    validation: &mut Validation,
    field: &str,
    text: Option<&str>,
    default: char,
    allowed: &[char],
) -> char {
    let Some(text) = text else {
        return default;
    };
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if allowed.is_empty() || allowed.contains(&c) => c,
        _ => {
            validation.add(field, "must be one character");
            default
        }
    }
}

fn csv_layout(validation: &mut Validation, options: Option<CsvOptions>) -> Option<CsvLayout> {
    let Some(options) = options else {
        validation.add("csv", "is required for the csv format (its columns)");
        return None;
    };
    let delimiter = one_char(
        validation,
        "csv.delimiter",
        options.delimiter.as_deref(),
        ',',
        &[],
    );
    let decimal = one_char(
        validation,
        "csv.decimalSeparator",
        options.decimal_separator.as_deref(),
        '.',
        &['.', ','],
    );
    let pattern = options.date_format.as_deref().unwrap_or("YYYY-MM-DD");
    let date_format = formats::date_format(pattern);
    if date_format.is_none() {
        validation.add("csv.dateFormat", "must have DD, MM and YYYY (or YY)");
    }
    let columns = options.columns;
    let amount_given = columns.amount.is_some();
    let split_given = columns.debit.is_some() && columns.credit.is_some();
    if amount_given == split_given {
        validation.add(
            "csv.columns",
            "must name either amount or both debit and credit",
        );
    }
    Some(CsvLayout {
        delimiter,
        date_format: date_format.unwrap_or_default(),
        decimal,
        date: columns.date,
        description: columns.description,
        amount: columns.amount,
        debit: columns.debit,
        credit: columns.credit,
        reference: columns.reference,
        partner_name: columns.partner_name,
        iban: columns.iban,
        balance: columns.balance,
    })
}

fn parse_date(validation: &mut Validation, field: &str, text: &str) -> Option<NaiveDate> {
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    if date.is_none() {
        validation.add(field, "must be a date YYYY-MM-DD");
    }
    date
}

fn json_lines(
    validation: &mut Validation,
    lines: Vec<JsonStatementLine>,
    exponent: u8,
) -> ParsedStatement {
    let mut statement = ParsedStatement::default();
    for (index, line) in lines.into_iter().enumerate() {
        let at = |field: &str| format!("lines[{index}].{field}");
        let date = parse_date(validation, &at("date"), &line.date);
        let value_date = line
            .value_date
            .as_deref()
            .and_then(|text| parse_date(validation, &at("valueDate"), text));
        let amount = validation.check(&at("amount"), parse_minor(&line.amount.0, exponent));
        if let (Some(date), Some(amount)) = (date, amount) {
            statement.lines.push(ParsedLine {
                source_line: index + 1,
                date,
                value_date,
                amount,
                description: line.description.trim().to_owned(),
                reference: line.reference.as_deref().and_then(formats::non_empty),
                partner_name: line.partner_name.as_deref().and_then(formats::non_empty),
                iban: line.iban.as_deref().and_then(formats::non_empty),
                balance: None,
            });
        }
    }
    statement
}

fn balance_input(
    validation: &mut Validation,
    field: &str,
    value: Option<&DecimalText>,
    exponent: u8,
) -> Option<i64> {
    value.and_then(|value| validation.check(field, parse_minor(&value.0, exponent)))
}

/// Reads the request into a statement: every bad field at once, then the file.
fn read_input(ctx: &Ctx, input: ImportStatement) -> ApiResult<(StatementFormat, ParsedStatement)> {
    let exponent = ctx.currency.exponent;
    let mut validation = Validation::new();
    let format = StatementFormat::parse(&input.format);
    if format.is_none() {
        validation.add(
            "format",
            format!("must be one of: {}", StatementFormat::codes()),
        );
    }
    let opening = balance_input(
        &mut validation,
        "openingBalance",
        input.opening_balance.as_ref(),
        exponent,
    );
    let closing = balance_input(
        &mut validation,
        "closingBalance",
        input.closing_balance.as_ref(),
        exponent,
    );
    let layout = match format {
        Some(StatementFormat::Csv) => csv_layout(&mut validation, input.csv),
        _ => None,
    };
    // Spreadsheet programs and some banks start the file with a byte order mark: not part of
    // the first header or tag.
    let content = input.content.unwrap_or_default();
    let content = content.strip_prefix('\u{feff}').unwrap_or(&content);
    let mut statement = match format {
        Some(StatementFormat::Json) => {
            json_lines(&mut validation, input.lines.unwrap_or_default(), exponent)
        }
        Some(_) => {
            if content.trim().is_empty() {
                validation.add("content", "is required: the statement file as text");
            }
            ParsedStatement::default()
        }
        None => ParsedStatement::default(),
    };
    validation.finish()?;
    let Some(format) = format else {
        return Err(ApiError::invalid_field("format", "is not known"));
    };
    match format {
        StatementFormat::Csv => {
            if let Some(layout) = layout {
                statement = formats::read_csv(content, &layout, exponent).map_err(malformed)?;
            }
        }
        StatementFormat::Camt053 => {
            statement = formats::read_camt053(content, exponent).map_err(malformed)?;
        }
        StatementFormat::Mt940 => {
            statement = formats::read_mt940(content, exponent).map_err(malformed)?;
        }
        StatementFormat::Json => {}
    }
    // The file's balances win; the request's fill what a CSV or JSON statement lacks.
    statement.opening = statement.opening.or(opening);
    statement.closing = statement.closing.or(closing);
    let field = if format == StatementFormat::Json {
        "lines"
    } else {
        "content"
    };
    if statement.lines.is_empty() {
        return Err(ApiError::invalid_field(field, "has no movement"));
    }
    if statement.lines.len() > MAX_LINES {
        return Err(ApiError::invalid_field(
            field,
            format!("has more than {MAX_LINES} movements; split the statement"),
        ));
    }
    if let Some(currency) = &statement.currency
        && currency != ctx.currency.code
    {
        return Err(ApiError::invalid_field(
            "content",
            format!(
                "the statement is in {currency}, the journal books {}",
                ctx.currency.code
            ),
        ));
    }
    Ok((format, statement))
}

/// An IBAN as bank details store it (no spaces, upper case), when it is one.
fn normal_iban(text: &str) -> Option<String> {
    Iban::parse(text).ok().map(|iban| iban.as_str().to_owned())
}

pub async fn import_statement(
    platform: &Platform,
    ctx: &Ctx,
    input: ImportStatement,
) -> ApiResult<StatementView> {
    ctx.require_write(Area::Accounting)?;
    let journal_id = JournalId(input.journal_id);
    let name = input.name.as_deref().and_then(formats::non_empty);
    let (format, parsed) = read_input(ctx, input)?;
    let journal = books::journal_by_id(platform.db.connection(), ctx.company, journal_id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("journal"))?;
    if journal.journal_type != "bank" {
        return Err(ApiError::invalid_field(
            "journalId",
            "must be a bank journal",
        ));
    }
    let ibans: Vec<String> = parsed
        .lines
        .iter()
        .filter_map(|line| line.iban.as_deref().and_then(normal_iban))
        .collect();
    let Some((date_from, date_to)) = domain::date_range(&parsed.lines) else {
        return Err(ApiError::invalid_field("content", "has no movement"));
    };

    let mut transaction = platform.db.write().await?;
    let previous = store::last_closing(&*transaction, ctx.company, journal_id)
        .await?
        .unwrap_or_default();
    let (opening, closing) =
        domain::balances(parsed.opening, parsed.closing, previous, &parsed.lines)
            .map_err(|problem| unbalanced(ctx, problem))?;
    let fingerprint = domain::fingerprint(opening, closing, &parsed.lines);
    if let Some(existing) = store::same_statement(
        &*transaction,
        ctx.company,
        journal_id,
        parsed.reference.as_deref(),
        &fingerprint,
    )
    .await?
    {
        return Err(errors::statement_duplicate(existing.id, &existing.name));
    }
    let partners: HashMap<String, Uuid> =
        store::partners_by_iban(&*transaction, ctx.company, &ibans)
            .await?
            .into_iter()
            .map(|(iban, partner)| (iban, partner.0))
            .collect();
    let now = now_micros();
    let statement_id = StatementId::new().0;
    let lines: Vec<StatementLine> = parsed
        .lines
        .into_iter()
        .enumerate()
        .map(|(index, line)| StatementLine {
            id: Uuid::now_v7(),
            statement_id,
            sequence: i32::try_from(index + 1).unwrap_or(i32::MAX),
            date: line.date,
            value_date: line.value_date,
            amount_minor: line.amount,
            description: line.description,
            reference: line.reference,
            partner_name: line.partner_name,
            partner_id: line
                .iban
                .as_deref()
                .and_then(normal_iban)
                .and_then(|iban| partners.get(&iban).copied()),
            iban: line.iban,
            // Nothing is matched yet: unmatched, or matched for a line of zero.
            state: LineState::of(line.amount, 0),
            matched_minor: 0,
        })
        .collect();
    let line_count = i64::try_from(lines.len()).unwrap_or(i64::MAX);
    let matched_count = i64::try_from(
        lines
            .iter()
            .filter(|line| line.state == LineState::Matched)
            .count(),
    )
    .unwrap_or(i64::MAX);
    let statement = Statement {
        id: statement_id,
        journal_id: journal_id.0,
        name: name
            .or(parsed.reference.clone())
            .unwrap_or_else(|| format!("{} {date_from} to {date_to}", journal.code)),
        reference: parsed.reference.clone(),
        date_from,
        date_to,
        currency: ctx.currency.code.to_owned(),
        format,
        opening_minor: opening,
        closing_minor: closing,
        fingerprint,
        line_count: i32::try_from(line_count).unwrap_or(i32::MAX),
        matched_count: i32::try_from(matched_count).unwrap_or(i32::MAX),
        state: StatementState::of(matched_count, line_count),
        created_at: now,
        updated_at: now,
    };
    let duplicate = |error: sea_orm::DbErr| {
        if is_unique_violation(&error) {
            errors::statement_duplicate(statement.id, &statement.name)
        } else {
            error.into()
        }
    };
    store::insert_statement(&*transaction, ctx.company, &statement)
        .await
        .map_err(duplicate)?;
    store::insert_lines(&*transaction, ctx.company, &lines).await?;
    transaction.emit(ctx.company, events::BANK_STATEMENT_IMPORTED, statement.id);
    transaction.commit().await?;
    Ok(view(ctx, statement, Some(lines), &[]))
}

pub async fn list_statements(
    platform: &Platform,
    ctx: &Ctx,
    query: StatementListQuery,
) -> ApiResult<Page<StatementView>> {
    let mut validation = Validation::new();
    let journal_id = query.journal_id.as_deref().and_then(|text| {
        validation.check(
            "journal_id",
            Uuid::parse_str(text).map_err(|_| "must be a UUID"),
        )
    });
    let state = query.state.as_deref().and_then(|text| {
        let state = StatementState::parse(text);
        if state.is_none() {
            validation.add(
                "state",
                format!("must be one of: {}", StatementState::codes()),
            );
        }
        state
    });
    validation.finish()?;
    let filter = StatementFilter { journal_id, state };
    let key = format!("{:?}|{:?}", filter.journal_id, filter.state);
    let page = PageRequest::parse(&query.page, &STATEMENT_LIST, &key)?;
    let (rows, total) =
        store::list_statements(platform.db.connection(), ctx.company, &filter, &page).await?;
    Ok(page
        .page(rows, total, |statement| {
            let value = match page.sort.name {
                "dateTo" => SortValue::Text(statement.date_to.to_string()),
                _ => SortValue::Integer(statement.created_at),
            };
            (value, statement.id)
        })
        .map(|statement| view(ctx, statement, None, &[])))
}

pub async fn get_statement(
    platform: &Platform,
    ctx: &Ctx,
    id: StatementId,
) -> ApiResult<StatementView> {
    let db = platform.db.connection();
    let statement = store::statement_by_id(db, ctx.company, id)
        .await?
        .ok_or_else(|| ApiError::not_found("statement"))?;
    let lines = store::statement_lines(db, ctx.company, id).await?;
    let matches = store::matches_of_statement(db, ctx.company, id).await?;
    Ok(view(ctx, statement, Some(lines), &matches))
}
