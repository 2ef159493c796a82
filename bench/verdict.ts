/**
 * The last line of a bench: whether it met its target, and the target, so a reader of the output
 * alone can tell (`verdict: PASS — target: …` or `verdict: MISS — target: …`).
 */
export function printVerdict(pass: boolean, target: string): void {
  console.log(`verdict: ${pass ? 'PASS' : 'MISS'} — target: ${target}`);
}
