//! Assembling the outcome from the state: statements, leaderboards, settlements.

use super::booking::booking_currency;
use super::detail::OutcomeDetail;
use super::plan::Plan;
use super::state::{ActivePeriod, PartnerState, State};
use crate::error::{Error, ErrorKind};
use crate::ids::{EventId, PartnerId, RuleId};
use crate::ledger::{Payer, SpecialistKind};
use crate::money::{Currency, Money};
use crate::outcome::{
    Entitlement, Leaderboard, Line, LineKind, Outcome, PayoutStatement, QualificationReport,
    Requirement, RequirementCheck, Settlement, build_leaderboards, build_statements, build_totals,
    credited_in, credited_lines,
};
use crate::rules::{
    Counted, EntitlementRule, EntitlementStart, LeaderboardRule, QualificationRule, Rule, RuleKind,
    StatusRequirements,
};
use crate::sorted::{IdMap, IdSet, in_order};
use crate::time::Instant;
use crate::time::Month;
use chrono::Datelike;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

pub(crate) fn outcome(program: &Plan<'_>, state: &State) -> Result<Outcome, Error> {
    // Looked up, never walked in order: a hash map spares 10,000s of id comparisons.
    let currencies: IdMap<&PartnerId, Currency> = state
        .partners
        .iter()
        .map(|(id, partner)| (id, booking_currency(program, partner)))
        .collect();
    let full = state.detail == OutcomeDetail::Full;
    let (statements, totals) = if full {
        let statements =
            build_statements(&state.lines, &currencies, program.time_zone, state.last_at)?;
        debug_assert_balances_close(state, &statements);
        debug_assert_unique_line_ids(&state.lines);
        (statements, Vec::new())
    } else {
        let totals = build_totals(&state.folded, &currencies, program.time_zone, state.last_at)?;
        (Vec::new(), totals)
    };
    let leaderboards = leaderboards(program, state)?;
    let mut entitlements = entitlements(program, state);
    let mut rejections = state.rejections.clone();
    if !full {
        // A canonical order, which an evaluation merged from parts reproduces.
        entitlements = in_canonical_order(entitlements);
        let mut dated: Vec<_> = state.rejected_at.iter().zip(rejections).collect();
        dated.sort_by(|a, b| (a.0, &a.1.event).cmp(&(b.0, &b.1.event)));
        rejections = dated.into_iter().map(|(_, rejection)| rejection).collect();
    }
    Ok(Outcome {
        program: program.program.clone(),
        as_of: state.last_at,
        lines: if full {
            state.lines.clone()
        } else {
            Vec::new()
        },
        entitlements,
        rejections,
        statements,
        leaderboards,
        settlements: if full {
            settlements(program, state)?
        } else {
            Vec::new()
        },
        qualifications: qualifications(program, state),
        totals,
    })
}

/// Debug builds: each partner's last statement closes on the balance its account kept
/// line by line (a month's closing is its opening plus its lines, and nothing is lost
/// between months).
fn debug_assert_balances_close(state: &State, statements: &[PayoutStatement]) {
    if !cfg!(debug_assertions) {
        return;
    }
    let mut last: IdMap<&PartnerId, &PayoutStatement> = IdMap::default();
    for statement in statements {
        last.insert(&statement.partner, statement);
    }
    for (partner, statement) in last {
        let Some(account) = state.partners.get(partner).map(|p| &p.account) else {
            continue;
        };
        let kept = account
            .pending
            .iter()
            .try_fold(account.settled, |sum, (_, amount)| sum.checked_add(*amount));
        debug_assert_eq!(
            kept,
            Some(statement.closing.amount),
            "partner {partner}: its account and its statements disagree"
        );
    }
}

/// Debug builds: every line of the outcome is numbered, and no two have one id.
fn debug_assert_unique_line_ids(lines: &[Line]) {
    if !cfg!(debug_assertions) {
        return;
    }
    let mut seen = IdSet::default();
    for line in lines {
        debug_assert!(line.id.index().is_some(), "line not numbered: {line:?}");
        debug_assert!(seen.insert(&line.id), "two lines have the id {}", line.id);
    }
}

/// The leaderboard rule in force in a program-time month (at its last instant): a
/// leaderboard rule may sit in any version, and each month is ranked by its own.
fn leaderboard_in<'p>(program: &Plan<'p>, month: Month) -> Option<(&'p Rule, &'p LeaderboardRule)> {
    let end =
        program.time_zone.start_of(month.next()?.first_day()?) - chrono::Duration::nanoseconds(1);
    program.find_at(end, |kind| match kind {
        RuleKind::Leaderboard(board) => Some(board),
        _ => None,
    })
}

/// Monthly leaderboards, each month under the leaderboard rule in force in it.
fn leaderboards(program: &Plan<'_>, state: &State) -> Result<Vec<Leaderboard>, Error> {
    let mut boards = Vec::new();
    for rule in program.all_rules() {
        let RuleKind::Leaderboard(board) = &rule.kind else {
            continue;
        };
        let mut months: BTreeMap<Month, bool> = BTreeMap::new();
        let mut ranks_here = |month: Month| {
            *months.entry(month).or_insert_with(|| {
                leaderboard_in(program, month).is_some_and(|(r, _)| std::ptr::eq(r, rule))
            })
        };
        let mut new_clients: BTreeMap<(Month, PartnerId), (Currency, u32)> = BTreeMap::new();
        for (id, partner) in in_order(&state.partners) {
            let currency = booking_currency(program, partner);
            for gained in partner.gains(board.counter).instants() {
                let month = program.time_zone.month_of(gained);
                if !ranks_here(month) {
                    continue;
                }
                let entry = new_clients
                    .entry((month, id.clone()))
                    .or_insert((currency, 0));
                entry.1 = entry.1.saturating_add(1);
            }
        }
        let ranked = if state.detail == OutcomeDetail::Full {
            let credited = credited_lines(&state.lines).filter(|(month, ..)| ranks_here(*month));
            build_leaderboards(&rule.clause, credited, &new_clients)?
        } else {
            let credited = credited_in(&state.folded).filter(|(month, ..)| ranks_here(*month));
            build_leaderboards(&rule.clause, credited, &new_clients)?
        };
        boards.extend(ranked);
    }
    // Months of different versions' rules in one calendar order.
    boards.sort_by_key(|board| (board.month, board.currency));
    Ok(boards)
}

/// Entitlements ordered by [`entitlement_key`]: gathered by partner in the partners'
/// order (one big sort comparing ids at every step took a third of a statements-only
/// outcome's time), then each partner's run ordered by the rest of the key (a run is
/// short, and already in time order as granted).
fn in_canonical_order(entitlements: Vec<Entitlement>) -> Vec<Entitlement> {
    let named: IdSet<&PartnerId> = entitlements.iter().map(|e| &e.partner).collect();
    let mut partners: Vec<&PartnerId> = named.into_iter().collect();
    partners.sort_unstable();
    let rank: IdMap<&PartnerId, usize> = partners
        .iter()
        .enumerate()
        .map(|(rank, partner)| (*partner, rank))
        .collect();
    let ranks: Vec<usize> = entitlements
        .iter()
        .map(|e| rank.get(&e.partner).copied().unwrap_or(0))
        .collect();
    let mut runs: Vec<Vec<Entitlement>> = vec![Vec::new(); partners.len()];
    for (entitlement, rank) in entitlements.into_iter().zip(ranks) {
        if let Some(run) = runs.get_mut(rank) {
            run.push(entitlement);
        }
    }
    runs.into_iter()
        .flat_map(|mut run| {
            run.sort_by(|a, b| entitlement_key(a).cmp(&entitlement_key(b)));
            run
        })
        .collect()
}

#[allow(clippy::type_complexity)]
fn entitlement_key(
    e: &Entitlement,
) -> (
    &PartnerId,
    Instant,
    &RuleId,
    &EventId,
    &crate::ids::Perk,
    Option<Instant>,
) {
    (
        &e.partner,
        e.from,
        &e.rule,
        &e.source_event,
        &e.perk,
        e.until,
    )
}

/// Entitlements granted at events, then the runs of while-active entitlements: paid
/// periods that overlap or touch are one run, from its first start to its last end.
fn entitlements(program: &Plan<'_>, state: &State) -> Vec<Entitlement> {
    let mut out = state.entitlements.clone();
    out.extend(status_runs(program, state));
    // Periods are kept per rule id, each added under the version in force at its payment;
    // a run is described by the rule with that id in force at its start.
    for (rule_id, partners) in &state.active_periods {
        for (partner, periods) in partners {
            let mut periods: Vec<&ActivePeriod> = periods.iter().collect();
            periods.sort_by_key(|p| (p.period.from, p.period.to));
            let mut runs: Vec<Entitlement> = Vec::new();
            for paid in periods {
                match runs.last_mut() {
                    Some(run) if run.until.is_some_and(|until| paid.period.from <= until) => {
                        run.until = run.until.max(Some(paid.period.to));
                    }
                    _ => runs.extend(active_run(program, rule_id, partner, paid)),
                }
            }
            out.extend(runs);
        }
    }
    out
}

/// Whether a line comes from a reward of a fixed amount (a bounty): the vendor's cost, not
/// a share of the payment, so outside its settlement (it may exceed the payment).
fn pays_a_fixed_amount(program: &Plan<'_>, state: &State, line: &Line, payment: &EventId) -> bool {
    let rated_at = state
        .payments
        .get(payment)
        .map_or(line.booked_at, |record| record.at);
    matches!(
        program
            .rule_by_id(&line.rule, rated_at)
            .map(|rule| &rule.kind),
        Some(RuleKind::Reward(crate::rules::RewardRule {
            rate: crate::rules::RateSchedule::Fixed { .. },
            ..
        }))
    )
}

/// The settlement of a payment no partner shares: all of it is the vendor's.
fn vendor_only(payment: &EventId, gross: Money) -> Settlement {
    Settlement {
        payment: payment.clone(),
        partner: None,
        gross,
        partner_share: Money::zero(gross.currency),
        vendor_share: gross,
    }
}

/// Per payment and partner: the gross in the partner's currency, its share, the vendor's.
fn settlements(program: &Plan<'_>, state: &State) -> Result<Vec<Settlement>, Error> {
    let mut shares: BTreeMap<&EventId, BTreeMap<&PartnerId, Vec<&Line>>> = BTreeMap::new();
    for line in &state.lines {
        let shared = matches!(
            line.kind,
            LineKind::Accrual | LineKind::Discount | LineKind::Adjustment | LineKind::CreditUsed
        );
        if let (true, Some(payment)) = (shared, &line.payment) {
            if pays_a_fixed_amount(program, state, line, payment) {
                continue;
            }
            shares
                .entry(payment)
                .or_default()
                .entry(&line.partner)
                .or_default()
                .push(line);
        }
    }
    let mut out = Vec::new();
    for (payment_id, record) in &state.payments {
        let overflow = || Error::at_event(payment_id.clone(), ErrorKind::Overflow);
        // What the vendor is paid for: a partner buying pays for the list price where
        // given (its rewards are shares of it); a client pays the amount.
        let priced = match record.payment.paid_by {
            Payer::Partner(_) => record.payment.list_price.unwrap_or(record.payment.amount),
            Payer::Client => record.payment.amount,
        };
        let Some(partnered) = shares.get(payment_id) else {
            out.push(vendor_only(payment_id, priced));
            continue;
        };
        for (partner, lines) in partnered {
            // Grouped by push, so never empty.
            let Some(currency) = lines.first().map(|line| line.amount.currency) else {
                continue;
            };
            let applied = lines
                .iter()
                .find_map(|line| line.explanation.fx.as_ref())
                .map(|fx| fx.applied_rate);
            let exact = match applied {
                Some(rate) => priced.amount.checked_mul(rate).ok_or_else(overflow)?,
                None => priced.amount,
            };
            let minor_units = currency.minor_units().ok_or_else(overflow)?;
            let gross = Money::new(program.rounding.round(exact, minor_units), currency);
            let partner_share = lines
                .iter()
                .try_fold(Money::zero(currency), |sum, line| {
                    sum.checked_add(line.amount)
                })
                .map_err(|_| overflow())?;
            let vendor_share = gross.checked_sub(partner_share).map_err(|_| overflow())?;
            debug_assert!(
                partner_share.amount >= Decimal::ZERO && vendor_share.amount >= Decimal::ZERO,
                "payment {payment_id}: the partner's share {partner_share} is not within {gross}"
            );
            out.push(Settlement {
                payment: payment_id.clone(),
                partner: Some((*partner).clone()),
                gross,
                partner_share,
                vendor_share,
            });
        }
    }
    Ok(out)
}

/// A run of a while-active entitlement that starts with a paid period.
fn active_run(
    program: &Plan<'_>,
    rule_id: &RuleId,
    partner: &PartnerId,
    paid: &ActivePeriod,
) -> Option<Entitlement> {
    let rule = program.rule_by_id(rule_id, paid.period.from)?;
    let RuleKind::Entitlement(entitlement) = &rule.kind else {
        return None;
    };
    Some(Entitlement {
        partner: partner.clone(),
        perk: entitlement.perk.clone(),
        clause: rule.clause.clone(),
        rule: rule.id.clone(),
        source_event: paid.payment.clone(),
        from: paid.period.from,
        until: Some(paid.period.to),
    })
}

/// A qualification's minimum sales in the currency the partner's sales are kept in.
fn min_sales_in(
    program: &Plan<'_>,
    state: &State,
    min: Money,
    currency: Currency,
    at: Instant,
) -> Option<Decimal> {
    if min.currency == currency {
        return Some(min.amount);
    }
    let rate = state.fx_rate(min.currency, currency, at)?;
    let exact = min.amount.checked_mul(rate)?;
    let minor_units = currency.minor_units()?;
    Some(program.rounding.round(exact, minor_units))
}

/// Runs of while-status entitlements: from each grant of the status to the next grant of
/// another status (open while it still holds).
fn status_runs(program: &Plan<'_>, state: &State) -> Vec<Entitlement> {
    let mut out = Vec::new();
    for rule in program.all_rules() {
        let RuleKind::Entitlement(EntitlementRule {
            perk,
            starts: EntitlementStart::WhileStatus { status },
            ..
        }) = &rule.kind
        else {
            continue;
        };
        // A version's rule grants only while its version is in force: each run of the
        // status is cut to that span, and a run the next version's same rule continues is
        // one entitlement.
        let (in_force_from, in_force_until) = program.in_force_span(rule);
        for (partner, partner_state) in in_order(&state.partners) {
            let grants = &partner_state.statuses;
            for (index, (from, granted, grant_event)) in grants.iter().enumerate() {
                let continues = index > 0
                    && grants
                        .get(index - 1)
                        .is_some_and(|(_, previous, _)| previous == status);
                if granted != status || continues {
                    continue;
                }
                let until = grants
                    .iter()
                    .skip(index + 1)
                    .find(|(_, next, _)| next != status)
                    .map(|(at, _, _)| *at);
                let start = in_force_from.map_or(*from, |begins| begins.max(*from));
                let end = match (until, in_force_until) {
                    (Some(until), Some(ends)) => Some(until.min(ends)),
                    (until, ends) => until.or(ends),
                };
                if end.is_some_and(|end| end <= start) {
                    continue;
                }
                let continued = out.iter_mut().rev().find(|e: &&mut Entitlement| {
                    e.partner == *partner
                        && e.rule == rule.id
                        && e.perk == *perk
                        && e.until == Some(start)
                });
                if let Some(run) = continued {
                    run.until = end;
                    continue;
                }
                out.push(Entitlement {
                    partner: partner.clone(),
                    perk: perk.clone(),
                    clause: rule.clause.clone(),
                    rule: rule.id.clone(),
                    source_event: grant_event.clone(),
                    from: start,
                    until: end,
                });
            }
        }
    }
    out
}

/// The qualification report of every partner for every year from its registration to
/// the last event, under the qualification rule in force at the year's end (or now).
fn qualifications(program: &Plan<'_>, state: &State) -> Vec<QualificationReport> {
    let Some(as_of) = state.last_at else {
        return Vec::new();
    };
    let any_rule = program
        .all_rules()
        .any(|rule| matches!(rule.kind, RuleKind::Qualification(_)));
    if !any_rule {
        return Vec::new();
    }
    let zone = program.time_zone;
    let mut out = Vec::new();
    for (partner, partner_state) in in_order(&state.partners) {
        let first = zone.date_of(partner_state.registered_at).year();
        for year in first..=zone.date_of(as_of).year() {
            let year_end = chrono::NaiveDate::from_ymd_opt(year.saturating_add(1), 1, 1)
                .map(|next| zone.start_of(next));
            let complete = year_end.is_some_and(|end| end <= as_of);
            let at = match year_end {
                Some(end) if complete => end - chrono::Duration::nanoseconds(1),
                _ => as_of,
            };
            let rule = program.find_at(at, |kind| match kind {
                RuleKind::Qualification(rule) => Some(rule),
                _ => None,
            });
            if let Some((_, rule)) = rule {
                out.push(qualification(
                    program,
                    state,
                    (partner, partner_state),
                    rule,
                    (year, at, complete),
                ));
            }
        }
    }
    out
}

/// One partner's report for one year (`complete` once over), as of `at`.
fn qualification(
    program: &Plan<'_>,
    state: &State,
    (partner, partner_state): (&PartnerId, &PartnerState),
    rule: &QualificationRule,
    (year, at, complete): (i32, Instant, bool),
) -> QualificationReport {
    let figures = YearFigures::of(program, partner_state, year, at);
    let mut checks = Vec::new();
    let mut qualifies_for = None;
    for level in &rule.levels {
        let level_checks = level_checks(program, state, level, &figures);
        // Levels go lowest first: the last one met is the highest the partner qualifies for.
        // A requirement that is not tracked (or not known) does not stop it.
        if level_checks.iter().all(|(_, met, _)| *met != Some(false)) {
            qualifies_for = Some(level.status.clone());
        }
        checks.extend(
            level_checks
                .into_iter()
                .map(|(requirement, met, short_by)| RequirementCheck {
                    status: level.status.clone(),
                    requirement,
                    met,
                    short_by,
                }),
        );
    }
    QualificationReport {
        partner: partner.clone(),
        year,
        complete,
        status_held: partner_state.status_at(at).cloned(),
        contract_signed: figures.contract,
        sales: Money::new(figures.sales, figures.currency),
        technical_specialists: figures.technical_specialists,
        sales_specialists: figures.sales_specialists,
        checks,
        qualifies_for,
    }
}

/// What a partner has in a year as of `at`: the figures every level is checked against,
/// gathered once per report rather than once per level.
struct YearFigures<'s> {
    partner: &'s PartnerState,
    at: Instant,
    /// The partner's booking currency, the one `sales` is in.
    currency: Currency,
    /// Sales in the year at list price.
    sales: Decimal,
    technical_specialists: u32,
    sales_specialists: u32,
    contract: bool,
}

impl<'s> YearFigures<'s> {
    fn of(program: &Plan<'_>, partner_state: &'s PartnerState, year: i32, at: Instant) -> Self {
        let sales = partner_state
            .sales_by_year
            .get(&year)
            .copied()
            .unwrap_or(Decimal::ZERO);
        // Specialists certified by `at` (a count past `u32::MAX` cannot fall short).
        let certified = |at_list: &[Instant]| {
            u32::try_from(at_list.iter().filter(|when| **when <= at).count()).unwrap_or(u32::MAX)
        };
        Self {
            partner: partner_state,
            at,
            currency: booking_currency(program, partner_state),
            sales,
            technical_specialists: certified(&partner_state.technical_specialists),
            sales_specialists: certified(&partner_state.sales_specialists),
            contract: partner_state.contract_at(at),
        }
    }

    /// How many of `counted` the partner has by then.
    fn count(&self, counted: Counted) -> u32 {
        match counted {
            Counted::CertifiedSpecialists(SpecialistKind::Technical) => self.technical_specialists,
            Counted::CertifiedSpecialists(SpecialistKind::Sales) => self.sales_specialists,
            Counted::Clients(counter) => self.partner.count_at(counter, self.at),
        }
    }
}

/// A requirement checked, before it is tied to its status: whether it is met (unknown if
/// not tracked) and by how much it falls short (none when met).
type LevelCheck = (Requirement, Option<bool>, Option<Decimal>);

/// The checks of one level's requirements, in the report's order: contract, sales, the
/// counts in the level's order, then what is not tracked.
fn level_checks(
    program: &Plan<'_>,
    state: &State,
    level: &StatusRequirements,
    figures: &YearFigures<'_>,
) -> Vec<LevelCheck> {
    let mut checks = Vec::new();
    if level.contract_required {
        checks.push((Requirement::ContractSigned, Some(figures.contract), None));
    }
    if let Some(min) = level.min_sales {
        // `min_sales` is in the program currency, sales in the booking currency: the
        // minimum is converted at the rate in force then (unknown without one).
        let required = min_sales_in(program, state, min, figures.currency, figures.at);
        let short =
            required.map(|required| required.saturating_sub(figures.sales).max(Decimal::ZERO));
        checks.push((
            Requirement::MinSales { required: min },
            short.map(|short| short.is_zero()),
            short.filter(|s| !s.is_zero()),
        ));
    }
    for requirement in &level.requirements {
        let short = requirement
            .at_least
            .saturating_sub(figures.count(requirement.count));
        checks.push((
            Requirement::Count(*requirement),
            Some(short == 0),
            Some(Decimal::from(short)).filter(|s| !s.is_zero()),
        ));
    }
    for what in &level.not_tracked {
        checks.push((Requirement::NotTracked { what: what.clone() }, None, None));
    }
    checks
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use proptest::prelude::*;

    fn entitlement(
        (partner, from, rule, source, perk, until): (u8, u8, u8, u8, u8, Option<u8>),
    ) -> Entitlement {
        let at = |hour: u8| {
            Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0)
                .single()
                .unwrap_or_default()
                + chrono::Duration::hours(hour.into())
        };
        let rule = format!("W-{rule}");
        Entitlement {
            // "p10" sorts before "p2": the order is the ids', not the numbers'.
            partner: format!("p{partner}").into(),
            perk: format!("perk-{perk}").into(),
            clause: rule.as_str().into(),
            rule: rule.into(),
            source_event: format!("e{source}").into(),
            from: at(from),
            until: until.map(at),
        }
    }

    proptest! {
        /// Gathering by partner rank, then ordering each run, is the one big sort by key.
        #[test]
        fn canonical_order_is_the_order_by_key(
            keys in prop::collection::vec(
                (0u8..12, 0u8..4, 0u8..3, 0u8..3, 0u8..3, prop::option::of(0u8..4)),
                0..60,
            )
        ) {
            let entitlements: Vec<Entitlement> = keys.into_iter().map(entitlement).collect();
            let mut expected = entitlements.clone();
            expected.sort_by(|a, b| entitlement_key(a).cmp(&entitlement_key(b)));
            prop_assert_eq!(in_canonical_order(entitlements), expected);
        }
    }
}
