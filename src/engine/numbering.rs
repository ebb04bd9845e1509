//! Line ids ([`LineId`]): every line booked gets one once its event (or the instant time
//! alone brought) is done, and a payout's list of the lines it pays is resolved to them.

use super::detail::OutcomeDetail;
use super::state::State;
use crate::ids::{EventId, LineId, PartnerId, RuleId};
use crate::outcome::Line;
use crate::time::Instant;
use std::collections::{BTreeSet, HashMap};

/// Above this many lines at once (a catch-up, a re-rated month), an event's lines are
/// numbered with a table rather than by looking back over the lines before each.
const LINES_NUMBERED_BY_LOOKING_BACK: usize = 32;

/// Full detail only: gives every line booked from index `first` on its [`LineId`], and
/// resolves the lines a payout names by place to their ids. A statements-only evaluation
/// folds its lines into totals at once and numbers none (it costs nothing there).
///
/// Every line an event books is booked while that event is applied, so its position
/// among the (event, rule)'s lines is counted among the lines from `first` on. Lines time
/// alone booked are counted per (instant, partner, rule) over the whole evaluation
/// (`State::time_lines`): a payout run may come twice at one instant. Every line is
/// numbered afresh, also one copied from another (a clawback copies its reward line).
#[inline(always)]
pub(crate) fn number_lines(state: &mut State, first: usize) {
    // Checked where it is called: a call per event costs a statements-only run ~1 %.
    if state.detail == OutcomeDetail::Full && first < state.lines.len() {
        number_new_lines(state, first);
    }
}

fn number_new_lines(state: &mut State, first: usize) {
    let State {
        lines, time_lines, ..
    } = state;
    let many = lines.len() - first > LINES_NUMBERED_BY_LOOKING_BACK;
    let mut counted: HashMap<(EventId, RuleId), u32> = HashMap::new();
    for index in first..lines.len() {
        resolve_pays(lines, index);
        let Some(line) = lines.get(index) else {
            continue;
        };
        let id = if line.id.by_time() {
            let (at, partner, rule) = (line.booked_at, line.partner.clone(), line.rule.clone());
            let position = next_time_position(time_lines, (at, &partner, &rule));
            time_lines.insert((at, partner.clone(), rule.clone(), position));
            LineId::for_time(partner, at, rule, position)
        } else {
            let position = if many {
                let next = counted
                    .entry((line.source_event.clone(), line.rule.clone()))
                    .or_insert(0);
                let position = *next;
                *next = next.saturating_add(1);
                position
            } else {
                position_among_earlier(lines, first, index)
            };
            LineId::for_event(line.source_event.clone(), line.rule.clone(), position)
        };
        if let Some(line) = lines.get_mut(index) {
            line.id = id;
        }
    }
    debug_assert_unique_ids(lines.get(first..).unwrap_or_default());
}

/// The position of the next line time alone books for a partner at an instant under a
/// rule: one past the last so far.
fn next_time_position(
    time_lines: &BTreeSet<(Instant, PartnerId, RuleId, u32)>,
    (at, partner, rule): (Instant, &PartnerId, &RuleId),
) -> u32 {
    let from = (at, partner.clone(), rule.clone(), 0);
    let to = (at, partner.clone(), rule.clone(), u32::MAX);
    time_lines
        .range(from..=to)
        .next_back()
        .map_or(0, |(_, _, _, last)| last.saturating_add(1))
}

/// How many lines from `first` up to `index` the same event booked under the same rule.
fn position_among_earlier(lines: &[Line], first: usize, index: usize) -> u32 {
    let (Some(earlier), Some(line)) = (lines.get(first..index), lines.get(index)) else {
        return 0;
    };
    let same = earlier
        .iter()
        .filter(|other| !other.id.by_time())
        .filter(|other| other.source_event == line.source_event && other.rule == line.rule)
        .count();
    u32::try_from(same).unwrap_or(u32::MAX)
}

/// A payout's list of the lines it pays, named by place (booked with it), as their ids.
fn resolve_pays(lines: &mut [Line], index: usize) {
    let Some(line) = lines.get(index) else {
        return;
    };
    if !line
        .explanation
        .pays
        .iter()
        .any(|id| id.places_before().is_some())
    {
        return;
    }
    let resolved: Vec<LineId> = line
        .explanation
        .pays
        .iter()
        .map(|id| {
            let paid = id
                .places_before()
                .and_then(|places| index.checked_sub(usize::try_from(places).ok()?))
                .and_then(|at| lines.get(at));
            paid.map_or_else(|| id.clone(), |paid| paid.id.clone())
        })
        .collect();
    if let Some(line) = lines.get_mut(index) {
        line.explanation.pays = resolved.into();
    }
}

/// Debug builds: the lines just numbered have ids no other line among them has.
fn debug_assert_unique_ids(lines: &[Line]) {
    if !cfg!(debug_assertions) {
        return;
    }
    let mut seen = std::collections::HashSet::new();
    for line in lines {
        debug_assert!(seen.insert(&line.id), "two lines have the id {}", line.id);
    }
}
