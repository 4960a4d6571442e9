// Writes the benchmark's invoice twice, from the same data: job.json for render-pdf (the
// invoice template) and invoice.html for Chromium (the same layout in HTML and CSS, with the
// same DejaVu fonts). Usage: node make-invoice.js OUTPUT_DIR
'use strict';
const fs = require('fs');
const path = require('path');

const out = process.argv[2];
const fonts = process.env.FONTS_DIR || '/usr/share/fonts/truetype/dejavu';

const items = [];
for (let i = 1; i <= 40; i++) {
  const long = i === 7
    ? ' including removal of the old tiles, levelling of the floor, waterproofing of the shower area and grouting'
    : '';
  items.push({position: String(i), description: `Tiling work, bathroom ${i}, Zürich${long}`, quantity: '2',
              unit_price: '45,00 €', amount: '90,00 €'});
}
const data = {
  number: '№ INV-1042', date: '2026-11-28', due_date: '2026-12-12',
  seller: {name: 'Handwerk Łódź Sp. z o.o.', address: 'ul. Piotrkowska 1, 90-001 Łódź'},
  buyer: {name: 'Jürgen Müller', address: 'Bahnhofstraße 1, 8001 Zürich'},
  items, subtotal: '3 600,00 €', tax_label: 'VAT 23 %', tax: '828,00 €', total: '4 428,00 €',
  payment_note: 'Please pay within 14 days to the account named on the first page, quoting the invoice number. ' +
                'Thank you for your order.',
};
fs.writeFileSync(path.join(out, 'job.json'),
                 JSON.stringify({template: 'invoice', data, output: 'bench/invoice.pdf'}));

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\n/g, '<br>');
const rows = items.map((it, n) => `<tr class="${n % 2 ? 'odd' : ''}"><td class="r">${it.position}</td>` +
  `<td>${esc(it.description)}</td><td class="r">${it.quantity}</td><td class="r">${it.unit_price}</td>` +
  `<td class="r">${it.amount}</td></tr>`).join('\n');
const html = `<!doctype html><html><head><meta charset="utf-8"><title>Invoice ${data.number}</title><style>
@font-face { font-family: DV; src: url(file://${fonts}/DejaVuSans.ttf); }
@font-face { font-family: DV; font-weight: bold; src: url(file://${fonts}/DejaVuSans-Bold.ttf); }
@page { size: A4; margin: 56pt;
  @top-left { content: "${data.seller.name}"; font: 8pt DV; }
  @top-right { content: "Invoice ${data.number}"; font: 8pt DV; }
  @bottom-left { content: "${data.seller.name}"; font: 8pt DV; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt DV; } }
body { font: 10pt DV; margin: 0; }
h1 { font-size: 18pt; margin: 0 0 6pt; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; }
thead { display: table-header-group; }
th { background: #ddd; text-align: left; padding: 4pt; }
td { padding: 4pt; border-bottom: 0.5pt solid #b3b3b3; vertical-align: top; }
tr { break-inside: avoid; } tr.odd td { background: #f2f2f2; } .r { text-align: right; }
dl { display: grid; grid-template-columns: 35% 65%; margin: 0 0 6pt; } dt { font-weight: bold; } dd { margin: 0; }
</style></head><body>
<h1>Invoice ${data.number}</h1>
<dl><dt>Invoice date</dt><dd>${data.date}</dd><dt>Due date</dt><dd>${data.due_date}</dd>
<dt>From</dt><dd>${data.seller.name}<br>${data.seller.address}</dd><dt>Bill to</dt><dd>${data.buyer.name}<br>${data.buyer.address}</dd></dl>
<hr>
<table><thead><tr><th class="r">#</th><th>Description</th><th class="r">Qty</th><th class="r">Unit price</th><th class="r">Amount</th></tr></thead>
<tbody>${rows}</tbody></table>
<dl style="grid-template-columns: 75% 25%; margin-top: 8pt"><dt>Subtotal</dt><dd>${data.subtotal}</dd>
<dt>${data.tax_label}</dt><dd>${data.tax}</dd><dt>Total</dt><dd>${data.total}</dd></dl>
<p>${esc(data.payment_note)}</p>
</body></html>`;
fs.writeFileSync(path.join(out, 'invoice.html'), html);
