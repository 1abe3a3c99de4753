/**
 * Turns a template authored in a fixed style into the target file's style. Templates are written with
 * 4-space (Python) or 2-space (TS) indentation, `"` for every string and no `"` in comments, and TS-only
 * text between « and » (types, generics), which the JavaScript rendering drops.
 */
import type { HelperStyle } from './types';

/** Re-indents lines whose leading spaces are multiples of `unit` with `indent` per level. */
function reindent(text: string, unit: number, indent: string): string {
  return text.replace(/^( +)/gm, (spaces: string) => indent.repeat(Math.floor(spaces.length / unit)) + ' '.repeat(spaces.length % unit));
}

/** The template's `"` quotes swapped for the style's quote (templates keep `"` out of comments and `'` out of strings). */
function requote(text: string, quote: HelperStyle['quote']): string {
  return quote === '"' ? text : text.replace(/"/g, quote);
}

export function renderPython(template: string, style: HelperStyle): string {
  return requote(reindent(template, 4, style.indent), style.quote);
}

export function renderScript(template: string, style: HelperStyle, language: 'typescript' | 'javascript'): string {
  let text = language === 'typescript' ? template.replace(/[«»]/g, '') : template.replace(/«[^»]*»/g, '');
  if (style.semicolons === false) text = text.replace(/;$/gm, '');
  return requote(reindent(text, 2, style.indent), style.quote);
}

