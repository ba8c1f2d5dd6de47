//! ISO 20022 camt.053 (bank to customer statement): one `Stmt` with its `Id`, the `OPBD`
//! (or `PRCD`) and `CLBD` balances (`Bal`) and one `Ntry` per movement. Elements are matched by
//! their local names, so any namespace version (camt.053.001.02 to .08) reads the same.
//!
//! A batch `Ntry` (several `TxDtls`) becomes one line per transaction when each gives its
//! amount and they add up to the entry's; otherwise one line, its counterparty kept only when
//! every transaction names the same one, its remittance texts and references joined.

use chrono::NaiveDate;
use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;

use super::{Malformed, ParsedLine, ParsedStatement, amount, line_at, non_empty};

/// What is gathered inside one `Ntry`.
#[derive(Default)]
struct Entry {
    line: usize,
    amount: Option<i64>,
    credit: Option<bool>,
    booked: Option<NaiveDate>,
    value: Option<NaiveDate>,
    bank_reference: Option<String>,
    additional: Option<String>,
    /// Its `NtryDtls/TxDtls`: one for a single transfer, several for a batch.
    transactions: Vec<Transaction>,
}

/// What is gathered inside one `TxDtls`.
#[derive(Default)]
struct Transaction {
    line: usize,
    /// `TxDtls/Amt` or `AmtDtls/TxAmt/Amt`: in the account's currency.
    amount: Option<i64>,
    /// `AmtDtls/InstdAmt/Amt`, when no amount above is given.
    instructed: Option<i64>,
    credit: Option<bool>,
    end_to_end: Option<String>,
    remittance: Vec<String>,
    debtor: Option<String>,
    creditor: Option<String>,
    debtor_iban: Option<String>,
    creditor_iban: Option<String>,
}

impl Transaction {
    /// The other side: money in names the debtor, money out the creditor.
    fn counterparty(&self, sign: i64) -> (Option<&String>, Option<&String>) {
        if sign > 0 {
            (self.debtor.as_ref(), self.debtor_iban.as_ref())
        } else {
            (self.creditor.as_ref(), self.creditor_iban.as_ref())
        }
    }
}

/// What is gathered inside one `Bal`.
#[derive(Default)]
struct Balance {
    code: Option<String>,
    amount: Option<i64>,
    credit: Option<bool>,
}

fn date(text: &str, line: usize) -> Result<NaiveDate, Malformed> {
    // `Dt` is a date; `DtTm` starts with one.
    let day = text.get(..10).unwrap_or(text);
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map_err(|_| Malformed::at(line, format!("{text:?} is not a date")))
}

fn sign(credit: Option<bool>, line: usize, what: &str) -> Result<i64, Malformed> {
    match credit {
        Some(true) => Ok(1),
        Some(false) => Ok(-1),
        None => Err(Malformed::at(line, format!("{what} has no CdtDbtInd"))),
    }
}

/// The value all of `values` share, if they do (and there is one).
fn agreed<'a>(mut values: impl Iterator<Item = Option<&'a String>>) -> Option<String> {
    let first = values.next()??;
    values
        .all(|value| value == Some(first))
        .then(|| first.clone())
}

impl Entry {
    /// The entry's statement lines: one per transaction of a batch whose transactions each
    /// give their amount and add up to the entry's, else one for the entry, with the
    /// counterparty only when every transaction names the same.
    fn finish(self) -> Result<Vec<ParsedLine>, Malformed> {
        let line = self.line;
        let amount = self
            .amount
            .ok_or_else(|| Malformed::at(line, "Ntry has no Amt"))?;
        let sign = sign(self.credit, line, "Ntry")?;
        let date = self
            .booked
            .or(self.value)
            .ok_or_else(|| Malformed::at(line, "Ntry has no BookgDt"))?;
        let parsed = |source_line: usize,
                      amount: i64,
                      remittance: &[String],
                      reference: Option<String>,
                      (partner_name, iban): (Option<String>, Option<String>)| {
            ParsedLine {
                source_line,
                date,
                value_date: self.value,
                amount,
                description: non_empty(&remittance.join(" "))
                    .or(self.additional.clone())
                    .unwrap_or_default(),
                reference: reference.or(self.bank_reference.clone()),
                partner_name,
                iban,
                balance: None,
            }
        };
        let split: Option<Vec<i64>> = self
            .transactions
            .iter()
            .map(|transaction| {
                let sign = match transaction.credit {
                    None => sign,
                    credit => self::sign(credit, transaction.line, "TxDtls").ok()?,
                };
                Some(sign * transaction.amount.or(transaction.instructed)?)
            })
            .collect();
        if let Some(amounts) = split
            .filter(|amounts| amounts.len() > 1 && amounts.iter().sum::<i64>() == sign * amount)
        {
            return Ok(self
                .transactions
                .iter()
                .zip(amounts)
                .map(|(transaction, amount)| {
                    let (name, iban) = transaction.counterparty(amount.signum());
                    parsed(
                        transaction.line,
                        amount,
                        &transaction.remittance,
                        transaction.end_to_end.clone(),
                        (name.cloned(), iban.cloned()),
                    )
                })
                .collect());
        }
        let transactions = &self.transactions;
        let remittance: Vec<String> = transactions
            .iter()
            .flat_map(|transaction| transaction.remittance.iter().cloned())
            .collect();
        let mut references: Vec<&str> = Vec::new();
        for reference in transactions.iter().filter_map(|t| t.end_to_end.as_deref()) {
            if !references.contains(&reference) {
                references.push(reference);
            }
        }
        let counterparty = (
            agreed(transactions.iter().map(|t| t.counterparty(sign).0)),
            agreed(transactions.iter().map(|t| t.counterparty(sign).1)),
        );
        Ok(vec![parsed(
            line,
            sign * amount,
            &remittance,
            non_empty(&references.join(" ")),
            counterparty,
        )])
    }
}

/// Where the reader is: the local names of the open elements.
struct Path(Vec<String>);

impl Path {
    fn ends_with(&self, tail: &[&str]) -> bool {
        self.0.len() >= tail.len()
            && self.0[self.0.len() - tail.len()..]
                .iter()
                .zip(tail)
                .all(|(name, wanted)| name == wanted)
    }

    fn has(&self, name: &str) -> bool {
        self.0.iter().any(|open| open == name)
    }
}

/// Reads one camt.053 statement.
pub fn read_camt053(content: &str, exponent: u8) -> Result<ParsedStatement, Malformed> {
    let mut reader = Reader::from_str(content);
    let mut path = Path(Vec::new());
    let mut statement = ParsedStatement::default();
    let mut statements = 0;
    let mut entry: Option<Entry> = None;
    let mut balance: Option<Balance> = None;
    let mut text = String::new();
    loop {
        let offset = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event().map_err(|error| {
            let at = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
            Malformed::at(
                line_at(content, at),
                format!("not well-formed XML: {error}"),
            )
        })?;
        let line = line_at(content, offset);
        match event {
            Event::Start(start) => {
                let name = start.local_name().as_ref().to_owned();
                match name.as_str() {
                    "Stmt" => statements += 1,
                    "Ntry" => {
                        entry = Some(Entry {
                            line,
                            ..Entry::default()
                        })
                    }
                    "TxDtls" => {
                        if let Some(entry) = entry.as_mut() {
                            entry.transactions.push(Transaction {
                                line,
                                ..Transaction::default()
                            });
                        }
                    }
                    "Bal" => balance = Some(Balance::default()),
                    "Amt" => {
                        if let Ok(Some(currency)) = start.try_get_attribute("Ccy") {
                            let code = currency.value.into_owned();
                            if statement.currency.get_or_insert_with(|| code.clone()) != &code {
                                return Err(Malformed::at(
                                    line,
                                    format!("amount in {code}, not in the statement's currency"),
                                ));
                            }
                        }
                    }
                    _ => {}
                }
                path.0.push(name);
                text.clear();
            }
            Event::Text(chunk) => text.push_str(&chunk.xml10_content()),
            Event::CData(chunk) => text.push_str(&chunk),
            Event::GeneralRef(reference) => {
                if let Ok(Some(c)) = reference.resolve_char_ref() {
                    text.push(c);
                } else if let Some(resolved) = resolve_predefined_entity(&reference) {
                    text.push_str(resolved);
                }
            }
            Event::End(_) => {
                let value = std::mem::take(&mut text);
                let value = value.trim();
                if statements > 1 {
                    return Err(Malformed::at(
                        line,
                        "the file holds more than one Stmt; import them one by one",
                    ));
                }
                read_value(
                    &path,
                    value,
                    line,
                    exponent,
                    &mut statement,
                    entry.as_mut(),
                    balance.as_mut(),
                )?;
                let closed = path.0.pop().unwrap_or_default();
                match closed.as_str() {
                    "Ntry" => {
                        if let Some(done) = entry.take() {
                            statement.lines.extend(done.finish()?);
                        }
                    }
                    "Bal" => {
                        if let Some(done) = balance.take() {
                            let minor = done
                                .amount
                                .ok_or_else(|| Malformed::at(line, "Bal has no Amt"))?;
                            let signed = sign(done.credit, line, "Bal")? * minor;
                            match done.code.as_deref() {
                                Some("OPBD" | "PRCD") => statement.opening = Some(signed),
                                Some("CLBD") => statement.closing = Some(signed),
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => {
                if let Some(open) = path.0.last() {
                    return Err(Malformed::at(
                        line_at(content, content.len()),
                        format!("the file ends inside <{open}> (truncated?)"),
                    ));
                }
                break;
            }
            _ => {}
        }
    }
    if statements == 0 {
        return Err(Malformed::at(
            1,
            "no BkToCstmrStmt/Stmt element: not a camt.053 statement",
        ));
    }
    if statement.opening.is_none() || statement.closing.is_none() {
        return Err(Malformed::at(
            line_at(content, content.len()),
            "the statement lacks an OPBD or CLBD balance",
        ));
    }
    Ok(statement)
}

/// Keeps the text of a closing element where it belongs.
fn read_value(
    path: &Path,
    value: &str,
    line: usize,
    exponent: u8,
    statement: &mut ParsedStatement,
    entry: Option<&mut Entry>,
    balance: Option<&mut Balance>,
) -> Result<(), Malformed> {
    let money = || {
        amount(value, '.', exponent)
            .ok_or_else(|| Malformed::at(line, format!("{value:?} is not an amount")))
    };
    if let Some(balance) = balance {
        if path.ends_with(&["Tp", "CdOrPrtry", "Cd"]) {
            balance.code = Some(value.to_owned());
        } else if path.ends_with(&["Bal", "Amt"]) {
            balance.amount = Some(money()?);
        } else if path.ends_with(&["Bal", "CdtDbtInd"]) {
            balance.credit = Some(value == "CRDT");
        }
        return Ok(());
    }
    let Some(entry) = entry else {
        if path.ends_with(&["Stmt", "Id"]) {
            statement.reference = non_empty(value);
        }
        return Ok(());
    };
    if let Some(transaction) = entry.transactions.last_mut().filter(|_| path.has("TxDtls")) {
        if path.ends_with(&["TxDtls", "Amt"]) || path.ends_with(&["AmtDtls", "TxAmt", "Amt"]) {
            transaction.amount = Some(money()?);
        } else if path.ends_with(&["AmtDtls", "InstdAmt", "Amt"]) {
            transaction.instructed = Some(money()?);
        } else if path.ends_with(&["TxDtls", "CdtDbtInd"]) {
            transaction.credit = Some(value == "CRDT");
        } else if path.ends_with(&["Refs", "EndToEndId"]) && value != "NOTPROVIDED" {
            transaction.end_to_end = non_empty(value);
        } else if path.ends_with(&["RmtInf", "Ustrd"]) {
            transaction.remittance.push(value.to_owned());
        } else if path.has("RltdPties") {
            if path.ends_with(&["Nm"]) && path.has("Dbtr") && !path.has("DbtrAcct") {
                transaction.debtor = non_empty(value);
            } else if path.ends_with(&["Nm"]) && path.has("Cdtr") && !path.has("CdtrAcct") {
                transaction.creditor = non_empty(value);
            } else if path.ends_with(&["DbtrAcct", "Id", "IBAN"]) {
                transaction.debtor_iban = non_empty(value);
            } else if path.ends_with(&["CdtrAcct", "Id", "IBAN"]) {
                transaction.creditor_iban = non_empty(value);
            }
        }
    } else if path.ends_with(&["Ntry", "Amt"]) {
        entry.amount = Some(money()?);
    } else if path.ends_with(&["Ntry", "CdtDbtInd"]) {
        entry.credit = Some(value == "CRDT");
    } else if path.ends_with(&["BookgDt", "Dt"]) || path.ends_with(&["BookgDt", "DtTm"]) {
        entry.booked = Some(date(value, line)?);
    } else if path.ends_with(&["ValDt", "Dt"]) || path.ends_with(&["ValDt", "DtTm"]) {
        entry.value = Some(date(value, line)?);
    } else if path.ends_with(&["Ntry", "AcctSvcrRef"]) {
        entry.bank_reference = non_empty(value);
    } else if path.ends_with(&["Ntry", "AddtlNtryInf"]) {
        entry.additional = non_empty(value);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
 <BkToCstmrStmt>
  <Stmt>
   <Id>STMT-2026-12</Id>
   <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="AED">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-30</Dt></Dt></Bal>
   <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="AED">2239.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-12-02</Dt></Dt></Bal>
   <Ntry>
    <Amt Ccy="AED">1250.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
    <BookgDt><Dt>2026-12-01</Dt></BookgDt><ValDt><Dt>2026-12-01</Dt></ValDt>
    <AcctSvcrRef>B1</AcctSvcrRef>
    <NtryDtls><TxDtls><Refs><EndToEndId>INV-2026-0001</EndToEndId></Refs>
     <RltdPties><Dbtr><Nm>Al Noor &amp; Sons</Nm></Dbtr><DbtrAcct><Id><IBAN>AE070331234567890123456</IBAN></Id></DbtrAcct></RltdPties>
     <RmtInf><Ustrd>Payment INV-2026-0001</Ustrd></RmtInf></TxDtls></NtryDtls>
   </Ntry>
   <Ntry>
    <Amt Ccy="AED">10.50</Amt><CdtDbtInd>DBIT</CdtDbtInd>
    <BookgDt><Dt>2026-12-02</Dt></BookgDt><AcctSvcrRef>FEE-1</AcctSvcrRef><AddtlNtryInf>Bank charges</AddtlNtryInf>
   </Ntry>
  </Stmt>
 </BkToCstmrStmt>
</Document>
"#;

    #[test]
    fn reads_balances_entries_and_parties() {
        let statement = read_camt053(FILE, 2).unwrap();
        assert_eq!(statement.reference.as_deref(), Some("STMT-2026-12"));
        assert_eq!(statement.currency.as_deref(), Some("AED"));
        assert_eq!(statement.opening, Some(100_000));
        assert_eq!(statement.closing, Some(223_950));
        assert_eq!(statement.lines.len(), 2);
        let first = &statement.lines[0];
        assert_eq!(first.amount, 125_000);
        assert_eq!(first.reference.as_deref(), Some("INV-2026-0001"));
        assert_eq!(first.partner_name.as_deref(), Some("Al Noor & Sons"));
        assert_eq!(first.iban.as_deref(), Some("AE070331234567890123456"));
        assert_eq!(first.source_line, 8);
        assert_eq!(statement.lines[1].amount, -1050);
        assert_eq!(statement.lines[1].description, "Bank charges");
        assert_eq!(statement.lines[1].reference.as_deref(), Some("FEE-1"));
    }

    /// The first entry of `FILE` paid as a batch of two transfers.
    fn batch(first: &str, second: &str, name: &str) -> String {
        let transaction = |amount: &str, reference: &str, name: &str| {
            format!(
                "<TxDtls><Refs><EndToEndId>{reference}</EndToEndId></Refs>\n\
                 <AmtDtls><TxAmt><Amt Ccy=\"AED\">{amount}</Amt></TxAmt></AmtDtls>\n\
                 <RltdPties><Dbtr><Nm>{name}</Nm></Dbtr></RltdPties>\n\
                 <RmtInf><Ustrd>Pays {reference}</Ustrd></RmtInf></TxDtls>"
            )
        };
        let start = FILE.find("<NtryDtls>").unwrap_or_default();
        let end = FILE.find("</NtryDtls>").unwrap_or_default();
        format!(
            "{}<NtryDtls>{}\n{}</NtryDtls>{}",
            &FILE[..start],
            transaction(first, "INV/2026/00001", "Al Noor"),
            transaction(second, "INV/2026/00002", name),
            &FILE[end + "</NtryDtls>".len()..]
        )
    }

    #[test]
    fn a_batch_with_amounts_becomes_one_line_per_transfer() {
        let statement = read_camt053(&batch("1000.00", "250.00", "Gulf Supplies"), 2).unwrap();
        assert_eq!(statement.lines.len(), 3);
        let (first, second) = (&statement.lines[0], &statement.lines[1]);
        assert_eq!((first.amount, second.amount), (100_000, 25_000));
        assert_eq!(first.reference.as_deref(), Some("INV/2026/00001"));
        assert_eq!(second.reference.as_deref(), Some("INV/2026/00002"));
        assert_eq!(first.partner_name.as_deref(), Some("Al Noor"));
        assert_eq!(second.partner_name.as_deref(), Some("Gulf Supplies"));
        assert_eq!(second.description, "Pays INV/2026/00002");
        assert_eq!((first.source_line, second.source_line), (12, 16));
        assert_eq!(first.date, second.date);
    }

    #[test]
    fn a_batch_that_does_not_add_up_stays_one_line_naming_no_one_it_cannot() {
        let statement = read_camt053(&batch("1000.00", "200.00", "Gulf Supplies"), 2).unwrap();
        assert_eq!(statement.lines.len(), 2);
        let line = &statement.lines[0];
        assert_eq!(line.amount, 125_000);
        assert_eq!(line.partner_name, None);
        assert_eq!(
            line.reference.as_deref(),
            Some("INV/2026/00001 INV/2026/00002")
        );
        assert_eq!(line.description, "Pays INV/2026/00001 Pays INV/2026/00002");
        // The same payer on both: kept.
        let same = read_camt053(&batch("1000.00", "200.00", "Al Noor"), 2).unwrap();
        assert_eq!(same.lines[0].partner_name.as_deref(), Some("Al Noor"));
    }

    #[test]
    fn a_truncated_file_is_refused() {
        let cut = &FILE[..FILE.find("<Ntry>").unwrap_or_default() + 40];
        assert!(read_camt053(cut, 2).is_err());
    }
}
