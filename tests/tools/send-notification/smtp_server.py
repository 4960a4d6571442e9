"""An aiosmtpd server for the send-notification tests, for what the aiosmtpd command line
cannot do: STARTTLS with AUTH (the command line rejects every login), and holding one
message unanswered so that a test can kill the sender mid-job.

usage: smtp_server.py MAILDIR PORT [--tls CERT KEY] [--auth USER:PASSWORD]
                      [--hold-after N --hold-flag PATH] [--reject-prefix PREFIX]
                      [--greylist-prefix PREFIX] [--slow-flag PATH]
--hold-after N: message number N+1 is neither saved nor answered while PATH exists; when
PATH is removed it is refused with 451 and never saved. PATH.held is created when the hold
begins: the sender has then finished with message N (a test waits for it before a kill).
--greylist-prefix: RCPT TO addresses starting with it get 451 the first time each is tried
(greylisting), 250 afterwards.
--slow-flag PATH: a slow server. While PATH exists, a message arriving when no other is held
is held unanswered (PATH.held is created) until PATH is removed, then saved and accepted; a
message arriving while another is held is answered at once.
Every login attempt's user name is appended to MAILDIR/auth-attempts, so that a test can
tell whether credentials reached the server at all.
"""
import argparse, asyncio, mailbox, os, ssl, time
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword

parser = argparse.ArgumentParser()
parser.add_argument("maildir")
parser.add_argument("port", type=int)
parser.add_argument("--tls", nargs=2)
parser.add_argument("--auth")
parser.add_argument("--hold-after", type=int, default=-1)
parser.add_argument("--hold-flag")
parser.add_argument("--reject-prefix", help="answer 550 to RCPT TO addresses starting with this")
parser.add_argument("--greylist-prefix", help="answer 451 to the first RCPT TO of addresses starting with this")
parser.add_argument("--slow-flag")
args = parser.parse_args()

# mailbox.Maildir only makes tmp/new/cur when it creates the folder itself.
for sub in ("tmp", "new", "cur"):
    os.makedirs(os.path.join(args.maildir, sub), exist_ok=True)


class HoldingMailbox(Mailbox):
    def __init__(self, path):
        super().__init__(path)
        self.count = 0
        self.greylisted = set()
        self.slow_holding = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if args.reject_prefix and address.startswith(args.reject_prefix):
            return "550 5.1.1 no such user"
        if args.greylist_prefix and address.startswith(args.greylist_prefix) and address not in self.greylisted:
            self.greylisted.add(address)
            return "451 4.7.1 greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        if self.count == args.hold_after + 1 and args.hold_flag:
            open(args.hold_flag + ".held", "w").close()
            while os.path.exists(args.hold_flag):
                await asyncio.sleep(0.02)
            return "451 held message dropped"
        if args.slow_flag and os.path.exists(args.slow_flag) and not self.slow_holding:
            self.slow_holding = True
            open(args.slow_flag + ".held", "w").close()
            while os.path.exists(args.slow_flag):
                await asyncio.sleep(0.01)
            self.slow_holding = False
        return await super().handle_DATA(server, session, envelope)


def check_login(server, session, envelope, mechanism, data):
    with open(os.path.join(args.maildir, "auth-attempts"), "a") as log:
        log.write((data.login.decode("utf-8", "replace") if isinstance(data, LoginPassword) else "?") + "\n")
    user, password = args.auth.encode().split(b":", 1)
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (user, password)
    return AuthResult(success=ok, handled=False)


options = {}
if args.tls:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.tls[0], args.tls[1])
    options.update(tls_context=context, require_starttls=True)
if args.auth:
    options.update(authenticator=check_login, auth_required=True)
    if not args.tls:
        options.update(auth_require_tls=False)
Controller(HoldingMailbox(args.maildir), hostname="127.0.0.1", port=args.port, **options).start()
print("ready", flush=True)
while True:
    time.sleep(3600)
