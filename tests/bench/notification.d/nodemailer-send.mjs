// The Node anchor: the same job rendered with mustache.js from the same template files and
// sent with nodemailer's pooled SMTP transport to the same server. Prints how many messages
// the server accepted, as JSON: {"messages","accepted","seconds","errors"}.
// usage: node nodemailer-send.mjs JOB.json TEMPLATES_DIR SMTP_PORT MAX_CONNECTIONS
import fs from 'node:fs';
import path from 'node:path';
import Mustache from 'mustache';
import nodemailer from 'nodemailer';

const [jobFile, templatesDir, port, maxConnections] = process.argv.slice(2);
const job = JSON.parse(fs.readFileSync(jobFile, 'utf8'));
const read = (...parts) => fs.readFileSync(path.join(templatesDir, ...parts), 'utf8');
const partials = {};
for (const file of fs.readdirSync(path.join(templatesDir, 'partials'))) {
  partials[file.replace(/\.mustache$/, '')] = read('partials', file);
}
const subject = read(job.template, 'subject.mustache').trim();
const text = read(job.template, 'text.mustache');
const html = read(job.template, 'html.mustache');
const plain = { escape: (value) => String(value) };

const transport = nodemailer.createTransport({
  host: '127.0.0.1', port: Number(port), secure: false, ignoreTLS: true,
  pool: true, maxConnections: Number(maxConnections), maxMessages: Infinity,
});
const started = process.hrtime.bigint();
const outcomes = await Promise.allSettled(job.recipients.map((recipient) => transport.sendMail({
  from: { name: job.from.name, address: job.from.email },
  to: { name: recipient.name, address: recipient.email },
  subject: Mustache.render(subject, recipient.data, partials, plain),
  text: Mustache.render(text, recipient.data, partials, plain),
  html: Mustache.render(html, recipient.data, partials),
  list: { unsubscribe: job.list_unsubscribe.url },
  headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
})));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
transport.close();
// Accepted: the server took the message for its one recipient (a 250 to RCPT and to DATA).
const accepted = outcomes.filter((o) => o.status === 'fulfilled' && o.value.accepted.length === 1).length;
const errors = outcomes.filter((o) => o.status === 'rejected').map((o) => String(o.reason?.message ?? o.reason));
console.log(JSON.stringify({ messages: job.recipients.length, accepted, seconds, errors: errors.slice(0, 3) }));
