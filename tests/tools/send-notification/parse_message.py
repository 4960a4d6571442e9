"""Parses one delivered message (a Maildir file) with Python's email package, an
independent MIME implementation, and prints what the tests check as JSON.

usage: parse_message.py FILE [DKIM_PUBLIC_KEY_PEM]
With a public key, also verifies the DKIM signature (dkimpy), answering its DNS query
for the key record from the given key instead of the network.
"""
import base64, email, email.policy, json, sys

raw = open(sys.argv[1], "rb").read()
message = email.message_from_bytes(raw, policy=email.policy.default)
result = {
    "headers": {name: str(value) for name, value in message.items()},
    "raw_headers": raw.split(b"\r\n\r\n", 1)[0].decode("ascii", "replace") if b"\r\n\r\n" in raw else raw.split(b"\n\n", 1)[0].decode("ascii", "replace"),
    "content_type": message.get_content_type(),
    "attachments": [],
    "max_line_length": max(len(line) for line in raw.splitlines()),
    "seven_bit": all(byte < 128 for byte in raw),
}
body = message.get_body(preferencelist=("plain",))
result["text"] = body.get_content() if body is not None else None
html = message.get_body(preferencelist=("html",))
result["html"] = html.get_content() if html is not None else None
for part in message.iter_attachments():
    result["attachments"].append({
        "filename": part.get_filename(),
        "content_type": part.get_content_type(),
        "base64": base64.b64encode(part.get_payload(decode=True)).decode(),
    })
if len(sys.argv) > 2:
    import dkim
    pem = open(sys.argv[2]).read()
    key = "".join(line for line in pem.splitlines() if "-----" not in line)
    record = ("v=DKIM1; k=rsa; p=" + key).encode()
    # The Mailbox handler wrote the file with LF line ends; DKIM needs the wire form.
    wire = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    result["dkim_valid"] = bool(dkim.verify(wire, dnsfunc=lambda name, timeout=5: record))
print(json.dumps(result))
