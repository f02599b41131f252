// Report formats by name.
import type { Verification } from '../results.ts';
import { renderHtml } from './html.ts';
import { renderJson } from './json.ts';
import { renderSarif } from './sarif.ts';
import { renderText } from './text.ts';

export const FORMATS = ['text', 'json', 'sarif', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export function render(format: Format, v: Verification): string {
  switch (format) {
    case 'json':
      return renderJson(v);
    case 'sarif':
      return renderSarif(v);
    case 'html':
      return renderHtml(v);
    default:
      return renderText(v);
  }
}

export { renderHtml, renderJson, renderSarif, renderText };
