// Vazirmatn cut down to what Khabar's pages can show, keeping its weight axis (one variable font file
// serves every weight): Basic Latin and Latin-1 punctuation (emails, links, numbers), the whole Arabic
// block U+0600–U+06FF (Persian letters, digits, «»،؛؟٪, diacritics readers type), joiners and bidi marks,
// general punctuation. Arabic presentation forms are left out: stored text is normalized away from them.
// Run by the build: node scripts/font-subset.mjs SOURCE.woff2 TARGET.woff2
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import subsetFont from "subset-font";

const [source, target] = process.argv.slice(2);
const ranges = [
  [0x0020, 0x007e], [0x00a0, 0x00bf], [0x00d7, 0x00d7], [0x00f7, 0x00f7],
  [0x0600, 0x06ff], [0x200c, 0x200f], [0x2010, 0x2027], [0x2030, 0x203a], [0x2066, 0x2069],
  [0x20ac, 0x20ac], [0x2122, 0x2122], [0x25cc, 0x25cc], [0xfdfc, 0xfdfc],
];
let text = "";
for (const [from, to] of ranges) {
  for (let c = from; c <= to; c++) text += String.fromCodePoint(c);
}
const font = await readFile(source);
const subset = await subsetFont(font, text, { targetFormat: "woff2" });
await mkdir(dirname(target), { recursive: true });
await writeFile(target, subset);
console.log(`font-subset: ${source} ${font.length} B -> ${target} ${subset.length} B`);
