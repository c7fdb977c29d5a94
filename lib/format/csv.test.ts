import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "./csv";

describe("csv", () => {
  it("leaves plain text alone and quotes what RFC 4180 says to quote", () => {
    expect(csvCell("acme/checkout-api")).toBe("acme/checkout-api");
    expect(csvCell("a, b")).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\rhere")).toBe('"cr\rhere"');
    expect(csvCell("")).toBe("");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(true)).toBe("true");
  });

  it("defuses formulas, including the ones spreadsheets find after stripping or folding", () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell("+1+1")).toBe("'+1+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell("\r=1")).toBe('"\'\r=1"');
    expect(csvCell("\n=1")).toBe('"\'\n=1"');
    // Full-width = + - @
    expect(csvCell("＝1+1")).toBe("'＝1+1");
    expect(csvCell("＋1")).toBe("'＋1");
    expect(csvCell("－1")).toBe("'－1");
    expect(csvCell("＠SUM(A1)")).toBe("'＠SUM(A1)");
    // Only at the start.
    expect(csvCell("a=b")).toBe("a=b");
  });

  it("keeps numbers as numbers", () => {
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell(0.5)).toBe("0.5");
  });

  it("ends each record with CRLF", () => {
    expect(csvRow(["id", "name"])).toBe("id,name\r\n");
    expect(csvRow(["1", "=cmd", "x,y"])).toBe('1,\'=cmd,"x,y"\r\n');
  });
});
