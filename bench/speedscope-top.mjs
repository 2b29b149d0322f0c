// Summarizes a dotnet-trace speedscope file: where the CPU time went, as inclusive percentages of the
// samples that were on a CPU, for the frames that matter (Khabar's own code and the framework layers).
//   node bench/speedscope-top.mjs trace.speedscope.json [N]
import { readFileSync } from "node:fs";

const [file, n = "45"] = process.argv.slice(2);
const data = JSON.parse(readFileSync(file, "utf8"));
const frames = data.shared.frames.map((f) => f.name);
const inclusive = new Map();
const self = new Map();
let total = 0;
for (const profile of data.profiles) {
  const stack = [];
  let last = null;
  for (const event of profile.events) {
    if (last !== null && stack.length && frames[stack[stack.length - 1]] === "CPU_TIME") {
      const dt = event.at - last;
      total += dt;
      for (const name of new Set(stack.map((i) => frames[i]))) inclusive.set(name, (inclusive.get(name) ?? 0) + dt);
      const leaf = frames[stack[stack.length - 2]] ?? "?";
      self.set(leaf, (self.get(leaf) ?? 0) + dt);
    }
    last = event.at;
    if (event.type === "O") stack.push(event.frame);
    else stack.pop();
  }
}
const noise = /MoveNext|AsyncMethodBuilder|ExecutionContext|^Thread|^Threads$|^Process|Activities|CPU_TIME|StartCallback|Dispatch\(\)|WorkerThreadStart|Start\(!!0&\)/;
const rows = [...inclusive.entries()].filter(([name]) => !noise.test(name)).sort((a, b) => b[1] - a[1]).slice(0, Number(n));
console.log("| CPU % (inclusive) | frame |\n|---|---|");
for (const [name, time] of rows) {
  console.log(`| ${((100 * time) / total).toFixed(1)} | \`${name.replace(/\|/g, "\\|").slice(0, 140)}\` |`);
}
console.log("\n| CPU % (self) | frame |\n|---|---|");
for (const [name, time] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
  console.log(`| ${((100 * time) / total).toFixed(1)} | \`${name.replace(/\|/g, "\\|").slice(0, 140)}\` |`);
}
