//! `compare`: one ledger under several programs, what each pays per partner and month.

use crate::{CompareArgs, Failure, Format, input, output};
use commission_rules::{Comparison, RuleSet, compare};
use std::io::Write;

/// The columns of the comparison CSV: one row per partner, month and program that pays
/// something that month.
pub(crate) const CSV_COLUMNS: [&str; 5] = ["partner", "month", "program", "earned", "currency"];

/// Evaluates the ledger under each program (leniently: an event outside a program's
/// vocabulary is rejected for that program alone, and counted) and prints the comparison.
pub(crate) fn run(args: &CompareArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let programs = args
        .programs
        .iter()
        .map(|path| input::program(path))
        .collect::<Result<Vec<RuleSet>, Failure>>()?;
    let ledger = input::ledger(&args.ledger)?;
    let comparison = compare(&programs, &ledger)
        .map_err(|error| Failure::Input(format!("{}: {error}", args.ledger.display())))?;
    match args.format {
        Format::Table => {
            let text = table(&comparison);
            out.write_all(text.as_bytes()).map_err(output::write_failed)
        }
        Format::Json => output::json(&comparison, out),
        Format::Csv => output::csv(&CSV_COLUMNS, &csv_rows(&comparison), out),
    }
}

/// A column per program: each partner's months, then its total per program, then the
/// number of events each program rejected.
fn table(comparison: &Comparison) -> String {
    let mut header = vec!["partner".to_owned(), "month".to_owned()];
    header.extend(comparison.programs.iter().map(ToString::to_string));
    let mut rows = vec![header];
    let mut partners: Vec<_> = comparison.rows.iter().map(|row| &row.partner).collect();
    partners.dedup();
    for partner in partners {
        for row in comparison.rows.iter().filter(|row| &row.partner == partner) {
            let mut cells = vec![row.partner.to_string(), row.month.to_string()];
            cells.extend(row.earned.iter().map(|earned| match earned {
                Some(money) => money.to_string(),
                None => "-".to_owned(),
            }));
            rows.push(cells);
        }
        let mut total = vec![partner.to_string(), "total".to_owned()];
        total.extend((0..comparison.programs.len()).map(|index| {
            comparison
                .total(index, partner)
                .map_or_else(|| "-".to_owned(), |money| money.to_string())
        }));
        rows.push(total);
    }
    let mut rejected = vec!["events rejected".to_owned(), String::new()];
    rejected.extend(comparison.rejected.iter().map(ToString::to_string));
    rows.push(rejected);
    output::table(&rows, 2)
}

fn csv_rows(comparison: &Comparison) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for row in &comparison.rows {
        for (program, earned) in comparison.programs.iter().zip(&row.earned) {
            if let Some(money) = earned {
                rows.push(vec![
                    row.partner.to_string(),
                    row.month.to_string(),
                    program.to_string(),
                    money.amount.to_string(),
                    money.currency.to_string(),
                ]);
            }
        }
    }
    rows
}
