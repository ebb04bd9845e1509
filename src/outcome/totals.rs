//! Statements in totals: what a partner's month adds up to, without its lines. A
//! statements-only evaluation ([`crate::OutcomeDetail::Statements`]) folds every line into
//! these as it is booked, so a large run keeps one small record per partner-month.

use super::line::{Line, LineKind};
use super::statement::PayoutStatement;
use crate::error::{Error, ErrorKind};
use crate::ids::{ClauseId, EventId, PartnerId};
use crate::money::{Currency, Money, MoneyError};
use crate::sorted::IdMap;
use crate::time::{Instant, Month, ProgramZone};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A partner's statement for one month, in totals: the balance it opens and closes with,
/// and per kind of line and clause what the lines add up to.
///
/// [`PayoutStatement::totals`] gives it for a full statement; a statements-only
/// evaluation gives it directly ([`crate::Outcome::statement_totals`] serves both).
///
/// ```
/// use commission_rules::{evaluate, programs, Ledger, LineKind};
/// let ledger: Ledger = serde_json::from_str(r#"[
///   {"id":"p","at":"2024-03-01T09:00:00Z","type":"partner_registered","partner":"p1",
///    "legal_form":"legal_entity","currency":"RUB"},
///   {"id":"c","at":"2024-03-02T09:00:00Z","type":"client_registered","client":"c1","referrer":"p1"},
///   {"id":"pay","at":"2024-03-10T12:00:00Z","type":"payment","client":"c1",
///    "payment_kind":"subscription","paid_by":"client","amount":{"amount":"5000.00","currency":"RUB"}}
/// ]"#).unwrap();
/// let totals = evaluate(&programs::radist(), &ledger).unwrap().statement_totals();
/// let march = &totals[0];
/// assert_eq!(march.total(LineKind::Accrual).to_string(), "2000.00 RUB"); // R-1: 40 %
/// assert_eq!(march.total(LineKind::Payout).to_string(), "-2000.00 RUB"); // R-2
/// assert_eq!(march.closing.to_string(), "0.00 RUB");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StatementTotals {
    /// The partner.
    pub partner: PartnerId,
    /// The program-time month.
    pub month: Month,
    /// The currency of the balance.
    pub currency: Currency,
    /// What the vendor owed the partner when the month began.
    pub opening: Money,
    /// What the vendor owes the partner when the month ends.
    pub closing: Money,
    /// Per kind of line and clause (memo lines too), in kind, clause, currency order.
    pub totals: Vec<KindTotal>,
    /// The sum of the payouts due for what was earned or requested this month.
    pub payouts_due: Money,
    /// The month ended before the last event evaluated: the totals are final.
    pub closed: bool,
}

/// What the lines of one kind and clause add up to in a month.
///
/// In [`StatementTotals`]; a stored one reads back with serde:
///
/// ```
/// use commission_rules::{KindTotal, LineKind};
/// let total: KindTotal = serde_json::from_str(r#"{"kind": "discount", "clause": "W-1",
///     "amount": {"amount": "1050.00", "currency": "RUB"}, "lines": 1}"#).unwrap();
/// assert_eq!(total.kind, LineKind::Discount);
/// assert!(!total.kind.affects_balance()); // a discount is memo: it moves no balance
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct KindTotal {
    /// The kind of line.
    pub kind: LineKind,
    /// The clause that produced the lines.
    pub clause: ClauseId,
    /// Their sum.
    pub amount: Money,
    /// How many lines.
    pub lines: u64,
}

impl StatementTotals {
    /// The sum of the lines of one kind, over every clause, in the statement's currency.
    ///
    /// ```
    /// use commission_rules::{evaluate_with, programs, Currency, Event, EventKind, Ledger,
    ///     LegalForm, LineKind, Mode, Money, OutcomeDetail, Payment, PaymentKind};
    /// use chrono::{TimeZone, Utc};
    /// use rust_decimal::Decimal;
    /// let at = |day| Utc.with_ymd_and_hms(2024, 3, day, 12, 0, 0).unwrap();
    /// let rub = |amount: i64| Money::new(Decimal::from(amount), Currency::RUB);
    /// let mut events = vec![
    ///     Event::new("p1-joins", at(1), EventKind::PartnerRegistered {
    ///         partner: "p1".into(), legal_form: LegalForm::LegalEntity, currency: Currency::RUB }),
    ///     Event::new("c1-joins", at(2), EventKind::ClientRegistered {
    ///         client: "c1".into(), referrer: Some("p1".into()), promo_code: Some("P1".into()),
    ///         integration: None, via_partner_cabinet: false }),
    /// ];
    /// for (id, day, amount) in [("pay-1", 10, 5000), ("pay-2", 20, 1000)] {
    ///     events.push(Event::new(id, at(day), EventKind::Payment(Payment::by_client(
    ///         "c1".into(), PaymentKind::Subscription, rub(amount)))));
    /// }
    /// let outcome = evaluate_with(&programs::radist(), &Ledger::from(events), Mode::Strict)
    ///     .unwrap();
    /// let march = outcome.statements.iter().find(|s| s.month.month() == 3).unwrap();
    /// // R-1: 40 % of 5,000 and of 1,000 RUB.
    /// assert_eq!(march.totals().total(LineKind::Accrual), rub(2400));
    /// assert_eq!(march.totals().total(LineKind::Payout), rub(-2400)); // R-2: paid in 3 days
    /// ```
    pub fn total(&self, kind: LineKind) -> Money {
        let amount = self
            .totals
            .iter()
            .filter(|t| t.kind == kind && t.amount.currency == self.currency)
            .fold(Decimal::ZERO, |sum, t| sum.saturating_add(t.amount.amount));
        Money::new(amount, self.currency)
    }
}

impl PayoutStatement {
    /// This statement in totals: the same figures a statements-only evaluation keeps.
    ///
    /// ```
    /// # use commission_rules::{evaluate, programs, Ledger};
    /// # let outcome = evaluate(&programs::radist(), &Ledger::new()).unwrap();
    /// for statement in &outcome.statements {
    ///     assert_eq!(statement.totals().closing, statement.closing);
    /// }
    /// ```
    pub fn totals(&self) -> StatementTotals {
        let mut sums = MonthSums::default();
        for line in self.lines.iter().chain(&self.memo) {
            sums.add(line);
        }
        StatementTotals {
            partner: self.partner.clone(),
            month: self.month,
            currency: self.currency,
            opening: self.opening,
            closing: self.closing,
            totals: sums.totals,
            payouts_due: Money::new(sums.payouts_due, self.currency),
            closed: self.closed,
        }
    }
}

/// One partner-month's lines folded as they are booked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct MonthSums {
    totals: Vec<KindTotal>,
    payouts_due: Decimal,
}

impl MonthSums {
    /// Folds one line in; sums saturate (amounts are at most 10^12 per line, so a run
    /// would need 10^16 lines in one month to reach the limit).
    pub(crate) fn add(&mut self, line: &Line) {
        let key = (line.kind, &line.clause, line.amount.currency);
        // A month holds a handful of totals: a scan by equality (ids compare by pointer
        // first) finds the common case without comparing clause texts.
        let same = |t: &KindTotal| {
            t.kind == line.kind
                && t.amount.currency == line.amount.currency
                && t.clause == line.clause
        };
        let at = match self.totals.iter().position(same) {
            Some(i) => Ok(i),
            None => self
                .totals
                .binary_search_by(|t| (t.kind, &t.clause, t.amount.currency).cmp(&key)),
        };
        let total = match at {
            Ok(i) => self.totals.get_mut(i),
            Err(i) => {
                self.totals.insert(
                    i,
                    KindTotal {
                        kind: line.kind,
                        clause: line.clause.clone(),
                        amount: Money::zero(line.amount.currency),
                        lines: 0,
                    },
                );
                self.totals.get_mut(i)
            }
        };
        if let Some(total) = total {
            total.amount.amount = total.amount.amount.saturating_add(line.amount.amount);
            total.lines = total.lines.saturating_add(1);
        }
        let due = line.kind.affects_balance() && line.kind != LineKind::Payout;
        if let (Some(_), true) = (line.due, due) {
            self.payouts_due = self.payouts_due.saturating_add(line.amount.amount.abs());
        }
    }
}

/// Builds every partner's totals from its folded months, from its first month to its
/// last, as [`super::build_statements`] does from lines.
pub(crate) fn build_totals(
    folded: &IdMap<PartnerId, BTreeMap<Month, MonthSums>>,
    currencies: &IdMap<&PartnerId, Currency>,
    offset: ProgramZone,
    as_of: Option<Instant>,
) -> Result<Vec<StatementTotals>, Error> {
    let mut out = Vec::new();
    let mut partners: Vec<_> = folded.iter().collect();
    partners.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (partner, months) in partners {
        let (Some((first, sums)), Some(last)) = (months.first_key_value(), months.keys().last())
        else {
            continue;
        };
        let currency = match currencies.get(partner) {
            Some(currency) => *currency,
            None => sums
                .totals
                .first()
                .map_or(Currency::RUB, |t| t.amount.currency),
        };
        let mut month = *first;
        let mut opening = Money::zero(currency);
        let empty = MonthSums::default();
        loop {
            let sums = months.get(&month).unwrap_or(&empty);
            let totals = month_totals(partner, month, opening, sums, offset, as_of)?;
            opening = totals.closing;
            out.push(totals);
            if month >= *last {
                break;
            }
            month = month
                .next()
                .ok_or_else(|| Error::general(ErrorKind::Overflow))?;
        }
    }
    Ok(out)
}

fn month_totals(
    partner: &PartnerId,
    month: Month,
    opening: Money,
    sums: &MonthSums,
    offset: ProgramZone,
    as_of: Option<Instant>,
) -> Result<StatementTotals, Error> {
    let mut closing = opening;
    for total in sums.totals.iter().filter(|t| t.kind.affects_balance()) {
        closing = closing.checked_add(total.amount).map_err(|error| {
            Error::general(match error {
                MoneyError::CurrencyMismatch { .. } => ErrorKind::CurrencyMismatch {
                    expected: opening.currency,
                    found: total.amount.currency,
                },
                MoneyError::Overflow => ErrorKind::Overflow,
            })
        })?;
    }
    Ok(StatementTotals {
        partner: partner.clone(),
        month,
        currency: opening.currency,
        opening,
        closing,
        totals: sums.totals.clone(),
        payouts_due: Money::new(sums.payouts_due, opening.currency),
        closed: super::statement::month_closed(month, offset, as_of),
    })
}

/// The amount of each line that counts for a partner's rank, from folded months.
pub(crate) fn credited_in<'a>(
    folded: &'a IdMap<PartnerId, BTreeMap<Month, MonthSums>>,
) -> impl Iterator<Item = (Month, &'a PartnerId, Money, Option<&'a EventId>)> + 'a {
    folded.iter().flat_map(|(partner, months)| {
        months.iter().flat_map(move |(month, sums)| {
            sums.totals
                .iter()
                .filter(|t| super::leaderboard::credits(t.kind))
                .map(move |t| (*month, partner, t.amount, None))
        })
    })
}
