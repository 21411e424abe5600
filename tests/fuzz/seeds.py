#!/usr/bin/env python3
"""seeds.py OUT — writes the inputs each harness's corpus grew from into
OUT/NAME/ (the project's own samples and broken captures, cut to 16 KiB,
and small texts of each kind), for `FUZZ_SEEDS=OUT/NAME` or a first merge:

    build/fuzz/fuzz/fuzz_capture -merge=1 tests/fuzz/corpus/capture OUT/capture

The kept corpus (tests/fuzz/corpus) started so; it grows by `make fuzz`."""
import glob
import os
import sys

out = sys.argv[1]


def put(name, idx, data):
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, "seed-%03d" % idx), "wb") as f:
        f.write(data)


caps = sorted(glob.glob("samples/*/*.pcap*") + glob.glob("tests/broken/*.*") + glob.glob("tests/golden/*.pcap*"))
caps = [c for c in caps if not c.endswith((".md", ".py", ".txt"))]
for i, c in enumerate(caps):
    with open(c, "rb") as f:
        put("capture", i, f.read(16384))

filters = []
with open("tests/filters/apps.tsv") as f:
    filters += [line.split("\t")[0] for line in f if line.strip() and not line.startswith("#")]
filters += [
    'http.host matches "^cache\\\\.(pack|x)$"', "frame[0:4] == ff:ff:ff:ff", "tcp.flags & 0x12 == 0x12",
    'upper(http.request.method) == "GET" and len(http.host) > 3', "count(ip.addr) == 2 || !(udp.port in {53, 5353..5360})",
    "ip.addr == 10.0.0.0/8 && ipv6.addr != ::1", "frame.time_relative >= 0.5 and frame.len le 100",
    "eth.src[0:3] == 00:11:22 or eth.dst == ff:ff:ff:ff:ff:ff", "tcp.analysis.retransmission or tcp.stream == 0",
    'dns.qry.name contains "example" and dns.qry.type == A', "tcp.port == 80\0" + "\x00" * 12,
]
for i, t in enumerate(filters):
    put("filter", i, t)

configs = [
    '{"bytesToCapturePerPacket": 100, "totalBytesPerSession": 1073741824, "timeLimitInSeconds": 60,'
    ' "storageLocation": {"filePath": "/var/captures/x.cap"}, "filters": [{"protocol": "TCP",'
    ' "localIPAddress": "10.0.0.4", "localPort": "80;443", "remoteIPAddress": "10.0.0.1-10.0.0.9", "remotePort": "1-65535"}]}',
    '{"name": "pc1", "type": "Microsoft.Network/networkWatchers/packetCaptures", "properties":'
    ' {"target": "/subscriptions/x", "storageLocation": {"storagePath": "https://a.blob.core.windows.net/c"}}}',
    '{"$schema": "x", "resources": [{"type": "Microsoft.Compute/virtualMachines"}, {"type":'
    ' "Microsoft.Network/networkWatchers/packetCaptures", "properties": {"filters": [{"protocol": "UDP"}]}}]}',
    '{"a": [1, -2, 3.5, 1e3, true, false, null, "x\\u00e9\\ud83d\\ude00\\n"], "b": {}}',
]
for i, t in enumerate(configs):
    put("config", i, t)

put("bloblist", 0, '<?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="http://127.0.0.1:10000/a"'
    ' ContainerName="caps"><Prefix>vm/</Prefix><Blobs><Blob><Name>vm/a &amp; b.cap</Name><Properties>'
    '<Last-Modified>Wed, 01 May 2024 10:20:30 GMT</Last-Modified><Etag>0x8DC1</Etag><Content-Length>153555'
    '</Content-Length><Content-MD5>abc=</Content-MD5></Properties></Blob></Blobs><NextMarker>2!84!MDAw</NextMarker>'
    '</EnumerationResults>')
put("bloblist", 1, '<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>Server'
    ' failed to authenticate the request.&#xD;\nRequestId:1</Message></Error>')

urls = ["https://logs.blob.core.windows.net/network-watcher-logs/sub/x%20y.cap?sv=1&sig=s3cr3t",
        "https://a.blob.core.windows.net/c/", "http://127.0.0.1:10000/devstoreaccount1/caps/vm/?sv=2&sig=x",
        "az://acct/container/prefix/", "http://example.test:8080/x.pcap", "https://h/x?SIG=abc&xsig=keep&sig="]
for i, t in enumerate(urls):
    put("url", i, t)

conns = ["DefaultEndpointsProtocol=https;AccountName=logs;AccountKey=a2V5;EndpointSuffix=core.chinacloudapi.cn",
         "UseDevelopmentStorage=true", "AccountName=a;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:20000/a"]
for i, t in enumerate(conns):
    put("connstr", i, t)

specs = ["protocol=TCP,local-ip=10.0.0.4,local-port=80;443,remote-ip=10.0.0.1-10.0.0.20,remote-port=1024-65535",
         "protocol=Any", "remote-port=53;", " local-ip = 1.2.3.4 , protocol = udp ", "10.0.0.4-10.0.0.20", "80;443;"]
for i, t in enumerate(specs):
    put("spec", i, t)

hdrs = ["HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 206 Partial Content\r\nETag: \"0x8D\"\r\nContent-Length: 10\r\n"
        "Content-Range: bytes 0-9/153555\r\nContent-MD5: abc=\r\nx-ms-blob-content-md5: def=\r\n\r\n0123456789",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/html\r\n\r\n4\r\nabcd\r\n3;x=y\r\nefg\r\n0\r\n\r\n",
        "POST /f HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\na=1",
        "HTTP/1.1 403 Forbidden\r\nx-ms-error-code: AuthenticationFailed\r\nContent-Encoding: gzip\r\n\r\n"]
for i, t in enumerate(hdrs):
    put("httphdr", i, t)
