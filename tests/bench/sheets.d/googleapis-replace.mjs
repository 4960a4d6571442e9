// The Node anchor: Google's official client (googleapis) replacing a tab with the same rows
// the way the client's documentation leads one to: read the tabs (spreadsheets.get), a new
// tab, values.update RAW in chunks under 2 MB (the fake refuses larger bodies, as Google
// advises against them), then one batchUpdate renaming it. sync-sheets makes the same
// requests except the spreadsheets.get: its addSheet asks for the spreadsheet in its reply.
// Its token request goes to the fake too: gtoken posts to a fixed Google address through the
// client's transporter, which is wrapped to send it to the fake (the JWT is still signed and
// checked).
import { readFileSync } from 'node:fs';
import { google } from 'googleapis';

const [keyFile, rowsFile, spreadsheetId, tab, tokenUrl, rootUrl] = process.argv.slice(2);
const columns = ['id', 'contractor_id', 'rating', 'verified', 'would_hire_again', 'created_at', 'author', 'region', 'category', 'body'];

const auth = new google.auth.JWT({ keyFile, scopes: ['https://www.googleapis.com/auth/spreadsheets'] });
const send = auth.transporter.request.bind(auth.transporter);
auth.transporter.request = (options) => {
  const url = String(options.url);
  return send(url.includes('/oauth2/v4/token') || url.includes('oauth2.googleapis.com/token') ? { ...options, url: tokenUrl } : options);
};
const sheets = google.sheets({ version: 'v4', auth, rootUrl: rootUrl + '/' });

const values = [columns];
for (const line of readFileSync(rowsFile, 'utf8').split('\n')) {
  if (!line) continue;
  const record = JSON.parse(line);
  values.push(columns.map((column) => record[column] ?? ''));
}

// Learn whether the tab (and a staging tab left over) exist first.
const staging = `${tab} ~node`;
const { data: book } = await sheets.spreadsheets.get({ spreadsheetId, fields: 'sheets.properties' });
const old = book.sheets.find((sheet) => sheet.properties.title === tab);
const stale = book.sheets.find((sheet) => sheet.properties.title === staging);
const prepare = stale ? [{ deleteSheet: { sheetId: stale.properties.sheetId } }] : [];
prepare.push({ addSheet: { properties: { title: staging, gridProperties: { rowCount: values.length, columnCount: columns.length } } } });
const added = await sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: prepare } });
const stagingId = added.data.replies.at(-1).addSheet.properties.sheetId;
let requests = 1;
for (let start = 0; start < values.length;) {
  let end = start;
  let size = 4096;
  while (end < values.length && size + JSON.stringify(values[end]).length + 1 < 2000000) size += JSON.stringify(values[end++]).length + 1;
  await sheets.spreadsheets.values.update({
    spreadsheetId, range: `'${staging}'!A${start + 1}:J${end}`, valueInputOption: 'RAW', requestBody: { values: values.slice(start, end) },
  });
  requests++;
  start = end;
}
const swap = old ? [{ deleteSheet: { sheetId: old.properties.sheetId } }] : [];
swap.push({ updateSheetProperties: { properties: { sheetId: stagingId, title: tab }, fields: 'title' } });
await sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: swap } });
console.log(JSON.stringify({ rows: values.length - 1, write_requests: requests + 1 }));
