//! Monthly payout statements, built from the booked lines.

use super::line::{Line, LineKind};
use crate::error::{Error, ErrorKind};
use crate::ids::{ClauseId, EventId, LineId, PartnerId};
use crate::money::{Currency, Money, MoneyError};
use crate::sorted::IdMap;
use crate::time::{Instant, Month, ProgramZone};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A partner's statement for one program-time month: opening balance, every line, closing
/// balance (`closing = opening + Σ lines`), and the payouts due for what it earned.
/// The balance is what the vendor owes the partner. Discounts and not-payable lines are
/// listed as memo lines: they explain, but do not change the balance.
///
/// Statements are immutable once their month is over: every line is booked at or after
/// the event that caused it, so a later event can only add lines to a later month.
///
/// ```
/// use commission_rules::{evaluate, programs, Event, EventKind, LegalForm, Currency, Ledger, PartnerId, ClientId,
///     Payment, PaymentKind, Money, Month};
/// use chrono::{TimeZone, Utc};
/// use rust_decimal::Decimal;
/// let rub = Currency::new("RUB").unwrap();
/// let at = |d, h| Utc.with_ymd_and_hms(2024, 3, d, h, 0, 0).unwrap();
/// let ledger: Ledger = vec![
///     Event::new("p", at(1, 9), EventKind::PartnerRegistered { partner: "p1".into(), legal_form: LegalForm::LegalEntity, currency: rub }),
///     Event::new("c", at(2, 9), EventKind::ClientRegistered { client: "c1".into(), referrer: Some("p1".into()),
///         promo_code: Some("P1".into()), integration: None, via_partner_cabinet: false }),
///     Event::new("pay", at(10, 12), EventKind::Payment(Payment::by_client("c1".into(), PaymentKind::Subscription,
///         Money::new(Decimal::from(5000), rub)))),
/// ].into();
/// let outcome = evaluate(&programs::radist(), &ledger).unwrap();
/// let march = outcome.statement(&"p1".into(), Month::new(2024, 3).unwrap()).unwrap();
/// assert_eq!(march.lines.len(), 2); // the 40 % accrual and its payout 3 days later
/// assert_eq!(march.closing.amount, Decimal::ZERO);
/// assert_eq!(march.payouts_due[0].amount.amount, Decimal::from(2000));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PayoutStatement {
    /// The partner.
    pub partner: PartnerId,
    /// The month.
    pub month: Month,
    /// The program's offset: the month and the times shown are reckoned in it.
    pub time_zone: ProgramZone,
    /// The currency of every amount in it.
    pub currency: Currency,
    /// What the vendor owed the partner when the month began.
    pub opening: Money,
    /// Lines that change the balance, in booking order.
    pub lines: Vec<Line>,
    /// Memo lines (discounts, not-payable rewards).
    pub memo: Vec<Line>,
    /// What the vendor owes the partner when the month ends.
    pub closing: Money,
    /// Payouts due for what was earned or requested this month.
    pub payouts_due: Vec<PayoutDue>,
    /// The month ended before the last event evaluated: the statement is final.
    pub closed: bool,
}

/// A payout due to a partner: for one line.
///
/// ```
/// use commission_rules::{evaluate, programs, Ledger};
/// let ledger: Ledger = serde_json::from_str(r#"[
///   {"id":"p","at":"2024-03-01T09:00:00Z","type":"partner_registered","partner":"p1",
///    "legal_form":"legal_entity","currency":"RUB"},
///   {"id":"c","at":"2024-03-02T09:00:00Z","type":"client_registered","client":"c1","referrer":"p1"},
///   {"id":"pay","at":"2024-03-10T12:00:00Z","type":"payment","client":"c1",
///    "payment_kind":"subscription","paid_by":"client","amount":{"amount":"5000.00","currency":"RUB"}}
/// ]"#).unwrap();
/// let outcome = evaluate(&programs::radist(), &ledger).unwrap();
/// let due = &outcome.statements[0].payouts_due[0];
/// assert_eq!(due.amount.to_string(), "2000.00 RUB");
/// assert_eq!(due.due.to_rfc3339(), "2024-03-13T12:00:00+00:00"); // R-2: 3 days later
/// assert_eq!(due.line.to_string(), "pay/R-1/0"); // R-1's accrual for the payment
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PayoutDue {
    /// The amount (positive).
    pub amount: Money,
    /// When it is due.
    pub due: Instant,
    /// The clause of the line it pays.
    pub clause: ClauseId,
    /// The event behind it.
    pub source_event: EventId,
    /// The id of the line it pays.
    pub line: LineId,
}

/// Builds every partner's statements, from its first booked month to its last.
pub(crate) fn build_statements(
    lines: &[Line],
    currencies: &IdMap<&PartnerId, Currency>,
    offset: ProgramZone,
    as_of: Option<Instant>,
) -> Result<Vec<PayoutStatement>, Error> {
    let mut by_partner: BTreeMap<&PartnerId, Vec<&Line>> = BTreeMap::new();
    for line in lines {
        by_partner.entry(&line.partner).or_default().push(line);
    }
    let mut statements = Vec::new();
    for (partner, mut partner_lines) in by_partner {
        // Stable: lines booked at the same instant keep their booking order.
        partner_lines.sort_by_key(|line| line.booked_at);
        let currency = match (currencies.get(partner), partner_lines.first()) {
            (Some(currency), _) => *currency,
            (None, Some(line)) => line.amount.currency,
            (None, None) => continue,
        };
        partner_statements(
            partner,
            &partner_lines,
            currency,
            offset,
            as_of,
            &mut statements,
        )?;
    }
    Ok(statements)
}

fn partner_statements(
    partner: &PartnerId,
    lines: &[&Line],
    currency: Currency,
    offset: ProgramZone,
    as_of: Option<Instant>,
    out: &mut Vec<PayoutStatement>,
) -> Result<(), Error> {
    let (Some(first), Some(last)) = (lines.first(), lines.last()) else {
        return Ok(());
    };
    let mut month = first.month;
    let mut opening = Money::zero(currency);
    let mut rest = lines;
    loop {
        let split = rest.partition_point(|line| line.month <= month);
        let (this_month, later) = rest.split_at(split);
        let statement = one_statement(partner, month, opening, this_month, offset, as_of)?;
        opening = statement.closing;
        out.push(statement);
        rest = later;
        if month >= last.month {
            return Ok(());
        }
        month = month
            .next()
            .ok_or_else(|| Error::general(ErrorKind::Overflow))?;
    }
}

fn one_statement(
    partner: &PartnerId,
    month: Month,
    opening: Money,
    lines: &[&Line],
    offset: ProgramZone,
    as_of: Option<Instant>,
) -> Result<PayoutStatement, Error> {
    let mut balance_lines = Vec::new();
    let mut memo = Vec::new();
    let mut closing = opening;
    let mut payouts_due = Vec::new();
    for line in lines {
        if !line.kind.affects_balance() {
            memo.push((*line).clone());
            continue;
        }
        closing = closing.checked_add(line.amount).map_err(|error| {
            let kind = match error {
                MoneyError::CurrencyMismatch { left, right } => ErrorKind::CurrencyMismatch {
                    expected: left,
                    found: right,
                },
                MoneyError::Overflow => ErrorKind::Overflow,
            };
            Error::at_event(line.source_event.clone(), kind)
        })?;
        if let (Some(due), true) = (line.due, line.kind != LineKind::Payout) {
            payouts_due.push(PayoutDue {
                amount: Money::new(line.amount.amount.abs(), line.amount.currency),
                due,
                clause: line.clause.clone(),
                source_event: line.source_event.clone(),
                line: line.id.clone(),
            });
        }
        balance_lines.push((*line).clone());
    }
    Ok(PayoutStatement {
        partner: partner.clone(),
        month,
        time_zone: offset,
        currency: opening.currency,
        opening,
        lines: balance_lines,
        memo,
        closing,
        payouts_due,
        closed: month_closed(month, offset, as_of),
    })
}

/// Whether `month` ended at or before `as_of`: its statement is final.
pub(crate) fn month_closed(month: Month, offset: ProgramZone, as_of: Option<Instant>) -> bool {
    let month_end = month
        .next()
        .and_then(|next| next.first_day())
        .map(|day| offset.start_of(day));
    matches!((month_end, as_of), (Some(end), Some(now)) if end <= now)
}

impl fmt::Display for PayoutStatement {
    /// An aligned, human-readable statement; times in program time. Columns widen to the
    /// longest kind, clause, event id and amount, so any id length stays aligned.
    ///
    /// ```
    /// # use commission_rules::{evaluate, programs, Ledger};
    /// # let outcome = evaluate(&programs::radist(), &Ledger::new()).unwrap();
    /// for statement in &outcome.statements {
    ///     println!("{statement}");
    /// }
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = if self.closed { "final" } else { "provisional" };
        writeln!(
            f,
            "Statement {} {} ({}, UTC{}), {state}",
            self.partner, self.month, self.currency, self.time_zone
        )?;
        let lines: Vec<LineCells> = self.lines.iter().map(|l| self.cells(l, false)).collect();
        let memo: Vec<LineCells> = self.memo.iter().map(|l| self.cells(l, true)).collect();
        let widths = Widths::of(lines.iter().chain(&memo), [self.opening, self.closing]);
        let (label, amount) = (widths.label, widths.amount);
        writeln!(
            f,
            "  {:<label$}{:>amount$}",
            "opening balance", self.opening.amount
        )?;
        for cells in &lines {
            cells.write(f, &widths)?;
        }
        if !memo.is_empty() {
            writeln!(f, "  memo, not in the balance:")?;
        }
        for cells in &memo {
            cells.write(f, &widths)?;
        }
        writeln!(
            f,
            "  {:<label$}{:>amount$}",
            "closing balance", self.closing.amount
        )?;
        for due in &self.payouts_due {
            let when = self.time_zone.local_time(due.due).format("%Y-%m-%d %H:%M");
            writeln!(
                f,
                "  payout due {when}: {} ({}, {})",
                due.amount, due.clause, due.source_event
            )?;
        }
        Ok(())
    }
}

/// A statement line as text, one cell per column.
struct LineCells {
    when: String,
    kind: String,
    clause: String,
    event: String,
    how: String,
    amount: String,
    note: Option<String>,
}

/// Column widths of a statement: each at least the width of the short ids most ledgers
/// use (so those statements keep one layout) and as wide as its longest cell.
struct Widths {
    kind: usize,
    clause: usize,
    event: usize,
    label: usize,
    amount: usize,
}

impl Widths {
    fn of<'a>(cells: impl Iterator<Item = &'a LineCells> + Clone, totals: [Money; 2]) -> Self {
        let widest = |cell: fn(&LineCells) -> &str, least: usize| {
            cells
                .clone()
                .map(|cells| cell(cells).chars().count())
                .fold(least, usize::max)
        };
        let kind = widest(|c| &c.kind, 14);
        let clause = widest(|c| &c.clause, 9);
        let event = widest(|c| &c.event, 14);
        let how = widest(|c| &c.how, 0);
        // `MM-DD HH:MM` and a space between two columns.
        let label = (11 + 1 + kind + 1 + clause + 1 + event + 1 + how).max(61);
        let total_width = totals
            .iter()
            .map(|money| money.amount.to_string().chars().count())
            .max()
            .unwrap_or(0);
        let amount = (widest(|c| &c.amount, 0).max(total_width) + 2).max(16);
        Widths {
            kind,
            clause,
            event,
            label,
            amount,
        }
    }
}

impl LineCells {
    fn write(&self, f: &mut fmt::Formatter<'_>, widths: &Widths) -> fmt::Result {
        let Widths {
            kind,
            clause,
            event,
            label,
            amount,
        } = *widths;
        let text = format!(
            "{} {:<kind$} {:<clause$} {:<event$} {}",
            self.when, self.kind, self.clause, self.event, self.how
        );
        writeln!(f, "  {text:<label$}{:>amount$}", self.amount)?;
        if let Some(note) = &self.note {
            writeln!(f, "      {note}")?;
        }
        Ok(())
    }
}

impl PayoutStatement {
    fn cells(&self, line: &Line, memo: bool) -> LineCells {
        let when = self
            .time_zone
            .local_time(line.booked_at)
            .format("%m-%d %H:%M")
            .to_string();
        let kind = serde_json::to_string(&line.kind).unwrap_or_default();
        let how = match (&line.explanation.base, line.explanation.rate) {
            (Some(base), Some(rate)) => format!(
                "{} x {rate}",
                base.amount.round_dp_with_strategy(
                    2,
                    rust_decimal::RoundingStrategy::MidpointAwayFromZero
                )
            ),
            _ => String::new(),
        };
        let amount = if memo {
            format!("({})", line.amount.amount)
        } else {
            line.amount.amount.to_string()
        };
        LineCells {
            when,
            kind: kind.trim_matches('"').to_owned(),
            clause: line.clause.as_str().to_owned(),
            event: line.source_event.as_str().to_owned(),
            how,
            amount,
            note: line.explanation.note.clone(),
        }
    }
}
