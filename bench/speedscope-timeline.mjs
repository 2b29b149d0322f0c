// A dotnet-trace speedscope file by time: for each bucket (default 100 ms from the first sample), the CPU ms of
// each thread and the frames most present in it (inclusive, noise filtered); a regex keeps only matching frames.
//   node bench/speedscope-timeline.mjs trace.speedscope.json [bucket-ms] [top-N] [frame-regex]
// Used for the cold start (bench/RESULTS.md): which phase of start-up runs on which thread, and for how long.
import { readFileSync } from "node:fs";
const [file, bucketMs = "100", top = "8", filter = ""] = process.argv.slice(2);
const data = JSON.parse(readFileSync(file, "utf8"));
const frames = data.shared.frames.map((f) => f.name);
const noise = /MoveNext|AsyncMethodBuilder|ExecutionContext|^Thread|^Threads$|^Process|Activities|CPU_TIME|StartCallback|Dispatch\(\)|WorkerThreadStart|Start\(!!0&\)|UNMANAGED_CODE_TIME|^\?|Invoke|Awaiter|ThreadPool|Task\.|Task`1|PortableThreadPool|WorkerThread|ContinuationWrapper|Callback|Program\.<Main>|Program\.Main|RunAsync|Run\(|StateMachineBox|WaitAsync|CompletedTask|lambda_method|HostingAbstractionsHostExtensions|GenericWebHostService|Internal\.Host/;
const buckets = new Map();
let t0 = Infinity;
for (const p of data.profiles) for (const e of p.events) { t0 = Math.min(t0, e.at); break; }
for (const profile of data.profiles) {
  const stack = []; let last = null;
  const tname = profile.name;
  for (const event of profile.events) {
    if (last !== null && stack.length && frames[stack[stack.length - 1]] === "CPU_TIME") {
      const dt = event.at - last;
      const b = Math.floor((last - t0) / Number(bucketMs));
      const key = b;
      if (!buckets.has(key)) buckets.set(key, { total: new Map(), frames: new Map() });
      const bk = buckets.get(key);
      bk.total.set(tname, (bk.total.get(tname) ?? 0) + dt);
      const depthFrames = stack.map((i) => frames[i]).filter((n) => !noise.test(n) && (!filter || new RegExp(filter).test(n)));
      // attribute to the deepest 'interesting' frames chain: use frames at several depths
      for (const name of new Set(depthFrames)) { const k = name; bk.frames.set(k, (bk.frames.get(k) ?? 0) + dt); }
    }
    last = event.at;
    if (event.type === "O") stack.push(event.frame); else stack.pop();
  }
}
for (const [b, bk] of [...buckets.entries()].sort((a, b) => a[0] - b[0])) {
  const threads = [...bk.total.entries()].sort((a,b)=>b[1]-a[1]).map(([t, v]) => `${t.replace(/Thread \((\d+)\)/,'$1')}:${v.toFixed(0)}`).join(" ");
  console.log(`== ${b * bucketMs} ms  cpu ${threads}`);
  const rows = [...bk.frames.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(top));
  for (const [n, v] of rows) console.log(`   ${v.toFixed(0).padStart(4)} ${n.slice(0, 150)}`);
}
