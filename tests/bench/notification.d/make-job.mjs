// Writes the benchmark's job: COUNT personalised "PDF ready" emails, each recipient with
// its own data, as send-notification reads it (and the Node sender reads the same file).
const count = Number(process.argv[2] ?? 1000);
const recipients = [];
for (let i = 0; i < count; i++) {
  recipients.push({
    email: `customer${i}@example.com`,
    name: `Kundin Nummer ${i} Müller`,
    data: {
      first_name: `Ånna ${i}`,
      document_name: `Rechnung ${2026000 + i} (März)`,
      download_url: `https://example.com/documents/${i}?token=${(i * 7919).toString(36)}`,
    },
  });
}
process.stdout.write(JSON.stringify({
  template: 'pdf-ready',
  from: { email: 'no-reply@example.com', name: 'Example Documents' },
  list_unsubscribe: { url: 'https://example.com/unsubscribe' },
  recipients,
}));
