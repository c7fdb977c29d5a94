/**
 * Which IP addresses are on the public internet. Outgoing requests a member can aim (webhooks) may
 * only connect to public addresses; everything else on the machine's networks — loopback, private
 * and carrier-grade NAT ranges, link-local (cloud metadata lives there), unique-local, multicast,
 * reserved and documentation ranges — is refused, including the same addresses spelled as IPv6
 * (IPv4-mapped, IPv4-compatible, NAT64, 6to4). Pure and client-safe; parses addresses itself.
 */

type Parsed = { version: 4; bytes: number[] } | { version: 6; bytes: number[] };

/** An IPv4 range or IPv6 range, and why it is not public. */
type Range = { version: 4 | 6; prefix: number[]; bits: number; reason: string };

const v4 = (cidr: string, reason: string): Range => {
  const [address, bits] = cidr.split("/") as [string, string];
  return { version: 4, prefix: parseIPv4(address)!, bits: Number(bits), reason };
};
const v6 = (cidr: string, reason: string): Range => {
  const [address, bits] = cidr.split("/") as [string, string];
  return { version: 6, prefix: parseIPv6(address)!, bits: Number(bits), reason };
};

// Cloud metadata endpoints first, so they are named as such (several sit inside wider ranges).
const METADATA = "a cloud metadata address";
const RANGES: Range[] = [
  v4("169.254.169.254/32", METADATA), // AWS, GCP, Azure, OpenStack, Oracle…
  v4("169.254.170.2/32", METADATA), // AWS ECS task metadata
  v4("100.100.100.200/32", METADATA), // Alibaba Cloud
  v4("168.63.129.16/32", METADATA), // Azure wire server (a public-looking address)
  v6("fd00:ec2::254/128", METADATA), // AWS over IPv6
  v4("0.0.0.0/8", "an unspecified address (this host)"),
  v4("10.0.0.0/8", "a private address"),
  v4("100.64.0.0/10", "a carrier-grade NAT address"),
  v4("127.0.0.0/8", "a loopback address"),
  v4("169.254.0.0/16", "a link-local address"),
  v4("172.16.0.0/12", "a private address"),
  v4("192.0.0.0/24", "a reserved address"),
  v4("192.0.2.0/24", "a documentation address"),
  v4("192.88.99.0/24", "a reserved address"),
  v4("192.168.0.0/16", "a private address"),
  v4("198.18.0.0/15", "a benchmarking address"),
  v4("198.51.100.0/24", "a documentation address"),
  v4("203.0.113.0/24", "a documentation address"),
  v4("224.0.0.0/4", "a multicast address"),
  v4("240.0.0.0/4", "a reserved address"), // includes 255.255.255.255
  v6("::/128", "an unspecified address (this host)"),
  v6("::1/128", "a loopback address"),
  v6("64:ff9b:1::/48", "a private address"), // local-use NAT64
  v6("100::/64", "a reserved address"), // discard-only
  v6("2001::/23", "a reserved address"), // IETF protocol assignments (Teredo, ORCHID, benchmarking…)
  v6("2001:db8::/32", "a documentation address"),
  v6("3fff::/20", "a documentation address"),
  v6("fc00::/7", "a unique-local (private) address"),
  v6("fe80::/10", "a link-local address"),
  v6("fec0::/10", "a site-local (private) address"),
  v6("ff00::/8", "a multicast address"),
];

/** IPv6 prefixes that carry an IPv4 address in their last 32 bits (or bits 16–48 for 6to4). */
const MAPPED = v6("::ffff:0:0/96", "");
const COMPATIBLE = v6("::/96", "");
const NAT64 = v6("64:ff9b::/96", "");
const SIX_TO_FOUR = v6("2002::/16", "");
/** Only this block of IPv6 is allocated for global unicast; anything else is reserved. */
const GLOBAL_UNICAST = v6("2000::/3", "");

function parseIPv4(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes = parts.map((part) => (/^(0|[1-9][0-9]{0,2})$/.test(part) ? Number(part) : NaN));
  return bytes.every((byte) => byte >= 0 && byte <= 255) ? bytes : null;
}

function parseIPv6(input: string): number[] | null {
  let text = input.replace(/^\[|\]$/g, "");
  const zone = text.indexOf("%");
  if (zone !== -1) text = text.slice(0, zone);
  let tail: number[] = [];
  // A dotted IPv4 tail (::ffff:127.0.0.1) is the last 32 bits.
  const lastColon = text.lastIndexOf(":");
  if (text.slice(lastColon + 1).includes(".")) {
    const four = parseIPv4(text.slice(lastColon + 1));
    if (!four) return null;
    tail = four;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (half: string) => (half === "" ? [] : half.split(":"));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  const bytes: number[] = [];
  for (const group of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
    const value = parseInt(group, 16);
    bytes.push(value >> 8, value & 0xff);
  }
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** An IPv4 or IPv6 address as bytes; null when the text is not an IP address (a host name). */
export function parseIp(text: string): Parsed | null {
  const four = parseIPv4(text);
  if (four) return { version: 4, bytes: four };
  if (!text.includes(":")) return null;
  const six = parseIPv6(text);
  return six ? { version: 6, bytes: six } : null;
}

function inRange(bytes: number[], range: Range): boolean {
  let bits = range.bits;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[i]! & mask) !== (range.prefix[i]! & mask)) return false;
  }
  return true;
}

/**
 * Why an address must not be connected to ("a loopback address", "a cloud metadata address", …), or
 * null when it is a public unicast address. Text that is not an IP address is refused too.
 */
export function nonPublicReason(address: string): string | null {
  const parsed = parseIp(address);
  if (!parsed) return "not an IP address";
  const { bytes } = parsed;
  if (parsed.version === 6) {
    // The IPv4 address inside reaches the same host: judge that one.
    const embedded = inRange(bytes, MAPPED) || inRange(bytes, NAT64) ? bytes.slice(12) : null;
    if (embedded) {
      const reason = nonPublicReason(embedded.join("."));
      return reason ? `${reason} (as IPv6)` : null;
    }
    if (inRange(bytes, SIX_TO_FOUR)) {
      const reason = nonPublicReason(bytes.slice(2, 6).join("."));
      if (reason) return `${reason} (as 6to4)`;
    }
    for (const range of RANGES) if (range.version === 6 && inRange(bytes, range)) return range.reason;
    // IPv4-compatible (deprecated): ::a.b.c.d, never a public destination.
    if (inRange(bytes, COMPATIBLE)) return "an IPv4-compatible IPv6 address (deprecated)";
    if (!inRange(bytes, GLOBAL_UNICAST)) return "a reserved address";
    return null;
  }
  for (const range of RANGES) if (range.version === 4 && inRange(bytes, range)) return range.reason;
  return null;
}

/** Loopback (127.0.0.0/8, ::1, and the IPv4-mapped spelling): "this machine". */
export function isLoopback(address: string): boolean {
  const reason = nonPublicReason(address);
  return reason === "a loopback address" || reason === "a loopback address (as IPv6)";
}
