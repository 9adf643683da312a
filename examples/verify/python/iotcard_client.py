"""A small client of Alibaba linkcard (2021-05-20) and Huawei GSL (v1), standard library only.

It signs as the vendors document (RPC signature v1 HMAC-SHA1; SDK-HMAC-SHA256), walks listings
page by page, and retries throttling, "system busy", 5xx and dropped connections a few times with
a growing delay. `BREAK` (an environment variable) makes it misbehave in one named way, so that
`iotcard-sim verify` can be seen to catch it; see check_client.py.
"""
import base64
import datetime
import hashlib
import hmac
import http.client
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

BREAK = os.environ.get("BREAK", "")
TRANSIENT = {"Throttling", "Throttling.User", "ServiceUnavailable", "InternalError", "APIGW.0308", "GSL.00010003"}
MAX_ATTEMPTS = 4
FIRST_DELAY_S = 0.0 if BREAK == "retries-without-delay" else 0.2


class ApiError(Exception):
    def __init__(self, status, code, message):
        super().__init__(f"{code}: {message} (HTTP {status})")
        self.status, self.code, self.message = status, code, message


def enc(text):
    """RFC 3986: only A-Z a-z 0-9 - _ . ~ stay literal; space is %20."""
    return urllib.parse.quote(str(text), safe="~")


def send(request):
    """One HTTP exchange: (status, parsed JSON body). A dropped connection is status 0."""
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")
    except (urllib.error.URLError, http.client.HTTPException, ConnectionError) as error:
        return 0, {"Code": "ConnectionDropped", "Message": str(error)}


def with_retries(call):
    """Retries transient failures, each wait twice the one before; other errors go to the caller."""
    delay = FIRST_DELAY_S
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            return call()
        except ApiError as error:
            transient = error.status == 0 or error.status >= 500 or error.code in TRANSIENT
            if not transient or attempt == MAX_ATTEMPTS:
                raise
            time.sleep(delay)
            delay *= 2


class Linkcard:
    def __init__(self, endpoint, key_id, secret):
        self.endpoint, self.key_id, self.secret = endpoint.rstrip("/"), key_id, secret

    def call(self, action, **params):
        return with_retries(lambda: self._once(action, params))

    def _once(self, action, params):
        signed = {
            "Action": action,
            "Version": "2021-05-20",
            "Format": "JSON",
            "AccessKeyId": self.key_id,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureVersion": "1.0",
            "SignatureNonce": uuid.uuid4().hex,
            "Timestamp": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            **{k: str(v) for k, v in params.items()},
        }
        canonical = "&".join(f"{enc(k)}={enc(v)}" for k, v in sorted(signed.items()))
        string_to_sign = "POST&%2F&" + enc(canonical)
        signature = base64.b64encode(hmac.new((self.secret + "&").encode(), string_to_sign.encode(), hashlib.sha1).digest()).decode()
        body = (canonical + "&Signature=" + enc(signature)).encode()
        request = urllib.request.Request(self.endpoint + "/", data=body, method="POST", headers={"Content-Type": "application/x-www-form-urlencoded"})
        status, answer = send(request)
        code = answer.get("Code")
        if status >= 400 or status == 0 or (code and code not in ("OK", "Success", "200")):
            raise ApiError(status, code, answer.get("Message"))
        return answer

    def list_all_cards(self):
        cards, page = [], 1
        while True:
            data = self.call("ListCardInfo", PageNo=page, PageSize=40)["Data"]
            cards.extend(item["Iccid"] for item in data["List"])
            if BREAK == "ignores-paging" or page >= data["PageCount"]:
                return cards
            page += 1


class Gsl:
    def __init__(self, endpoint, ak, sk, project_id):
        self.endpoint, self.ak, self.sk, self.project_id = endpoint.rstrip("/"), ak, sk, project_id

    def call(self, method, path, query=None, body=None):
        return with_retries(lambda: self._once(method, path, query or {}, body))

    def _once(self, method, path, query, body):
        host = urllib.parse.urlsplit(self.endpoint).netloc
        date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        payload = json.dumps(body).encode() if body is not None else b""
        headers = {"content-type": "application/json", "host": host, "x-project-id": self.project_id, "x-sdk-date": date}
        signed_headers = ";".join(sorted(headers))
        # The canonical URI always ends with '/'; leaving it off is the classic mistake.
        uri = path if BREAK == "mis-signed" else path.rstrip("/") + "/"
        canonical_query = "&".join(f"{enc(k)}={enc(v)}" for k, v in sorted(query.items()))
        canonical = "\n".join([method, uri, canonical_query, "".join(f"{k}:{headers[k]}\n" for k in sorted(headers)), signed_headers, hashlib.sha256(payload).hexdigest()])
        string_to_sign = "\n".join(["SDK-HMAC-SHA256", date, hashlib.sha256(canonical.encode()).hexdigest()])
        signature = hmac.new(self.sk.encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()
        url = self.endpoint + path + ("?" + urllib.parse.urlencode(query) if query else "")
        request = urllib.request.Request(url, data=payload if body is not None else None, method=method, headers={
            "Content-Type": "application/json",
            "X-Project-Id": self.project_id,
            "X-Sdk-Date": date,
            "Authorization": f"SDK-HMAC-SHA256 Access={self.ak}, SignedHeaders={signed_headers}, Signature={signature}",
        })
        status, answer = send(request)
        if status >= 400 or status == 0:
            raise ApiError(status, answer.get("error_code") or answer.get("Code"), answer.get("error_msg") or answer.get("Message"))
        return answer

    def list_all_cards(self):
        cards, page = [], 1
        while True:
            answer = self.call("GET", "/v1/sim-cards", {"limit": 500, "offset": page})
            cards.extend(card["iccid"] for card in answer["sim_cards"])
            if BREAK == "ignores-paging" or not answer["sim_cards"] or len(cards) >= answer["count"]:
                return cards
            page += 1

    def stop(self, iccid):
        return self.call("POST", "/v1/sim-cards/0/stop", body={"iccid": iccid})

    def reset(self, iccid):
        return self.call("POST", "/v1/sim-cards/0/reset", body={"iccid": iccid})
