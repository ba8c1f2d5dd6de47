//! ISO 20022 camt.053 (bank to customer statement): one `Stmt` with its `Id`, the `OPBD`
//! (or `PRCD`) and `CLBD` balances (`Bal`) and one `Ntry` per movement. Elements are matched by
//! their local names, so any namespace version (camt.053.001.02 to .08) reads the same.

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
    end_to_end: Option<String>,
    remittance: Vec<String>,
    additional: Option<String>,
    debtor: Option<String>,
    creditor: Option<String>,
    debtor_iban: Option<String>,
    creditor_iban: Option<String>,
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

impl Entry {
    fn finish(self) -> Result<ParsedLine, Malformed> {
        let line = self.line;
        let amount = self
            .amount
            .ok_or_else(|| Malformed::at(line, "Ntry has no Amt"))?;
        let sign = sign(self.credit, line, "Ntry")?;
        let date = self
            .booked
            .or(self.value)
            .ok_or_else(|| Malformed::at(line, "Ntry has no BookgDt"))?;
        // Money in names the debtor as the other side; money out the creditor.
        let (partner_name, iban) = if sign > 0 {
            (self.debtor, self.debtor_iban)
        } else {
            (self.creditor, self.creditor_iban)
        };
        let remittance = self.remittance.join(" ");
        let description = non_empty(&remittance)
            .or(self.additional)
            .unwrap_or_default();
        Ok(ParsedLine {
            source_line: line,
            date,
            value_date: self.value,
            amount: sign * amount,
            description,
            reference: self.end_to_end.or(self.bank_reference),
            partner_name,
            iban,
            balance: None,
        })
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
                            statement.lines.push(done.finish()?);
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
    if path.ends_with(&["Ntry", "Amt"]) {
        entry.amount = Some(money()?);
    } else if path.ends_with(&["Ntry", "CdtDbtInd"]) {
        entry.credit = Some(value == "CRDT");
    } else if path.ends_with(&["BookgDt", "Dt"]) || path.ends_with(&["BookgDt", "DtTm"]) {
        entry.booked = Some(date(value, line)?);
    } else if path.ends_with(&["ValDt", "Dt"]) || path.ends_with(&["ValDt", "DtTm"]) {
        entry.value = Some(date(value, line)?);
    } else if path.ends_with(&["Ntry", "AcctSvcrRef"]) {
        entry.bank_reference = non_empty(value);
    } else if path.ends_with(&["Refs", "EndToEndId"]) && value != "NOTPROVIDED" {
        entry.end_to_end = non_empty(value);
    } else if path.ends_with(&["RmtInf", "Ustrd"]) {
        entry.remittance.push(value.to_owned());
    } else if path.ends_with(&["Ntry", "AddtlNtryInf"]) {
        entry.additional = non_empty(value);
    } else if path.has("RltdPties") {
        if path.ends_with(&["Nm"]) && path.has("Dbtr") && !path.has("DbtrAcct") {
            entry.debtor = non_empty(value);
        } else if path.ends_with(&["Nm"]) && path.has("Cdtr") && !path.has("CdtrAcct") {
            entry.creditor = non_empty(value);
        } else if path.ends_with(&["DbtrAcct", "Id", "IBAN"]) {
            entry.debtor_iban = non_empty(value);
        } else if path.ends_with(&["CdtrAcct", "Id", "IBAN"]) {
            entry.creditor_iban = non_empty(value);
        }
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

    #[test]
    fn a_truncated_file_is_refused() {
        let cut = &FILE[..FILE.find("<Ntry>").unwrap_or_default() + 40];
        assert!(read_camt053(cut, 2).is_err());
    }
}
