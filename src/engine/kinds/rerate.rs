//! Retroactive tiers and per-client caps of reward rules: a client gained mid-month re-rates
//! the month's lines; caps count what each client's payments earned.

use crate::engine::booking::{account_line, round};
use crate::engine::plan::Plan;
use crate::engine::state::{MonthPayment, State};
use crate::error::ErrorKind;
use crate::ids::{ClientId, EventId, PartnerId, RuleId};
use crate::ledger::Event;
use crate::money::{Money, Rate};
use crate::outcome::{Line, LineKind};
use crate::rules::{
    ClientCounter, RateSchedule, Retroactivity, RewardRule, Rule, RuleKind, TierMeasure,
    TierSchedule,
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

pub(crate) fn count_against_cap(
    program: &Plan<'_>,
    state: &mut State,
    line: &Line,
    rated_at: Instant,
) {
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

/// What changed for a partner that a retroactive tier schedule may be measured by.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Remeasured {
    /// It gained a client on this count.
    Count(ClientCounter),
    /// Its revenue under a rule (of the event's payment) grew.
    Revenue,
}

impl Remeasured {
    /// The measure's value now under `tiers`, if the change is what they are measured by.
    fn value(
        self,
        program: &Plan<'_>,
        state: &State,
        at: Instant,
        (partner, rule): (&PartnerId, &RuleId),
        tiers: &TierSchedule,
    ) -> Option<Decimal> {
        match (self, tiers.measure) {
            (Self::Count(counter), TierMeasure::ClientCount(measured)) if counter == measured => {
                let shared = program.shares_count(counter, at);
                Some(state.client_count(partner, counter, at, shared).into())
            }
            (Self::Revenue, TierMeasure::Revenue(period)) => {
                let key = period.of_month(program.time_zone.month_of(at));
                Some(state.revenue_in(partner, rule, key))
            }
            _ => None,
        }
    }
}

/// A partner's count or revenue reached a new value: under a tier schedule retroactive to
/// the current month, the month's earlier payments are re-rated at the new tier
/// (adjustment lines for the difference, within the client's cap).
pub(crate) fn rerate_month(
    program: &Plan<'_>,
    state: &mut State,
    event: &Event,
    partner: &PartnerId,
    remeasured: Remeasured,
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
        if tiers.retroactive != Retroactivity::CurrentMonth {
            continue;
        }
        let Some(count) = remeasured.value(program, state, event.at, (partner, &rule.id), tiers)
        else {
            continue;
        };
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
            tiers,
            rate,
            count,
        };
        adjustments.extend(month.adjustments()?);
        rerated.push((rule.id.clone(), rate));
    }
    state.book(event.at, adjustments)?;
    let month = program.time_zone.month_of(event.at);
    if let Some(rewards) = state.kinds.month_rewards.get_mut(partner) {
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
    tiers: &'a TierSchedule,
    rate: Rate,
    /// The measured value that reached the rate (a count, or revenue).
    count: Decimal,
}

impl RerateMonth<'_> {
    /// The share of a payment whose rewards stand: all of it, less what refunds clawed
    /// back (refunds within the hold, under a clawback policy).
    fn kept_share(&self, payment: &EventId) -> Result<Decimal, ErrorKind> {
        let Some(record) = self.state.payments.get(payment) else {
            return Ok(Decimal::ONE);
        };
        if record.refunded_in_hold.is_zero() {
            return Ok(Decimal::ONE);
        }
        let clawed = record
            .refunded_in_hold
            .checked_div(record.payment.amount.amount)
            .ok_or_else(|| ErrorKind::Overflow)?;
        Ok(Decimal::ONE.saturating_sub(clawed).max(Decimal::ZERO))
    }

    /// Why an adjustment was booked: the rate, and the count or revenue that reached it.
    fn note(&self) -> Result<String, ErrorKind> {
        let rate = self.rate;
        Ok(match self.tiers.measure {
            TierMeasure::Revenue(_) => {
                let currency = self.program.currency.program_currency;
                let revenue = round(self.program, self.count, currency)?;
                format!(
                    "re-rated at {rate} at revenue {revenue} {currency}, retroactive to the month"
                )
            }
            _ => format!(
                "re-rated at {rate} from client {}, retroactive to the month",
                self.count
            ),
        })
    }

    /// The adjustment lines that bring the month's payments under the rule to the rate.
    /// At the rate it last re-rated at, only payments whose lines changed since can need
    /// one; at a new rate, every payment of the month is looked at (a few times a month).
    fn adjustments(&self) -> Result<Vec<Line>, ErrorKind> {
        let month = self.program.time_zone.month_of(self.event.at);
        let Some(rewards) = self
            .state
            .kinds
            .month_rewards
            .get(self.partner)
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
        // What a refund clawed back stays clawed back: the new rate applies to the part of
        // the payment that kept its rewards.
        let kept = self.kept_share(payment)?;
        let exact = rate
            .of(base.amount)
            .and_then(|full| full.checked_mul(kept))
            .ok_or_else(|| ErrorKind::Overflow)?;
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
        let mut note = self.note()?;
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
