// send-notification's command-line options. It has none today (its settings are
// environment variables: SMTP_URL, REDIS_URL, ...); the struct exists so that this tool's
// main() and run_job() have the same shape as every other tool's.
#pragma once

namespace send_notification {

struct Options {};

}  // namespace send_notification
