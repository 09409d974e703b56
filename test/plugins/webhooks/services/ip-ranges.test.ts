import test from 'ava';
import { isForbiddenAddress } from '../../../../src/plugins/webhooks/services/ip-ranges.ts';

const forbidden: Record<string, string[]> = {
  'IPv4 loopback': ['127.0.0.1', '127.255.255.254', '127.1.2.3'],
  'IPv4 unspecified / this network': ['0.0.0.0', '0.255.255.255', '0.1.2.3'],
  'IPv4 private': ['10.0.0.1', '10.255.255.255', '172.16.0.1', '172.31.255.255', '192.168.0.1', '192.168.255.255'],
  'link-local and cloud metadata': ['169.254.0.1', '169.254.169.254', '169.254.255.255'],
  CGNAT: ['100.64.0.0', '100.127.255.255'],
  'IETF protocol assignments': ['192.0.0.1', '192.0.0.170'],
  'benchmark': ['198.18.0.1', '198.19.255.255'],
  'IPv4 documentation': ['192.0.2.1', '198.51.100.7', '203.0.113.200'],
  '6to4 relay anycast': ['192.88.99.1'],
  'IPv4 multicast / reserved / broadcast': ['224.0.0.1', '239.255.255.250', '240.0.0.1', '255.255.255.255'],
  'IPv6 loopback / unspecified': ['::1', '::', '0:0:0:0:0:0:0:1', '0000:0000:0000:0000:0000:0000:0000:0000'],
  'IPv6 unique-local': ['fc00::1', 'fd12:3456:789a::1', 'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  'IPv6 link-local / site-local': ['fe80::1', 'fe80::1%eth0', 'febf::1', 'fec0::1'],
  'IPv6 multicast': ['ff02::1', 'ff05::1:3', 'ff0e::1'],
  'IPv4-mapped IPv6': [
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::FFFF:10.0.0.1',
    '::ffff:169.254.169.254',
    '::ffff:a9fe:a9fe',
    '0:0:0:0:0:ffff:192.168.1.1',
    '::ffff:0.0.0.0',
  ],
  'IPv4-compatible / other ::/8 forms': ['::127.0.0.1', '::8.8.8.8', '::ffff:0:127.0.0.1'],
  'NAT64 embedding a private address': ['64:ff9b::127.0.0.1', '64:ff9b::a00:1', '64:ff9b::169.254.169.254'],
  'local-use NAT64': ['64:ff9b:1::8.8.8.8'],
  '6to4 embedding a private address': ['2002:7f00:1::1', '2002:a9fe:a9fe::', '2002:c0a8:101::1'],
  'IPv6 discard / Teredo / benchmark / ORCHID / documentation': [
    '100::1',
    '2001::1',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    '2001:2::1',
    '2001:10::1',
    '2001:20::1',
    '2001:db8::1',
    '2001:db8:ffff::1',
    '3fff::1',
    '3fff:fff::1',
  ],
  'unallocated IPv6 outside 2000::/3': ['4000::1', 'e000::1', '1::1'],
  'bracketed forms (as in URLs)': ['[::1]', '[::ffff:127.0.0.1]', '[fe80::1]'],
  'not an IP at all (fail closed)': ['', 'localhost', 'example.com', '127.1', '2130706433', '0x7f.0.0.1', '1.2.3.4.5', ':::1', '[::1'],
};

const allowed: Record<string, string[]> = {
  'public IPv4': ['8.8.8.8', '1.1.1.1', '93.184.216.34', '172.15.255.255', '172.32.0.0', '100.63.255.255', '100.128.0.0'],
  'just outside private / special ranges': ['11.0.0.0', '9.255.255.255', '126.255.255.255', '128.0.0.0', '169.253.255.255', '169.255.0.0', '192.167.255.255', '192.169.0.0', '198.17.255.255', '198.20.0.0', '223.255.255.255', '192.0.1.1', '192.0.3.1'],
  'public IPv6': ['2606:4700:4700::1111', '2001:4860:4860::8888', '2a00:1450:4001:80b::200e', '2001:200::1', '3fff:1000::1'],
  'IPv4-mapped public address': ['::ffff:8.8.8.8', '::ffff:808:808'],
  'NAT64 of a public address': ['64:ff9b::8.8.8.8', '64:ff9b::101:101'],
  '6to4 of a public address': ['2002:808:808::1'],
  'bracketed public IPv6': ['[2606:4700:4700::1111]'],
};

for (const [name, ips] of Object.entries(forbidden)) {
  test(`forbidden: ${name}`, (t) => {
    for (const ip of ips) t.true(isForbiddenAddress(ip), `${ip} should be forbidden`);
  });
}

for (const [name, ips] of Object.entries(allowed)) {
  test(`allowed: ${name}`, (t) => {
    for (const ip of ips) t.false(isForbiddenAddress(ip), `${ip} should be allowed`);
  });
}
