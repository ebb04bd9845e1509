//! The `commission-rules` command-line tool, run end to end on the files in `programs/`
//! and `tests/data/`: each subcommand's output and exit code (0 ok, 1 faults in the input,
//! 2 usage). Built with `--features cli`: `cargo test --features cli --test cli`.

use commission_rules::ledger::read_jsonl;
use commission_rules::{Ledger, LineKind, Outcome, RuleSet, evaluate};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::str::FromStr;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the tool from the repository's root.
fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_commission-rules"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

/// Runs the tool, checks it exited 0, and gives what it printed.
fn run_ok(args: &[&str]) -> String {
    let output = run(args);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    stdout(&output)
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// A file for one test, in cargo's scratch folder for integration tests.
fn scratch(name: &str, text: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// What the library itself makes of a program and a JSON Lines ledger.
fn library_outcome(program: &str, ledger: &str) -> Outcome {
    let program = RuleSet::from_json(&std::fs::read_to_string(root().join(program)).unwrap());
    let file = std::io::BufReader::new(std::fs::File::open(root().join(ledger)).unwrap());
    let events = read_jsonl(file).collect::<Result<Vec<_>, _>>().unwrap();
    evaluate(&program.unwrap(), &Ledger::from(events)).unwrap()
}

const ODD_IDS: &str = "tests/data/radist-odd-ids.jsonl";
/// A partner id with a comma, quotes and a newline (in `radist-odd-ids.jsonl`).
const ODD_PARTNER: &str = "Studio, \"Best\" LLC\nMoscow";

#[test]
fn help_names_the_subcommands_and_the_exit_codes() {
    let output = run(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    let help = stdout(&output);
    for word in [
        "validate",
        "statement",
        "payouts",
        "compare",
        "Exit codes: 0 ok; 1",
    ] {
        assert!(help.contains(word), "{word}: {help}");
    }
}

#[test]
fn validate_accepts_every_shipped_program() {
    let printed = run_ok(&[
        "validate",
        "programs/radist.json",
        "programs/wazzup.json",
        "programs/example-saas.json",
    ]);
    assert_eq!(
        printed,
        "programs/radist.json: ok (radist, 3 versions)\n\
         programs/wazzup.json: ok (wazzup, 1 version)\n\
         programs/example-saas.json: ok (example-saas, 1 version)\n"
    );
}

#[test]
fn validate_prints_a_fault_with_its_path_and_exits_1() {
    let wazzup = std::fs::read_to_string(root().join("programs/wazzup.json")).unwrap();
    let rate = r#""rate_percent": "20""#;
    assert!(wazzup.contains(rate));
    let broken = scratch(
        "wazzup-120.json",
        &wazzup.replacen(rate, r#""rate_percent": "120""#, 1),
    );
    let broken = broken.to_str().unwrap();
    let output = run(&["validate", "programs/radist.json", broken]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert_eq!(
        stdout(&output),
        format!(
            "programs/radist.json: ok (radist, 3 versions)\n{broken}: rule set at \
             versions[0].rules[1].rate.rate_percent: rate 120% is outside 0–100%\n"
        )
    );
}

#[test]
fn validate_of_a_missing_file_exits_2_and_still_checks_the_others() {
    let output = run(&["validate", "programs/no-such.json", "programs/radist.json"]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert_eq!(
        stdout(&output),
        "programs/radist.json: ok (radist, 3 versions)\n"
    );
    assert!(stderr(&output).starts_with("commission-rules: programs/no-such.json: cannot read"));
}

#[test]
fn statement_prints_one_month_as_csv_with_instants_in_utc() {
    let printed = run_ok(&[
        "statement",
        "--program",
        "programs/wazzup.json",
        "--ledger",
        "tests/data/wazzup-sample.csv",
        "--partner",
        "studio",
        "--month",
        "2024-02",
        "--format",
        "csv",
    ]);
    let expected = "\
partner,month,booked_at,kind,clause,rule,source_event,payment,client,amount,currency,in_balance,due,note,id
studio,2024-02,2024-01-31T21:00:00Z,accrual,W-2,W-2,agency-jan,agency-jan,us-agency,927.00,RUB,true,,,agency-jan/W-2/0
studio,2024-02,2024-02-03T09:00:00Z,purchase,W-9,W-9,bakery-waba,bakery-waba,bakery,-9000.00,RUB,true,,bought for the client: 10000.00 RUB list price − 1000.00 RUB discount,bakery-waba/W-9/0
studio,2024-02,2024-02-10T09:00:00Z,return,W-8,W-8.cancellation,bakery-cancels,bakery-jan,bakery,880.65,RUB,true,,unused 14 of 31 paid days of payment bakery-jan (debited 1950.00 RUB),bakery-cancels/W-8.cancellation/0
studio,2024-02,2024-02-03T09:00:00Z,discount,W-5,W-5.partner,bakery-waba,bakery-waba,bakery,1000.00,RUB,false,,\"list price 10000.00 RUB, the partner pays 9000.00 RUB\",bakery-waba/W-5.partner/0
";
    assert_eq!(printed, expected);
}

#[test]
fn statement_prints_aligned_tables_by_default() {
    let output = run(&[
        "statement",
        "--program",
        "programs/wazzup.json",
        "--ledger",
        "tests/data/wazzup-sample.jsonl",
        "--month",
        "2024-03",
    ]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let table = stdout(&output);
    assert!(table.starts_with("Statement studio 2024-03 (RUB, UTC+03:00), provisional\n"));
    assert!(table.contains(
        "  closing balance                                                           8834.65\n"
    ));
    // Long ids: every amount of the long partner's statement ends in one column.
    let output = run(&[
        "statement",
        "--program",
        "programs/radist.json",
        "--ledger",
        ODD_IDS,
    ]);
    let table = stdout(&output);
    let long = table
        .split("\n\n")
        .find(|s| s.starts_with("Statement integrator-with-a-very-long-partner-identifier"))
        .unwrap();
    let widths: Vec<usize> = long
        .lines()
        .filter(|row| row.ends_with(".00") || row.ends_with(".82"))
        .filter(|row| !row.contains("payout due"))
        .map(|row| row.chars().count())
        .collect();
    assert_eq!(widths.len(), 4, "{long}");
    assert!(widths.iter().all(|width| *width == widths[0]), "{long}");
}

#[test]
fn statement_as_json_is_the_library_s_statements() {
    let printed = run_ok(&[
        "statement",
        "--program",
        "programs/radist.json",
        "--ledger",
        ODD_IDS,
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&printed).unwrap();
    let outcome = library_outcome("programs/radist.json", ODD_IDS);
    assert_eq!(json, serde_json::to_value(&outcome.statements).unwrap());
    assert_eq!(json[0]["payouts_due"][0]["due"], "2024-03-13T12:00:00Z");
    assert_eq!(json[0]["partner"], ODD_PARTNER);
}

#[test]
fn a_ledger_with_a_fault_exits_1_naming_the_line_or_the_event() {
    let bad_line = scratch(
        "bad-line.jsonl",
        "{\"id\":\"e1\",\"at\":\"2024-03-01T09:00:00Z\"}\n",
    );
    let bad_event = scratch(
        "bad-event.jsonl",
        "{\"id\":\"pay\",\"at\":\"2024-03-10T12:00:00Z\",\"type\":\"payment\",\"client\":\"ghost\",\
         \"payment_kind\":\"subscription\",\"paid_by\":\"client\",\
         \"amount\":{\"amount\":\"5000.00\",\"currency\":\"RUB\"}}\n",
    );
    for (ledger, says) in [(&bad_line, "line 1: "), (&bad_event, "event pay: ")] {
        let ledger = ledger.to_str().unwrap();
        for command in ["statement", "payouts"] {
            let output = run(&[
                command,
                "--program",
                "programs/radist.json",
                "--ledger",
                ledger,
            ]);
            assert_eq!(output.status.code(), Some(1), "{output:?}");
            assert_eq!(stdout(&output), "");
            let message = stderr(&output);
            assert!(
                message.starts_with(&format!("commission-rules: {ledger}: {says}")),
                "{message}"
            );
            assert_eq!(message.lines().count(), 1, "{message}");
        }
    }
}

#[test]
fn bad_flags_and_unreadable_files_exit_2() {
    let program = ["--program", "programs/wazzup.json"];
    let ledger = ["--ledger", "tests/data/wazzup-sample.jsonl"];
    let cases: Vec<Vec<&str>> = vec![
        vec![],
        vec!["no-such-command"],
        vec!["statement", "--colour", "blue"],
        [&["statement"][..], &program[..]].concat(),
        [
            &["statement"][..],
            &program,
            &ledger,
            &["--month", "2024-13"],
        ]
        .concat(),
        [&["statement"][..], &program, &ledger, &["--format", "xml"]].concat(),
        [&["payouts"][..], &program, &ledger, &["--format", "table"]].concat(),
        vec![
            "statement",
            "--program",
            "programs/wazzup.json",
            "--ledger",
            "tests/data/no-such.jsonl",
        ],
        vec![
            "payouts",
            "--program",
            "programs/no-such.json",
            "--ledger",
            "tests/data/wazzup-sample.csv",
        ],
        vec!["compare", "--ledger", "tests/data/wazzup-sample.csv"],
        vec!["validate"],
    ];
    for args in cases {
        let output = run(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {output:?}");
        assert_eq!(stdout(&output), "", "{args:?}");
        assert!(!stderr(&output).is_empty(), "{args:?}");
    }
}

#[test]
fn payouts_lists_each_payout_with_its_due_date_and_source() {
    let output = run(&[
        "payouts",
        "--program",
        "programs/radist.json",
        "--ledger",
        ODD_IDS,
    ]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let expected = "\
partner,amount,currency,due,kind,clause,rule,source_event,payment,id,pays
\"Studio, \"\"Best\"\" LLC
Moscow\",2000.00,RUB,2024-03-13T12:00:00Z,payout,R-2,R-2,bakery-pays-march,bakery-pays-march,\
bakery-pays-march/R-2/0,bakery-pays-march/R-1/0
\"Studio, \"\"Best\"\" LLC
Moscow\",3000.00,RUB,2024-04-13T12:00:00Z,payout,R-2,R-2,bakery-pays-april,bakery-pays-april,\
bakery-pays-april/R-2/0,bakery-pays-april/R-1/0
integrator-with-a-very-long-partner-identifier,493.82,RUB,2024-03-14T12:00:00Z,payout,R-2,R-2,\
clinic-pays-march-with-a-long-payment-reference,clinic-pays-march-with-a-long-payment-reference,\
clinic-pays-march-with-a-long-payment-reference/R-2/0,clinic-pays-march-with-a-long-payment-reference/R-1/0
";
    assert_eq!(stdout(&output), expected);
    // Wazzup pays on request: the withdrawal is the payout, due 3 days after it.
    let printed = run_ok(&[
        "payouts",
        "--program",
        "programs/wazzup.json",
        "--ledger",
        "tests/data/wazzup-sample.csv",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&printed).unwrap();
    assert_eq!(
        json,
        serde_json::json!([{
            "partner": "studio", "amount": "1000.00", "currency": "RUB",
            "due": "2024-03-08T09:00:00Z", "kind": "withdrawal", "clause": "W-9",
            "rule": "W-9.withdrawal", "source_event": "withdrawal",
            "id": "withdrawal/W-9.withdrawal/0", "pays": []
        }])
    );
}

/// Reads a CSV the tool wrote: its header and its records.
fn read_back(text: &str) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let records = reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            header
                .iter()
                .cloned()
                .zip(record.iter().map(String::from))
                .collect()
        })
        .collect();
    (header, records)
}

fn decimal(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

#[test]
fn statement_csv_reads_back_into_the_same_figures_for_odd_partner_ids() {
    let printed = run_ok(&[
        "statement",
        "--program",
        "programs/radist.json",
        "--ledger",
        ODD_IDS,
        "--format",
        "csv",
    ]);
    let (header, records) = read_back(&printed);
    assert_eq!(header.len(), 15);
    let outcome = library_outcome("programs/radist.json", ODD_IDS);
    let lines: usize = outcome
        .statements
        .iter()
        .map(|s| s.lines.len() + s.memo.len())
        .sum();
    assert_eq!(records.len(), lines);
    assert_eq!(records.len(), 6);
    for statement in &outcome.statements {
        let of_statement = |record: &&BTreeMap<String, String>| {
            record["partner"] == statement.partner.as_str()
                && record["month"] == statement.month.to_string()
        };
        let rows: Vec<_> = records.iter().filter(of_statement).collect();
        let balance: Decimal = rows
            .iter()
            .filter(|row| row["in_balance"] == "true")
            .map(|row| decimal(&row["amount"]))
            .sum();
        assert_eq!(statement.opening.amount + balance, statement.closing.amount);
        let amounts: Vec<Decimal> = rows.iter().map(|row| decimal(&row["amount"])).collect();
        let expected: Vec<Decimal> = statement.lines.iter().map(|l| l.amount.amount).collect();
        assert_eq!(amounts, expected);
    }
    let odd: Vec<_> = records
        .iter()
        .filter(|r| r["partner"] == ODD_PARTNER)
        .collect();
    let figures: Vec<(&str, &str, &str)> = odd
        .iter()
        .map(|r| {
            (
                r["month"].as_str(),
                r["kind"].as_str(),
                r["amount"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        figures,
        [
            ("2024-03", "accrual", "2000.00"),
            ("2024-03", "payout", "-2000.00"),
            ("2024-04", "accrual", "3000.00"),
            ("2024-04", "payout", "-3000.00"),
        ]
    );
}

#[test]
fn payouts_csv_reads_back_into_the_same_figures_for_odd_partner_ids() {
    let printed = run_ok(&[
        "payouts",
        "--program",
        "programs/radist.json",
        "--ledger",
        ODD_IDS,
    ]);
    let (header, records) = read_back(&printed);
    assert_eq!(header.len(), 11);
    let outcome = library_outcome("programs/radist.json", ODD_IDS);
    let mut payouts: Vec<(String, Decimal, String)> = outcome
        .lines
        .iter()
        .filter(|line| line.kind == LineKind::Payout)
        .map(|line| {
            let due = line
                .due
                .unwrap()
                .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
            (line.partner.to_string(), -line.amount.amount, due)
        })
        .collect();
    payouts.sort();
    let read: Vec<(String, Decimal, String)> = records
        .iter()
        .map(|r| {
            (
                r["partner"].clone(),
                decimal(&r["amount"]),
                r["due"].clone(),
            )
        })
        .collect();
    assert_eq!(read, payouts);
    let odd_total: Decimal = read
        .iter()
        .filter(|(partner, _, _)| partner == ODD_PARTNER)
        .map(|(_, amount, _)| *amount)
        .sum();
    assert_eq!(odd_total, decimal("5000.00"));
}

#[test]
fn compare_lines_up_what_each_program_pays() {
    let args = [
        "compare",
        "--program",
        "programs/radist.json",
        "--program",
        "programs/wazzup.json",
        "--ledger",
        ODD_IDS,
    ];
    let output = run(&args);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let expected = "\
partner                                         month         radist       wazzup
Studio, \"Best\" LLC\\nMoscow                      2024-03  2000.00 RUB            -
Studio, \"Best\" LLC\\nMoscow                      2024-04  3000.00 RUB  1000.00 RUB
Studio, \"Best\" LLC\\nMoscow                      2024-05            -  1500.00 RUB
Studio, \"Best\" LLC\\nMoscow                      total    5000.00 RUB  2500.00 RUB
integrator-with-a-very-long-partner-identifier  2024-03   493.82 RUB            -
integrator-with-a-very-long-partner-identifier  2024-04            -   246.91 RUB
integrator-with-a-very-long-partner-identifier  total     493.82 RUB   246.91 RUB
events rejected                                                    0            0
";
    assert_eq!(stdout(&output), expected);
    let output = run(&[&args[..], &["--format", "csv"]].concat());
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let (header, records) = read_back(&stdout(&output));
    assert_eq!(
        header,
        ["partner", "month", "program", "earned", "currency"]
    );
    let odd_wazzup: Decimal = records
        .iter()
        .filter(|r| r["partner"] == ODD_PARTNER && r["program"] == "wazzup")
        .map(|r| decimal(&r["earned"]))
        .sum();
    assert_eq!((records.len(), odd_wazzup), (6, decimal("2500.00")));
    let output = run(&[&args[..], &["--format", "json"]].concat());
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["programs"], serde_json::json!(["radist", "wazzup"]));
    assert_eq!(json["rejected"], serde_json::json!([0, 0]));
}

const SAAS: &str = "programs/example-saas.json";
/// Example SaaS (SAAS-1 at 25 %, SAAS-4 monthly runs of lines held 30 days, at least
/// 50 EUR): 300 EUR on 20 January earns 75.00 EUR (matured 19 February), 200 EUR on
/// 15 February earns 50.00 EUR (matured 17 March); the last event is 15 February.
const SAAS_LEDGER: &str = "tests/data/example-saas-sample.jsonl";

fn saas_payouts(extra: &[&str]) -> Output {
    let args = [
        &["payouts", "--program", SAAS, "--ledger", SAAS_LEDGER][..],
        extra,
    ]
    .concat();
    run(&args)
}

const PAYOUTS_HEADER: &str =
    "partner,amount,currency,due,kind,clause,rule,source_event,payment,id,pays\n";
const MARCH_RUN: &str = "agency,75.00,EUR,2026-03-01T00:00:00Z,payout,SAAS-4,payouts,\
bakery-pays-january,,agency/2026-03-01T00:00:00Z/payouts/0,bakery-pays-january/recurring/0\n";
const APRIL_RUN: &str = "agency,50.00,EUR,2026-04-01T00:00:00Z,payout,SAAS-4,payouts,\
clinic-pays-february,,agency/2026-04-01T00:00:00Z/payouts/0,clinic-pays-february/recurring/0\n";

/// Up to the last event no run is due; as of 1 March the run pays the 75.00 EUR; as of
/// 1 May the 1 April run adds the 50.00 EUR (exactly the minimum). A date is 00:00 in the
/// program's zone (UTC here), an RFC 3339 instant is taken as written: 23:00 at −01:00 on
/// 28 February is 1 March 00:00 UTC, one second earlier is not.
#[test]
fn payouts_as_of_a_date_book_the_monthly_runs_due_by_then() {
    let cases: [(&[&str], String); 5] = [
        (&[], PAYOUTS_HEADER.to_owned()),
        (
            &["--as-of", "2026-03-01"],
            format!("{PAYOUTS_HEADER}{MARCH_RUN}"),
        ),
        (
            &["--as-of", "2026-04-30"],
            format!("{PAYOUTS_HEADER}{MARCH_RUN}{APRIL_RUN}"),
        ),
        (
            &["--as-of", "2026-02-28T23:00:00-01:00"],
            format!("{PAYOUTS_HEADER}{MARCH_RUN}"),
        ),
        (
            &["--as-of", "2026-02-28T23:59:59Z"],
            PAYOUTS_HEADER.to_owned(),
        ),
    ];
    for (extra, expected) in cases {
        let output = saas_payouts(extra);
        assert_eq!(output.status.code(), Some(0), "{extra:?}: {output:?}");
        assert_eq!(stdout(&output), expected, "{extra:?}");
    }
}

/// The same program in Moscow time (+03:00): `--as-of 2026-03-01` is 28 February 21:00
/// UTC, when the March run is due; the day before books nothing.
#[test]
fn an_as_of_date_is_midnight_in_the_program_s_zone() {
    let saas = std::fs::read_to_string(root().join(SAAS)).unwrap();
    let zone = r#""time_zone": "+00:00""#;
    assert!(saas.contains(zone));
    let moscow = scratch(
        "example-saas-msk.json",
        &saas.replacen(zone, r#""time_zone": "+03:00""#, 1),
    );
    let moscow = moscow.to_str().unwrap();
    let payouts = |date: &str| {
        run(&[
            "payouts",
            "--program",
            moscow,
            "--ledger",
            SAAS_LEDGER,
            "--as-of",
            date,
        ])
    };
    let output = payouts("2026-03-01");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(
        stdout(&output),
        format!(
            "{PAYOUTS_HEADER}agency,75.00,EUR,2026-02-28T21:00:00Z,payout,SAAS-4,payouts,\
             bakery-pays-january,,agency/2026-02-28T21:00:00Z/payouts/0,bakery-pays-january/recurring/0\n"
        )
    );
    assert_eq!(stdout(&payouts("2026-02-28")), PAYOUTS_HEADER);
}

/// As of 1 March the statements run to March: February (75.00 + 50.00 earned) is closed
/// at 125.00 EUR; March opens at 125.00, pays 75.00 out and closes at 50.00, still open.
/// Without `--as-of` the last statement is February's, not closed.
#[test]
fn statement_as_of_a_date_shows_the_run_and_closes_the_month_before() {
    let statements = |extra: &[&str]| {
        let args = [
            &[
                "statement",
                "--program",
                SAAS,
                "--ledger",
                SAAS_LEDGER,
                "--format",
                "json",
            ][..],
            extra,
        ]
        .concat();
        let output = run(&args);
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
        let summary: Vec<(String, String, String, bool)> = json
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                let amount = |field: &str| s[field]["amount"].as_str().unwrap().to_owned();
                let month = s["month"].as_str().unwrap().to_owned();
                (
                    month,
                    amount("opening"),
                    amount("closing"),
                    s["closed"].as_bool().unwrap(),
                )
            })
            .collect();
        summary
    };
    let month = |month: &str, opening: &str, closing: &str, closed| {
        (
            month.to_owned(),
            opening.to_owned(),
            closing.to_owned(),
            closed,
        )
    };
    assert_eq!(
        statements(&[]),
        [
            month("2026-01", "0.00", "75.00", true),
            month("2026-02", "75.00", "125.00", false)
        ]
    );
    assert_eq!(
        statements(&["--as-of", "2026-03-01"]),
        [
            month("2026-01", "0.00", "75.00", true),
            month("2026-02", "75.00", "125.00", true),
            month("2026-03", "125.00", "50.00", false),
        ]
    );
    let output = run(&[
        "statement",
        "--program",
        SAAS,
        "--ledger",
        SAAS_LEDGER,
        "--month",
        "2026-03",
        "--format",
        "csv",
        "--as-of",
        "2026-03-01",
    ]);
    let (_, rows) = read_back(&stdout(&output));
    let payout: Vec<_> = rows
        .iter()
        .map(|row| (row["kind"].as_str(), row["amount"].as_str()))
        .collect();
    assert_eq!(payout, [("payout", "-75.00")]);
}

/// A date before the ledger's last event (15 February 12:00) is a fault of the input,
/// exit code 1, in both subcommands; a value that is not a date or an instant, or one
/// outside the years 1900 to 2199, is a usage error, exit code 2; neither prints a row.
#[test]
fn an_as_of_before_the_last_event_exits_1_and_one_that_does_not_parse_2() {
    for command in ["payouts", "statement"] {
        let output = run(&[
            command,
            "--program",
            SAAS,
            "--ledger",
            SAAS_LEDGER,
            "--as-of",
            "2026-02-15",
        ]);
        assert_eq!(output.status.code(), Some(1), "{output:?}");
        assert_eq!(stdout(&output), "");
        assert_eq!(
            stderr(&output),
            "commission-rules: --as-of 2026-02-15: the date is before 2026-02-15 12:00:00 UTC, \
             which the evaluation has already reached\n"
        );
    }
    for value in [
        "2026-02-30",
        "2026-3-01",
        "1 March 2026",
        "2026-03-01 00:00",
        "2026-03-01T00:00:00",
        "2200-01-01",
        "2200-01-01T00:00:00Z",
        "1899-12-31T23:59:59Z",
    ] {
        let output = saas_payouts(&["--as-of", value]);
        assert_eq!(output.status.code(), Some(2), "{value}: {output:?}");
        assert_eq!(stdout(&output), "", "{value}");
        assert!(
            stderr(&output).contains(value),
            "{value}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn schema_prints_the_shipped_json_schema() {
    let output = run(&["schema"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let shipped = std::fs::read_to_string(root().join("programs/schema.json")).unwrap();
    assert!(
        stdout(&output) == shipped,
        "the output differs from programs/schema.json"
    );
    assert_eq!(stderr(&output), "");
    let output = run(&["schema", "programs/radist.json"]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert_eq!(stdout(&output), "");
}

/// `validate` prints every fault of a program file, one line each with its path and the
/// name probably meant (issue 20): here `depo` for SS-2's `depo-ti` and `privilegd` for
/// SS-1's third level, with the valid file before them still `ok`.
#[test]
fn validate_prints_every_fault_with_its_path_and_suggestion_and_exits_1() {
    let text = std::fs::read_to_string(root().join("programs/smart-soft.json")).unwrap();
    let rules = text.find(r#""versions""#).unwrap();
    let (declarations, rules) = text.split_at(rules);
    let rules = rules.replacen(r#""depo-ti""#, r#""depo""#, 1).replacen(
        r#""status": "privileged""#,
        r#""status": "privilegd""#,
        1,
    );
    let broken = scratch(
        "smart-soft-two-faults.json",
        &format!("{declarations}{rules}"),
    );
    let broken = broken.to_str().unwrap();
    let output = run(&["validate", "programs/radist.json", broken]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert_eq!(
        stdout(&output),
        format!(
            "programs/radist.json: ok (radist, 3 versions)\n\
             {broken}: rule set at versions[0].rules[1].levels[2].status: status `privilegd` \
             is not declared in names.statuses; did you mean `privileged`?\n\
             {broken}: rule set at versions[0].rules[4].payments.product_lines[0]: product \
             line `depo` is not declared in names.product_lines; did you mean `depo-ti`?\n"
        )
    );
    assert_eq!(stderr(&output), "");
}

/// A file that is not JSON has one fault, serde's; a misspelled field gets the field meant.
#[test]
fn validate_of_a_file_that_does_not_parse_prints_one_fault() {
    let cut = scratch("cut.json", r#"{"program": "x", "#);
    let cut = cut.to_str().unwrap();
    let wazzup = std::fs::read_to_string(root().join("programs/wazzup.json")).unwrap();
    let field = scratch(
        "wazzup-field.json",
        &wazzup.replacen(r#""fx_markup_percent""#, r#""fx_markup_percnt""#, 1),
    );
    let field = field.to_str().unwrap();
    let output = run(&["validate", cut, field]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let printed = stdout(&output);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines.len(), 2, "{printed}");
    assert!(
        lines[0].starts_with(&format!("{cut}: rule set at line 1, column 17: EOF")),
        "{printed}"
    );
    assert!(
        lines[1].starts_with(&format!(
            "{field}: rule set at currency.fx_markup_percnt: unknown field `fx_markup_percnt`"
        )),
        "{printed}"
    );
    assert!(
        lines[1].ends_with("; did you mean `fx_markup_percent`?"),
        "{printed}"
    );
}

// explain (issue 20) ---------------------------------------------------------------------

const USAGE_COUPON: &str = "programs/usage-coupon.json";
/// The usage-coupon notes' ledger (`tests/usage_coupon.rs`): k2 (US) pays 480.00 USD on
/// 29 March 2025; UC-2 (North America) books 30 % of 441.60 EUR, 132.48 EUR.
const USAGE_COUPON_LEDGER: &str = "tests/data/usage-coupon-sample.jsonl";

/// A table: the payment, then one row per rule in force: UC-1 fails its first condition
/// on k2's country, UC-4 its first (k2 has no code), UC-2 books, the payout rule books
/// nothing for the payment itself (its monthly run pays later).
#[test]
fn explain_prints_each_rule_s_verdict_and_lines() {
    let printed = run_ok(&[
        "explain",
        "--program",
        USAGE_COUPON,
        "--ledger",
        USAGE_COUPON_LEDGER,
        "--payment",
        "k2-p1",
    ]);
    let expected = "\
payment k2-p1: client k2, 480.00 USD at 2025-03-29T11:00:00Z, version \"2025 terms\"
rule                          clause  kind    verdict                                                         lines
uc-1-standard-staggered       UC-1    reward  condition 0 not met (client country not in [US, CA]): found US
uc-2-north-america-staggered  UC-2    reward  booked                                                          k2-p1/uc-2-north-america-staggered/0
uc-4-own-code-bonus           UC-4    reward  condition 0 not met (the partner's own promo code): found none
uc-5-payouts                  UC-5    payout  no line (not a reward rule)
";
    assert_eq!(printed, expected);
}

/// JSON is the library's explanation (k1-p3 carries the coupon `WINBACK50`: UC-1's third
/// condition fails); the line the table above names for k2-p1 is the 132.48 EUR accrual.
#[test]
fn explain_as_json_is_the_library_s_explanation() {
    let printed = run_ok(&[
        "explain",
        "--program",
        USAGE_COUPON,
        "--ledger",
        USAGE_COUPON_LEDGER,
        "--payment",
        "k1-p3",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&printed).unwrap();
    let program =
        RuleSet::from_json(&std::fs::read_to_string(root().join(USAGE_COUPON)).unwrap()).unwrap();
    let file = std::fs::File::open(root().join(USAGE_COUPON_LEDGER)).unwrap();
    let events = read_jsonl(std::io::BufReader::new(file))
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let ledger = Ledger::from(events);
    let explained = commission_rules::explain_payment(&program, &ledger, &"k1-p3".into()).unwrap();
    assert_eq!(json, serde_json::to_value(&explained).unwrap());
    // k1-p3 carries the coupon WINBACK50: UC-1's third condition fails on it.
    assert_eq!(
        json["rules"][0]["verdict"],
        serde_json::json!({
            "verdict": "condition_not_met", "index": 2,
            "condition": {"attribute_not_in": {"of": "payment", "key": "coupon", "values": ["WINBACK50"]}},
            "found": "WINBACK50"
        })
    );
    let outcome = library_outcome(USAGE_COUPON, USAGE_COUPON_LEDGER);
    let k2 = outcome
        .lines
        .iter()
        .find(|line| line.id.to_string() == "k2-p1/uc-2-north-america-staggered/0")
        .unwrap();
    assert_eq!(k2.amount.to_string(), "132.48 EUR");
}

/// An id that is no payment of the ledger is a fault of the input (1); a missing
/// `--payment` or a format `explain` does not print is a usage error (2).
#[test]
fn explain_of_an_unknown_payment_exits_1_and_bad_flags_2() {
    let output = run(&[
        "explain",
        "--program",
        USAGE_COUPON,
        "--ledger",
        USAGE_COUPON_LEDGER,
        "--payment",
        "k1-joins",
    ]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output),
        format!("commission-rules: {USAGE_COUPON_LEDGER}: payment k1-joins is not in the ledger\n")
    );
    let base = [
        "explain",
        "--program",
        USAGE_COUPON,
        "--ledger",
        USAGE_COUPON_LEDGER,
    ];
    for extra in [&[][..], &["--payment", "k2-p1", "--format", "csv"][..]] {
        let output = run(&[&base[..], extra].concat());
        assert_eq!(output.status.code(), Some(2), "{extra:?}: {output:?}");
        assert_eq!(stdout(&output), "");
    }
    let help = stdout(&run(&["--help"]));
    assert!(help.contains("explain"), "{help}");
}

/// The payouts file reads back into the line ids the library gives, for ids with commas,
/// quotes and newlines: each payout's `id` and the ids in `pays` (split on spaces) are
/// those of the outcome's payout line and the lines it lists.
#[test]
fn payouts_csv_reads_back_into_the_line_ids_each_payout_pays() {
    let printed = run_ok(&[
        "payouts",
        "--program",
        "programs/radist.json",
        "--ledger",
        ODD_IDS,
    ]);
    let (_, records) = read_back(&printed);
    let outcome = library_outcome("programs/radist.json", ODD_IDS);
    let mut expected: Vec<(String, Vec<String>)> = outcome
        .lines
        .iter()
        .filter(|line| line.kind == LineKind::Payout)
        .map(|line| {
            let pays = line
                .explanation
                .pays
                .iter()
                .map(ToString::to_string)
                .collect();
            (line.id.to_string(), pays)
        })
        .collect();
    expected.sort();
    let mut read: Vec<(String, Vec<String>)> = records
        .iter()
        .map(|r| {
            let pays = r["pays"].split(' ').map(str::to_owned).collect();
            (r["id"].clone(), pays)
        })
        .collect();
    read.sort();
    assert_eq!(read, expected);
    assert_eq!(read.len(), 3);
    // Each automatic payout (R-2) pays the R-1 accrual of its own payment.
    for (id, pays) in &read {
        assert_eq!(pays, &[id.replace("/R-2/", "/R-1/")]);
    }
}

/// The commands the README shows under "Command-line tool", each run as written (joined
/// at its `\` line breaks; `schema`'s redirection dropped, its output compared with
/// `programs/schema.json` instead): every one exits 0 with output, and `validate` prints
/// the line the README quotes for `programs/radist.json`.
#[test]
fn the_readme_commands_run_as_shown() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = readme.split("## Command-line tool").nth(1).unwrap();
    let block = section.split("```sh\n").nth(1).unwrap();
    let block = block.split("```").next().unwrap().replace("\\\n", " ");
    let commands: Vec<Vec<&str>> = block
        .lines()
        .filter_map(|line| line.strip_prefix("commission-rules "))
        .map(|line| {
            line.split(" > ")
                .next()
                .unwrap()
                .split_whitespace()
                .collect()
        })
        .collect();
    let subcommands: Vec<&str> = commands.iter().map(|args| args[0]).collect();
    assert_eq!(
        subcommands,
        [
            "validate",
            "statement",
            "payouts",
            "payouts",
            "compare",
            "explain",
            "schema"
        ]
    );
    for args in &commands {
        let output = run(args);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {output:?}");
        assert!(!stdout(&output).is_empty(), "{args:?} printed nothing");
    }
    let validated = stdout(&run(&commands[0]));
    assert!(
        validated.contains("programs/radist.json: ok (radist, 3 versions)\n"),
        "{validated}"
    );
    let schema = std::fs::read_to_string(root().join("programs/schema.json")).unwrap();
    assert_eq!(stdout(&run(&commands[6])), schema);
}

/// A Radist.Online ledger long enough to take the tool more than a second (a partner, a
/// client and `payments` monthly payments of 5,000.00 RUB from March 2024 on, ten minutes
/// apart in each month's first days).
fn long_ledger(payments: u32) -> PathBuf {
    let mut jsonl = String::from(concat!(
        r#"{"id":"p-joins","at":"2024-03-01T09:00:00Z","type":"partner_registered","#,
        r#""partner":"p","legal_form":"legal_entity","currency":"RUB"}"#,
        "\n",
        r#"{"id":"c-joins","at":"2024-03-02T09:00:00Z","type":"client_registered","#,
        r#""client":"c","referrer":"p"}"#,
        "\n"
    ));
    let start = chrono::DateTime::parse_from_rfc3339("2024-03-03T00:00:00Z").unwrap();
    for n in 0..payments {
        let at = (start + chrono::Duration::minutes(i64::from(n) * 10)).to_utc();
        jsonl.push_str(&format!(
            r#"{{"id":"pay-{n}","at":"{}","type":"payment","client":"c","payment_kind":"subscription","paid_by":"client","amount":{{"amount":"5000.00","currency":"RUB"}}}}"#,
            at.format("%Y-%m-%dT%H:%M:%SZ")
        ));
        jsonl.push('\n');
    }
    scratch("long-ledger.jsonl", &jsonl)
}

/// Runs the tool under `script`, which gives it a pseudo-terminal (util-linux, on every
/// Debian-based machine); stdout and stderr come back mixed in its stdout.
fn on_terminal(args: &[&str]) -> String {
    let command = format!(
        "{} {}",
        env!("CARGO_BIN_EXE_commission-rules"),
        args.join(" ")
    );
    let output = Command::new("script")
        .args(["--quiet", "--return", "--command", &command, "/dev/null"])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `--progress always` shows the bar on a terminal from the first event, `never` does not,
/// and where stderr is not a terminal there is none, whatever `--progress` says. (`auto`,
/// the default, waits a second of the tool's own clock: not a figure a test can pin.)
#[test]
fn the_progress_bar_shows_on_a_terminal_only_and_as_asked() {
    let ledger = long_ledger(20_000);
    let ledger = ledger.to_str().unwrap();
    let args = |shown| {
        [
            "payouts",
            "--program",
            "programs/radist.json",
            "--ledger",
            ledger,
            "--progress",
            shown,
        ]
    };
    for shown in ["auto", "always", "never"] {
        let piped = run(&args(shown));
        assert_eq!(piped.status.code(), Some(0), "{piped:?}");
        assert_eq!(
            stderr(&piped),
            "",
            "--progress {shown}: no bar off a terminal"
        );
    }
    let bar = "/20,002 events";
    let always = on_terminal(&args("always"));
    assert!(always.contains(bar), "no bar on a terminal: {always}");
    assert!(always.contains("p,2000.00,RUB,2024-03-06T00:00:00Z,payout,R-2"));
    let never = on_terminal(&args("never"));
    assert!(
        !never.contains(" events"),
        "a bar although never asked: {never}"
    );
    assert!(never.contains("p,2000.00,RUB,2024-03-06T00:00:00Z,payout,R-2"));
}
