"""An aiosmtpd handler that accepts every message, like aiosmtpd.handlers.Sink, and appends
each envelope recipient to a file, so the benchmark can check what the server really got.

usage: python3 -m aiosmtpd -n -l HOST:PORT -c counting_sink.CountingSink RECIPIENTS_FILE
(with this folder on PYTHONPATH)
"""


class CountingSink:
    def __init__(self, path):
        self.file = open(path, "a", encoding="utf-8")

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("CountingSink takes one argument: the file to append recipients to")
        return cls(args[0])

    async def handle_DATA(self, server, session, envelope):
        self.file.write("".join(f"{recipient}\n" for recipient in envelope.rcpt_tos))
        self.file.flush()
        return "250 OK"
