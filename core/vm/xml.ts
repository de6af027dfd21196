// A tiny XML builder: elements are typed data, every attribute value and text node is escaped on output,
// so no caller ever concatenates markup. Used for libvirt domain XML.

export type XmlAttrValue = string | number | boolean | undefined;
export interface XmlElement {
  name: string;
  attrs: Record<string, XmlAttrValue>;
  children: XmlChild[];
}
/** A child is an element or a text node (a plain string, escaped when rendered). */
export type XmlChild = XmlElement | string;

const NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;
// Characters XML 1.0 cannot carry at all, even escaped: refuse them instead of producing a broken document.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

export function el(name: string, attrs: Record<string, XmlAttrValue> = {}, ...children: (XmlChild | undefined | false)[]): XmlElement {
  if (!NAME.test(name)) throw new Error(`invalid XML element name: ${JSON.stringify(name)}`);
  for (const key of Object.keys(attrs)) {
    if (!NAME.test(key)) throw new Error(`invalid XML attribute name: ${JSON.stringify(key)}`);
  }
  return { name, attrs, children: children.filter((c): c is XmlChild => c !== undefined && c !== false) };
}

function checkChars(s: string): string {
  if (FORBIDDEN.test(s)) throw new Error(`text contains a character XML cannot represent: ${JSON.stringify(s)}`);
  return s;
}

export function escapeText(s: string): string {
  return checkChars(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** For attribute values in single or double quotes; newlines and tabs are kept as character references. */
export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

function renderAttrs(attrs: Record<string, XmlAttrValue>): string {
  return Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}='${escapeAttr(String(v))}'`)
    .join('');
}

/** Pretty-printed with two-space indentation; an element whose only child is text stays on one line. */
export function renderXml(node: XmlElement, depth = 0): string {
  const pad = '  '.repeat(depth);
  const open = `${pad}<${node.name}${renderAttrs(node.attrs)}`;
  if (node.children.length === 0) return `${open}/>`;
  if (node.children.length === 1 && typeof node.children[0] === 'string') {
    return `${open}>${escapeText(node.children[0])}</${node.name}>`;
  }
  const inner = node.children.map((c) => (typeof c === 'string' ? `${pad}  ${escapeText(c)}` : renderXml(c, depth + 1)));
  return [`${open}>`, ...inner, `${pad}</${node.name}>`].join('\n');
}
