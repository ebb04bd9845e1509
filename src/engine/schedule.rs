//! What happens to lines after they are booked: monthly payout runs (a hold, a minimum,
//! carry-over), per-client caps kept up to date, the month's lines kept for retroactive
//! tiers; and the events that re-rate or claw back earlier lines.

use super::booking::{account_line, round};
use super::plan::Plan;
use super::state::{MonthPayment, MonthRewards, PaymentRecord, RewardShare, State};
use crate::error::ErrorKind;
use crate::ids::{ClientId, EventId, PartnerId, RuleId};
use crate::ledger::Event;
use crate::money::{Money, Rate};
use crate::outcome::{Explanation, Line, LineKind};
use crate::rules::{
    ClientCounter, PayoutSchedule, RateSchedule, Retroactivity, RewardRule, Rule, RuleKind,
};
use crate::time::Instant;
use rust_decimal::Decimal;

/// The reward rule a line was rated by: the one with its id in force at `rated_at`.
fn reward_rule<'p>(
    program: &Plan<'p>,
    id: &RuleId,
    rated_at: Instant,
) -> Option<(&'p Rule, &'p RewardRule)> {
    let rule = program.rule_by_id(id, rated_at)?;
    match &rule.kind {
        RuleKind::Reward(reward) => Some((rule, reward)),
        _ => None,
    }
}

/// Bookkeeping for the lines an event at `at` booked (from index `first` on): caps, the
/// month's reward lines, and the unpaid lines of a monthly schedule with their payout runs.
pub(super) fn after_event(program: &Plan<'_>, state: &mut State, first: usize, at: Instant) {
    if first >= state.lines.len() || !program.needs_bookkeeping {
        return;
    }
    let retroactive = program.retroactive;
    for index in first..state.lines.len() {
        let Some(line) = state.lines.get(index).cloned() else {
            continue;
        };
        let rewarded = matches!(line.kind, LineKind::Accrual | LineKind::Adjustment);
        if rewarded {
            // A payment's lines were rated by the rules in force at the payment (also when
            // caught up or clawed back later); others by those at the event.
            // (Looked up only where a rule id stands in several versions.)
            let rated_at = line
                .payment
                .as_ref()
                .filter(|_| program.ids_repeat)
                .and_then(|payment| state.payments.get(payment))
                .map_or(at, |record| record.at);
            count_against_cap(program, state, &line, rated_at);
        }
        hold_for_monthly_payout(program, state, index, &line);
        if let (true, true, Some(payment)) = (rewarded, retroactive, &line.payment) {
            if let Some(partner) = state.partners.get_mut(&line.partner) {
                MonthRewards::add(&mut partner.month_lines, &line, payment);
            }
        }
    }
}

/// Under a clawback policy, each payment remembers the positive reward lines booked for it
/// (from index `first` on), with their final due dates, so a refund needs no other lines.
pub(super) fn remember_rewards(program: &Plan<'_>, state: &mut State, first: usize) {
    if first >= state.lines.len() || !program.claws_back {
        return;
    }
    let State {
        lines, payments, ..
    } = state;
    for line in lines.iter().skip(first) {
        let rewards = matches!(line.kind, LineKind::Accrual | LineKind::Adjustment)
            && line.amount.amount > Decimal::ZERO;
        let Some(record) = line
            .payment
            .as_ref()
            .filter(|_| rewards)
            .and_then(|payment| payments.get_mut(payment))
        else {
            continue;
        };
        let same = |share: &&mut RewardShare| {
            share.first.partner == line.partner && share.first.rule == line.rule
        };
        match record.rewards.iter_mut().find(same) {
            Some(share) => {
                share.total = share.total.saturating_add(line.amount.amount);
                share.due = share.due.max(line.due);
            }
            None => record.rewards.push(RewardShare {
                first: line.clone(),
                total: line.amount.amount,
                due: line.due,
                clawed_back: Decimal::ZERO,
            }),
        }
    }
}

fn count_against_cap(program: &Plan<'_>, state: &mut State, line: &Line, rated_at: Instant) {
    let (Some(client), Some((rule, reward))) =
        (&line.client, reward_rule(program, &line.rule, rated_at))
    else {
        return;
    };
    if reward.per_client.is_none() {
        return;
    }
    if let Some(client) = state.clients.get_mut(client) {
        let used = client
            .extras_mut()
            .rewarded
            .entry(rule.id.clone())
            .or_default();
        if line.kind == LineKind::Accrual {
            used.0 = used.0.saturating_add(1);
        }
        used.1 = used.1.saturating_add(line.amount.amount);
    }
}

fn hold_for_monthly_payout(program: &Plan<'_>, state: &mut State, index: usize, line: &Line) {
    let payable = matches!(
        line.kind,
        LineKind::Accrual | LineKind::Adjustment | LineKind::Bonus
    );
    let Some((_, PayoutSchedule::Monthly { hold_days, .. })) = program.payout_at(line.booked_at)
    else {
        return;
    };
    let zone = program.time_zone;
    let Some(matures) = line
        .due
        .or_else(|| zone.add_days(line.booked_at, hold_days))
    else {
        return;
    };
    if !payable {
        return;
    }
    if let Some(booked) = state.lines.get_mut(index) {
        booked.due = Some(matures);
    }
    let run = first_run_from(program, matures);
    if let (Some(partner), Some(run)) = (state.partners.get_mut(&line.partner), run) {
        partner
            .unpaid
            .push((matures, line.amount.amount, line.source_event.clone()));
        state.payout_runs.insert((run, line.partner.clone()));
    }
}

/// The first monthly run at or after `at`: runs are at the start of each month.
fn first_run_from(program: &Plan<'_>, at: Instant) -> Option<Instant> {
    let zone = program.time_zone;
    let month_start = zone.month_of(at).first_day().map(|day| zone.start_of(day));
    match month_start {
        Some(start) if start == at => Some(at),
        _ => zone.start_of_next_month(at),
    }
}

/// The next run that can change what a partner's carried lines come to: the first after
/// the earliest line still held matures, or after the next version's terms begin (its
/// minimum may differ). Lines matured but below the minimum wait for either, or for a
/// new line (which schedules its own run): a run in between would pay nothing.
fn next_useful_run(
    program: &Plan<'_>,
    unpaid: &[(Instant, Decimal, EventId)],
    run: Instant,
) -> Option<Instant> {
    let held = unpaid
        .iter()
        .map(|(matures, _, _)| *matures)
        .filter(|matures| *matures > run)
        .min();
    let next_terms = program.next_version_start(run);
    [held, next_terms]
        .into_iter()
        .flatten()
        .filter_map(|at| first_run_from(program, at))
        .filter(|next| *next > run)
        .min()
}

/// Runs every monthly payout due at or before `at`: the lines matured by the run are paid
/// out together if they reach the minimum; otherwise, and for lines still held, the next
/// month's run takes them.
pub(super) fn run_payouts(program: &Plan<'_>, state: &mut State, at: Instant) {
    while let Some((run, partner)) = state.payout_runs.first().cloned() {
        if run > at {
            break;
        }
        state.payout_runs.remove(&(run, partner.clone()));
        let Some((rule, PayoutSchedule::Monthly { minimum, .. })) = program.payout_at(run) else {
            continue;
        };
        let Some(partner_state) = state.partners.get_mut(&partner) else {
            continue;
        };
        let (matured, held): (Vec<_>, Vec<_>) = partner_state
            .unpaid
            .drain(..)
            .partition(|(matures, _, _)| *matures <= run);
        let total = matured.iter().fold(Decimal::ZERO, |sum, (_, amount, _)| {
            sum.saturating_add(*amount)
        });
        let source = matured.last().map(|(_, _, source)| source.clone());
        let pays = total > Decimal::ZERO && total >= minimum.amount;
        partner_state.unpaid = if pays {
            held
        } else {
            matured.into_iter().chain(held).collect()
        };
        let carry = !partner_state.unpaid.is_empty();
        let next = next_useful_run(program, &partner_state.unpaid, run);
        if let (true, Some(source)) = (pays, source) {
            let line = payout_line(program, rule, &partner, run, total, minimum, source);
            state.book_closing(line);
        }
        if let (true, Some(next)) = (carry, next) {
            state.payout_runs.insert((next, partner));
        }
    }
}

fn payout_line(
    program: &Plan<'_>,
    rule: &Rule,
    partner: &PartnerId,
    run: Instant,
    total: Decimal,
    minimum: Money,
    source: EventId,
) -> Line {
    let currency = minimum.currency;
    Line {
        partner: partner.clone(),
        kind: LineKind::Payout,
        clause: rule.clause.clone(),
        rule: rule.id.clone(),
        source_event: source,
        payment: None,
        client: None,
        booked_at: run,
        month: program.time_zone.month_of(run),
        amount: Money::new(-total, currency),
        due: Some(run),
        explanation: Explanation {
            note: Some(format!(
                "monthly payout of the lines whose hold ended (minimum {minimum})"
            )),
            ..Explanation::default()
        },
    }
}

/// A partner's count reached a new value: under a tier schedule retroactive to the
/// current month, the month's earlier payments are re-rated at the new tier (adjustment
/// lines for the difference, within the client's cap).
pub(super) fn rerate_month(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    partner: &PartnerId,
    counter: ClientCounter,
) -> Result<(), ErrorKind> {
    if !program.retroactive {
        return Ok(());
    }
    let mut adjustments = Vec::new();
    let mut rerated = Vec::new();
    for rule in program.rules_at(event.at) {
        let RuleKind::Reward(
            reward @ RewardRule {
                rate: RateSchedule::Tiered(tiers),
                ..
            },
        ) = &rule.kind
        else {
            continue;
        };
        if tiers.counter != counter || tiers.retroactive != Retroactivity::CurrentMonth {
            continue;
        }
        let shared = program.shares_count(counter, event.at);
        let count = state.client_count(partner, counter, event.at, shared);
        let Some(rate) = tiers.rate_at(count) else {
            continue;
        };
        let month = RerateMonth {
            program,
            state,
            event,
            partner,
            rule,
            reward,
            rate,
            count,
        };
        adjustments.extend(month.adjustments()?);
        rerated.push((rule.id.clone(), rate));
    }
    state.book(event.at, adjustments)?;
    let month = program.time_zone.month_of(event.at);
    let partner_state = state.partners.get_mut(partner);
    if let Some(rewards) = partner_state.and_then(|p| p.month_lines.as_mut()) {
        if rewards.month == month {
            for (rule, rate) in rerated {
                let of_rule = rewards.by_rule.entry(rule).or_default();
                of_rule.touched.clear();
                of_rule.rerated_at = Some(rate);
            }
        }
    }
    Ok(())
}

/// One retroactive rule re-rating a partner's month at a new count.
struct RerateMonth<'a> {
    program: &'a Plan<'a>,
    state: &'a State,
    event: &'a Event,
    partner: &'a PartnerId,
    rule: &'a Rule,
    reward: &'a RewardRule,
    rate: Rate,
    count: u32,
}

impl RerateMonth<'_> {
    /// The adjustment lines that bring the month's payments under the rule to the rate.
    /// At the rate it last re-rated at, only payments whose lines changed since can need
    /// one; at a new rate, every payment of the month is looked at (a few times a month).
    fn adjustments(&self) -> Result<Vec<Line>, ErrorKind> {
        let month = self.program.time_zone.month_of(self.event.at);
        let Some(rewards) = self
            .state
            .partners
            .get(self.partner)
            .and_then(|p| p.month_lines.as_ref())
            .filter(|rewards| rewards.month == month)
        else {
            return Ok(Vec::new());
        };
        let Some(of_rule) = rewards.by_rule.get(&self.rule.id) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        let candidates: Vec<(&EventId, &MonthPayment)> = if of_rule.rerated_at == Some(self.rate) {
            let touched = of_rule.touched.iter();
            touched
                .filter_map(|payment| Some((payment, of_rule.payments.get(payment)?)))
                .collect()
        } else {
            of_rule.payments.iter().collect()
        };
        // What this re-rating already added per client, so that two payments of one
        // client never take it past its cap together.
        let mut added: Vec<(&ClientId, Decimal)> = Vec::new();
        for (payment, entry) in candidates {
            let client = entry.accrual.as_ref().and_then(|a| a.client.as_ref());
            let before = added
                .iter()
                .find(|(c, _)| Some(*c) == client)
                .map_or(Decimal::ZERO, |(_, sum)| *sum);
            let Some(line) = self.adjustment(payment, entry, before)? else {
                continue;
            };
            match (client, added.iter_mut().find(|(c, _)| Some(*c) == client)) {
                (_, Some((_, sum))) => *sum = sum.saturating_add(line.amount.amount),
                (Some(client), None) => added.push((client, line.amount.amount)),
                (None, None) => {}
            }
            out.push(line);
        }
        Ok(out)
    }

    /// The adjustment one payment's lines need to reach the rate, within the client's cap.
    fn adjustment(
        &self,
        payment: &EventId,
        entry: &MonthPayment,
        added_before: Decimal,
    ) -> Result<Option<Line>, ErrorKind> {
        let Some(accrual) = entry.accrual.as_ref().filter(|a| {
            a.rate
                .is_some_and(|r| r.as_percent() < self.rate.as_percent())
        }) else {
            return Ok(None);
        };
        let Some(base) = accrual.base else {
            return Ok(None);
        };
        let (program, rate, booked) = (self.program, self.rate, entry.booked);
        let exact = rate.of(base.amount).ok_or_else(|| ErrorKind::Overflow)?;
        let mut target = round(program, exact, base.currency)?;
        let mut capped = None;
        if let (Some(max), Some(client)) = (
            self.reward.per_client.and_then(|limit| limit.max_total),
            accrual
                .client
                .as_ref()
                .and_then(|c| self.state.clients.get(c)),
        ) {
            let used = client
                .rewarded(&self.rule.id)
                .map_or(Decimal::ZERO, |u| u.1);
            let room = max.amount.saturating_sub(used).saturating_sub(added_before);
            if booked.saturating_add(room) < target {
                target = booked.saturating_add(room);
                capped = Some(max);
            }
        }
        let difference = target.saturating_sub(booked);
        if difference <= Decimal::ZERO {
            return Ok(None);
        }
        let mut note = format!(
            "re-rated at {rate} from client {}, retroactive to the month",
            self.count
        );
        if let Some(cap) = capped {
            note.push_str(&format!("; cut to the per-client cap of {cap}"));
        }
        let mut line = account_line(
            program,
            self.rule,
            self.partner,
            LineKind::Adjustment,
            self.event,
            Money::new(difference, base.currency),
            Some(note),
        );
        line.payment = Some(payment.clone());
        line.client = accrual.client.clone();
        line.explanation.base = Some(base);
        line.explanation.rate = Some(rate);
        // A cut line's figure is what the cap leaves, exactly (as for an accrual).
        line.explanation.exact = Some(match capped {
            Some(_) => difference,
            None => exact.saturating_sub(booked),
        });
        Ok(Some(line))
    }
}

/// A refund within the hold claws back the payment's rewards in proportion to everything
/// refunded so far (`refunded` of `paid`, this refund included): one negative adjustment
/// per partner and rule for what that calls for beyond what earlier refunds clawed back,
/// due with the lines it reverses. A full refund claws back each reward exactly; no sum
/// of partial ones claws back more. Gives the lines and each share's new clawed-back
/// total (in `record.rewards` order).
pub(super) fn clawback_lines(
    program: &Plan<'_>,
    event: &Event,
    record: &PaymentRecord,
    payment: &EventId,
    refunded: Decimal,
) -> Result<(Vec<Line>, Vec<Decimal>), ErrorKind> {
    let paid = record.payment.amount.amount;
    let mut clawed = Vec::with_capacity(record.rewards.len());
    let mut out = Vec::new();
    for share in &record.rewards {
        let currency = share.first.amount.currency;
        let called_for = share
            .total
            .checked_mul(refunded)
            .and_then(|product| product.checked_div(paid))
            .ok_or_else(|| ErrorKind::Overflow)?;
        let target = round(program, called_for, currency)?.min(share.total);
        let amount = target.saturating_sub(share.clawed_back);
        clawed.push(share.clawed_back.saturating_add(amount));
        if amount <= Decimal::ZERO {
            continue;
        }
        let exact = called_for.saturating_sub(share.clawed_back);
        out.push(Line {
            kind: LineKind::Adjustment,
            source_event: event.id.clone(),
            booked_at: event.at,
            month: program.time_zone.month_of(event.at),
            amount: Money::new(-amount, currency),
            due: share.due,
            explanation: Explanation {
                base: Some(Money::new(share.total, currency)),
                exact: Some(-exact),
                note: Some(format!(
                    "clawback: {refunded} of {paid} of payment {payment} refunded within the hold"
                )),
                ..Explanation::default()
            },
            ..share.first.clone()
        });
    }
    // One order whatever the order rewards were booked in.
    out.sort_by(|a, b| (&a.partner, &a.rule).cmp(&(&b.partner, &b.rule)));
    Ok((out, clawed))
}
