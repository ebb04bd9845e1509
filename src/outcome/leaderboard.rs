//! Monthly partner rankings, computed from the booked lines.

use super::line::{Line, LineKind};
use crate::error::{Error, ErrorKind};
use crate::ids::{ClauseId, EventId, PartnerId};
use crate::money::{Currency, Money};
use crate::time::Month;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One month's ranking of the partners booked in one currency.
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
/// let board = &outcome.leaderboards[0];
/// assert_eq!((board.clause.as_str(), board.month.to_string()), ("R-5", "2024-03".to_owned()));
/// assert_eq!(board.entries.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Leaderboard {
    /// The clause that asks for it.
    pub clause: ClauseId,
    /// The month ranked.
    pub month: Month,
    /// The currency of the amounts ranked.
    pub currency: Currency,
    /// Ranked entries, first place first.
    pub entries: Vec<LeaderboardEntry>,
}

/// A partner's place in a leaderboard.
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
/// let first = &outcome.leaderboards[0].entries[0];
/// assert_eq!((first.rank, first.partner.as_str(), first.new_clients), (1, "p1", 1));
/// assert_eq!(first.credited.to_string(), "2000.00 RUB");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LeaderboardEntry {
    /// 1 for the first place; every entry has its own rank (ties are broken by partner id).
    pub rank: u32,
    /// The partner.
    pub partner: PartnerId,
    /// Rewards credited in the month (accruals, adjustments, bonuses).
    pub credited: Money,
    /// New clients brought in the month.
    pub new_clients: u32,
}

/// Ranks partners per month: rewards credited (descending), new clients (descending),
/// partner id (ascending).
pub(crate) fn build_leaderboards<'a>(
    clause: &ClauseId,
    credited: impl Iterator<Item = (Month, &'a PartnerId, Money, Option<&'a EventId>)>,
    new_clients: &BTreeMap<(Month, PartnerId), (Currency, u32)>,
) -> Result<Vec<Leaderboard>, Error> {
    let mut scores: BTreeMap<(Month, Currency), BTreeMap<PartnerId, (Decimal, u32)>> =
        BTreeMap::new();
    for (month, partner, amount, source) in credited {
        let score = scores
            .entry((month, amount.currency))
            .or_default()
            .entry(partner.clone())
            .or_default();
        score.0 = score
            .0
            .checked_add(amount.amount)
            .ok_or_else(|| match source {
                Some(event) => Error::at_event(event.clone(), ErrorKind::Overflow),
                None => Error::general(ErrorKind::Overflow),
            })?;
    }
    for ((month, partner), (currency, count)) in new_clients {
        let score = scores
            .entry((*month, *currency))
            .or_default()
            .entry(partner.clone())
            .or_default();
        score.1 = *count;
    }
    Ok(scores
        .into_iter()
        .map(|((month, currency), partners)| rank(clause, month, currency, partners))
        .collect())
}

/// The kinds of line a partner's rank counts: rewards credited.
pub(crate) fn credits(kind: LineKind) -> bool {
    matches!(
        kind,
        LineKind::Accrual | LineKind::Adjustment | LineKind::Bonus
    )
}

/// The amount of each line that counts for a partner's rank.
pub(crate) fn credited_lines(
    lines: &[Line],
) -> impl Iterator<Item = (Month, &PartnerId, Money, Option<&EventId>)> {
    lines.iter().filter(|line| credits(line.kind)).map(|line| {
        (
            line.month,
            &line.partner,
            line.amount,
            Some(&line.source_event),
        )
    })
}

fn rank(
    clause: &ClauseId,
    month: Month,
    currency: Currency,
    partners: BTreeMap<PartnerId, (Decimal, u32)>,
) -> Leaderboard {
    let mut scored: Vec<(PartnerId, Decimal, u32)> = partners
        .into_iter()
        .map(|(partner, (credited, count))| (partner, credited, count))
        .collect();
    scored.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    let entries = scored
        .into_iter()
        .zip(1u32..)
        .map(
            |((partner, credited, new_clients), rank)| LeaderboardEntry {
                rank,
                partner,
                credited: Money::new(credited, currency),
                new_clients,
            },
        )
        .collect();
    Leaderboard {
        clause: clause.clone(),
        month,
        currency,
        entries,
    }
}
