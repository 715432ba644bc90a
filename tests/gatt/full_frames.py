"""One valid frame per characteristic, for the fuzz test and bench/gatt_fuzz.py."""

# Frames with every optional field their flags allow: random values under these flags
# reach the field decoders (dates, special values, status words) past the length check.
FULL_FRAMES = {
    "2a35": "1e 7800 5000 6400 e40705060708 09 4800 01 0400",
    "2a36": "1f 9600 ff07 ff07 e40705060708 09 4b00 01 0000",
    "2a37": "1f 4800 e803 3303 0004",
    "2a1c": "07 700100ff e40705060708 09 02",
    "2a1e": "07 6c0100ff e40705060708 09 03",
    "2a9d": "0f b036 e40705060708 09 01 e700 8206",
    "2a9e": "bf010000",
    "2a9c": "ff1f d700 e40705060708 09 01 6419 9001 7017 f82a 1027 401f 8813 b036 d606",
    "2a18": "1f 0200 e40705060708 09 f6ff 37c0 12 2100",
    "2a34": "ff 0200 00 01 32d0 01 51 0807 32 01 02a0 41f0",
    "2a5e": "1f 6200 4800 e40705060708 09 8000 200000 19f0",
    "2a5f": "1f 6100 4800 6000 4900 6200 4700 2000 008000 0cf0",
    "2a52": "06 00 01 01",
}
