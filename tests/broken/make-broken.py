#!/usr/bin/env python3
"""Writes the damaged captures of tests/broken (see README.md there).

The files are kept in the repository; this script records how they were
made.  Run it from anywhere: it writes next to itself.  Each file is a small
valid capture (like the samples in tests/unit/test_reader.c) with one thing
broken.
"""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def packet(n, seed=0):
    return bytes((seed + i) & 0xFF for i in range(n))


def pcap_header(magic=0xA1B2C3D4, major=2, minor=4, snap=65535, lt=1, e="<"):
    return struct.pack(e + "IHHiIII", magic, major, minor, 0, 0, snap, lt)


def pcap_record(sec, usec, caplen, length=None, e="<"):
    length = caplen if length is None else length
    return struct.pack(e + "IIII", sec, usec, caplen, length) + packet(caplen)


def pcap(e="<"):
    return (pcap_header(e=e) + pcap_record(1700000000, 1, 60, e=e)
            + pcap_record(1700000001, 2, 42, e=e))


def block(btype, body, e="<"):
    body += b"\0" * (-len(body) % 4)
    total = 12 + len(body)
    return struct.pack(e + "II", btype, total) + body + struct.pack(e + "I", total)


def shb(major=1, minor=0, e="<"):
    return block(0x0A0D0D0A, struct.pack(e + "IHHq", 0x1A2B3C4D, major, minor, -1), e)


def idb(lt=1, snap=0, options=b"", e="<"):
    return block(1, struct.pack(e + "HHI", lt, 0, snap) + options, e)


def epb(ifid, ts, caplen, e="<"):
    body = struct.pack(e + "IIIII", ifid, ts >> 32, ts & 0xFFFFFFFF, caplen, caplen)
    return block(6, body + packet(caplen), e)


def pcapng():
    return shb() + idb() + epb(0, 1700000000000000, 60) + epb(0, 1700000001000000, 42)


def netmon(frame_table_offset=None, media=1, major=2, minor=3):
    """One Ethernet frame in a Network Monitor 2.3 file."""
    frame = struct.pack("<QII", 0, 60, 60) + packet(60)
    frame += struct.pack("<HIQB", media, 0, 116444736000000000 + 17000000000000000, 0)
    table_at = 128 + len(frame)
    head = b"GMBU" + bytes([minor, major]) + struct.pack("<H", 1)
    head += struct.pack("<8H", 2023, 11, 2, 14, 22, 13, 20, 0)
    table = struct.pack("<I", 128 if frame_table_offset is None else frame_table_offset)
    head += struct.pack("<10I", table_at, len(table), 0, 0, 0, 0, 0, 0, 0, 0)
    head += b"\0" * (128 - len(head))
    return head + frame + table


def snoop(version=2, reclen=None):
    head = b"snoop\0\0\0" + struct.pack(">II", version, 4)
    rec = struct.pack(">IIIIII", 60, 60, 84 if reclen is None else reclen, 0,
                      911274719, 885516) + packet(60)
    return head + rec


def gz(data, split=None):
    """gzip of DATA in stored (uncompressed) deflate blocks, so that a cut
    or a damaged block leaves the bytes before it readable; SPLIT ends the
    first block there."""
    c = zlib.compressobj(0, zlib.DEFLATED, 31)
    out = b""
    if split is not None:
        out += c.compress(data[:split]) + c.flush(zlib.Z_FULL_FLUSH)
        data = data[split:]
    return out + c.compress(data) + c.flush()


def zst(data, split=None, checksum=None, block_type=None):
    """A Zstandard frame of raw (uncompressed) blocks, the first ending at
    SPLIT; CHECKSUM (4 bytes) is written as the content checksum when
    given; BLOCK_TYPE replaces the type of the second block."""
    parts = [data] if split is None else [data[:split], data[split:]]
    fhd = 0x04 if checksum is not None else 0x00
    out = b"\x28\xb5\x2f\xfd" + bytes([fhd, 0x38])  # window 128 KiB
    for i, part in enumerate(parts):
        btype = block_type if (i == 1 and block_type is not None) else 0
        last = 1 if i == len(parts) - 1 else 0
        out += (len(part) << 3 | btype << 1 | last).to_bytes(3, "little") + part
    return out + (checksum or b"")


def patch(data, offset, fmt, value):
    b = bytearray(data)
    struct.pack_into(fmt, b, offset, value)
    return bytes(b)


FILES = {
    "empty.pcap": b"",
    "not-a-capture.txt": b"this is a text file, not a capture\n",
    "gzip-stored-block-bad.pcap.gz": b"\x1f\x8b\x08\x00" + b"\0" * 16,
    "gzip-method-unknown.pcap.gz": b"\x1f\x8b\x07\x00" + b"\0" * 16,
    "gzip-cut.pcap.gz": gz(pcap(), 100)[:10 + 5 + 100 + 5 + 5 + 30],
    "gzip-block-type-bad.pcap.gz": patch(gz(pcap(), 100), 10 + 5 + 100 + 5, "<B", 0x07),
    "gzip-crc-bad.pcap.gz": patch(gz(pcap()), len(gz(pcap())) - 8, "<I", 0x12345678),
    "gzip-length-bad.pcap.gz": patch(gz(pcap()), len(gz(pcap())) - 4, "<I", 7),
    "gzip-trailing-junk.pcap.gz": gz(pcap()) + b"junk",
    "gzip-empty.pcap.gz": gz(b""),
    "gzip-not-a-capture.txt.gz": gz(b"this is a text file, not a capture\n"),
    "gzip-twice.pcap.gz.gz": gz(gz(pcap())),
    "zstd-cut.pcap.zst": zst(pcap(), 100)[:6 + 3 + 100 + 3 + 30],
    "zstd-block-type-bad.pcap.zst": zst(pcap(), 100, block_type=3),
    "zstd-checksum-bad.pcap.zst": zst(pcap(), checksum=b"\0\0\0\0"),
    "zstd-trailing-junk.pcap.zst": zst(pcap()) + b"junk",
    "xz.pcap.xz": b"\xfd7zXZ\0" + b"\0" * 26,
    "pcap-header-cut.pcap": pcap()[:16],
    "pcap-record-header-cut.pcap": pcap()[:24 + 76 + 10],
    "pcap-record-cut.pcap": pcap()[:24 + 76 + 30],
    "pcap-absurd-caplen.pcap": patch(pcap(), 24 + 76 + 8, "<I", 1634598912),
    "pcap-version-2.5.pcap": patch(pcap(), 6, "<H", 5),
    "pcap-version-1.0.pcap": patch(patch(pcap(), 4, "<H", 1), 6, "<H", 0),
    "pcap-linktype-reserved.pcap": patch(pcap(), 20, "<I", 0x00300000),
    "pcapng-shb-cut.pcapng": pcapng()[:20],
    "pcapng-version-1.1.pcapng": shb(1, 1) + idb(),
    "pcapng-byte-order.pcapng": patch(pcapng(), 8, "<I", 0x11223344),
    "pcapng-length-not-multiple-of-4.pcapng": patch(pcapng(), 48 + 4, "<I", 90),
    "pcapng-length-too-short.pcapng": patch(pcapng(), 48 + 4, "<I", 8),
    "pcapng-trailer-mismatch.pcapng": patch(pcapng(), 48 + 88, "<I", 96),
    "pcapng-block-cut.pcapng": pcapng()[:48 + 92 + 50],
    "pcapng-unknown-interface.pcapng": patch(pcapng(), 48 + 8, "<I", 3),
    "pcapng-caplen-overrun.pcapng": patch(pcapng(), 48 + 20, "<I", 61),
    "pcapng-option-overrun.pcapng": shb() + idb(options=struct.pack("<HH", 2, 200) + b"eth0"),
    "pcapng-spb-without-interface.pcapng": shb() + block(3, struct.pack("<I", 8) + packet(8)),
    "netmon-frame-table-cut.cap": netmon()[:-2],
    "netmon-frame-beyond-end.cap": netmon(frame_table_offset=5000),
    "netmon-unknown-media.cap": netmon(media=5),
    "netmon-version-3.cap": netmon(major=3),
    "snoop-version-1.snoop": snoop(version=1),
    "snoop-record-too-short.snoop": snoop(reclen=40),
    "snoop-record-cut.snoop": snoop()[:16 + 50],
}

if __name__ == "__main__":
    for name, data in FILES.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)
        print(name, len(data))
