/**
 * RTF text escaping: backslash and braces are escaped, tabs become \tab,
 * and every character outside 7-bit ASCII is written as \uN? (N the signed
 * 16-bit UTF-16 code unit, so characters outside the BMP become their two
 * surrogates), with "?" as the fallback for readers without Unicode.
 */
export function rtfEscape(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    const ch = text[i] ?? '';
    if (ch === '\\' || ch === '{' || ch === '}') out += `\\${ch}`;
    else if (ch === '\t') out += '\\tab ';
    else if (ch === '\r' || ch === '\n') out += ' ';
    else if (code < 0x20) out += '';
    else if (code < 0x80) out += ch;
    else out += `\\u${code > 0x7fff ? code - 0x10000 : code}?`;
  }
  return out;
}
