/** Which addresses a member's webhook may reach: every non-public range, in every spelling. */
import { describe, expect, it } from "vitest";
import { isLoopback, nonPublicReason, parseIp } from "./addresses";

describe("nonPublicReason", () => {
  it("refuses every special-purpose IPv4 range, at both ends", () => {
    const cases: [string, RegExp][] = [
      ["0.0.0.0", /unspecified/],
      ["0.255.255.255", /unspecified/],
      ["10.0.0.0", /private/],
      ["10.255.255.255", /private/],
      ["100.64.0.0", /carrier-grade NAT/],
      ["100.127.255.255", /carrier-grade NAT/],
      ["127.0.0.1", /loopback/],
      ["127.255.255.254", /loopback/],
      ["169.254.0.1", /link-local/],
      ["169.254.255.255", /link-local/],
      ["172.16.0.0", /private/],
      ["172.31.255.255", /private/],
      ["192.0.0.8", /reserved/],
      ["192.0.2.1", /documentation/],
      ["192.88.99.1", /reserved/],
      ["192.168.0.1", /private/],
      ["192.168.255.255", /private/],
      ["198.18.0.1", /benchmarking/],
      ["198.19.255.255", /benchmarking/],
      ["198.51.100.7", /documentation/],
      ["203.0.113.9", /documentation/],
      ["224.0.0.1", /multicast/],
      ["239.255.255.255", /multicast/],
      ["240.0.0.1", /reserved/],
      ["255.255.255.255", /reserved/],
    ];
    for (const [address, reason] of cases) expect(nonPublicReason(address), address).toMatch(reason);
  });

  it("names cloud metadata endpoints, including the ones outside private ranges", () => {
    for (const address of [
      "169.254.169.254",
      "169.254.170.2",
      "100.100.100.200",
      "168.63.129.16",
      "fd00:ec2::254",
    ])
      expect(nonPublicReason(address), address).toBe("a cloud metadata address");
  });

  it("lets public unicast addresses through, right next to the refused ranges", () => {
    for (const address of [
      "1.1.1.1",
      "8.8.8.8",
      "9.255.255.255",
      "11.0.0.0",
      "100.63.255.255",
      "100.128.0.0",
      "126.255.255.255",
      "128.0.0.0",
      "169.253.255.255",
      "172.15.255.255",
      "172.32.0.0",
      "192.167.255.255",
      "192.169.0.0",
      "198.17.255.255",
      "198.20.0.0",
      "223.255.255.255",
      "2606:4700:4700::1111",
      "2a00:1450:4001:82b::200e",
      "::ffff:8.8.8.8",
      "64:ff9b::808:808",
    ])
      expect(nonPublicReason(address), address).toBeNull();
  });

  it("refuses every special-purpose IPv6 range", () => {
    const cases: [string, RegExp][] = [
      ["::", /unspecified/],
      ["::1", /loopback/],
      ["0:0:0:0:0:0:0:1", /loopback/],
      ["fe80::1", /link-local/],
      ["fe80::1%eth0", /link-local/],
      ["febf:ffff::1", /link-local/],
      ["fc00::1", /unique-local/],
      ["fd12:3456:789a::1", /unique-local/],
      ["fec0::1", /site-local/],
      ["ff02::1", /multicast/],
      ["100::1", /reserved/],
      ["2001::1", /reserved/], // Teredo
      ["2001:db8::1", /documentation/],
      ["3fff::1", /documentation/],
      ["64:ff9b:1::1", /private/],
      ["4000::1", /reserved/], // outside 2000::/3
      ["::7f00:1", /IPv4-compatible/],
    ];
    for (const [address, reason] of cases) expect(nonPublicReason(address), address).toMatch(reason);
  });

  it("judges an IPv4 address written as IPv6 by the IPv4 address inside", () => {
    const cases: [string, RegExp][] = [
      ["::ffff:127.0.0.1", /loopback address \(as IPv6\)/],
      ["::ffff:7f00:1", /loopback address \(as IPv6\)/],
      ["0:0:0:0:0:ffff:7f00:0001", /loopback/],
      ["::ffff:10.0.0.1", /private/],
      ["::ffff:a9fe:a9fe", /cloud metadata/], // 169.254.169.254
      ["64:ff9b::7f00:1", /loopback/], // NAT64
      ["64:ff9b::10.0.0.1", /private/],
      ["2002:7f00:1::1", /loopback address \(as 6to4\)/],
      ["2002:c0a8:101::1", /private address \(as 6to4\)/],
    ];
    for (const [address, reason] of cases) expect(nonPublicReason(address), address).toMatch(reason);
    expect(nonPublicReason("2002:0808:0808::1")).toBeNull();
  });

  it("catches decimal, octal, hex and short IPv4 spellings once the URL parser has read them", () => {
    // Node connects to what the WHATWG URL parser produces; every spelling of 127.0.0.1 becomes it.
    for (const spelling of [
      "2130706433",
      "0x7f000001",
      "0x7f.1",
      "0177.0.0.1",
      "017700000001",
      "127.1",
      "127.0.1",
    ]) {
      const hostname = new URL(`https://${spelling}/hook`).hostname;
      expect(hostname, spelling).toBe("127.0.0.1");
      expect(nonPublicReason(hostname), spelling).toBe("a loopback address");
    }
    expect(new URL("https://0xa9.0xfe.0xa9.0xfe/").hostname).toBe("169.254.169.254");
    expect(new URL("https://[::ffff:127.0.0.1]/").hostname).toBe("[::ffff:7f00:1]");
    expect(nonPublicReason("[::ffff:7f00:1]")).toMatch(/loopback/);
    expect(new URL("https://0/").hostname).toBe("0.0.0.0");
    expect(nonPublicReason("0.0.0.0")).toMatch(/unspecified/);
  });

  it("parses only IP addresses: names and malformed text are not addresses", () => {
    expect(parseIp("hooks.slack.com")).toBeNull();
    expect(parseIp("1.2.3")).toBeNull();
    expect(parseIp("1.2.3.256")).toBeNull();
    expect(parseIp("01.2.3.4")).toBeNull();
    expect(parseIp("1:2:3:4:5:6:7:8:9")).toBeNull();
    expect(parseIp("1::2::3")).toBeNull();
    expect(parseIp("12345::")).toBeNull();
    expect(nonPublicReason("hooks.slack.com")).toBe("not an IP address");
    expect(parseIp("1:2:3:4:5:6:7:8")).toEqual({
      version: 6,
      bytes: [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8],
    });
    expect(isLoopback("127.0.0.2")).toBe(true);
    expect(isLoopback("::ffff:127.0.0.1")).toBe(true);
    expect(isLoopback("10.0.0.1")).toBe(false);
  });
});
