// Writes the stems the search key may strip a joined suffix back to («گزارشهای» → «گزارش»), read from the
// cspell Persian dictionary (Apache-2.0). Run by the build of Khabar.Persian: node scripts/lexicon.mjs OUT
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { importTrie, iteratorTrieWords } from "cspell-trie-lib";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = process.argv[2];
const data = gunzipSync(readFileSync(join(root, "node_modules/@cspell/dict-fa-ir/fa-IR.trie.gz"))).toString("utf8");
const words = new Set();
for (const w of iteratorTrieWords(importTrie(data.split("\n")))) {
    if (!w.startsWith("~")) words.add(w); // "~" entries are accent-stripped duplicates (آ written as ا)
}
const has = (w) => words.has(w);
const lines = [];
for (const w of [...words].sort()) {
    if (w.length < 2) continue;
    // Plural stems. A word ending in a silent ه takes ها/های after a ZWNJ, which the dictionary does not spell
    // («خانه‌ها»): written joined («خانهها») it is still the plural, so every such word is a plural stem.
    if ((has(w + "ها") && has(w + "های")) || w.endsWith("ه")) lines.push("p\t" + w);
    if (w.endsWith("ه") && has(w + "ای")) lines.push("i\t" + w);       // «نامهای» = «نامه‌ای»
    if (w.endsWith("ه") && !has(w + "ی")) lines.push("y\t" + w);       // «خانهی» = «خانه‌ی»; «ماهی» is a word
    if (has(w + "تر") && has(w + "ترین")) lines.push("c\t" + w);       // comparatives
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, lines.join("\n") + "\n");
console.log(`lexicon: ${lines.length} stems from ${words.size} words -> ${out}`);
