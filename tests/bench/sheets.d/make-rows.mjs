// Writes N NDJSON rows of ten columns like an export of reviews: ids, ratings, booleans,
// dates and review text (some of it formula-looking), deterministic for a given N.
import { createWriteStream } from 'node:fs';

const [count, path] = [Number(process.argv[2]), process.argv[3]];
const out = createWriteStream(path);
const words = ['prompt', 'tidy', 'late', 'friendly', 'roof', 'leak', 'fixed', 'quote', 'again', 'great'];
for (let i = 1; i <= count; i++) {
  const text = Array.from({ length: 6 + (i % 9) }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ');
  const row = {
    id: i, contractor_id: 1000 + (i % 997), rating: 1 + (i % 5), verified: i % 3 !== 0,
    would_hire_again: i % 4 !== 0, created_at: `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    author: `customer-${i % 5000}`, region: `region-${i % 40}`, category: `category-${i % 25}`,
    body: i % 50 === 0 ? `=HYPERLINK("http://example.invalid/${i}","${text}")` : text,
  };
  out.write(JSON.stringify(row) + '\n');
}
out.end();
