//! One book of clients under several programs: what each pays each partner, month by
//! month. For an integrator choosing a vendor, or a vendor checking its terms against
//! others'.

use crate::engine::{Mode, evaluate_with};
use crate::error::{Error, ErrorKind};
use crate::ids::{PartnerId, ProgramId};
use crate::ledger::Ledger;
use crate::money::Money;
use crate::outcome::{Line, LineKind};
use crate::rules::RuleSet;
use crate::time::Month;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What each program pays, per partner and month.
///
/// "Earned" is what the partner gains: accruals, adjustments and bonuses (money owed to
/// it) plus discounts and welcome credit used (money it does not pay), in each program's
/// booking currency. Each
/// program evaluates the ledger in lenient mode: events outside its vocabulary are
/// rejected for it alone, and counted.
///
/// ```
/// use commission_rules::{compare, programs, Ledger};
/// let comparison = compare(&[programs::radist(), programs::wazzup()], &Ledger::new()).unwrap();
/// assert_eq!(comparison.programs.len(), 2);
/// assert!(comparison.rows.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Comparison {
    /// The programs, in the order given.
    pub programs: Vec<ProgramId>,
    /// Per partner and month (in partner, then month order), what each program pays.
    pub rows: Vec<ComparisonRow>,
    /// Per program, how many events it rejected.
    pub rejected: Vec<usize>,
}

/// One partner's month under each program.
///
/// The engine builds rows (see [`compare`]); stored ones read back with serde:
///
/// ```
/// use commission_rules::{ComparisonRow, Month};
/// let row: ComparisonRow = serde_json::from_str(r#"{"partner": "p1", "month": "2024-03",
///     "earned": [null, {"amount": "150.00", "currency": "RUB"}]}"#).unwrap();
/// assert_eq!((row.month, row.earned.len()), (Month::new(2024, 3).unwrap(), 2));
/// assert!(row.earned[0].is_none()); // the first program pays nothing that month
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ComparisonRow {
    /// The partner.
    pub partner: PartnerId,
    /// The program-time month (each program's own time zone).
    pub month: Month,
    /// What each program pays, in program order; `None` where it pays nothing.
    pub earned: Vec<Option<Money>>,
}

impl Comparison {
    /// A partner's total over every month under one program (by its index).
    ///
    /// ```
    /// use commission_rules::{compare, programs, Ledger};
    /// let comparison = compare(&[programs::radist()], &Ledger::new()).unwrap();
    /// assert_eq!(comparison.total(0, &"p1".into()), None);
    /// ```
    pub fn total(&self, program: usize, partner: &PartnerId) -> Option<Money> {
        self.rows
            .iter()
            .filter(|row| &row.partner == partner)
            .filter_map(|row| row.earned.get(program).copied().flatten())
            .try_fold(None, |sum: Option<Money>, money| match sum {
                None => Some(Some(money)),
                Some(sum) => sum.checked_add(money).ok().map(Some),
            })
            .flatten()
    }
}

fn earns(line: &Line) -> bool {
    matches!(
        line.kind,
        LineKind::Accrual
            | LineKind::Adjustment
            | LineKind::Bonus
            | LineKind::Discount
            | LineKind::CreditUsed
    )
}

fn add(sum: Money, line: &Line) -> Result<Money, Error> {
    sum.checked_add(line.amount).map_err(|_| {
        let kind = if sum.currency == line.amount.currency {
            ErrorKind::Overflow
        } else {
            ErrorKind::CurrencyMismatch {
                expected: sum.currency,
                found: line.amount.currency,
            }
        };
        Error::at_event(line.source_event.clone(), kind)
    })
}

/// Evaluates one ledger under each program and lines up what each pays.
///
/// # Errors
///
/// Events a program does not accept are rejected for that program and counted in
/// [`Comparison::rejected`], not errors. An error is what lenient evaluation itself
/// returns (see [`evaluate_with`](crate::evaluate_with): a rule set that does not
/// validate, an amount that overflows), or an [`ErrorKind::CurrencyMismatch`] or
/// [`ErrorKind::Overflow`] naming the event of a line that cannot be added to the
/// partner's month under one program.
///
/// ```
/// use commission_rules::{compare, programs, Currency, Event, EventKind, Ledger, LegalForm,
///     Money, Month, Payment, PaymentKind};
/// use chrono::{TimeZone, Utc};
/// use rust_decimal::Decimal;
/// let at = |day, hour| Utc.with_ymd_and_hms(2024, 3, day, hour, 0, 0).unwrap();
/// let rub = |amount: i64| Money::new(Decimal::from(amount), Currency::RUB);
/// let ledger: Ledger = vec![
///     Event::new("p1-joins", at(1, 9), EventKind::PartnerRegistered {
///         partner: "p1".into(), legal_form: LegalForm::LegalEntity, currency: Currency::RUB }),
///     Event::new("c1-joins", at(2, 9), EventKind::ClientRegistered {
///         client: "c1".into(), referrer: Some("p1".into()), promo_code: Some("P1".into()),
///         integration: None, via_partner_cabinet: false }),
///     Event::new("c1-pays", at(10, 12), EventKind::Payment(Payment::by_client(
///         "c1".into(), PaymentKind::Subscription, rub(5000)))),
/// ].into();
/// let comparison = compare(&[programs::radist(), programs::wazzup()], &ledger).unwrap();
/// // R-1: 40 % at once; W-2: 20 %, credited on the 1st of the next month.
/// let months: Vec<_> = comparison.rows.iter().map(|row| (row.month, row.earned.clone())).collect();
/// assert_eq!(months, [
///     (Month::new(2024, 3).unwrap(), vec![Some(rub(2000)), None]),
///     (Month::new(2024, 4).unwrap(), vec![None, Some(rub(1000))]),
/// ]);
/// ```
pub fn compare(programs: &[RuleSet], ledger: &Ledger) -> Result<Comparison, Error> {
    let books: Vec<(&RuleSet, &Ledger)> = programs.iter().map(|p| (p, ledger)).collect();
    compare_books(&books)
}

/// Like [`compare`], with each program's own ledger: the same book of clients written in
/// each program's vocabulary (a subscription for one vendor is a licence for another).
///
/// # Errors
///
/// As [`compare`]: what lenient evaluation of a book returns, or a month's lines under one
/// program that cannot be added up ([`ErrorKind::CurrencyMismatch`],
/// [`ErrorKind::Overflow`]).
///
/// ```
/// use commission_rules::{compare_books, programs, Ledger};
/// let (radist, empty) = (programs::radist(), Ledger::new());
/// let comparison = compare_books(&[(&radist, &empty)]).unwrap();
/// assert_eq!(comparison.rejected, [0]);
/// ```
pub fn compare_books(books: &[(&RuleSet, &Ledger)]) -> Result<Comparison, Error> {
    let mut table: BTreeMap<(PartnerId, Month), Vec<Option<Money>>> = BTreeMap::new();
    let mut rejected = Vec::new();
    for (index, (program, ledger)) in books.iter().enumerate() {
        let outcome = evaluate_with(program, ledger, Mode::Lenient)?;
        rejected.push(outcome.rejections.len());
        for line in outcome.lines.iter().filter(|line| earns(line)) {
            let cells = table
                .entry((line.partner.clone(), line.month))
                .or_insert_with(|| vec![None; books.len()]);
            let Some(cell) = cells.get_mut(index) else {
                continue;
            };
            *cell = Some(match cell {
                None => line.amount,
                Some(sum) => add(*sum, line)?,
            });
        }
    }
    Ok(Comparison {
        programs: books.iter().map(|(p, _)| p.program.clone()).collect(),
        rows: table
            .into_iter()
            .map(|((partner, month), earned)| ComparisonRow {
                partner,
                month,
                earned,
            })
            .collect(),
        rejected,
    })
}
