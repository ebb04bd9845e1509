//! Merging the snapshots of a ledger's parts (see [`crate::partition`]) into the snapshot
//! of the whole, as if it had been evaluated in one piece.

use super::detail::OutcomeDetail;
use super::state::State;
use super::{Engine, Mode, Snapshot};
use crate::error::{Error, ErrorKind};
use crate::ids::EventId;
use crate::rules::RuleSet;
use crate::sorted::IdMap;
use crate::time::Instant;
use std::collections::HashSet;
use std::hash::Hash;

impl Snapshot {
    /// Merges the statements-only snapshots of a ledger's parts, each evaluated on its own
    /// (on another thread or machine), into the snapshot of the whole ledger.
    ///
    /// Each part must come from [`crate::partition`] of one ledger (no partner or client
    /// in two parts). What time alone brings (payout runs, closed periods, expired credits)
    /// is booked up to the latest instant any part reached, as the whole ledger would.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidRuleSet`] if the program does not validate;
    /// [`ErrorKind::SnapshotMismatch`] or [`ErrorKind::SnapshotTermsChanged`] for a part
    /// taken under another program or other terms; [`ErrorKind::Unmergeable`] for a part
    /// that keeps every line (not [`OutcomeDetail::Statements`]) or parts that share a
    /// partner or a client.
    ///
    /// ```
    /// use commission_rules::{evaluation_order, partition, programs, Engine, Ledger, Mode, OutcomeDetail, Snapshot};
    /// let program = programs::wazzup();
    /// let ledger = Ledger::new();
    /// let snapshots: Vec<Snapshot> = partition(&ledger, 2).iter().map(|part| {
    ///     let mut engine = Engine::with_detail(&program, Mode::Lenient, OutcomeDetail::Statements).unwrap();
    ///     for event in evaluation_order(&program, part) { engine.apply(event).unwrap(); }
    ///     engine.snapshot()
    /// }).collect();
    /// let whole = Snapshot::merge(&program, snapshots).unwrap();
    /// let outcome = Engine::resume(&program, whole, Mode::Lenient).unwrap().outcome().unwrap();
    /// assert!(outcome.totals.is_empty());
    /// ```
    pub fn merge(program: &RuleSet, parts: Vec<Snapshot>) -> Result<Snapshot, Error> {
        let mut merged = State {
            detail: OutcomeDetail::Statements,
            ..State::default()
        };
        // Sized once: growing the tables part by part rehashes every entry each time.
        merged
            .partners
            .reserve(parts.iter().map(|part| part.state.partners.len()).sum());
        merged
            .clients
            .reserve(parts.iter().map(|part| part.state.clients.len()).sum());
        let mut seen = HashSet::new();
        let fingerprint = program.fingerprint();
        for part in parts {
            part.check_taken_under(program, &fingerprint)?;
            if part.state.detail != OutcomeDetail::Statements {
                return Err(unmergeable(
                    "a snapshot keeps every line (not statements-only)",
                ));
            }
            absorb(&mut merged, part.state, &mut seen)?;
        }
        let whole = Snapshot {
            program: program.program.clone(),
            fingerprint,
            state: merged,
        };
        let mut engine = Engine::resume(program, whole, Mode::Lenient)?;
        // Not `Engine::advance_to`: the order key stays the latest part's, so the merged
        // engine takes the same next events as the whole ledger's would (a day's FX rate
        // after another of that day included).
        if let Some(last) = engine.state.last_at {
            let first_new_line = engine.state.lines.len();
            super::advance(&engine.plan, &mut engine.state, last, first_new_line);
        }
        Ok(engine.into_snapshot())
    }
}

fn unmergeable(reason: &str) -> Error {
    Error::general(ErrorKind::Unmergeable {
        reason: reason.to_owned(),
    })
}

/// Moves entries of `from` into `into`; a key in both means the parts overlap.
fn union<K: Eq + Hash, V>(
    into: &mut IdMap<K, V>,
    from: IdMap<K, V>,
    what: &str,
) -> Result<(), Error> {
    for (key, value) in from {
        if into.insert(key, value).is_some() {
            return Err(unmergeable(&format!("{what} in two parts")));
        }
    }
    Ok(())
}

fn absorb(
    merged: &mut State,
    part: State,
    seen: &mut HashSet<(Instant, EventId)>,
) -> Result<(), Error> {
    // Parts that stopped earlier are brought to the latest instant by `advance_to`, which
    // needs each partner's own state only; the ids kept are those of the latest instant.
    if part.last_at > merged.last_at {
        merged.event_ids = part.event_ids;
    } else if part.last_at == merged.last_at {
        merged.event_ids.extend(part.event_ids);
    }
    merged.last_at = merged.last_at.max(part.last_at);
    merged.last_key = merged.last_key.max(part.last_key);
    union(&mut merged.partners, part.partners, "a partner")?;
    union(&mut merged.clients, part.clients, "a client")?;
    // Every part saw every rate (rates go to all parts).
    if part.fx.len() > merged.fx.len() || merged.fx.is_empty() {
        merged.fx = part.fx;
    }
    merged.payments.extend(part.payments);
    merged.lines.extend(part.lines);
    merged.entitlements.extend(part.entitlements);
    for (rule, partners) in part.active_periods {
        merged
            .active_periods
            .entry(rule)
            .or_default()
            .extend(partners);
    }
    // A rate or checkpoint rejected goes to every part: keep it once.
    let mut this_part = Vec::new();
    for (at, rejection) in part.rejected_at.into_iter().zip(part.rejections) {
        if !seen.contains(&(at, rejection.event.clone())) {
            this_part.push((at, rejection.event.clone()));
            merged.rejected_at.push(at);
            merged.rejections.push(rejection);
        }
    }
    seen.extend(this_part);
    merged.open_credits.extend(part.open_credits);
    merged.open_rebates.extend(part.open_rebates);
    merged.payout_runs.extend(part.payout_runs);
    merged.recount_due();
    merged.folded.extend(part.folded);
    merged.expiring.extend(part.expiring);
    Ok(())
}
