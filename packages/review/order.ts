/**
 * One ordering for every list in a report. It compares code units, never the machine's locale
 * (localeCompare would make the same inputs give different reports on different machines), and
 * counts digits as numbers so that stackato-dea-2 comes before stackato-dea-10 and port 80 before 443.
 */
export function naturalCompare(a: string, b: string): number {
  const parts = (text: string) => text.split(/(\d+)/);
  const [left, right] = [parts(a), parts(b)];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] === right[i]) continue;
    const numeric = i % 2 === 1;
    if (numeric && Number(left[i]) !== Number(right[i])) return Number(left[i]) - Number(right[i]);
    return left[i] < right[i] ? -1 : 1;
  }
  return left.length - right.length;
}
