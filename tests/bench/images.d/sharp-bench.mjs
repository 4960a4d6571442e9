// sharp doing the same work as optimize-image's benchmark job: per image a 1600 px wide WebP
// and a 400 px wide JPEG at quality 80, upright, ICC profile kept, other metadata dropped.
// Usage: node sharp-bench.mjs IN_FLIGHT THREADS OUT_DIR FILE...
import sharp from 'sharp';
import path from 'node:path';

const [inFlight, threads, outDir, ...files] = process.argv.slice(2);
sharp.cache(false);
if (Number(threads) > 0) sharp.concurrency(Number(threads));

async function convert(file) {
  const stem = path.basename(file, path.extname(file));
  const options = { autoOrient: true, failOn: 'error' };
  await sharp(file, options).resize({ width: 1600, withoutEnlargement: true }).keepIccProfile()
    .webp({ quality: 80 }).toFile(path.join(outDir, `${stem}-1600.webp`));
  await sharp(file, options).resize({ width: 400, withoutEnlargement: true }).keepIccProfile()
    .jpeg({ quality: 80 }).toFile(path.join(outDir, `${stem}-400.jpg`));
}

const queue = [...files];
async function worker() {
  while (queue.length > 0) await convert(queue.shift());
}
await Promise.all(Array.from({ length: Number(inFlight) }, worker));
