// Suggestions for misspelt names: the closest candidate by edit distance, when it is close enough to be a likely typo.

export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

export function didYouMean(name: string, candidateList: Iterable<string>): string | undefined {
  const candidates = [...candidateList];
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  // A truncated or extended name (VersioningConfig for VersioningConfiguration) is a likely mistake at any distance.
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    if (other !== lower && lower.length >= 4 && (other.startsWith(lower) || lower.startsWith(other))) return candidate;
  }
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // A third of the name's length, at least 2, catches transpositions and dropped letters without wild guesses.
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

export function suggestion(name: string, candidates: Iterable<string>): string {
  const match = didYouMean(name, candidates);
  return match ? `; did you mean "${match}"?` : '';
}
