//! Bank statements (`/accounting/bank-reconciliation/statements`): one statement in each
//! format, duplicates, statements that do not add up, files that cannot be read, tenancy and
//! roles.

use arkan_testkit::{Company, Reply, TestApp};
use axum::http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use super::matching::{MATCH, UNMATCH};

pub const STATEMENTS: &str = "/api/v1/accounting/bank-reconciliation/statements";

pub const CLIENT_IBAN: &str = "AE070331234567890123456";

/// December 2026 on the bank account: 1,000.00 at the start, Al Noor pays 1,250.00 for its
/// invoice, the bank takes 10.50 in charges, 2,239.50 at the end.
pub const CAMT053: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
 <BkToCstmrStmt>
  <GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2026-12-03T08:00:00</CreDtTm></GrpHdr>
  <Stmt>
   <Id>STMT-2026-12</Id>
   <Acct><Id><IBAN>AE460260001015555555501</IBAN></Id><Ccy>AED</Ccy></Acct>
   <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="AED">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-30</Dt></Dt></Bal>
   <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="AED">2239.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-12-02</Dt></Dt></Bal>
   <Ntry>
    <Amt Ccy="AED">1250.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
    <BookgDt><Dt>2026-12-01</Dt></BookgDt><ValDt><Dt>2026-12-01</Dt></ValDt>
    <AcctSvcrRef>B-1</AcctSvcrRef>
    <NtryDtls><TxDtls>
     <Refs><EndToEndId>INV-2026-0001</EndToEndId></Refs>
     <RltdPties><Dbtr><Nm>Al Noor Trading</Nm></Dbtr><DbtrAcct><Id><IBAN>AE070331234567890123456</IBAN></Id></DbtrAcct></RltdPties>
     <RmtInf><Ustrd>Payment INV-2026-0001</Ustrd></RmtInf>
    </TxDtls></NtryDtls>
   </Ntry>
   <Ntry>
    <Amt Ccy="AED">10.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
    <BookgDt><Dt>2026-12-02</Dt></BookgDt><ValDt><Dt>2026-12-02</Dt></ValDt>
    <AcctSvcrRef>FEE-1</AcctSvcrRef><AddtlNtryInf>Bank charges</AddtlNtryInf>
   </Ntry>
  </Stmt>
 </BkToCstmrStmt>
</Document>
"#;

pub const MT940: &str = "{1:F01EBILAEADAXXX0000000000}{2:I940EBILAEADXXXXN}{4:\n\
:20:STMT-2026-12\n\
:25:AE460260001015555555501\n\
:28C:12/1\n\
:60F:C261130AED1000,00\n\
:61:2612011201C1250,00NTRFINV-2026-0001//B-1\n\
:86:/NAME/Al Noor Trading/IBAN/AE07 0331 2345 6789 0123 456/REMI/Payment INV-2026-0001\n\
:61:2612021202D10,50NCHGNONREF//FEE-1\n\
:86:Bank charges\n\
:62F:C261202AED2239,50\n\
-}\n";

pub const CSV: &str = "Date;Details;Debit;Credit;Reference;Counterparty;IBAN;Balance\n\
01/12/2026;\"Payment INV-2026-0001\";;1.250,00;INV-2026-0001;Al Noor Trading;AE070331234567890123456;2.250,00\n\
02/12/2026;Bank charges;10,50;;FEE-1;;;2.239,50\n";

pub fn csv_options() -> Value {
    json!({"delimiter": ";", "dateFormat": "DD/MM/YYYY", "decimalSeparator": ",",
        "columns": {"date": "Date", "description": "Details", "debit": "Debit", "credit": "Credit",
            "reference": "Reference", "partnerName": "Counterparty", "iban": "IBAN", "balance": "Balance"}})
}

pub fn json_lines() -> Value {
    json!([
        {"date": "2026-12-01", "valueDate": "2026-12-01", "amount": "1250.00", "description": "Payment INV-2026-0001",
         "reference": "INV-2026-0001", "partnerName": "Al Noor Trading", "iban": CLIENT_IBAN},
        {"date": "2026-12-02", "amount": -10.5, "description": "Bank charges", "reference": "FEE-1"}
    ])
}

/// The request importing the statement in `format` into `journal`.
pub fn statement_in(format: &str, journal: Uuid) -> Value {
    match format {
        "camt053" => json!({"journalId": journal, "format": "camt053", "content": CAMT053}),
        "mt940" => json!({"journalId": journal, "format": "mt940", "content": MT940}),
        "csv" => {
            json!({"journalId": journal, "format": "csv", "content": CSV, "csv": csv_options()})
        }
        _ => json!({"journalId": journal, "format": "json", "lines": json_lines(),
            "openingBalance": "1000.00", "closingBalance": "2239.50"}),
    }
}

/// A company with a TRN and the UAE chart, the client Al Noor and its bank details.
pub async fn books() -> Company {
    let company = TestApp::company()
        .trn("100123456700003")
        .with_uae_chart()
        .client("Al Noor")
        .await;
    let details = company
        .bank_details(
            company.partner("Al Noor"),
            json!({"iban": "AE07 0331 2345 6789 0123 456", "bankName": "Emirates NBD",
                "accountHolderName": "Al Noor Trading LLC"}),
        )
        .await;
    assert_eq!(details.status, StatusCode::OK, "{:?}", details.body);
    company
}

/// One more bank journal of `company`, on the bank account.
pub async fn bank_journal(company: &Company, code: &str) -> Uuid {
    let reply = company
        .post(
            "/api/v1/accounting/journals",
            json!({"name": format!("Bank {code}"), "code": code, "type": "bank",
                "defaultAccountId": company.account("101000")}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.id()
}

/// What a line says, whatever the format it came in.
fn line_facts(line: &Value) -> Value {
    json!([
        line["sequence"],
        line["date"],
        line["amount"],
        line["description"],
        line["reference"],
        line["partnerName"],
        line["iban"],
        line["partnerId"],
        line["state"],
        line["matchedAmount"]
    ])
}

/// A 400 naming `field` first.
pub fn refused_on(reply: &Reply, field: &str) {
    assert_eq!(
        reply.status,
        StatusCode::BAD_REQUEST,
        "{field}: {:?}",
        reply.body
    );
    assert_eq!(reply.body["errors"][0]["field"], field, "{:?}", reply.body);
}

async fn statement_count(company: &Company) -> Value {
    let list = company.get(STATEMENTS).await;
    assert_eq!(list.status, StatusCode::OK, "{:?}", list.body);
    list.body["meta"]["total"].clone()
}

#[tokio::test]
async fn one_statement_reads_the_same_from_csv_camt053_mt940_and_json() {
    let company = books().await;
    let client = company.partner("Al Noor");
    let mut journals = vec![company.journal("BNK1")];
    for code in ["BNK2", "BNK3", "BNK4"] {
        journals.push(bank_journal(&company, code).await);
    }
    let mut seen = Vec::new();
    for (format, journal) in ["camt053", "mt940", "csv", "json"]
        .into_iter()
        .zip(&journals)
    {
        let reply = company
            .import_statement(statement_in(format, *journal))
            .await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "{format}: {:?}",
            reply.body
        );
        let statement = reply.body;
        assert_eq!(statement["journalId"], json!(journal));
        assert_eq!(statement["format"], format);
        assert_eq!(statement["currency"], "AED");
        assert_eq!(statement["openingBalance"], "1000.00", "{format}");
        assert_eq!(statement["closingBalance"], "2239.50", "{format}");
        assert_eq!(statement["dateFrom"], "2026-12-01");
        assert_eq!(statement["dateTo"], "2026-12-02");
        assert_eq!(statement["lineCount"], 2);
        assert_eq!(statement["matchedCount"], 0);
        assert_eq!(statement["state"], "open");
        let lines = statement["lines"].as_array().cloned().unwrap_or_default();
        assert_eq!(lines.len(), 2, "{format}");
        assert_eq!(
            lines[0]["partnerId"],
            json!(client),
            "{format}: the IBAN names Al Noor"
        );
        assert_eq!(lines[1]["amount"], "-10.50");
        let facts: Vec<Value> = lines.iter().map(line_facts).collect();
        seen.push((format, facts));
    }
    let (_, first) = &seen[0];
    for (format, facts) in &seen {
        assert_eq!(facts, first, "{format} reads like camt053");
    }
    assert_eq!(first[0][2], "1250.00");
    assert_eq!(first[0][4], "INV-2026-0001");
    assert_eq!(first[0][5], "Al Noor Trading");
    assert_eq!(first[0][6], CLIENT_IBAN);
    assert_eq!(first[0][8], "unmatched");
    assert_eq!(first[0][9], "0.00");

    // The camt.053 statement is named after the bank's id and read back with its lines.
    let list = company
        .get(&format!("{STATEMENTS}?journal_id={}", journals[0]))
        .await;
    assert_eq!(list.status, StatusCode::OK, "{:?}", list.body);
    assert_eq!(list.body["meta"]["total"], 1);
    let listed = &list.body["data"][0];
    assert_eq!(listed["name"], "STMT-2026-12");
    assert_eq!(listed["reference"], "STMT-2026-12");
    assert!(listed.get("lines").is_none(), "a list leaves the lines out");
    let read = company
        .get(&format!(
            "{STATEMENTS}/{}",
            listed["id"].as_str().unwrap_or_default()
        ))
        .await;
    assert_eq!(read.status, StatusCode::OK, "{:?}", read.body);
    assert_eq!(read.body["lines"][0]["valueDate"], "2026-12-01");
    assert_eq!(read.body["lines"][1]["description"], "Bank charges");
    assert_eq!(statement_count(&company).await, 4);
    let by_day = company
        .get(&format!("{STATEMENTS}?sort=dateTo&order=asc&limit=3"))
        .await;
    assert_eq!(by_day.status, StatusCode::OK, "{:?}", by_day.body);
    assert_eq!(by_day.body["meta"]["hasMore"], true);
}

#[tokio::test]
async fn the_same_statement_twice_is_refused_whatever_its_format() {
    let company = books().await;
    let journal = company.journal("BNK1");
    let first = company
        .imported_statement(statement_in("camt053", journal))
        .await;
    for format in ["camt053", "mt940", "json"] {
        let again = company
            .import_statement(statement_in(format, journal))
            .await;
        assert_eq!(
            again.status,
            StatusCode::CONFLICT,
            "{format}: {:?}",
            again.body
        );
        assert_eq!(again.code(), "statement_duplicate");
        assert_eq!(again.body["statementId"], json!(first));
    }
    // Another bank account may receive the same movements.
    let other = bank_journal(&company, "BNK2").await;
    company
        .imported_statement(statement_in("mt940", other))
        .await;
    assert_eq!(statement_count(&company).await, 2);
}

#[tokio::test]
async fn a_statement_that_does_not_add_up_is_refused_naming_the_difference() {
    let company = books().await;
    let journal = company.journal("BNK1");
    let mut body = statement_in("json", journal);
    body["closingBalance"] = json!("2240.00");
    let reply = company.import_statement(body).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{:?}", reply.body);
    assert_eq!(reply.code(), "statement_unbalanced");
    assert_eq!(reply.body["difference"], "0.50");
    assert!(
        reply.body["message"]
            .as_str()
            .unwrap_or_default()
            .contains("0.50")
    );

    let camt = CAMT053.replace(">2239.50<", ">2239.00<");
    let reply = company
        .import_statement(json!({"journalId": journal, "format": "camt053", "content": camt}))
        .await;
    assert_eq!(reply.code(), "statement_unbalanced");
    assert_eq!(reply.body["difference"], "-0.50");

    let csv = CSV.replace(";2.239,50", ";2.240,50");
    let reply = company
        .import_statement(
            json!({"journalId": journal, "format": "csv", "content": csv, "csv": csv_options()}),
        )
        .await;
    assert_eq!(reply.code(), "statement_unbalanced", "{:?}", reply.body);
    assert!(
        reply.body["message"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Line 3")
    );
    assert_eq!(statement_count(&company).await, 0);
}

#[tokio::test]
async fn files_that_cannot_be_read_name_their_line_and_write_nothing() {
    let company = books().await;
    let journal = company.journal("BNK1");
    let cut = &CAMT053[..CAMT053.find("<AcctSvcrRef>FEE-1").unwrap_or_default()];
    let bad_files = [
        ("camt053", cut.to_owned(), 23),
        (
            "camt053",
            CAMT053.replace(
                "<Amt Ccy=\"AED\">1250.00</Amt>",
                "<Amt Ccy=\"AED\">12,5O</Amt>",
            ),
            11,
        ),
        ("mt940", MT940.replace(":28C:", ":99:"), 4),
        ("mt940", MT940.replace("D10,50NCHG", "X10,50NCHG"), 8),
        ("csv", CSV.replace("02/12/2026", "2026-12-02"), 3),
    ];
    for (format, content, line) in bad_files {
        let mut body = json!({"journalId": journal, "format": format, "content": content});
        if format == "csv" {
            body["csv"] = csv_options();
        }
        let reply = company.import_statement(body).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{format}: {:?}",
            reply.body
        );
        assert_eq!(
            reply.code(),
            "statement_malformed",
            "{format}: {:?}",
            reply.body
        );
        assert_eq!(reply.body["line"], line, "{format}: {:?}", reply.body);
        assert_eq!(reply.body["errors"][0]["field"], "content");
    }
    assert_eq!(statement_count(&company).await, 0);
}

#[tokio::test]
async fn an_import_that_is_not_a_statement_for_a_bank_journal_is_refused() {
    let company = books().await;
    let journal = company.journal("BNK1");
    let cases = [
        (
            json!({"journalId": company.journal("INV"), "format": "json", "lines": json_lines()}),
            "journalId",
        ),
        (
            json!({"journalId": journal, "format": "pdf", "content": "x"}),
            "format",
        ),
        (
            json!({"journalId": journal, "format": "csv", "content": CSV}),
            "csv",
        ),
        (json!({"journalId": journal, "format": "mt940"}), "content"),
        (
            json!({"journalId": journal, "format": "json", "lines": []}),
            "lines",
        ),
        (
            json!({"journalId": journal, "format": "json", "lines": [{"date": "2026-13-01", "amount": "1", "description": "x"}]}),
            "lines[0].date",
        ),
        (
            json!({"journalId": journal, "format": "json", "lines": [{"date": "2026-12-01", "amount": "1.001", "description": "x"}]}),
            "lines[0].amount",
        ),
        (
            json!({"journalId": journal, "format": "camt053", "content": CAMT053.replace("Ccy=\"AED\"", "Ccy=\"USD\"")}),
            "content",
        ),
    ];
    for (body, field) in cases {
        refused_on(&company.import_statement(body).await, field);
    }
    let mut options = csv_options();
    options["columns"]["amount"] = json!("Credit");
    let both = company
        .import_statement(
            json!({"journalId": journal, "format": "csv", "content": CSV, "csv": options}),
        )
        .await;
    assert_eq!(
        both.body["errors"][0]["field"], "csv.columns",
        "{:?}",
        both.body
    );
    assert_eq!(statement_count(&company).await, 0);
}

#[tokio::test]
async fn another_companys_statement_and_journal_are_not_found() {
    let company = books().await;
    let statement = company
        .imported_statement(statement_in("json", company.journal("BNK1")))
        .await;
    let other = company.another_company("Other LLC").await;
    let app = &company.app;
    let read = app
        .get(
            &format!("{STATEMENTS}/{statement}"),
            &company.token,
            Some(other),
        )
        .await;
    assert_eq!(read.status, StatusCode::NOT_FOUND, "{:?}", read.body);
    assert_eq!(read.code(), "statement_not_found");
    let list = app.get(STATEMENTS, &company.token, Some(other)).await;
    assert_eq!(list.body["meta"]["total"], 0);
    let import = app
        .post(
            STATEMENTS,
            &company.token,
            Some(other),
            statement_in("mt940", company.journal("BNK1")),
        )
        .await;
    assert_eq!(import.status, StatusCode::NOT_FOUND, "{:?}", import.body);
    assert_eq!(import.code(), "journal_not_found");
}

#[tokio::test]
async fn a_viewer_reads_statements_but_cannot_import_one() {
    let company = books().await;
    company
        .imported_statement(statement_in("json", company.journal("BNK1")))
        .await;
    let (_, viewer) = company.member("viewer@arkan.test", "viewer").await;
    let (_, accountant) = company.member("accountant@arkan.test", "accountant").await;
    let app = &company.app;
    let other = bank_journal(&company, "BNK2").await;
    let refused = app
        .post(
            STATEMENTS,
            &viewer,
            Some(company.id),
            statement_in("csv", other),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{:?}", refused.body);
    let list = app.get(STATEMENTS, &viewer, Some(company.id)).await;
    assert_eq!(list.status, StatusCode::OK, "{:?}", list.body);
    assert_eq!(list.body["meta"]["total"], 1);
    let imported = app
        .post(
            STATEMENTS,
            &accountant,
            Some(company.id),
            statement_in("csv", other),
        )
        .await;
    assert_eq!(imported.status, StatusCode::CREATED, "{:?}", imported.body);
}

#[tokio::test]
async fn a_file_starting_with_a_byte_order_mark_imports() {
    let company = books().await;
    for (format, code) in [("csv", "BNK2"), ("camt053", "BNK3"), ("mt940", "BNK4")] {
        let journal = bank_journal(&company, code).await;
        let mut body = statement_in(format, journal);
        let content = body["content"].as_str().unwrap_or_default();
        body["content"] = json!(format!("\u{feff}{content}"));
        let reply = company.import_statement(body).await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "{format}: {:?}",
            reply.body
        );
        assert_eq!(reply.body["lineCount"], 2);
        assert_eq!(reply.body["closingBalance"], "2239.50");
        assert_eq!(reply.body["lines"][0]["amount"], "1250.00");
        assert_eq!(
            reply.body["lines"][0]["partnerId"],
            json!(company.partner("Al Noor"))
        );
    }
}

#[tokio::test]
async fn an_mt940_file_of_several_statements_is_refused_where_the_second_starts() {
    let company = books().await;
    let january = MT940
        .replace("STMT-2026-12", "STMT-2027-01")
        .replace(":28C:12/1", ":28C:1/1");
    let content = format!("{MT940}{january}");
    let reply = company
        .import_statement(
            json!({"journalId": company.journal("BNK1"), "format": "mt940", "content": content}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{:?}", reply.body);
    assert_eq!(reply.code(), "statement_malformed");
    // Line 12 is the second message's header, its :20: line 13.
    assert_eq!(reply.body["line"], 13, "{:?}", reply.body);
    assert_eq!(reply.body["errors"][0]["field"], "content");
    let message = reply.body["errors"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(message.contains("multiple statements"), "{message}");
    assert!(message.contains("split"), "{message}");
    assert_eq!(statement_count(&company).await, 0);
}

/// The December camt.053 statement with Al Noor's 1,250.00 received as a batch of two
/// transfers: Al Noor's (with its IBAN) and Gulf Supplies' of `second`.
fn camt053_batch(second: &str) -> String {
    let start = CAMT053.find("<NtryDtls>").unwrap_or_default();
    let end = CAMT053.find("</NtryDtls>").unwrap_or_default() + "</NtryDtls>".len();
    let batch = format!(
        "<NtryDtls><Btch><NbOfTxs>2</NbOfTxs></Btch>
     <TxDtls><Refs><EndToEndId>INV/2026/00001</EndToEndId></Refs>
      <AmtDtls><TxAmt><Amt Ccy=\"AED\">1000.00</Amt></TxAmt></AmtDtls>
      <RltdPties><Dbtr><Nm>Al Noor Trading</Nm></Dbtr><DbtrAcct><Id><IBAN>{CLIENT_IBAN}</IBAN></Id></DbtrAcct></RltdPties>
      <RmtInf><Ustrd>Payment INV/2026/00001</Ustrd></RmtInf></TxDtls>
     <TxDtls><Refs><EndToEndId>INV/2026/00002</EndToEndId></Refs>
      <AmtDtls><TxAmt><Amt Ccy=\"AED\">{second}</Amt></TxAmt></AmtDtls>
      <RltdPties><Dbtr><Nm>Gulf Supplies</Nm></Dbtr></RltdPties>
      <RmtInf><Ustrd>Payment INV/2026/00002</Ustrd></RmtInf></TxDtls></NtryDtls>"
    );
    format!("{}{batch}{}", &CAMT053[..start], &CAMT053[end..])
}

#[tokio::test]
async fn a_camt053_batch_becomes_one_line_per_transfer_when_its_amounts_add_up() {
    let company = books().await;
    let split = company
        .import_statement(
            json!({"journalId": company.journal("BNK1"), "format": "camt053",
            "content": camt053_batch("250.00")}),
        )
        .await;
    assert_eq!(split.status, StatusCode::CREATED, "{:?}", split.body);
    let lines = split.body["lines"].as_array().cloned().unwrap_or_default();
    let facts: Vec<Value> = lines
        .iter()
        .map(|line| {
            json!([
                line["date"],
                line["amount"],
                line["reference"],
                line["partnerName"],
                line["iban"],
                line["description"]
            ])
        })
        .collect();
    assert_eq!(
        facts,
        vec![
            json!([
                "2026-12-01",
                "1000.00",
                "INV/2026/00001",
                "Al Noor Trading",
                CLIENT_IBAN,
                "Payment INV/2026/00001"
            ]),
            json!([
                "2026-12-01",
                "250.00",
                "INV/2026/00002",
                "Gulf Supplies",
                null,
                "Payment INV/2026/00002"
            ]),
            json!(["2026-12-02", "-10.50", "FEE-1", null, null, "Bank charges"]),
        ]
    );
    assert_eq!(lines[0]["partnerId"], json!(company.partner("Al Noor")));
    assert_eq!(split.body["closingBalance"], "2239.50");

    // Amounts that do not add up keep the entry whole, naming neither payer.
    let other = bank_journal(&company, "BNK2").await;
    let whole = company
        .import_statement(json!({"journalId": other, "format": "camt053",
            "content": camt053_batch("200.00")}))
        .await;
    assert_eq!(whole.status, StatusCode::CREATED, "{:?}", whole.body);
    let line = &whole.body["lines"][0];
    assert_eq!(whole.body["lineCount"], 2);
    assert_eq!(line["amount"], "1250.00");
    assert_eq!(line["partnerName"], Value::Null);
    assert_eq!(line["iban"], Value::Null);
    assert_eq!(line["partnerId"], Value::Null);
    assert_eq!(line["reference"], "INV/2026/00001 INV/2026/00002");
    assert_eq!(
        line["description"],
        "Payment INV/2026/00001 Payment INV/2026/00002"
    );
}

#[tokio::test]
async fn a_line_of_zero_is_matched_from_its_import_so_the_statement_can_be_reconciled() {
    let company = books().await;
    let reply = company
        .import_statement(
            json!({"journalId": company.journal("BNK1"), "format": "json",
            "lines": [
                {"date": "2026-12-01", "amount": "-10.50", "description": "Bank charges"},
                {"date": "2026-12-01", "amount": "0.00", "description": "Card fee waived"}
            ]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    assert_eq!(reply.body["matchedCount"], 1);
    assert_eq!(reply.body["state"], "open");
    let line = |index: usize| reply.body["lines"][index]["id"].clone();
    assert_eq!(reply.body["lines"][1]["state"], "matched");
    assert_eq!(reply.body["lines"][1]["matchedAmount"], "0.00");
    let statement = reply.id();

    let fee_on = |line: Value| {
        company.post(
            MATCH,
            json!({"statementLineId": line, "matches": [{"accountId": company.account("604000")}]}),
        )
    };
    // Nothing is left to match or take back on it.
    let matched = fee_on(line(1)).await;
    assert_eq!(matched.status, StatusCode::CONFLICT, "{:?}", matched.body);
    assert_eq!(matched.code(), "statement_line_matched");
    let unmatched = company
        .post(UNMATCH, json!({"statementLineId": line(1)}))
        .await;
    assert_eq!(
        unmatched.status,
        StatusCode::CONFLICT,
        "{:?}",
        unmatched.body
    );
    assert_eq!(unmatched.code(), "statement_line_unmatched");

    let fee = fee_on(line(0)).await;
    assert_eq!(fee.status, StatusCode::OK, "{:?}", fee.body);
    let read = company.get(&format!("{STATEMENTS}/{statement}")).await;
    assert_eq!(read.body["state"], "reconciled", "{:?}", read.body);
    assert_eq!(read.body["matchedCount"], 2);
    let suggestions = company
        .get(&format!("{STATEMENTS}/{statement}/suggestions"))
        .await;
    assert_eq!(
        suggestions.body["data"],
        json!([]),
        "{:?}",
        suggestions.body
    );
}
