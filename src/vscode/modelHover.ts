import * as vscode from 'vscode';
import { modelCard } from '../models/modelCard';
import type { CatalogService } from './catalogService';
import type { ModelDiagnostics } from './modelDiagnostics';
import { judgementDay } from './modelDiagnostics';
import { toRange } from './findingsStore';

/** The catalog card of the Claude model literal under the pointer. */
export class ModelHover implements vscode.HoverProvider {
  constructor(
    private readonly diagnostics: ModelDiagnostics,
    private readonly catalogs: CatalogService,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const literal = this.diagnostics.literalAt(document, position);
    if (!literal) return undefined;
    const catalog = this.catalogs.current();
    const markdown = new vscode.MarkdownString(modelCard(literal.model, catalog.judge(literal.model, judgementDay()), catalog.source));
    return new vscode.Hover(markdown, toRange(literal));
  }
}
