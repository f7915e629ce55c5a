/** Reads one counter or gauge from the origin's Prometheus /metrics (sum over its label sets). */
export async function readOriginMetric(originUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${originUrl}/metrics`)).text();
  let sum = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) sum += Number(line.split(" ").at(-1));
  }
  return sum;
}
