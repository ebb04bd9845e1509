//! "Did you mean": the closest of the names a reader expected to a name it does not know,
//! for a misspelled field, variant or CSV column (in serde's messages) and for a name a
//! program does not declare. One edit distance for all of them.

/// Names longer than this many characters get no suggestion: the distance costs the
/// product of the two lengths, and a name this long is no typing slip.
const MAX_SUGGESTED_CHARS: usize = 100;

/// The edit distance between two names, letters compared without case: insertions,
/// deletions, substitutions and swaps of two neighbours count one each (the optimal string
/// alignment distance), so `precent` is one edit from `percent` and `TI` none from `ti`.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    // Three rows of the distance table: two rows back (for a swap), the last, this one.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut last: Vec<usize> = (0..=b.len()).collect();
    let mut row: Vec<usize> = vec![0; b.len() + 1];
    for (i, &x) in a.iter().enumerate() {
        row[0] = i + 1;
        for (j, &y) in b.iter().enumerate() {
            let substitution = last[j] + usize::from(x != y);
            let mut best = substitution.min(last[j + 1] + 1).min(row[j] + 1);
            let swapped = i > 0 && j > 0 && a.get(i - 1) == Some(&y) && b.get(j - 1) == Some(&x);
            if swapped {
                best = best.min(before[j - 1] + 1);
            }
            row[j + 1] = best;
        }
        std::mem::swap(&mut before, &mut last);
        std::mem::swap(&mut last, &mut row);
    }
    last[b.len()]
}

/// Whether `candidate` is close enough to `typed` to be suggested: at most two edits (fewer
/// than the shorter name has letters), at most a third of the longer name, or the one name
/// (of 3 letters or more) the start of the other (`depo` for `depo-ti`).
fn close(typed: &str, candidate: &str, edits: usize) -> bool {
    let (typed_chars, candidate_chars) = (typed.chars().count(), candidate.chars().count());
    let (shorter, longer) = if typed_chars <= candidate_chars {
        (typed, candidate)
    } else {
        (candidate, typed)
    };
    let shorter_chars = typed_chars.min(candidate_chars);
    let longer_chars = typed_chars.max(candidate_chars);
    let prefix = shorter_chars >= 3
        && longer
            .to_lowercase()
            .starts_with(shorter.to_lowercase().as_str());
    (edits <= 2 && edits < shorter_chars) || 3 * edits <= longer_chars || prefix
}

/// The candidate closest to `typed` (the first of equally close ones), if one is close
/// enough to be what was meant; never `typed` itself.
pub(crate) fn closest<'c>(
    typed: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    if typed.chars().count() > MAX_SUGGESTED_CHARS {
        return None;
    }
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate == typed || candidate.chars().count() > MAX_SUGGESTED_CHARS {
            continue;
        }
        let edits = distance(typed, candidate);
        let better = best.is_none_or(|(fewest, _)| edits < fewest);
        if better && close(typed, candidate, edits) {
            best = Some((edits, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// `; did you mean `name`?`, or nothing without a suggestion: the end of a message.
pub(crate) fn did_you_mean(suggestion: Option<&str>) -> String {
    suggestion.map_or_else(String::new, |name| format!("; did you mean `{name}`?"))
}

/// The closest expected name in serde's message for an unknown field or variant
/// (``unknown field `x`, expected one of `a`, `b` ``), if one is close enough.
pub(crate) fn in_serde_message(message: &str) -> Option<String> {
    let (_, rest) = message
        .split_once("unknown field `")
        .or_else(|| message.split_once("unknown variant `"))?;
    let (typed, rest) = rest.split_once('`')?;
    let (_, expected) = rest.split_once("expected ")?;
    // The expected names are every other piece between backticks.
    let names = expected.split('`').skip(1).step_by(2);
    closest(typed, names).map(str::to_owned)
}

/// A serde message with the closest expected name appended, where it names an unknown
/// field or variant and one is close.
pub(crate) fn serde_message(message: String) -> String {
    match in_serde_message(&message) {
        Some(name) => format!("{message}{}", did_you_mean(Some(&name))),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_count_edits_and_swaps_without_case() {
        assert_eq!(distance("percent", "precent"), 1);
        assert_eq!(distance("fx_markup_percnt", "fx_markup_percent"), 1);
        assert_eq!(distance("depo", "depo-ti"), 3);
        assert_eq!(distance("TI", "ti"), 0);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn only_close_names_are_suggested() {
        let lines = ["ti", "ting", "depo-ti"];
        assert_eq!(closest("depo", lines), Some("depo-ti"));
        assert_eq!(closest("tign", lines), Some("ting"));
        assert_eq!(closest("TI", lines), Some("ti"));
        assert_eq!(closest("xy", lines), None);
        assert_eq!(closest("ti", lines), None);
        assert_eq!(closest("privileged", ["authorized", "certified"]), None);
        let long = "x".repeat(MAX_SUGGESTED_CHARS + 1);
        assert_eq!(closest(&long, [long.as_str()]), None);
    }

    #[test]
    fn serde_messages_gain_the_closest_expected_name() {
        let message = "unknown field `rate_precent`, expected `rate_percent` at line 1 column 9";
        assert_eq!(
            serde_message(message.to_owned()),
            format!("{message}; did you mean `rate_percent`?")
        );
        let variant = "unknown variant `rewrad`, expected one of `reward`, `payout`, `bonus`";
        assert_eq!(in_serde_message(variant).as_deref(), Some("reward"));
        assert_eq!(in_serde_message("unknown field `partner`"), None);
        assert_eq!(in_serde_message("invalid type: string, expected u32"), None);
    }
}
