"""Throw random frames at every decoder: each must decode or raise GattDecodeError.

Half the frames are random bytes of random length; the other half are valid frames
with random bytes flipped, cut or appended, which reach deeper into the decoders.
Exits non-zero if any other exception escapes.

Run from the repository root: .venv/bin/python bench/gatt_fuzz.py [--frames N]
"""

import argparse
from collections import Counter
from pathlib import Path
import random
import sys
import time

# Runnable as a script from a checkout: make the repository root importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from custom_components.betti.gatt import GattDecodeError, decode
from tests.gatt.full_frames import FULL_FRAMES as SEEDS

MAX_RANDOM_LENGTH = 40
CHUNK = 50_000
SHOWN_FAILURES = 10


def random_frame(rng: random.Random) -> bytes:
    return rng.randbytes(rng.randrange(MAX_RANDOM_LENGTH + 1))


def mutated_frame(rng: random.Random, seed: bytes) -> bytes:
    frame = bytearray(seed)
    for _ in range(rng.randrange(1, 4)):
        action = rng.randrange(4)
        if action == 0 and frame:  # replace any one byte
            frame[rng.randrange(len(frame))] = rng.randrange(256)
        elif action == 1 and frame:  # cut the tail
            del frame[rng.randrange(len(frame)) :]
        elif action == 2:  # append
            frame += rng.randbytes(rng.randrange(1, 4))
        else:  # replace the flags
            frame[:1] = bytes([rng.randrange(256)])
    return bytes(frame)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20_240_506)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    uuids = sorted(SEEDS)
    seeds = {uuid: bytes.fromhex(frame) for uuid, frame in SEEDS.items()}
    for uuid, frame in seeds.items():
        decode(uuid, frame)  # every seed must itself be valid

    outcomes: Counter[str] = Counter()
    decoded_by_uuid: Counter[str] = Counter()
    failures: list[str] = []
    decode_seconds = 0.0
    started = time.perf_counter()
    remaining = args.frames
    while remaining:
        batch = []
        for _ in range(min(CHUNK, remaining)):
            uuid = rng.choice(uuids)
            frame = (
                random_frame(rng)
                if rng.random() < 0.5
                else mutated_frame(rng, seeds[uuid])
            )
            batch.append((uuid, frame))
        remaining -= len(batch)
        batch_started = time.perf_counter()
        for uuid, frame in batch:
            try:
                decode(uuid, frame)
            except GattDecodeError:
                outcomes["typed error"] += 1
            except Exception as err:  # noqa: BLE001
                outcomes["other exception"] += 1
                if len(failures) < SHOWN_FAILURES:
                    failures.append(
                        f"{uuid} {frame.hex()}: {type(err).__name__}: {err}"
                    )
            else:
                outcomes["decoded"] += 1
                decoded_by_uuid[uuid] += 1
        decode_seconds += time.perf_counter() - batch_started
    total_seconds = time.perf_counter() - started

    print(
        f"frames: {args.frames:,} over {len(uuids)} characteristics (seed {args.seed})"
    )
    for outcome in ("decoded", "typed error", "other exception"):
        print(f"  {outcome:16} {outcomes[outcome]:>10,}")
    print(
        "  decoded per characteristic: "
        + ", ".join(f"{u} {decoded_by_uuid[u]:,}" for u in uuids)
    )
    print(
        f"time: {decode_seconds:.2f} s decoding ({decode_seconds / args.frames * 1e6:.2f} us a frame),"
        f" {total_seconds:.2f} s with frame generation"
    )
    for failure in failures:
        print("  FAILED", failure)
    return 1 if outcomes["other exception"] else 0


if __name__ == "__main__":
    sys.exit(main())
