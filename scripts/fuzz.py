"""The long fuzz run: the never-crash and round-trip properties, for as long as you give it.

    .venv/bin/python scripts/fuzz.py 15        # fifteen minutes (default 10)

Runs each property of tests/test_properties.py and tests/test_hostile.py in
rounds of fresh random examples until the time is up. A failure prints
hypothesis's shrunk example; the run goes on with the other properties and exits 1
at the end (keep each find as an ``@example`` of the property that found it).
"""

from __future__ import annotations

import sys
import time
import traceback
from pathlib import Path

from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
settings.register_profile(
    "fuzz-round",
    max_examples=500,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile("fuzz-round")

from tests import test_hostile, test_properties  # noqa: E402

TARGETS = [
    test_properties.test_lenient_parse_never_raises_on_text,
    test_properties.test_lenient_parse_never_raises_on_bytes,
    test_properties.test_strict_parse_raises_only_parse_error,
    test_properties.test_json_round_trip,
    test_properties.test_markdown_round_trip_keeps_every_carried_field,
    test_properties.test_to_markdown_is_idempotent_after_one_parse,
    test_hostile.test_mutated_real_posts_never_crash,
    test_hostile.test_structural_fragments_never_crash,
    test_hostile.test_hostile_posts_never_crash,
    test_hostile.test_posts_in_any_encoding_never_crash,
]


def main() -> int:
    minutes = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    deadline = time.monotonic() + minutes * 60
    rounds = 0
    failed: dict[str, str] = {}
    while time.monotonic() < deadline:
        for target in TARGETS:
            if target.__name__ in failed:
                continue
            try:
                target()
            except Exception as error:  # the shrunk example is in hypothesis's report
                failed[target.__name__] = f"{type(error).__name__}: {error}"
                print(f"FAILED {target.__name__}: {failed[target.__name__]}", flush=True)
                traceback.print_exc()
        rounds += 1
        status = f"{len(failed)} failed" if failed else "no failure"
        print(f"round {rounds}: {rounds * 500 * len(TARGETS):,} examples, {status}", flush=True)
    status = ", ".join(failed) + " failed" if failed else "no failure"
    print(f"fuzzed for {minutes:g} minutes: {rounds} rounds of 500 per property, {status}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
