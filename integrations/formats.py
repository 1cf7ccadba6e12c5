"""What goes on the wire: the webhook payload and signature, and each group robot's message format.

Webhooks (docs/WEBHOOKS.md): a thin JSON payload signed with HMAC-SHA256 over ``"<timestamp>.<body>"``,
header ``X-IEI-Signature: t=<unix time>,v1=<hex>[,v1=<hex with the previous secret>]``.

Group robots:
- WeCom (企业微信群机器人): ``{"msgtype": "markdown", "markdown": {"content": ...}}``, no signature (the key
  in the URL is the secret);
- DingTalk (钉钉自定义机器人, 加签): ``sign = urlencode(base64(HMAC-SHA256(key=secret,
  msg=timestamp + "\\n" + secret)))`` added to the URL as ``timestamp`` and ``sign`` (milliseconds);
  body ``{"msgtype": "markdown", "markdown": {"title": ..., "text": ...}}``;
- Feishu/Lark (飞书自定义机器人, 签名校验): ``sign = base64(HMAC-SHA256(key=timestamp + "\\n" + secret,
  msg=""))``, seconds; body ``{"timestamp": ..., "sign": ..., "msg_type": "text", "content": {"text": ...}}``.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from urllib.parse import quote_plus

from .choices import Platform


def webhook_signature(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secrets: list[str], timestamp: int, body: bytes) -> str:
    return ",".join([f"t={timestamp}", *(f"v1={webhook_signature(s, timestamp, body)}" for s in secrets if s)])


def verify_signature(header: str, secret: str, body: bytes, *, tolerance: int = 300, now: int | None = None) -> bool:
    """What a receiver does (the docs show the same in a few lines): any v1 matches, the time is recent."""
    import time

    parts = [p.split("=", 1) for p in header.split(",") if "=" in p]
    timestamps = [v for k, v in parts if k == "t"]
    if not timestamps or not timestamps[0].isdigit():
        return False
    ts = int(timestamps[0])
    if abs((now or int(time.time())) - ts) > tolerance:
        return False
    expected = webhook_signature(secret, ts, body)
    return any(hmac.compare_digest(expected, v) for k, v in parts if k == "v1")


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    string_to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), string_to_sign, hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest).decode())


def feishu_sign(secret: str, timestamp: int) -> str:
    string_to_sign = f"{timestamp}\n{secret}".encode()
    digest = hmac.new(string_to_sign, b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def chat_request(platform: str, url: str, secret: str, title: str, lines: list[str], now: float) -> tuple[str, bytes]:
    """The URL and JSON body of one group-robot message."""
    text = "\n".join(lines)
    if platform == Platform.WECOM:
        content = f"**{title}**\n" + "\n".join(f"> {line}" for line in lines)
        body = {"msgtype": "markdown", "markdown": {"content": content}}
    elif platform == Platform.DINGTALK:
        body = {"msgtype": "markdown", "markdown": {"title": title, "text": f"#### {title}\n\n" + "\n\n".join(lines)}}
        if secret:
            ts = int(now * 1000)
            url += ("&" if "?" in url else "?") + f"timestamp={ts}&sign={dingtalk_sign(secret, ts)}"
    elif platform == Platform.FEISHU:
        body = {"msg_type": "text", "content": {"text": f"{title}\n{text}"}}
        if secret:
            ts = int(now)
            body = {"timestamp": str(ts), "sign": feishu_sign(secret, ts), **body}
    else:  # pragma: no cover - the choices are closed
        raise ValueError(platform)
    return url, json.dumps(body, ensure_ascii=False).encode()


def chat_answer_ok(platform: str, text: str) -> bool:
    """The robots answer 200 with an error code in the body: errcode (WeCom, DingTalk), code (Feishu)."""
    try:
        data = json.loads(text)
    except ValueError:
        return False
    if not isinstance(data, dict):
        return False
    if platform == Platform.FEISHU:
        return data.get("code", data.get("StatusCode", 0)) == 0
    return data.get("errcode", 0) == 0
