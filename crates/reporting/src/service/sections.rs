//! What the statement reports share: the columns of figures a report computes (main, then the
//! comparison or the periods), the account tree a section shows, and the section as JSON and as
//! a table.

use std::collections::{HashMap, HashSet};

use arkan_kernel::format_minor;
use arkan_ledger::books::Account;
use arkan_platform::fields::format_date;
use uuid::Uuid;

use crate::api::{ExtraColumns, PeriodView, Section, SectionRow};
use crate::params::Columns;
use crate::render::{Cell, Table};

/// How a report's figures line up with its columns: index 0 is the main column, then the
/// comparison (one) or the periods.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub compare: bool,
    pub periods: usize,
    pub exponent: u8,
}

/// A figure's JSON values: `(x, compareX, xByPeriod)`.
pub type Spread = (String, Option<String>, Option<Vec<String>>);

impl Layout {
    pub fn of(columns: &Columns, exponent: u8) -> Layout {
        Layout {
            compare: columns.compare.is_some(),
            periods: columns.periods.len(),
            exponent,
        }
    }

    pub fn money(&self, minor: i64) -> String {
        format_minor(minor, self.exponent)
    }

    /// Splits one value per column into the main value, the comparison and the periods.
    pub fn spread(&self, values: &[i64]) -> Spread {
        let main = self.money(values.first().copied().unwrap_or(0));
        let compare = self
            .compare
            .then(|| self.money(values.get(1).copied().unwrap_or(0)));
        let by_period = (self.periods > 0).then(|| {
            values
                .iter()
                .skip(1)
                .take(self.periods)
                .map(|value| self.money(*value))
                .collect()
        });
        (main, compare, by_period)
    }

    /// The table columns of an amount: `amount`, then `compareAmount` or one per period.
    pub fn amount_headings(&self, name: &str, columns: &Columns) -> Vec<String> {
        let mut headings = vec![name.to_owned()];
        if self.compare {
            let mut capital = name.to_owned();
            if let Some(first) = capital.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            headings.push(format!("compare{capital}"));
        }
        for period in &columns.periods {
            headings.push(format!("{name}ByPeriod.{}", period.label));
        }
        headings
    }

    /// The table cells of an amount, in the order of [`Layout::amount_headings`].
    pub fn amount_cells(&self, values: &[i64]) -> Vec<Cell> {
        let count = 1 + usize::from(self.compare) + self.periods;
        (0..count)
            .map(|index| Cell::Money(values.get(index).copied().unwrap_or(0)))
            .collect()
    }
}

/// The comparison dates or the periods, as the JSON shows them.
pub fn extra_columns(columns: &Columns, as_of: bool) -> ExtraColumns {
    let mut extra = ExtraColumns::default();
    if let Some(compare) = &columns.compare {
        if as_of {
            extra.compare_as_of = Some(format_date(compare.to));
        } else {
            extra.compare_from = Some(format_date(compare.from));
            extra.compare_to = Some(format_date(compare.to));
        }
    }
    if !columns.periods.is_empty() {
        extra.periods = Some(
            columns
                .periods
                .iter()
                .map(|period| PeriodView {
                    label: period.label.clone(),
                    date_from: format_date(period.from),
                    date_to: format_date(period.to),
                })
                .collect(),
        );
    }
    extra
}

/// Values per account, debit positive, one map per column.
pub type Balances = Vec<HashMap<Uuid, i64>>;

/// A section before it is formatted: rows with one amount per column.
#[derive(Debug, Clone)]
pub struct SectionFigures {
    pub key: &'static str,
    pub name: &'static str,
    pub rows: Vec<RowFigures>,
}

#[derive(Debug, Clone)]
pub struct RowFigures {
    pub account: Option<(Uuid, String, Option<Uuid>)>,
    pub key: Option<&'static str>,
    pub name: String,
    pub level: u32,
    pub amounts: Vec<i64>,
}

impl SectionFigures {
    /// Σ level-0 rows, per column.
    pub fn totals(&self, columns: usize) -> Vec<i64> {
        let mut totals = vec![0_i64; columns];
        for row in self.rows.iter().filter(|row| row.level == 0) {
            for (total, amount) in totals.iter_mut().zip(&row.amounts) {
                *total += amount;
            }
        }
        totals
    }

    /// Adds a computed row at level 0.
    pub fn computed(&mut self, key: &'static str, name: &str, amounts: Vec<i64>) {
        self.rows.push(RowFigures {
            account: None,
            key: Some(key),
            name: name.to_owned(),
            level: 0,
            amounts,
        });
    }

    pub fn view(&self, layout: &Layout, columns: usize) -> Section {
        let rows = self
            .rows
            .iter()
            .map(|row| {
                let (amount, compare_amount, amount_by_period) = layout.spread(&row.amounts);
                SectionRow {
                    account_id: row.account.as_ref().map(|(id, _, _)| *id),
                    key: row.key.map(str::to_owned),
                    code: row.account.as_ref().map(|(_, code, _)| code.clone()),
                    name: row.name.clone(),
                    parent_id: row.account.as_ref().and_then(|(_, _, parent)| *parent),
                    level: row.level,
                    amount,
                    compare_amount,
                    amount_by_period,
                }
            })
            .collect();
        let (total, compare_total, total_by_period) = layout.spread(&self.totals(columns));
        Section {
            key: self.key.to_owned(),
            name: self.name.to_owned(),
            rows,
            total,
            compare_total,
            total_by_period,
        }
    }
}

/// The chart of accounts by code, with its tree.
pub struct Chart {
    accounts: Vec<Account>,
    by_id: HashMap<Uuid, usize>,
}

impl Chart {
    pub fn new(mut accounts: Vec<Account>) -> Chart {
        accounts.sort_by(|left, right| left.code.cmp(&right.code));
        let by_id = accounts
            .iter()
            .enumerate()
            .map(|(index, account)| (account.id, index))
            .collect();
        Chart { accounts, by_id }
    }

    /// The ids of the accounts of these types.
    pub fn of_types(&self, types: &[&str]) -> Vec<Uuid> {
        self.accounts
            .iter()
            .filter(|account| types.contains(&account.account_type.as_str()))
            .map(|account| account.id)
            .collect()
    }

    /// Σ of the accounts of these types, per column, debit positive.
    pub fn sum(&self, balances: &Balances, types: &[&str]) -> Vec<i64> {
        let ids = self.of_types(types);
        balances
            .iter()
            .map(|column| ids.iter().filter_map(|id| column.get(id)).sum())
            .collect()
    }

    /// The section of the accounts of `types`: those with an amount in any column and their
    /// ancestors, depth first by code, each parent including its descendants. `sign` is +1
    /// for debit-positive sections, −1 for credit-positive ones.
    pub fn section(
        &self,
        key: &'static str,
        name: &'static str,
        types: &[&str],
        balances: &Balances,
        sign: i64,
    ) -> SectionFigures {
        let columns = balances.len();
        let own = |account: &Account| -> Vec<i64> {
            if types.contains(&account.account_type.as_str()) {
                balances
                    .iter()
                    .map(|column| column.get(&account.id).copied().unwrap_or(0) * sign)
                    .collect()
            } else {
                vec![0; columns]
            }
        };
        // The accounts shown: those with an amount, and every ancestor of one.
        let mut shown: HashSet<Uuid> = HashSet::new();
        for account in &self.accounts {
            if !types.contains(&account.account_type.as_str())
                || own(account).iter().all(|amount| *amount == 0)
            {
                continue;
            }
            let mut current = Some(account.id);
            while let Some(id) = current {
                if !shown.insert(id) {
                    break;
                }
                current = self
                    .by_id
                    .get(&id)
                    .and_then(|index| self.accounts[*index].parent_id);
            }
        }
        let mut children: HashMap<Option<Uuid>, Vec<usize>> = HashMap::new();
        for (index, account) in self.accounts.iter().enumerate() {
            if !shown.contains(&account.id) {
                continue;
            }
            let parent = account.parent_id.filter(|parent| shown.contains(parent));
            children.entry(parent).or_default().push(index);
        }
        let mut rows = Vec::new();
        let mut visited = HashSet::new();
        if let Some(roots) = children.get(&None) {
            for root in roots {
                self.walk(*root, 0, &children, &own, &mut visited, &mut rows);
            }
        }
        SectionFigures { key, name, rows }
    }

    /// Adds the row of `index` and its descendants; returns the row's amounts.
    fn walk(
        &self,
        index: usize,
        level: u32,
        children: &HashMap<Option<Uuid>, Vec<usize>>,
        own: &dyn Fn(&Account) -> Vec<i64>,
        visited: &mut HashSet<usize>,
        rows: &mut Vec<RowFigures>,
    ) -> Vec<i64> {
        let account = &self.accounts[index];
        let mut amounts = own(account);
        if !visited.insert(index) {
            return amounts;
        }
        let position = rows.len();
        rows.push(RowFigures {
            account: Some((account.id, account.code.clone(), account.parent_id)),
            key: None,
            name: account.name.clone(),
            level,
            amounts: Vec::new(),
        });
        if let Some(kids) = children.get(&Some(account.id)) {
            for kid in kids {
                let theirs = self.walk(*kid, level + 1, children, own, visited, rows);
                for (amount, their) in amounts.iter_mut().zip(theirs) {
                    *amount += their;
                }
            }
        }
        rows[position].amounts.clone_from(&amounts);
        amounts
    }
}

/// The sections as a table: a leading `section` column, then the row fields, then the amounts.
pub fn sections_table(
    sections: &[SectionFigures],
    layout: &Layout,
    columns: &Columns,
    total: (&str, &[i64]),
) -> Table {
    let mut headings: Vec<String> = [
        "section",
        "accountId",
        "key",
        "code",
        "name",
        "parentId",
        "level",
    ]
    .iter()
    .map(|name| (*name).to_owned())
    .collect();
    headings.extend(layout.amount_headings("amount", columns));
    let mut rows = Vec::new();
    for section in sections {
        for row in &section.rows {
            let mut cells = vec![
                Cell::text(section.key),
                Cell::optional(row.account.as_ref().map(|(id, _, _)| *id)),
                Cell::optional(row.key),
                Cell::optional(row.account.as_ref().map(|(_, code, _)| code.clone())),
                Cell::text(row.name.clone()),
                Cell::optional(row.account.as_ref().and_then(|(_, _, parent)| *parent)),
                Cell::Count(i64::from(row.level)),
            ];
            cells.extend(layout.amount_cells(&row.amounts));
            rows.push(cells);
        }
    }
    let mut last = vec![
        Cell::text("Total"),
        Cell::Empty,
        Cell::text(total.0),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
    ];
    last.extend(layout.amount_cells(total.1));
    Table {
        columns: headings,
        rows,
        total: Some(last),
    }
}
