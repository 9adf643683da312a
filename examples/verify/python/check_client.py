"""The client's own checks, run under `iotcard-sim verify -- python3 check_client.py`.

Everything it needs comes from the environment verify sets: endpoints, the vendors' credential
variables, and the contract scenario's pinned cards. It exits non-zero when a check fails.
"""
import os
import sys
import time

from iotcard_client import BREAK, ApiError, Gsl, Linkcard

env = os.environ
linkcard = Linkcard(env["IOTCARD_SIM_LINKCARD_ENDPOINT"], env["ALIBABA_CLOUD_ACCESS_KEY_ID"], env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"])
gsl = Gsl(env["IOTCARD_SIM_GSL_ENDPOINT"], env["HUAWEICLOUD_SDK_AK"], env["HUAWEICLOUD_SDK_SK"], env["HUAWEICLOUD_SDK_PROJECT_ID"])
in_use, spare, stopped, unknown = (env[f"IOTCARD_SIM_CARD_{name}"] for name in ("IN_USE", "IN_USE_SPARE", "STOPPED", "UNKNOWN"))


def expect_error(code, call):
    try:
        call()
    except ApiError as error:
        assert error.code == code, f"expected {code}, got {error}"
        return
    raise AssertionError(f"expected {code}, the call succeeded")


cards = linkcard.list_all_cards()
print(f"linkcard: {len(cards)} cards")
detail = linkcard.call("GetCardDetail", Iccid=in_use)["Data"]
assert detail["VsimCardInfo"]["Iccid"] == in_use, detail
expect_error("InvalidIccid.NotFound", lambda: linkcard.call("GetCardDetail", Iccid=unknown))
linkcard.call("StopSingleCard", Iccid=in_use)
linkcard.call("ResumeSingleCard", Iccid=stopped)

sims = gsl.list_all_cards()
print(f"gsl: {len(sims)} cards")
gsl.stop(spare)
if BREAK == "loops-on-refused-stop":
    # Wrong: GSL.00016016 means "not again within 5 minutes", yet this keeps asking.
    for _ in range(6):
        try:
            gsl.stop(spare)
            break
        except ApiError as error:
            print(f"stop refused ({error.code}), trying again", file=sys.stderr)
            time.sleep(0.05)
gsl.reset(in_use)
print("all checks passed")
